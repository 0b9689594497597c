package ip_test

import (
	"context"
	"errors"
	"net/netip"
	"sort"
	"testing"
	"time"

	"github.com/rosgen/routeros/ros"
	iface "github.com/rosgen/routeros/ros/interface"
	"github.com/rosgen/routeros/ros/ip"
	"github.com/rosgen/routeros/ros/rostest"
	"github.com/rosgen/routeros/ros/value"
)

// TestSimAddressLifecycle runs every verb of /ip/address against the simulator and evaluates the
// typed filters there.
func TestSimAddressLifecycle(t *testing.T) {
	conn := rostest.Conn(t)
	c := ctx(t)
	ipc := ip.New(conn)
	ifs, err := iface.New(conn).List(c)
	if err != nil {
		t.Fatal(err)
	}
	if len(ifs) == 0 {
		t.Skip("the simulator has no interfaces")
	}
	ifName := ifs[0].Name
	var ids []string
	for i, p := range []string{"10.1.0.1/24", "10.2.0.1/24", "10.3.0.1/24"} {
		id, err := ipc.Address.Add(c, ip.AddressSpec{
			Address:   ros.Some(netip.MustParsePrefix(p)),
			Interface: ros.Some(ifName),
			Comment:   ros.Some([]string{"a", "b", "c"}[i]),
		})
		if err != nil {
			t.Fatalf("add %s: %v", p, err)
		}
		ids = append(ids, id)
	}
	w := ip.AddressWhere
	got, err := ipc.Address.List(c, w.Comment.In("a", "c", "zzz"))
	if err != nil {
		t.Fatal(err)
	}
	var comments []string
	for _, a := range got {
		comments = append(comments, a.Comment)
	}
	sort.Strings(comments)
	if len(comments) != 2 || comments[0] != "a" || comments[1] != "c" {
		t.Errorf("In(a, c, zzz) found %q", comments)
	}
	n, err := ipc.Address.Count(c, ros.Not(w.Comment.Eq("b")), w.Comment.Has())
	if err != nil || n < 2 {
		t.Errorf("Count(not b, has comment) = %d, %v", n, err)
	}
	a, err := ipc.Address.Get(c, ids[1])
	if err != nil || a.Address != netip.MustParsePrefix("10.2.0.1/24") || a.Interface != ifName {
		t.Fatalf("Get = %+v, %v", a, err)
	}
	if err := ipc.Address.Set(c, ids[1], ip.AddressSpec{Comment: ros.Some("B")}); err != nil {
		t.Fatal(err)
	}
	if err := ipc.Address.Disable(c, ids[1]); err != nil {
		t.Fatal(err)
	}
	a, err = ipc.Address.Get(c, ids[1])
	if err != nil || a.Comment != "B" || !a.Disabled {
		t.Fatalf("after set/disable: %+v, %v", a, err)
	}
	if err := ipc.Address.Remove(c, ids...); err != nil {
		t.Fatal(err)
	}
	if _, err := ipc.Address.Get(c, ids[0]); !errors.Is(err, ros.ErrNotFound) {
		t.Fatalf("Get after remove: %v", err)
	}
	if err := ipc.Address.Remove(c, ids[0]); !errors.Is(err, ros.ErrNotFound) {
		t.Fatalf("Remove of a removed item: %v", err)
	}
	_, err = ipc.Address.Add(c, ip.AddressSpec{Address: ros.Some(netip.MustParsePrefix("10.9.0.1/24")), Interface: ros.Some("no-such-interface")})
	if !errors.Is(err, ros.ErrBadValue) {
		t.Fatalf("Add on an unknown interface: %v", err)
	}
}

// TestSimKinds covers a settings menu, a fixed menu addressed by name, an ordered menu with move,
// unset, and listen, against the simulator.
func TestSimKinds(t *testing.T) {
	conn := rostest.Conn(t)
	c := ctx(t)
	ipc := ip.New(conn)

	// settings
	if err := ipc.DNS.Set(c, ip.DNSSpec{Servers: ros.Some([]netip.Addr{netip.MustParseAddr("9.9.9.9")}), AllowRemoteRequests: ros.Some(true)}); err != nil {
		t.Fatal(err)
	}
	dns, err := ipc.DNS.Get(c)
	if err != nil || len(dns.Servers) != 1 || dns.Servers[0] != netip.MustParseAddr("9.9.9.9") || !dns.AllowRemoteRequests {
		t.Fatalf("dns: %+v, %v", dns, err)
	}

	// fixed, by name (/interface: the simulator's factory state has no /ip/service entries)
	ifc := iface.New(conn)
	ifs, err := ifc.List(c)
	if err != nil || len(ifs) == 0 {
		t.Fatalf("interfaces: %v, %v", ifs, err)
	}
	name := ifs[0].Name
	if err := ifc.Set(c, name, iface.InterfaceSpec{Comment: ros.Some("uplink")}); err != nil {
		t.Fatal(err)
	}
	got, err := ifc.Get(c, name)
	if err != nil || got.Comment != "uplink" || got.ID != ifs[0].ID {
		t.Fatalf("interface: %+v, %v", got, err)
	}

	// ordered list: add three rules, move the last before the first
	var ids []string
	for _, chain := range []ip.FirewallFilterChain{"input", "forward", "output"} {
		id, err := ipc.Firewall.Filter.Add(c, ip.FirewallFilterSpec{Chain: ros.Some(chain), Action: ros.Some(ip.FirewallFilterActionAccept), Comment: ros.Some("t-" + string(chain))})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := ipc.Firewall.Filter.Move(c, []string{ids[2]}, ids[0]); err != nil {
		t.Fatal(err)
	}
	rules, err := ipc.Firewall.Filter.List(c, ip.FirewallFilterWhere.Comment.In("t-input", "t-forward", "t-output"))
	if err != nil || len(rules) != 3 {
		t.Fatalf("rules: %v, %v", rules, err)
	}
	if rules[0].ID != ids[2] || rules[1].ID != ids[0] {
		t.Errorf("order after move: %s %s %s, want %s first", rules[0].ID, rules[1].ID, rules[2].ID, ids[2])
	}
	// unset
	if err := ipc.Firewall.Filter.Unset(c, ids[0], ip.FirewallFilterWhere.Comment); err != nil {
		t.Fatal(err)
	}
	r, err := ipc.Firewall.Filter.Get(c, ids[0])
	if err != nil || r.Comment != "" {
		t.Fatalf("after unset: %+v, %v", r, err)
	}

	// listen: a change made on another request arrives as an event. The listen registers on the
	// router some time after iteration starts, so changes are repeated until one is seen.
	lc, cancel := context.WithTimeout(c, 5*time.Second)
	defer cancel()
	dead := make(chan string, 1)
	go func() {
		defer close(dead)
		for ev, err := range ipc.Pool.Listen(lc) {
			if err != nil {
				return
			}
			if ev.Dead {
				dead <- ev.ID
				return // breaking out cancels the listen on the router
			}
		}
	}()
	removed := map[string]bool{}
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for i := 0; ; i++ {
		select {
		case id, ok := <-dead:
			if !ok {
				t.Fatal("listen ended without a removal event")
			}
			if !removed[id] {
				t.Fatalf("dead event for %s, which was not removed (removed: %v)", id, removed)
			}
			return
		case <-tick.C:
			id, err := ipc.Pool.Add(c, ip.PoolSpec{Name: ros.Some("p" + string(rune('a'+i%26))), Ranges: ros.Some(poolRange("10.5.0.10-10.5.0.20"))})
			if err != nil {
				t.Fatal(err)
			}
			if err := ipc.Pool.Remove(c, id); err != nil {
				t.Fatal(err)
			}
			removed[id] = true
		case <-lc.Done():
			t.Fatal("no listen event within 5s")
		}
	}
}

// poolRange parses an IP address range the way the generated client reads one.
func poolRange(s string) []value.Range[value.AddrOrPrefix] {
	r, err := value.List(value.Ranged(value.AddrPrefix)).Parse(s)
	if err != nil {
		panic(err)
	}
	return r
}
