package sim_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rosgen/routeros/schema"
	"github.com/rosgen/routeros/schema/check"
	"github.com/rosgen/routeros/sim"
	"github.com/rosgen/routeros/wire"
)

// walker drives every menu of the schema over a real client connection, deriving each request
// from the schema alone (not from the simulator's own tables).
type walker struct {
	t    *testing.T
	ctx  context.Context
	conn *wire.Conn
	sch  *schema.Schema
	n    int
	skip int // which existing item a reference names (add retries with the next on a duplicate)
}

func (w *walker) run(words ...string) (*wire.Reply, error) { return w.conn.Run(w.ctx, words...) }

func (w *walker) must(words ...string) *wire.Reply {
	w.t.Helper()
	r, err := w.run(words...)
	if err != nil {
		w.t.Fatalf("%v: %v", words, err)
	}
	return r
}

// value synthesizes a valid value for attribute a, creating referenced items when needed.
func (w *walker) value(a *schema.Attr) string {
	if a.Type.Pair { // upload/download: the same value both ways
		half := *a
		half.Type.Pair = false
		v := w.value(&half)
		return v + "/" + v
	}
	w.n++
	t := a.Type
	switch t.Base {
	case schema.Int:
		n := int64(1)
		if t.HasMin && n < t.Min {
			n = t.Min
		}
		if t.HasMax && n > t.Max {
			n = t.Max
		}
		return strconv.FormatInt(n, 10)
	case schema.Bool:
		return "yes"
	case schema.Duration:
		return "1m"
	case schema.Rate:
		return "1000000"
	case schema.DateTime:
		return "2024-05-17 10:55:29"
	case schema.IP:
		return "192.0.2." + strconv.Itoa(10+w.n%200)
	case schema.Prefix, schema.IPOrPrefix:
		return "192.0.2." + strconv.Itoa(10+w.n%200) + "/24"
	case schema.MAC:
		return fmt.Sprintf("02:00:00:00:00:%02X", w.n%256)
	case schema.Enum:
		if len(t.Values) > 0 {
			return t.Values[0]
		}
	case schema.Ref:
		return w.refName(t.Ref)
	case schema.Limit:
		return "50/5s,2:packet"
	case schema.BridgeLimit:
		return "50/5s,2"
	case schema.DstLimit:
		return "32,32,src-and-dst-addresses/10s"
	case schema.Nth:
		return "2,1"
	case schema.ConnLimit:
		return "100,32"
	case schema.PSD:
		return "21,3s,3,1"
	case schema.ICMPOptions:
		return "8:0"
	case schema.Compare:
		return "equal:64"
	case schema.Adjust:
		return "set:64"
	case schema.TimeMatch:
		return "8h-17h,mon,tue,wed,thu,fri"
	case schema.PCC:
		return "both-addresses:2/0"
	case schema.IPsecPolicy:
		return "in,ipsec"
	}
	if len(t.Sentinels) > 0 {
		return t.Sentinels[0]
	}
	if a.Name == "time-zone-name" {
		return "Europe/Riga" // a string with a value set of its own
	}
	return fmt.Sprintf("walk-%s-%d", a.Name, w.n)
}

// refName returns the name (or id) of an item of the menu at path, adding one when it has none.
func (w *walker) refName(path string) string {
	m := w.sch.Menu(path)
	key := ".id"
	if m.NameAttr() != nil {
		key = "name"
	}
	r := w.must(path+"/print", "=.proplist=.id,name")
	if len(r.Re) > 0 && (w.skip < len(r.Re) || !w.addable(m)) {
		v, _ := r.Re[w.skip%len(r.Re)].Get(key)
		return v
	}
	if m.Kind != schema.KindList {
		// A fixed menu (/interface) gets new items through a list menu that is a view of it.
		for _, v := range w.sch.Menus() {
			if v.View != nil && v.View.Of == path && v.Kind == schema.KindList {
				m = v
				break
			}
		}
	}
	saved := w.skip
	id := w.add(m)
	w.skip = saved
	if key == ".id" {
		return id
	}
	r = w.must(path+"/print", "=.proplist=name", "?.id="+id)
	v, _ := r.Re[0].Get("name")
	return v
}

// addable reports whether items can be added to m or to a view of it.
func (w *walker) addable(m *schema.Menu) bool {
	if m.Kind == schema.KindList {
		return true
	}
	for _, v := range w.sch.Menus() {
		if v.View != nil && v.View.Of == m.Path && v.Kind == schema.KindList {
			return true
		}
	}
	return false
}

func (w *walker) add(m *schema.Menu) string {
	w.t.Helper()
	for w.skip = 0; ; w.skip++ {
		words := []string{m.Path + "/add"}
		for _, a := range m.Attrs {
			if a.RequiredOnAdd || (a.Name == "name" && a.OnAdd) {
				words = append(words, "="+a.Name+"="+w.value(a))
			}
		}
		r, err := w.run(words...)
		var te *wire.TrapError
		if w.skip < 8 && errors.As(err, &te) && strings.HasPrefix(te.Message, "failure:") {
			continue // a duplicate (a device already in a bridge): name another referenced item
		}
		if err != nil {
			w.t.Fatalf("%v: %v", words, err)
		}
		return r.Ret()
	}
}

func (w *walker) has(path, id string) bool {
	w.t.Helper()
	n := w.must(path+"/print", "=count-only=", "?.id="+id).Ret()
	return n == "1"
}

// settable returns a settable, optional, readable attribute of m, preferring comment.
func settable(m *schema.Menu) *schema.Attr {
	if a := m.Attr("comment"); a != nil && a.Settable && a.Readable {
		return a
	}
	for _, a := range m.Attrs {
		if a.Settable && a.Readable && !a.RequiredOnAdd && a.Name != "name" && a.Name != "disabled" &&
			(a.Type.Base == schema.String || a.Type.Base == schema.Int || a.Type.Base == schema.Bool) {
			return a
		}
	}
	return nil
}

// TestEveryMenu walks every menu of the schema: print (with the typed layer's .proplist), and per
// kind and verb add / get / set / unset / remove / enable / disable / move / listen, and checks that
// each verb the schema does not give a menu is refused as RouterOS refuses it.
func TestEveryMenu(t *testing.T) {
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
	for _, m := range sch.Menus() {
		if m.Kind == schema.KindNone {
			continue
		}
		t.Run(m.Path, func(t *testing.T) {
			w := &walker{t: t, ctx: ctx, conn: conn, sch: sch}
			w.must(m.Path + "/print")
			r := w.must(append([]string{m.Path + "/print"}, "=.proplist="+strings.Join(m.Proplist(), ","))...)
			if m.Kind == schema.KindSettings {
				if len(r.Re) != 1 {
					t.Fatalf("settings print: %d items", len(r.Re))
				}
				if _, ok := r.Re[0].Get(".id"); ok {
					t.Fatalf("settings item with .id: %v", r.Re[0])
				}
			}
			for _, v := range schema.AllVerbs {
				if m.Has(v) || v == schema.VerbListen {
					continue
				}
				_, err := w.run(m.Path+"/"+string(v), "=.id=*1")
				var te *wire.TrapError
				if !errors.As(err, &te) || te.Message != "no such command or directory ("+string(v)+")" {
					t.Errorf("verb %s the menu lacks: %v", v, err)
				}
			}
			// a second session listens, so events show changes made by another session; the sync
			// print guarantees the listen is registered before the first change
			var listener *rawClient
			if m.Has(schema.VerbListen) {
				listener = loggedIn(t, srv)
				listener.send(m.Path+"/listen", ".tag=l")
				listener.mustOK("/system/identity/print", ".tag=sync")
			}
			wantEvent := func(what string) {
				t.Helper()
				if listener == nil {
					return
				}
				if s := listener.read(); s.Word != "!re" || s.Tag != "l" {
					t.Fatalf("listen after %s: %v", what, s)
				}
			}

			var id string
			switch m.Kind {
			case schema.KindList:
				if !m.Has(schema.VerbAdd) {
					t.Fatalf("list menu without add")
				}
				id = w.add(m)
				if !strings.HasPrefix(id, "*") || !w.has(m.Path, id) {
					t.Fatalf("add returned %q", id)
				}
				wantEvent("add")
			case schema.KindFixed:
				if len(r.Re) == 0 {
					return // nothing to act on (no neighbors, no packages in the simulated state)
				}
				id, _ = r.Re[0].Get(".id")
			case schema.KindSettings:
				if a := settable(m); a != nil && m.Has(schema.VerbSet) {
					v := w.value(a)
					w.must(m.Path+"/set", "="+a.Name+"="+v)
					wantEvent("set")
					if m.Has(schema.VerbGet) {
						got := w.must(m.Path+"/get", "=value-name="+a.Name).Ret()
						want, _ := check.Value(a, v)
						if got != want {
							t.Fatalf("get %s after set %q: %q", a.Name, v, got)
						}
					}
				}
				return
			}
			target := "=.id=" + id
			if m.Has(schema.VerbGet) {
				w.must(m.Path+"/get", target, "=value-name=.id")
			}
			if a := settable(m); a != nil && m.Has(schema.VerbSet) {
				v := w.value(a)
				w.must(m.Path+"/set", target, "="+a.Name+"="+v)
				wantEvent("set")
				got := w.must(m.Path+"/print", "=.proplist="+a.Name, "?.id="+id)
				want, _ := check.Value(a, v)
				if g, _ := got.Re[0].Get(a.Name); g != want {
					t.Fatalf("%s after set %q: %q", a.Name, v, g)
				}
				if m.Has(schema.VerbUnset) && !a.RequiredOnAdd {
					w.must(m.Path+"/unset", target, "=value-name="+a.Name)
					wantEvent("unset")
					got := w.must(m.Path+"/print", "=.proplist="+a.Name, "?.id="+id)
					if g, ok := got.Re[0].Get(a.Name); ok && g == want && a.Default != want {
						t.Fatalf("%s still %q after unset", a.Name, g)
					}
				}
			}
			if m.Has(schema.VerbDisable) {
				w.must(m.Path+"/disable", "=numbers="+id)
				wantEvent("disable")
				if w.must(m.Path+"/print", "=count-only=", "?.id="+id, "?disabled=true").Ret() != "1" {
					t.Fatal("not disabled")
				}
				w.must(m.Path+"/enable", "=numbers="+id)
				wantEvent("enable")
			}
			if m.Kind != schema.KindList {
				return
			}
			if m.Has(schema.VerbMove) {
				second := w.add(m)
				wantEvent("add")
				w.must(m.Path+"/move", "=numbers="+second, "=destination="+id)
				r := w.must(m.Path+"/print", "=.proplist=.id")
				var ids []string
				for _, s := range r.Re {
					v, _ := s.Get(".id")
					ids = append(ids, v)
				}
				if slices.Index(ids, second) != slices.Index(ids, id)-1 {
					t.Fatalf("after move %s before %s: %v", second, id, ids)
				}
				w.must(m.Path+"/remove", "=.id="+second)
			}
			w.must(m.Path+"/remove", target)
			if w.has(m.Path, id) {
				t.Fatal("still there after remove")
			}
			_, err := w.run(m.Path+"/remove", target)
			var te *wire.TrapError
			if !errors.As(err, &te) || te.Message != "no such item (4)" {
				t.Fatalf("remove twice: %v", err)
			}
		})
	}
}
