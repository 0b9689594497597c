package ip_test

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"testing"

	"github.com/rosgen/routeros/ros"
	"github.com/rosgen/routeros/ros/ip"
	"github.com/rosgen/routeros/ros/value"
	"github.com/rosgen/routeros/wire"
	"github.com/rosgen/routeros/wire/wiretest"
)

// exampleT stands in for the *testing.T that wiretest.NewServer wants, so that the examples run
// against a scripted router on a loopback socket.
type exampleT struct {
	testing.TB
	cleanups []func()
}

func (t *exampleT) Helper()                        {}
func (t *exampleT) Errorf(format string, a ...any) { fmt.Printf("FAIL: "+format+"\n", a...) }
func (t *exampleT) Fatalf(format string, a ...any) { panic(fmt.Sprintf(format, a...)) }
func (t *exampleT) Fatal(a ...any)                 { panic(fmt.Sprint(a...)) }
func (t *exampleT) FailNow()                       { panic("FailNow") }
func (t *exampleT) Logf(format string, a ...any)   {}
func (t *exampleT) Cleanup(f func())               { t.cleanups = append(t.cleanups, f) }
func (t *exampleT) finish() {
	for i := len(t.cleanups) - 1; i >= 0; i-- {
		t.cleanups[i]()
	}
}

// router starts a scripted router that plays transcript after the login admin/secret.
func router(t *exampleT, transcript string) string {
	script, err := wiretest.ParseTranscript("login admin secret\n" + transcript)
	if err != nil {
		panic(err)
	}
	return wiretest.NewServer(t, script).Addr
}

// Example lists the addresses of an interface, adds one and disables a firewall rule. The router
// is scripted here; with a real router only the address changes.
func Example() {
	t := &exampleT{}
	defer t.finish()
	addr := router(t, `
		> /ip/address/print =.proplist={p} ?interface=bridge .tag={a}
		< !re =.id=*1 =address=192.168.88.1/24 =interface=bridge =dynamic=false .tag={a}
		< !done .tag={a}
		> /ip/address/add =address=10.0.0.1/24 =interface=ether2 .tag={b}
		< !done =ret=*3 .tag={b}
		> /ip/firewall/filter/set =.id=*7 =disabled=yes .tag={c}
		< !done .tag={c}
		> /ip/address/remove =numbers=*42 .tag={d}
		< !trap =category=0 "=message=no such item (4)" .tag={d}
		< !done .tag={d}
	`)

	ctx := context.Background()
	conn, err := wire.Dial(ctx, wire.Config{Address: addr, Username: "admin", Password: "secret"})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer conn.Close()
	ipc := ip.New(conn)

	addrs, err := ipc.Address.List(ctx, ip.AddressWhere.Interface.Eq("bridge"))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range addrs {
		fmt.Println(a.ID, a.Address, a.Interface, a.Dynamic)
	}

	id, err := ipc.Address.Add(ctx, ip.AddressSpec{
		Address:   ros.Some(netip.MustParsePrefix("10.0.0.1/24")),
		Interface: ros.Some("ether2"),
	})
	fmt.Println("added", id, err)

	err = ipc.Firewall.Filter.Set(ctx, "*7", ip.FirewallFilterSpec{Disabled: ros.Some(true)})
	fmt.Println("rule disabled:", err == nil)

	err = ipc.Address.Remove(ctx, "*42")
	var trap *wire.TrapError
	fmt.Println(errors.Is(err, ros.ErrNotFound), errors.As(err, &trap) && trap.Category == 0)
	// Output:
	// *1 192.168.88.1/24 bridge false
	// added *3 <nil>
	// rule disabled: true
	// true true
}

// ExampleFirewallFilterClient_List shows typed filters: an IN of three values and a negation.
func ExampleFirewallFilterClient_List() {
	t := &exampleT{}
	defer t.finish()
	addr := router(t, `
		> /ip/firewall/filter/print =.proplist={p} ?chain=input ?protocol=tcp ?protocol=udp ?#| ?protocol=icmp ?#| ?action=accept ?#! .tag={a}
		< !re =.id=*5 =chain=input =protocol=udp =action=drop =dst-port=53 .tag={a}
		< !done .tag={a}
	`)
	ctx := context.Background()
	conn, err := wire.Dial(ctx, wire.Config{Address: addr, Username: "admin", Password: "secret"})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer conn.Close()

	w := ip.FirewallFilterWhere
	rules, err := ip.New(conn).Firewall.Filter.List(ctx,
		w.Chain.Eq(ip.FirewallFilterChainInput),
		w.Protocol.In(value.Is(ip.FirewallFilterProtocolTCP), value.Is(ip.FirewallFilterProtocolUDP), value.Is(ip.FirewallFilterProtocolICMP)),
		ros.Not(w.Action.Eq(ip.FirewallFilterActionAccept)),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rules {
		fmt.Println(r.ID, r.Chain, r.Protocol.Value, r.Action, r.DstPort.Value)
	}
	// Output:
	// *5 input udp drop 53
}
