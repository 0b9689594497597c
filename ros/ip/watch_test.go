package ip_test

import (
	"context"
	"fmt"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/rosgen/routeros/ros"
	"github.com/rosgen/routeros/ros/ip"
	"github.com/rosgen/routeros/ros/rostest"
	"github.com/rosgen/routeros/sim"
	"github.com/rosgen/routeros/wire"
)

// op is one change the writer made, in the order the router carried them out.
type op struct {
	kind    string // add, set, remove
	id      string
	comment string
}

// writer changes the entries of list in a tight loop on its own connection: it adds entries,
// increments their comment one by one, and removes some, n changes in all (fewer when before, called
// before change i, returns false), then adds an entry with the comment "end". Each change is
// answered before the next is sent, so ops is the router's order.
func writer(ctx context.Context, al *ip.FirewallAddressListClient, list string, ids []string, n int, before func(i int) bool) ([]op, error) {
	var ops []op
	count := map[string]int{}
	live := append([]string(nil), ids...)
	next := 1000
	for i := 0; i < n; i++ {
		if before != nil && !before(i) {
			break
		}
		var o op
		switch {
		case i%7 == 3 || len(live) < 3:
			id, err := al.Add(ctx, entry(list, next, "0"))
			if err != nil {
				return ops, err
			}
			next++
			live = append(live, id)
			o = op{"add", id, "0"}
		case i%11 == 5:
			id := live[0]
			live = live[1:]
			if err := al.Remove(ctx, id); err != nil {
				return ops, err
			}
			o = op{"remove", id, ""}
		default:
			id := live[i%len(live)]
			count[id]++
			c := strconv.Itoa(count[id])
			if err := al.Set(ctx, id, ip.FirewallAddressListSpec{Comment: ros.Some(c)}); err != nil {
				return ops, err
			}
			o = op{"set", id, c}
		}
		ops = append(ops, o)
	}
	id, err := al.Add(ctx, entry(list, next, "end"))
	ops = append(ops, op{"add", id, "end"})
	return ops, err
}

// seed adds n entries of list with the comment "0".
func seed(t *testing.T, al *ip.FirewallAddressListClient, list string, n int) []string {
	t.Helper()
	specs := make([]ip.FirewallAddressListSpec, n)
	for i := range specs {
		specs[i] = entry(list, i, "0")
	}
	res, err := al.AddMany(ctx(t), specs, nil)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, n)
	for i, r := range res {
		ids[i] = r.ID
	}
	return ids
}

// TestWatchWhileChanging starts Watch while another connection is changing the list and checks,
// by counting, that every change comes exactly once and in order.
func TestWatchWhileChanging(t *testing.T) {
	srv := rostest.Start(t, sim.Config{})
	wal := ip.New(srv.Dial(wire.Config{Username: "admin"})).Firewall.AddressList
	ids := seed(t, wal, "w", 20)
	// Noise the watch must not report.
	if _, err := wal.AddMany(ctx(t), []ip.FirewallAddressListSpec{entry("other", 1, "x")}, nil); err != nil {
		t.Fatal(err)
	}
	c := ctx(t)
	underway := make(chan struct{})
	type result struct {
		ops []op
		err error
	}
	res := make(chan result, 1)
	al := ip.New(srv.Dial(wire.Config{Username: "admin"})).Firewall.AddressList
	go func() {
		ops, err := writer(c, wal, "w", ids, 1500, func(i int) bool {
			if i == 51 {
				close(underway)
			}
			return true
		})
		res <- result{ops, err}
	}()
	<-underway                // the writer is under way when the watch starts
	state := map[string]int{} // id -> comment counter
	synced := 0
	for ev, err := range al.Watch(c, ip.FirewallAddressListWhere.List.Eq("w")) {
		if err != nil {
			t.Fatal(err)
		}
		switch ev.Kind {
		case ros.Synced:
			synced++
			continue
		case ros.Removed:
			if _, ok := state[ev.ID]; !ok {
				t.Fatalf("removal of %s, which was not reported", ev.ID)
			}
			delete(state, ev.ID)
			continue
		}
		if ev.Item.List != "w" {
			t.Fatalf("item of list %q reported", ev.Item.List)
		}
		if ev.Item.Comment == "end" {
			break
		}
		n, err := strconv.Atoi(ev.Item.Comment)
		if err != nil {
			t.Fatal(err)
		}
		prev, known := state[ev.ID]
		switch {
		case ev.Kind == ros.Changed && !known:
			t.Fatalf("change of %s, which was not reported", ev.ID)
		case ev.Kind == ros.Added && known:
			t.Fatalf("%s added twice", ev.ID)
		case known && n != prev+1:
			t.Fatalf("%s went from comment %d to %d: a change was missed or repeated", ev.ID, prev, n)
		}
		state[ev.ID] = n
	}
	r := <-res
	if r.err != nil {
		t.Fatal(r.err)
	}
	if synced != 1 {
		t.Fatalf("%d Synced events, want 1", synced)
	}
	// Every entry the router holds is known with its last comment, and nothing else.
	got, err := wal.List(ctx(t), ip.FirewallAddressListWhere.List.Eq("w"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(state)+1 { // + the "end" entry
		t.Fatalf("router holds %d entries, the watch knows %d (+1)", len(got), len(state))
	}
	for _, e := range got {
		if e.Comment == "end" {
			continue
		}
		if n, ok := state[e.ID]; !ok || strconv.Itoa(n) != e.Comment {
			t.Fatalf("router has %s with comment %q, the watch %d (%v)", e.ID, e.Comment, n, ok)
		}
	}
}

// TestListenAfterRegistered: every change made after Listen reports itself registered comes
// exactly once, in the order the router made them; a change made before may come too, at most once
// and in order; nothing else comes. Counted, not timed: the writer notes the first change it starts
// after seeing Registered, and runs on its own connection in a tight loop, either from before the
// Listen starts (busy) or from Registered on an empty list (quiet). The Listen runs on a Conn or a
// Pool: both say when the follow is queued, so Registered is exact (see Menu.Listen).
func TestListenAfterRegistered(t *testing.T) {
	for _, busy := range []bool{false, true} {
		for _, pool := range []bool{false, true} {
			t.Run(fmt.Sprintf("busy=%v/pool=%v", busy, pool), func(t *testing.T) {
				testListenAfterRegistered(t, busy, pool)
			})
		}
	}
}

func testListenAfterRegistered(t *testing.T, busy, pool bool) {
	srv := rostest.Start(t, sim.Config{})
	wal := ip.New(srv.Dial(wire.Config{Username: "admin"})).Firewall.AddressList
	var ids []string
	if busy {
		ids = seed(t, wal, "l", 10)
	}
	var r wire.Runner = srv.Dial(wire.Config{Username: "admin"})
	if pool {
		p, err := wire.NewPool(ctx(t), wire.PoolConfig{Config: wire.Config{Address: srv.Addr(), Username: "admin"}, Size: 3})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { p.Close() })
		r = p
	}
	al := ip.New(r).Firewall.AddressList
	c := ctx(t)

	const after = 300 // changes the writer makes once it has seen Registered
	var registered atomic.Bool
	first := -1 // the first change started after Registered was seen (written before res)
	type result struct {
		ops []op
		err error
	}
	res := make(chan result, 1)
	underway := make(chan struct{})
	write := func() {
		n := 1 << 30
		ops, err := writer(c, wal, "l", ids, n, func(i int) bool {
			if i == 20 && busy {
				close(underway)
			}
			if first < 0 && registered.Load() {
				first = i
			}
			return first < 0 || i < first+after
		})
		res <- result{ops, err}
	}
	if busy {
		go write()
		select { // the writer is under way when the listen starts
		case <-underway:
		case rr := <-res:
			t.Fatalf("writer ended early: %v", rr.err)
		}
	}

	type change struct {
		id, comment string
		dead        bool
	}
	var got []change
	registeredEvents := 0
	for ev, err := range al.Listen(c, ip.FirewallAddressListWhere.List.Eq("l")) {
		if err != nil {
			t.Fatal(err)
		}
		if ev.Registered {
			registeredEvents++
			if len(got) > 0 {
				t.Fatalf("%d changes before Registered", len(got))
			}
			registered.Store(true)
			if !busy {
				go write()
			}
			continue
		}
		if registeredEvents == 0 {
			t.Fatalf("event %+v before Registered", ev)
		}
		if ev.Dead {
			got = append(got, change{id: ev.ID, dead: true})
			continue
		}
		if ev.Item.List != "l" {
			t.Fatalf("item of list %q reported", ev.Item.List)
		}
		got = append(got, change{id: ev.ID, comment: ev.Item.Comment})
		if ev.Item.Comment == "end" {
			break
		}
	}
	rr := <-res
	if rr.err != nil {
		t.Fatal(rr.err)
	}
	if registeredEvents != 1 {
		t.Fatalf("%d Registered events, want 1", registeredEvents)
	}
	made := make([]change, len(rr.ops))
	for i, o := range rr.ops {
		made[i] = change{id: o.id, comment: o.comment, dead: o.kind == "remove"}
	}
	if first < 0 || len(made)-first != after+1 { // + the "end" entry
		t.Fatalf("writer: first change after Registered %d of %d", first, len(made))
	}
	// Every change from first on, exactly, at the end of what the listen saw.
	tail := made[first:]
	if len(got) < len(tail) {
		t.Fatalf("listen saw %d changes, the writer made %d after Registered", len(got), len(tail))
	}
	for i := range tail {
		if g := got[len(got)-len(tail)+i]; g != tail[i] {
			t.Fatalf("change %d after Registered: saw %+v, made %+v", i, g, tail[i])
		}
	}
	// Before that, changes made before Registered: each at most once, in order, none invented.
	j := 0
	for _, g := range got[:len(got)-len(tail)] {
		for j < first && made[j] != g {
			j++
		}
		if j == first {
			t.Fatalf("listen saw %+v, which the writer did not make before Registered (or not in this order)", g)
		}
		j++
	}
	t.Logf("writer made %d changes before Registered was seen; the listen saw %d of them, and all %d after",
		first, len(got)-len(tail), len(tail))
}
