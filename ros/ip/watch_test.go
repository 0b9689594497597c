package ip_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
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
// increments their comment one by one, and removes some, n changes in all, then adds an entry with
// the comment "end". Each change is answered before the next is sent, so ops is the router's order.
func writer(ctx context.Context, al *ip.FirewallAddressListClient, list string, ids []string, n int, onOp func(i int)) ([]op, error) {
	var ops []op
	count := map[string]int{}
	live := append([]string(nil), ids...)
	next := 1000
	for i := 0; i < n; i++ {
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
		if onOp != nil {
			onOp(i)
		}
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
		ops, err := writer(c, wal, "w", ids, 1500, func(i int) {
			if i == 50 {
				close(underway)
			}
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
// exactly once, in the order the router made them. The list has entries when Listen starts: then
// the first reply of the follow proves the router has taken it. (When nothing matches at the
// start, the router sends nothing that proves it, and Registered is best effort: see Menu.Listen.)
func TestListenAfterRegistered(t *testing.T) {
	for _, empty := range []bool{false} {
		t.Run(fmt.Sprintf("empty=%v", empty), func(t *testing.T) {
			srv := rostest.Start(t, sim.Config{})
			wal := ip.New(srv.Dial(wire.Config{Username: "admin"})).Firewall.AddressList
			var ids []string
			if !empty {
				ids = seed(t, wal, "l", 10)
			}
			al := ip.New(srv.Dial(wire.Config{Username: "admin"})).Firewall.AddressList
			c := ctx(t)
			res := make(chan []op, 1)
			errc := make(chan error, 1)
			var got []op
			for ev, err := range al.Listen(c, ip.FirewallAddressListWhere.List.Eq("l")) {
				if err != nil {
					t.Fatal(err)
				}
				if ev.Registered {
					go func() {
						ops, err := writer(c, wal, "l", ids, 300, nil)
						res <- ops
						errc <- err
					}()
					continue
				}
				if ev.Dead {
					got = append(got, op{"remove", ev.ID, ""})
					continue
				}
				kind := "add"
				if slices.Contains(ids, ev.ID) || seen(got, ev.ID) {
					kind = "set"
				}
				got = append(got, op{kind, ev.ID, ev.Item.Comment})
				if ev.Item.Comment == "end" {
					break
				}
			}
			if err := <-errc; err != nil {
				t.Fatal(err)
			}
			want := <-res
			if len(got) != len(want) {
				t.Fatalf("listen saw %d changes, the writer made %d", len(got), len(want))
			}
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("change %d: saw %+v, made %+v", i, got[i], want[i])
				}
			}
		})
	}
}

func seen(ops []op, id string) bool {
	for _, o := range ops {
		if o.id == id {
			return true
		}
	}
	return false
}
