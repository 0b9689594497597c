package gentype_test

import (
	"context"
	"errors"
	"github.com/rosgen/routeros/ros"
	"github.com/rosgen/routeros/ros/gentype"
	"testing"

	"github.com/rosgen/routeros/ros/value"
	"github.com/rosgen/routeros/wire"
	"github.com/rosgen/routeros/wire/wiretest"
)

// TestBulkCancelReportsSentButUnanswered: when the context ends while a command is on the wire
// and the drain time is zero, that item is reported ros.Unknown (sent, no reply), the ones answered
// ros.Applied, and the ones never sent ros.NotSent; with the default drain the late reply is waited for.
func TestBulkCancelReportsSentButUnanswered(t *testing.T) {
	for _, drain := range []bool{false, true} {
		t.Run(map[bool]string{false: "no drain", true: "drain"}[drain], func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			script := wiretest.NewScript().
				Expect("/test/menu/add", "=name=a", ".tag={a}").
				Send("!done", "=ret=*1", ".tag={a}").
				Expect("/test/menu/add", "=name=b", ".tag={b}").
				Do(func(*wiretest.ServerConn) error { cancel(); return nil })
			opts := &ros.BulkOptions{InFlight: 1, Drain: -1}
			if drain {
				// The reply comes after the cancellation; with a drain time it is waited for.
				script.Send("!done", "=ret=*2", ".tag={b}")
				opts.Drain = 0
			} else {
				script.Expect("/cancel", "=tag={b}", ".tag={c}").
					Send("!trap", "=category=2", "=message=interrupted", ".tag={b}").
					Send("!done", ".tag={c}").
					Send("!done", ".tag={b}").
					// The next command goes out after the /cancel (the test waits for it).
					Expect("/test/menu/print", "=count-only=", ".tag={d}").
					Send("!done", "=ret=1", ".tag={d}")
			}
			m := gentype.NewMenu(dial(t, script), testDesc, nil)
			res, err := m.AddMany(ctx, []spec{{Name: ros.Some("a")}, {Name: ros.Some("b")}, {Name: ros.Some("c")}}, opts)
			want := []ros.Result{{ID: "*1", State: ros.Applied}, {State: ros.Unknown}, {State: ros.NotSent}}
			if drain {
				want[1] = ros.Result{ID: "*2", State: ros.Applied}
			}
			for i := range want {
				if res[i].ID != want[i].ID || res[i].State != want[i].State {
					t.Errorf("item %d: %+v, want %+v", i, res[i], want[i])
				}
			}
			var be *ros.BulkError
			if !errors.As(err, &be) || !errors.Is(err, context.Canceled) || be.NotSent != 1 {
				t.Fatalf("err = %v", err)
			}
			if !drain {
				if !errors.Is(res[1].Err, context.Canceled) {
					t.Errorf("unknown item's error: %v", res[1].Err)
				}
				if _, err := m.Count(context.Background()); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// TestReconcileNeverTouchesOwned: dynamic and builtin items are left alone, and a desired item
// whose key only a dynamic item has is reported skipped, not added.
func TestReconcileNeverTouchesOwned(t *testing.T) {
	conn := dial(t, wiretest.NewScript().
		Expect("/test/menu/print", "=.proplist=.id,name,mtu,dur", ".tag={a}").
		Send("!re", "=.id=*1", "=name=dyn", "=mtu=1", "=dynamic=true", ".tag={a}").
		Send("!re", "=.id=*2", "=name=bi", "=mtu=1", "=builtin=true", ".tag={a}").
		Send("!re", "=.id=*3", "=name=mine", "=mtu=1", ".tag={a}").
		Send("!re", "=.id=*4", "=name=old", "=mtu=1", ".tag={a}").
		Send("!done", ".tag={a}").
		Expect("/test/menu/remove", "=numbers=*4", ".tag={b}").
		Send("!done", ".tag={b}").
		Expect("/test/menu/set", "=.id=*3", "=mtu=2", ".tag={c}").
		Send("!done", ".tag={c}"))
	m := gentype.NewMenu(conn, testDesc, nil)
	name := ros.NewField("name", value.String)
	p, err := m.Reconcile(context.Background(), []spec{{Name: ros.Some("dyn"), MTU: ros.Some[int64](5)}, {Name: ros.Some("mine"), MTU: ros.Some[int64](2)}},
		ros.ReconcileOptions{Key: []ros.Named{name}})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Skip) != 1 || p.Skip[0].ID != "*1" || len(p.Add) != 0 || len(p.Remove) != 1 || len(p.Set) != 1 {
		t.Fatalf("plan:\n%s", p)
	}
	want := "/test/menu (key name): 0 to add, 1 to change, 1 to remove, 0 unchanged, 1 skipped\n" +
		"~ name=mine *3 mtu: \"1\" -> \"2\"\n" +
		"- name=old *4\n" +
		"= name=dyn *1: owned by the router (dynamic)\n"
	if p.String() != want {
		t.Errorf("plan text:\n%s\nwant:\n%s", p, want)
	}
	var _ wire.Runner = conn
}
