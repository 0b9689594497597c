package ip_test

import (
	"context"
	"errors"
	"net/netip"
	"reflect"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/rosgen/routeros/ros"
	"github.com/rosgen/routeros/ros/ip"
	"github.com/rosgen/routeros/ros/rostest"
	"github.com/rosgen/routeros/ros/value"
	"github.com/rosgen/routeros/wire"
	"github.com/rosgen/routeros/wire/wiretest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return c
}

// The .proplist of /ip/address: .id, .about and the print proplist completions of RouterOS 7.22.3
// (whose "about" is the API's .about).
const addressProplist = "=.proplist=.id,.about,actual-interface,address,broadcast,comment,disabled,dynamic,interface,invalid,netmask,network,slave,vrf"

func TestAddressListLenientAndUnknown(t *testing.T) {
	conn := rostest.Script(t, wiretest.NewScript().
		Expect("/ip/address/print", addressProplist, "?interface=bridge", ".tag={a}").
		Send("!re", "=.id=*1", "=address=192.168.88.1/24", "=network=192.168.88.0", "=interface=bridge",
			"=disabled=false", "=dynamic=no", "=comment=\xe8\xf2\xe0", ".tag={a}").
		Send("!re", "=.id=*2", "=address=10.0.0.300/24", "=interface=bridge", "=disabled=maybe",
			"=from-the-future=42", "=.about=first note", "=.about=second note", ".tag={a}").
		Send("!done", ".tag={a}"))
	ipc := ip.New(conn)
	addrs, err := ipc.Address.List(ctx(t), ip.AddressWhere.Interface.Eq("bridge"))
	if err != nil {
		t.Fatal(err)
	}
	if len(addrs) != 2 {
		t.Fatalf("got %d items", len(addrs))
	}
	a := addrs[0]
	if a.ID != "*1" || a.Address != netip.MustParsePrefix("192.168.88.1/24") || a.Network != netip.MustParseAddr("192.168.88.0") ||
		a.Interface != "bridge" || a.Disabled || a.Dynamic || a.Comment != "\xe8\xf2\xe0" {
		t.Errorf("item 1: %+v", a)
	}
	b := addrs[1]
	// RouterOS may send .about more than once (docs/protocol.md); every note is kept.
	if a.About != "" || b.About != "first note\nsecond note" {
		t.Errorf("About = %q, %q; want \"\" and both notes", a.About, b.About)
	}
	if b.Address.IsValid() || b.Disabled {
		t.Errorf("bad values must decode to zero values: %+v", b)
	}
	if v, _ := b.Raw.Get("address"); v != "10.0.0.300/24" {
		t.Errorf("raw address = %q", v)
	}
	if v, ok := b.Raw.Get("from-the-future"); !ok || v != "42" {
		t.Errorf("unknown attribute lost: %q %v", v, ok)
	}
}

func TestAddressStrict(t *testing.T) {
	conn := rostest.Script(t, wiretest.NewScript().
		Expect("/ip/address/print", "=.proplist={p}", ".tag={a}").
		Send("!re", "=.id=*2", "=address=not-an-address", ".tag={a}").
		Send("!done", ".tag={a}"))
	_, err := ip.NewWithOptions(conn, ros.Options{Strict: true}).Address.List(ctx(t))
	if !errors.Is(err, ros.ErrDecode) {
		t.Fatalf("strict decode: %v", err)
	}
}

func TestAddressWriteVerbs(t *testing.T) {
	conn := rostest.Script(t, wiretest.NewScript().
		Expect("/ip/address/add", "=address=10.0.0.1/24", "=interface=ether2", ".tag={a}").
		Send("!done", "=ret=*3", ".tag={a}").
		Expect("/ip/address/set", "=.id=*3", "=comment=uplink", "=netmask=255.255.255.0", ".tag={b}").
		Send("!done", ".tag={b}").
		Expect("/ip/address/disable", "=numbers=*3", ".tag={c}").
		Send("!done", ".tag={c}").
		Expect("/ip/address/enable", "=numbers=*3", ".tag={d}").
		Send("!done", ".tag={d}").
		Expect("/ip/address/print", "=count-only=", "?dynamic=no", ".tag={e}").
		Send("!done", "=ret=7", ".tag={e}").
		Expect("/ip/address/remove", "=numbers=*3,*4", ".tag={f}").
		Send("!done", ".tag={f}").
		Expect("/ip/address/remove", "=numbers=*9", ".tag={g}").
		Send("!trap", "=category=0", "=message=no such item (4)", ".tag={g}").
		Send("!done", ".tag={g}"))
	ipc := ip.New(conn)
	c := ctx(t)
	id, err := ipc.Address.Add(c, ip.AddressSpec{
		Address:   ros.Some(netip.MustParsePrefix("10.0.0.1/24")),
		Interface: ros.Some("ether2"),
	})
	if err != nil || id != "*3" {
		t.Fatalf("Add = %q, %v", id, err)
	}
	if err := ipc.Address.Set(c, id, ip.AddressSpec{Comment: ros.Some("uplink"), Netmask: ros.Some(netip.MustParseAddr("255.255.255.0"))}); err != nil {
		t.Fatal(err)
	}
	if err := ipc.Address.Disable(c, id); err != nil {
		t.Fatal(err)
	}
	if err := ipc.Address.Enable(c, id); err != nil {
		t.Fatal(err)
	}
	n, err := ipc.Address.Count(c, ip.AddressWhere.Dynamic.Eq(false))
	if err != nil || n != 7 {
		t.Fatalf("Count = %d, %v", n, err)
	}
	if err := ipc.Address.Remove(c, "*3", "*4"); err != nil {
		t.Fatal(err)
	}
	err = ipc.Address.Remove(c, "*9")
	var trap *wire.TrapError
	if !errors.Is(err, ros.ErrNotFound) || !errors.As(err, &trap) || trap.Message != "no such item (4)" {
		t.Fatalf("Remove of a missing item: %v", err)
	}
}

func TestFirewallFilterOrderedAndFilters(t *testing.T) {
	conn := rostest.Script(t, wiretest.NewScript().
		Expect("/ip/firewall/filter/print", "=.proplist={p}", "?chain=forward", "?protocol=tcp", "?protocol=udp", "?#|",
			"?protocol=icmp", "?#|", "?action=drop", "?#!", ".tag={a}").
		Send("!re", "=.id=*A", "=chain=forward", "=action=accept", "=protocol=!tcp", "=connection-state=established,related",
			"=tcp-flags=!syn,ack", "=bytes=123", ".tag={a}").
		Send("!done", ".tag={a}").
		Expect("/ip/firewall/filter/set", "=.id=*A", "=disabled=yes", ".tag={b}").
		Send("!done", ".tag={b}").
		Expect("/ip/firewall/filter/move", "=numbers=*A,*B", "=destination=*1", ".tag={c}").
		Send("!done", ".tag={c}").
		Expect("/ip/firewall/filter/unset", "=numbers=*A", "=value-name=connection-state", ".tag={d}").
		Send("!done", ".tag={d}").
		Expect("/ip/firewall/filter/add", "=chain=input", "=action=drop", "=protocol=!icmp", "=in-interface-list=WAN",
			"=connection-state=invalid,new", ".tag={e}").
		Send("!done", "=ret=*C", ".tag={e}"))
	ipc := ip.New(conn)
	c := ctx(t)
	w := ip.FirewallFilterWhere
	rules, err := ipc.Firewall.Filter.List(c,
		w.Chain.Eq("forward"),
		w.Protocol.In(value.Is[ip.Protocol]("tcp"), value.Is[ip.Protocol]("udp"), value.Is[ip.Protocol]("icmp")),
		ros.Not(w.Action.Eq(ip.FirewallFilterActionDrop)))
	if err != nil {
		t.Fatal(err)
	}
	r := rules[0]
	if r.Action != ip.FirewallFilterActionAccept || !r.Protocol.Not || r.Protocol.Value != ip.ProtocolTCP || r.Bytes != 123 {
		t.Errorf("rule: %+v", r)
	}
	if !reflect.DeepEqual(r.ConnectionState.Value, []ip.FirewallConnectionState{"established", "related"}) {
		t.Errorf("connection-state: %+v", r.ConnectionState)
	}
	if want := []value.Neg[ip.FirewallTCPFlags]{value.Not(ip.FirewallTCPFlagsSYN), value.Is(ip.FirewallTCPFlagsACK)}; !reflect.DeepEqual(r.TCPFlags, want) {
		t.Errorf("tcp-flags: %+v", r.TCPFlags)
	}
	if err := ipc.Firewall.Filter.Set(c, r.ID, ip.FirewallFilterSpec{Disabled: ros.Some(true)}); err != nil {
		t.Fatal(err)
	}
	if err := ipc.Firewall.Filter.Move(c, []string{"*A", "*B"}, "*1"); err != nil {
		t.Fatal(err)
	}
	if err := ipc.Firewall.Filter.Unset(c, r.ID, w.ConnectionState); err != nil {
		t.Fatal(err)
	}
	id, err := ipc.Firewall.Filter.Add(c, ip.FirewallFilterSpec{
		Chain:           ros.Some(ip.FirewallFilterChainInput),
		Action:          ros.Some(ip.FirewallFilterActionDrop),
		Protocol:        ros.Some(value.Not(ip.ProtocolICMP)),
		InInterfaceList: ros.Some(value.Is("WAN")),
		ConnectionState: ros.Some(value.Is([]ip.FirewallConnectionState{"invalid", "new"})),
	})
	if err != nil || id != "*C" {
		t.Fatalf("Add = %q, %v", id, err)
	}
}

func TestDNSSettings(t *testing.T) {
	conn := rostest.Script(t, wiretest.NewScript().
		Expect("/ip/dns/print", "=.proplist={p}", ".tag={a}").
		Send("!re", "=servers=1.1.1.1,2606:4700::1111", "=allow-remote-requests=true", "=cache-size=2048KiB",
			"=cache-max-ttl=1w", "=query-server-timeout=2s", ".tag={a}").
		Send("!done", ".tag={a}").
		Expect("/ip/dns/set", "=servers=9.9.9.9", "=allow-remote-requests=no", ".tag={b}").
		Send("!done", ".tag={b}"))
	ipc := ip.New(conn)
	c := ctx(t)
	dns, err := ipc.DNS.Get(c)
	if err != nil {
		t.Fatal(err)
	}
	want := []netip.Addr{netip.MustParseAddr("1.1.1.1"), netip.MustParseAddr("2606:4700::1111")}
	if !reflect.DeepEqual(dns.Servers, want) || !dns.AllowRemoteRequests || dns.CacheSize != "2048KiB" ||
		dns.CacheMaxTTL != 7*24*time.Hour || dns.QueryServerTimeout != 2*time.Second {
		t.Errorf("dns: %+v", dns)
	}
	err = ipc.DNS.Set(c, ip.DNSSpec{Servers: ros.Some([]netip.Addr{netip.MustParseAddr("9.9.9.9")}), AllowRemoteRequests: ros.Some(false)})
	if err != nil {
		t.Fatal(err)
	}
}

func TestServiceFixedByName(t *testing.T) {
	conn := rostest.Script(t, wiretest.NewScript().
		Expect("/ip/service/print", "=.proplist={p}", "?name=api-ssl", ".tag={a}").
		Send("!re", "=.id=*8", "=name=api-ssl", "=port=8729", "=disabled=true", "=certificate=none", ".tag={a}").
		Send("!done", ".tag={a}").
		Expect("/ip/service/set", "=.id=api-ssl", "=certificate=api-srv", "=disabled=no", ".tag={b}").
		Send("!done", ".tag={b}"))
	ipc := ip.New(conn)
	c := ctx(t)
	svc, err := ipc.Service.Get(c, "api-ssl")
	if err != nil || svc.Port != 8729 || !svc.Disabled || svc.ID != "*8" {
		t.Fatalf("Get = %+v, %v", svc, err)
	}
	if err := ipc.Service.Set(c, "api-ssl", ip.ServiceSpec{Certificate: ros.Some(value.Val("api-srv")), Disabled: ros.Some(false)}); err != nil {
		t.Fatal(err)
	}
}

func TestAddressListenAndAll(t *testing.T) {
	conn := rostest.Script(t, wiretest.NewScript().
		Expect("/ip/address/print", "=.proplist={p}", ".tag={a}").
		Send("!re", "=.id=*1", "=address=10.0.0.1/8", ".tag={a}").
		Send("!re", "=.id=*2", "=address=10.0.0.2/8", ".tag={a}").
		Send("!done", ".tag={a}").
		// Listen: the follow, then on the same connection the print whose answer proves it taken.
		Expect("/ip/address/print", "=follow-only=", "=.proplist={q}", ".tag={l}").
		Expect("/ip/address/print", "=.proplist=.id", ".tag={b}").
		Send("!re", "=.id=*1", ".tag={b}").
		Send("!done", ".tag={b}").
		Expect("/ip/address/print", "=count-only=", ".tag={m}").
		Send("!done", "=ret=1", ".tag={m}").
		Send("!re", "=.id=*9", "=.dead=true", ".tag={l}"). // not among the .ids: did not match
		Send("!re", "=.id=*5", "=address=192.168.1.1/24", ".tag={l}").
		Send("!re", "=.id=*5", "=.dead=true", ".tag={l}").
		Send("!re", "=.id=*1", "=.dead=true", ".tag={l}").
		Expect("/cancel", "=tag={l}", ".tag={c}").
		Send("!trap", "=category=2", "=message=interrupted", ".tag={l}").
		Send("!done", ".tag={c}").
		Send("!done", ".tag={l}").
		Expect("/ip/address/print", "=count-only=", ".tag={z}").
		Send("!done", "=ret=0", ".tag={z}"))
	ipc := ip.New(conn)
	c := ctx(t)
	var ids []string
	for a, err := range ipc.Address.All(c) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	if !reflect.DeepEqual(ids, []string{"*1", "*2"}) {
		t.Fatalf("All: %v", ids)
	}
	var events []ros.Event[ip.Address]
	for ev, err := range ipc.Address.Listen(c) {
		if err != nil {
			t.Fatal(err)
		}
		events = append(events, ev)
		if ev.Registered { // changes made from now on are reported: the script sends them after this
			if _, err := ipc.Address.Count(c); err != nil {
				t.Fatal(err)
			}
		}
		if len(events) == 4 {
			break
		}
	}
	if !events[0].Registered {
		t.Fatalf("first event %+v, want the Registered marker", events[0])
	}
	events = events[1:]
	if events[0].Dead || events[0].ID != "*5" || events[0].Item.Address != netip.MustParsePrefix("192.168.1.1/24") ||
		!events[1].Dead || events[1].ID != "*5" || !events[2].Dead || events[2].ID != "*1" {
		t.Fatalf("events: %+v", events)
	}
	// the /cancel sent when the loop broke goes out before the next command
	if _, err := ipc.Address.Count(c); err != nil {
		t.Fatal(err)
	}
}
