package ip_test

import (
	"testing"
	"time"

	"github.com/rosgen/routeros/ros"
	"github.com/rosgen/routeros/ros/ip"
	"github.com/rosgen/routeros/ros/rostest"
	"github.com/rosgen/routeros/ros/value"
	"github.com/rosgen/routeros/sim"
	"github.com/rosgen/routeros/wire/wiretest"
)

// An address-list entry records when it was made; the typed field reads it as the router's clock.
func TestAddressListCreationTime(t *testing.T) {
	_, conn := rostest.New(t, sim.Config{})
	c := ip.New(conn)
	before := time.Now().UTC().Truncate(time.Second)
	if _, err := c.Firewall.AddressList.Add(ctx(t), ip.FirewallAddressListSpec{List: ros.Some("blocked"), Address: ros.Some("192.0.2.7")}); err != nil {
		t.Fatal(err)
	}
	after := time.Now().UTC()
	items, err := c.Firewall.AddressList.List(ctx(t))
	if err != nil || len(items) != 1 {
		t.Fatalf("list: %v, %v", items, err)
	}
	// the simulator's clock is UTC
	got := items[0].CreationTime.In(time.UTC)
	if got.Before(before) || got.After(after) {
		t.Errorf("creation-time %v, not between %v and %v (raw %q)", items[0].CreationTime, before, after, items[0].Raw)
	}
}

// RouterOS before 7.10 printed dates as sep/29/2022 07:09:24 (terraform-provider-routeros' sample
// print of an address-list entry); the typed field reads that form too.
func TestAddressListCreationTimeBefore710(t *testing.T) {
	conn := rostest.Script(t, wiretest.NewScript().
		Expect("/ip/firewall/address-list/print", "=.proplist={p}", ".tag={a}").
		Send("!re", "=.id=*1", "=list=blocked", "=address=192.0.2.7", "=creation-time=sep/29/2022 07:09:24", ".tag={a}").
		Send("!done", ".tag={a}"))
	items, err := ip.New(conn).Firewall.AddressList.List(ctx(t))
	if err != nil || len(items) != 1 {
		t.Fatalf("list: %v, %v", items, err)
	}
	if want := (value.DateTime{Year: 2022, Month: time.September, Day: 29, Hour: 7, Minute: 9, Second: 24}); items[0].CreationTime != want {
		t.Errorf("creation-time %+v, want %+v", items[0].CreationTime, want)
	}
}

// A DHCP option's code is a number 1..254 or a word RouterOS maps to one (manual:CLI reference
// ip/dhcp-server/option); the schema once took only the word.
func TestDHCPOptionCode(t *testing.T) {
	_, conn := rostest.New(t, sim.Config{})
	opts := ip.New(conn).DHCPServer.Option
	if _, err := opts.Add(ctx(t), ip.DHCPServerOptionSpec{Name: ros.Some("tftp"), Code: ros.Some(value.Val[int64](66)), Value: ros.Some("'192.0.2.1'")}); err != nil {
		t.Fatal(err)
	}
	if _, err := opts.Add(ctx(t), ip.DHCPServerOptionSpec{Name: ros.Some("vendor"), Code: ros.Some(value.Word[int64]("vendor-specific")), Value: ros.Some("0x01")}); err != nil {
		t.Fatal(err)
	}
	if _, err := opts.Add(ctx(t), ip.DHCPServerOptionSpec{Name: ros.Some("bad"), Code: ros.Some(value.Val[int64](255)), Value: ros.Some("0x01")}); err == nil {
		t.Error("code=255 accepted; RouterOS takes 1..254")
	}
	o, err := opts.Get(ctx(t), "tftp")
	if err != nil || o.Code != value.Val[int64](66) {
		t.Errorf("tftp: %+v, %v", o.Code, err)
	}
}

// The router prints its local time: with /system/clock in Asia/Tokyo, an address-list entry's
// creation-time is Tokyo's wall clock.
func TestAddressListCreationTimeLocal(t *testing.T) {
	_, conn := rostest.New(t, sim.Config{})
	if _, err := conn.Run(ctx(t), "/system/clock/set", "=time-zone-name=Asia/Tokyo"); err != nil {
		t.Fatal(err)
	}
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	c := ip.New(conn)
	before := time.Now().Truncate(time.Second)
	if _, err := c.Firewall.AddressList.Add(ctx(t), ip.FirewallAddressListSpec{List: ros.Some("blocked"), Address: ros.Some("192.0.2.8")}); err != nil {
		t.Fatal(err)
	}
	after := time.Now()
	items, err := c.Firewall.AddressList.List(ctx(t))
	if err != nil || len(items) != 1 {
		t.Fatalf("list: %v, %v", items, err)
	}
	if got := items[0].CreationTime.In(tokyo); got.Before(before) || got.After(after) {
		t.Errorf("creation-time %v read in Tokyo is %v, not between %v and %v", items[0].CreationTime, got, before, after)
	}
}
