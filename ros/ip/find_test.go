package ip_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/rosgen/routeros/internal/simcount"
	"github.com/rosgen/routeros/ros"
	"github.com/rosgen/routeros/ros/gentype"
	"github.com/rosgen/routeros/ros/ip"
	"github.com/rosgen/routeros/ros/rostest"
	"github.com/rosgen/routeros/sim"
	"github.com/rosgen/routeros/wire"
)

func TestFindOneEnsureRemoveWhere(t *testing.T) {
	srv := rostest.Start(t, sim.Config{})
	tr := &counter{}
	al := ip.New(srv.Dial(wire.Config{Username: "admin", Tracer: tr})).Firewall.AddressList
	c := ctx(t)
	w := ip.FirewallAddressListWhere
	if _, err := al.AddMany(c, []ip.FirewallAddressListSpec{
		entry("a", 1, "one"), entry("a", 2, "two"), entry("b", 1, "two"), entry("b", 3, ""),
	}, nil); err != nil {
		t.Fatal(err)
	}

	// One and Find.
	e, err := al.One(c, w.List.Eq("a"), w.Comment.Eq("one"))
	if err != nil || e.Address != "10.0.0.1" {
		t.Fatalf("One = %+v, %v", e, err)
	}
	if _, err := al.One(c, w.Comment.Eq("two")); !errors.Is(err, ros.ErrNotUnique) {
		t.Errorf("One of two: %v", err)
	} else if got := err.Error(); got != "ros: /ip/firewall/address-list one: 2 items match ?comment=two" {
		t.Errorf("text %q", got)
	}
	if _, err := al.One(c, w.Comment.Eq("none")); !errors.Is(err, ros.ErrNotFound) {
		t.Errorf("One of none: %v", err)
	}
	if _, ok, err := al.Find(c, w.Comment.Eq("none")); ok || err != nil {
		t.Errorf("Find of none: %v %v", ok, err)
	}
	if e, ok, err := al.Find(c, w.List.Eq("b"), w.Comment.HasNot()); !ok || err != nil || e.Address != "10.0.0.3" {
		t.Errorf("Find = %+v %v %v", e, ok, err)
	}
	if _, _, err := al.Find(c, w.List.Eq("a")); !errors.Is(err, ros.ErrNotUnique) {
		t.Errorf("Find of two: %v", err)
	}

	// Ensure: create, then nothing, then update only what differs.
	key := []ros.Named{w.List, w.Address}
	want := entry("c", 9, "first")
	r, err := al.Ensure(c, want, key...)
	if err != nil || r.Action != ros.Created || r.ID == "" {
		t.Fatalf("Ensure (create) = %+v, %v", r, err)
	}
	before := tr.n.Load()
	r2, err := al.Ensure(c, want, key...)
	if err != nil || r2.Action != ros.Unchanged || r2.ID != r.ID {
		t.Fatalf("Ensure (again) = %+v, %v", r2, err)
	}
	if n := tr.n.Load() - before; n != 1 {
		t.Errorf("idempotent Ensure sent %d commands, want its print only", n)
	}
	want.Comment = ros.Some("second")
	want.Disabled = ros.Some(false) // the router prints "false": equal to what it has, not sent
	r3, err := al.Ensure(c, want, key...)
	if err != nil || r3.Action != ros.Updated || r3.ID != r.ID || len(r3.Changes) != 1 || r3.Changes[0].Name != "comment" {
		t.Fatalf("Ensure (update) = %+v, %v", r3, err)
	}
	if got, err := al.Get(c, r.ID); err != nil || got.Comment != "second" {
		t.Fatalf("after Ensure: %+v, %v", got, err)
	}
	if _, err := al.Ensure(c, entry("a", 5, ""), w.Comment); !errors.Is(err, ros.ErrMissingRequired) {
		t.Errorf("Ensure by a key the spec lacks: %v", err)
	}
	if _, err := al.Ensure(c, entry("x", 5, "two"), w.Comment); !errors.Is(err, ros.ErrNotUnique) {
		t.Errorf("Ensure of an ambiguous key: %v", err)
	}

	// RemoveWhere: one print, one remove.
	before = tr.n.Load()
	n, err := al.RemoveWhere(c, w.List.Eq("a"))
	if err != nil || n != 2 {
		t.Fatalf("RemoveWhere = %d, %v", n, err)
	}
	if sent := tr.n.Load() - before; sent != 2 {
		t.Errorf("RemoveWhere sent %d commands, want 2", sent)
	}
	if left, err := al.Count(c, w.List.Eq("a")); err != nil || left != 0 {
		t.Errorf("left %d, %v", left, err)
	}
	if n, err := al.RemoveWhere(c, w.List.Eq("a")); err != nil || n != 0 {
		t.Errorf("RemoveWhere of nothing = %d, %v", n, err)
	}
	if _, err := al.RemoveWhere(c); !errors.Is(err, ros.ErrNotSupported) {
		t.Errorf("RemoveWhere without a filter: %v", err)
	}
	if total, err := al.Count(c); err != nil || total != 3 {
		t.Errorf("entries left: %d, %v", total, err)
	}
}

// TestChecksBeforeSending: each refused call fails at once and no word reaches the router: the
// simulator reads nothing but the command sent after them.
func TestChecksBeforeSending(t *testing.T) {
	srv := simcount.Start(t, sim.Config{})
	tr := &counter{}
	lt := &lastTag{}
	c := ctx(t)
	conn, err := wire.Dial(c, wire.Config{Address: srv.Addr(), Username: "admin", Tracer: wire.MultiTracer{tr, lt}})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ipc := ip.New(conn)
	before := srv.Received()

	_, err = ipc.Firewall.AddressList.Add(c, ip.FirewallAddressListSpec{Comment: ros.Some("x")})
	if !errors.Is(err, ros.ErrMissingRequired) {
		t.Errorf("Add without required fields: %v", err)
	}
	if got, want := err.Error(), "ros: /ip/firewall/address-list add: missing required attributes address, list"; got != want {
		t.Errorf("text %q, want %q", got, want)
	}
	res, err := ipc.Firewall.AddressList.AddMany(c, []ip.FirewallAddressListSpec{{List: ros.Some("x")}}, nil)
	if !errors.Is(err, ros.ErrMissingRequired) || res[0].State != ros.Failed {
		t.Errorf("AddMany without a required field: %+v %v", res, err)
	}
	// /ip/service has no unset command.
	err = ipc.Service.Set(c, "api", ip.ServiceSpec{Port: ros.Some[int64](8728), Address: ros.Unset[string]()})
	if !errors.Is(err, ros.ErrNotSupported) {
		t.Errorf("Set with Unset on a menu without unset: %v", err)
	} else if !strings.Contains(err.Error(), "cannot unset address: /ip/service has no unset command") {
		t.Errorf("text %q", err)
	}
	// The generated ServiceClient has no Unset; the untyped core of a menu without unset refuses it.
	svc := gentype.NewCore(conn, &gentype.MenuDesc{Path: "/ip/service", NoUnset: true}, nil)
	if err := svc.Unset(c, "api", ip.ServiceWhere.Address); !errors.Is(err, ros.ErrNotSupported) {
		t.Errorf("Unset on a menu without unset: %v", err)
	}
	if n := tr.n.Load(); n != 0 {
		t.Fatalf("%d commands reached the router: %q", n, tr.words)
	}
	if _, err := conn.Run(c, "/system/identity/print"); err != nil {
		t.Fatal(err)
	}
	if got, want := srv.Received()-before, simcount.SentenceBytes("/system/identity/print", ".tag="+lt.get()); got != want {
		t.Fatalf("the simulator read %d bytes, want %d: the refused calls sent something", got, want)
	}
}

// lastTag records the tag of the last command started.
type lastTag struct {
	mu  sync.Mutex
	tag string
}

func (l *lastTag) TraceCommandStart(ctx context.Context, _ *wire.Conn, d wire.TraceCommandStartData) context.Context {
	l.mu.Lock()
	l.tag = d.Tag
	l.mu.Unlock()
	return ctx
}
func (l *lastTag) TraceCommandEnd(context.Context, *wire.Conn, wire.TraceCommandEndData) {}
func (l *lastTag) get() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.tag
}
