package ip_test

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/rosgen/routeros/ros"
	"github.com/rosgen/routeros/ros/ip"
	"github.com/rosgen/routeros/ros/rostest"
	"github.com/rosgen/routeros/sim"
	"github.com/rosgen/routeros/wire"
)

// counter counts the commands a connection sends (TraceCommandStart runs before a request is
// queued, so a command that is never counted never reached the router).
type counter struct {
	n     atomic.Int64
	ended atomic.Int64
	mu    sync.Mutex
	words [][]string
	after func(n int64) // called after each command ends, with how many have ended
}

func (c *counter) TraceCommandStart(ctx context.Context, _ *wire.Conn, d wire.TraceCommandStartData) context.Context {
	c.n.Add(1)
	c.mu.Lock()
	c.words = append(c.words, d.Words)
	c.mu.Unlock()
	return ctx
}

func (c *counter) TraceCommandEnd(_ context.Context, _ *wire.Conn, _ wire.TraceCommandEndData) {
	n := c.ended.Add(1)
	if c.after != nil {
		c.after(n)
	}
}

func (c *counter) byCommand() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[string]int{}
	for _, w := range c.words {
		out[w[0]]++
	}
	return out
}

func entry(list string, i int, comment string) ip.FirewallAddressListSpec {
	s := ip.FirewallAddressListSpec{
		List:    ros.Some(list),
		Address: ros.Some(fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255)),
	}
	if comment != "" {
		s.Comment = ros.Some(comment)
	}
	return s
}

func TestAddManyInOrder(t *testing.T) {
	srv := rostest.Start(t, sim.Config{})
	tr := &counter{}
	conn := srv.Dial(wire.Config{Username: "admin", Tracer: tr})
	c := ctx(t)
	al := ip.New(conn).Firewall.AddressList
	specs := make([]ip.FirewallAddressListSpec, 2000)
	for i := range specs {
		specs[i] = entry("block", i, "")
	}
	specs[7] = ip.FirewallAddressListSpec{List: ros.Some("block")} // no address: refused before sending
	res, err := al.AddMany(c, specs, nil)
	var be *ros.BulkError
	if !errors.As(err, &be) || be.Applied != 1999 || be.Failed != 1 || be.First != 7 || !errors.Is(err, ros.ErrMissingRequired) {
		t.Fatalf("AddMany: %v", err)
	}
	if len(res) != len(specs) || res[7].State != ros.Failed || res[7].ID != "" {
		t.Fatalf("result 7: %+v", res[7])
	}
	got, err := al.List(c)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]string{}
	for _, e := range got {
		byID[e.ID] = e.Address
	}
	if len(got) != 1999 {
		t.Fatalf("router holds %d entries, want 1999", len(got))
	}
	for i, r := range res {
		if i == 7 {
			continue
		}
		if r.State != ros.Applied || byID[r.ID] != specs[i].Address.Or("") {
			t.Fatalf("result %d = %+v: router has %q for that id, want %q", i, r, byID[r.ID], specs[i].Address.Or(""))
		}
	}
	if n := tr.byCommand()["/ip/firewall/address-list/add"]; n != 1999 {
		t.Errorf("%d adds sent, want 1999 (the refused one is never sent)", n)
	}
}

// On one connection AddMany queues its adds in the specs' order while 64 are in flight, so an
// ordered menu (firewall rules, where order is meaning) holds them in that order; a spec refused
// before sending does not hold up the ones after it.
func TestAddManyKeepsOrder(t *testing.T) {
	srv := rostest.Start(t, sim.Config{})
	conn := srv.Dial(wire.Config{Username: "admin"})
	c := ctx(t)
	filter := ip.New(conn).Firewall.Filter
	specs := make([]ip.FirewallFilterSpec, 400)
	for i := range specs {
		specs[i] = ip.FirewallFilterSpec{Chain: ros.Some(ip.FirewallFilterChainForward), Comment: ros.Some(fmt.Sprint(i))}
	}
	specs[5] = ip.FirewallFilterSpec{Comment: ros.Some("no chain")} // refused before sending
	if _, err := filter.AddMany(c, specs, &ros.BulkOptions{InFlight: 64}); !errors.Is(err, ros.ErrMissingRequired) {
		t.Fatalf("AddMany: %v", err)
	}
	rules, err := filter.List(c)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rules {
		if !strings.HasPrefix(r.Comment, "defconf") { // the default configuration's rules
			got = append(got, r.Comment)
		}
	}
	var want []string
	for i := range specs {
		if i != 5 {
			want = append(want, fmt.Sprint(i))
		}
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("rules in the order\n%v\nwant\n%v", got, want)
	}
}

func TestAddManyRouterRefusesOne(t *testing.T) {
	conn := rostest.Conn(t)
	c := ctx(t)
	addr := ip.New(conn).Address
	specs := []ip.AddressSpec{
		{Address: ros.Some(netip.MustParsePrefix("10.9.0.1/24")), Interface: ros.Some("ether1")},
		{Address: ros.Some(netip.MustParsePrefix("10.9.1.1/24")), Interface: ros.Some("no-such-interface")},
		{Address: ros.Some(netip.MustParsePrefix("10.9.2.1/24")), Interface: ros.Some("ether1")},
	}
	res, err := addr.AddMany(c, specs, &ros.BulkOptions{InFlight: 2})
	if err == nil || res[0].State != ros.Applied || res[1].State != ros.Failed || res[2].State != ros.Applied {
		t.Fatalf("AddMany = %+v, %v", res, err)
	}
	var trap *wire.TrapError
	if !errors.As(res[1].Err, &trap) || !errors.As(err, &trap) {
		t.Errorf("the refused item's error is the router's: %v", res[1].Err)
	}
	if n, err := addr.Count(c, ip.AddressWhere.Comment.HasNot()); err != nil || n < 2 {
		t.Errorf("count %d, %v", n, err)
	}
}

// TestAddManyCancelHalfway cancels a bulk add after 300 commands have been answered and checks
// that the results say exactly what the router holds.
func TestAddManyCancelHalfway(t *testing.T) {
	srv := rostest.Start(t, sim.Config{})
	c, cancel := context.WithCancel(ctx(t))
	defer cancel()
	tr := &counter{after: func(n int64) {
		if n == 300 {
			cancel()
		}
	}}
	conn := srv.Dial(wire.Config{Username: "admin", Tracer: tr})
	al := ip.New(conn).Firewall.AddressList
	specs := make([]ip.FirewallAddressListSpec, 3000)
	for i := range specs {
		specs[i] = entry("half", i, "")
	}
	res, err := al.AddMany(c, specs, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	applied := map[string]string{}
	counts := map[ros.State]int{}
	for i, r := range res {
		counts[r.State]++
		switch r.State {
		case ros.Applied:
			applied[r.ID] = specs[i].Address.Or("")
		case ros.NotSent:
			if r.ID != "" {
				t.Fatalf("item %d not sent but has id %q", i, r.ID)
			}
		default:
			t.Fatalf("item %d: %v (%v): the drain should have answered every command sent", i, r.State, r.Err)
		}
	}
	if counts[ros.Applied] < 300 || counts[ros.NotSent] == 0 {
		t.Fatalf("applied %d, not sent %d", counts[ros.Applied], counts[ros.NotSent])
	}
	var be *ros.BulkError
	if !errors.As(err, &be) || be.Applied != counts[ros.Applied] || be.NotSent != counts[ros.NotSent] {
		t.Fatalf("BulkError %+v, counts %v", be, counts)
	}
	got, err := ip.New(srv.Dial(wire.Config{Username: "admin"})).Firewall.AddressList.List(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(applied) {
		t.Fatalf("router holds %d entries, results say %d were applied", len(got), len(applied))
	}
	for _, e := range got {
		if applied[e.ID] != e.Address {
			t.Fatalf("router holds %s %s, which the results do not report as applied", e.ID, e.Address)
		}
	}
	if sent := tr.byCommand()["/ip/firewall/address-list/add"]; sent != len(applied) {
		t.Errorf("%d adds sent, %d reported applied", sent, len(applied))
	}
}

// TestReconcileAcceptance: 10,000 desired entries against a router holding 10,000, of which 100
// differ, 50 are missing and 50 are extra.
func TestReconcileAcceptance(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 entries")
	}
	srv := rostest.Start(t, sim.Config{})
	c := ctx(t)
	setup := ip.New(srv.Dial(wire.Config{Username: "admin"})).Firewall.AddressList
	var desired, present []ip.FirewallAddressListSpec
	for i := range 10000 {
		desired = append(desired, entry("block", i, "feed"))
		switch {
		case i < 50: // missing on the router
		case i < 150:
			present = append(present, entry("block", i, "stale")) // differs
		default:
			present = append(present, entry("block", i, "feed"))
		}
	}
	for i := range 50 {
		present = append(present, entry("block", 20000+i, "feed")) // extra
	}
	// Another list the reconcile must not touch.
	present = append(present, entry("other", 1, "keep"))
	if _, err := setup.AddMany(c, present, nil); err != nil {
		t.Fatal(err)
	}

	tr := &counter{}
	al := ip.New(srv.Dial(wire.Config{Username: "admin", Tracer: tr})).Firewall.AddressList
	w := ip.FirewallAddressListWhere
	opts := ros.ReconcileOptions{Key: []ros.Named{w.List, w.Address}, Where: []ros.Filter{w.List.Eq("block")}}

	dry := opts
	dry.DryRun = true
	plan, err := al.Reconcile(c, desired, dry)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Add) != 50 || len(plan.Set) != 100 || len(plan.Remove) != 50 || plan.Unchanged != 9850 || plan.Applied {
		t.Fatalf("plan: %d add, %d set, %d remove, %d unchanged", len(plan.Add), len(plan.Set), len(plan.Remove), plan.Unchanged)
	}
	if s := plan.Set[0]; len(s.Changes) != 1 || s.Changes[0] != (ros.AttrChange{Name: "comment", From: "stale", To: "feed"}) {
		t.Errorf("set changes: %+v", s.Changes)
	}
	text := plan.String()
	if !strings.Contains(text, `~ list=block address=10.0.0.50 `) || !strings.Contains(text, `comment: "stale" -> "feed"`) ||
		!strings.Contains(text, "+ list=block address=10.0.0.0 ") || !strings.Contains(text, "- list=block address=10.0.78.32 ") {
		t.Errorf("plan text:\n%.600s", text)
	}
	if n := tr.n.Load(); n != 1 {
		t.Fatalf("dry run sent %d commands, want the print only", n)
	}

	tr.n.Store(0)
	_, err = al.Reconcile(c, desired, opts)
	if err != nil {
		t.Fatal(err)
	}
	if n := tr.n.Load(); n > 200 {
		t.Fatalf("reconcile sent %d commands, want at most 200", n)
	} else {
		t.Logf("reconcile sent %d commands (1 print, 1 remove, 100 sets, 50 adds)", n)
	}
	got, err := setup.List(c)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"other 10.0.0.1": "keep"}
	for _, d := range desired {
		want[d.List.Or("")+" "+d.Address.Or("")] = d.Comment.Or("")
	}
	if len(got) != len(want) {
		t.Fatalf("router holds %d entries, want %d", len(got), len(want))
	}
	for _, e := range got {
		if c, ok := want[e.List+" "+e.Address]; !ok || c != e.Comment {
			t.Fatalf("router entry %s %s %q not desired", e.List, e.Address, e.Comment)
		}
	}

	tr.n.Store(0)
	plan, err = al.Reconcile(c, desired, opts)
	if err != nil || !plan.Empty() {
		t.Fatalf("second reconcile: %v\n%s", err, plan)
	}
	if n := tr.n.Load(); n != 1 {
		t.Fatalf("second reconcile sent %d commands, want only its print", n)
	}
}
