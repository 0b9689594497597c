package sim_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rosgen/routeros/ros"
	iface "github.com/rosgen/routeros/ros/interface"
	"github.com/rosgen/routeros/ros/ip"
	"github.com/rosgen/routeros/ros/system"
	"github.com/rosgen/routeros/schema"
	"github.com/rosgen/routeros/sim"
	"github.com/rosgen/routeros/wire"
)

type named string

func (n named) Name() string { return string(n) }

// typedClient finds the generated client of menu m by following the schema's field names from the
// package client, or returns an invalid Value.
func typedClient(pkgs map[string]reflect.Value, m *schema.Menu) reflect.Value {
	v, ok := pkgs[m.Package.Dir]
	if !ok {
		return reflect.Value{}
	}
	var path []string
	var find func(n *schema.Node, trail []string) bool
	find = func(n *schema.Node, trail []string) bool {
		if n.Menu == m {
			path = trail
			return true
		}
		for _, c := range n.Children {
			if find(c, append(append([]string(nil), trail...), c.Field)) {
				return true
			}
		}
		return false
	}
	if !find(m.Package.Root, nil) {
		return reflect.Value{}
	}
	for _, f := range path {
		v = v.Elem().FieldByName(f)
		if !v.IsValid() {
			return v
		}
	}
	return v
}

// call calls a method of a typed client and returns its results, failing the test on an error.
func call(t *testing.T, c reflect.Value, method string, args ...any) []reflect.Value {
	t.Helper()
	out, err := callErr(t, c, method, args...)
	if err != nil {
		t.Fatalf("%s: %v", method, err)
	}
	return out
}

func callErr(t *testing.T, c reflect.Value, method string, args ...any) ([]reflect.Value, error) {
	t.Helper()
	m := c.MethodByName(method)
	if !m.IsValid() {
		t.Fatalf("typed client %s has no method %s", c.Type(), method)
	}
	in := make([]reflect.Value, len(args))
	for i, a := range args {
		in[i] = reflect.ValueOf(a)
	}
	var out []reflect.Value
	if mt := m.Type(); mt.IsVariadic() && len(in) == mt.NumIn() && in[len(in)-1].Type() == mt.In(mt.NumIn()-1) {
		out = m.CallSlice(in) // the last argument is the variadic slice itself
	} else {
		out = m.Call(in)
	}
	if e := out[len(out)-1]; e.Type() == reflect.TypeFor[error]() && !e.IsNil() {
		return out, e.Interface().(error)
	}
	return out, nil
}

// listenTyped runs the typed Listen of c in a goroutine and sends each event's ID and Dead flag.
func listenTyped(ctx context.Context, c reflect.Value) (<-chan string, func()) {
	ctx, cancel := context.WithCancel(ctx)
	seq := c.MethodByName("Listen").Call([]reflect.Value{reflect.ValueOf(ctx)})[0]
	ch := make(chan string, 64)
	done := make(chan struct{})
	yieldType := seq.Type().In(0)
	yield := reflect.MakeFunc(yieldType, func(args []reflect.Value) []reflect.Value {
		if !args[1].IsNil() {
			return []reflect.Value{reflect.ValueOf(false)}
		}
		ev := args[0]
		s := ev.FieldByName("ID").String()
		if ev.FieldByName("Dead").Bool() {
			s += " dead"
		}
		select {
		case ch <- s:
		case <-ctx.Done():
			return []reflect.Value{reflect.ValueOf(false)}
		}
		return []reflect.Value{reflect.ValueOf(true)}
	})
	go func() {
		defer close(done)
		seq.Call([]reflect.Value{yield})
	}()
	return ch, func() { cancel(); <-done }
}

// TestEveryMenuTyped walks every menu of the schema through the generated typed clients (found by
// reflection from the schema's field names): List and Count for every menu; Get, Listen, Comment,
// Unset, Enable, Disable, Move and Remove where the menu has them. Add and Set take typed specs
// that cannot be built generically, so they go as raw words (their typed forms are covered by the
// generated packages' own tests).
func TestEveryMenuTyped(t *testing.T) {
	sch, err := schema.Default()
	if err != nil {
		t.Fatal(err)
	}
	srv := startSim(t, sim.Config{})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	conn, err := wire.Dial(ctx, wire.Config{Address: srv.Addr(), Username: "admin"})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	pkgs := map[string]reflect.Value{
		"interface": reflect.ValueOf(iface.New(conn)),
		"ip":        reflect.ValueOf(ip.New(conn)),
		"system":    reflect.ValueOf(system.New(conn)),
	}
	for _, m := range sch.Menus() {
		if m.Kind == schema.KindNone {
			continue
		}
		t.Run(m.Path, func(t *testing.T) {
			c := typedClient(pkgs, m)
			if !c.IsValid() {
				t.Skipf("no typed client for package %q: add its constructor to this test", m.Package.Dir)
			}
			w := &walker{t: t, ctx: ctx, conn: conn, sch: sch}
			if m.Kind == schema.KindSettings {
				call(t, c, "Get", ctx)
				return
			}
			items := call(t, c, "List", ctx)[0]
			n := call(t, c, "Count", ctx)[0].Int()
			if int64(items.Len()) != n {
				t.Fatalf("List gave %d items, Count %d", items.Len(), n)
			}
			var events <-chan string
			stop := func() {}
			if m.Has(schema.VerbListen) {
				events, stop = listenTyped(ctx, c)
				time.Sleep(50 * time.Millisecond) // the listen is sent when iteration starts
			}
			defer stop()

			var id string
			if m.Kind == schema.KindList {
				id = w.add(m)
			} else if items.Len() > 0 {
				id = items.Index(0).FieldByName("ID").String()
			} else {
				return
			}
			got := call(t, c, "Get", ctx, id)[0]
			if got.FieldByName("ID").String() != id {
				t.Fatalf("Get(%s) = %v", id, got.FieldByName("ID"))
			}
			if m.Has(schema.VerbComment) && m.Attr("comment") != nil {
				call(t, c, "Comment", ctx, "typed walk", []string{id})
				if v := call(t, c, "Get", ctx, id)[0].FieldByName("Comment").String(); v != "typed walk" {
					t.Fatalf("comment %q", v)
				}
				if m.Has(schema.VerbUnset) {
					call(t, c, "Unset", ctx, id, []ros.Named{named("comment")})
					if v := call(t, c, "Get", ctx, id)[0].FieldByName("Comment").String(); v != "" {
						t.Fatalf("comment %q after Unset", v)
					}
				}
			}
			if m.Has(schema.VerbDisable) {
				call(t, c, "Disable", ctx, []string{id})
				if !call(t, c, "Get", ctx, id)[0].FieldByName("Disabled").Bool() {
					t.Fatal("not disabled")
				}
				call(t, c, "Enable", ctx, []string{id})
			}
			if m.Kind != schema.KindList {
				return
			}
			if m.Has(schema.VerbMove) {
				second := w.add(m)
				call(t, c, "Move", ctx, []string{second}, id)
				list := call(t, c, "List", ctx)[0]
				var ids []string
				for i := 0; i < list.Len(); i++ {
					ids = append(ids, list.Index(i).FieldByName("ID").String())
				}
				if strings.Index(strings.Join(ids, " ")+" ", second+" "+id+" ") < 0 {
					t.Fatalf("after Move(%s before %s): %v", second, id, ids)
				}
				call(t, c, "Remove", ctx, []string{second})
			}
			call(t, c, "Remove", ctx, []string{id})
			if _, err := callErr(t, c, "Get", ctx, id); !errors.Is(err, ros.ErrNotFound) {
				t.Fatalf("Get after Remove: %v", err)
			}
			if events != nil {
				want := id + " dead"
				timeout := time.After(5 * time.Second)
				for seen := ""; seen != want; {
					select {
					case seen = <-events:
					case <-timeout:
						t.Fatalf("Listen: no %q event", want)
					}
				}
			}
		})
	}
}
