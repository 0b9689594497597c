package iface_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rosgen/routeros/internal/simcount"
	"github.com/rosgen/routeros/ros"
	iface "github.com/rosgen/routeros/ros/interface"
	"github.com/rosgen/routeros/ros/value"
	"github.com/rosgen/routeros/sim"
	"github.com/rosgen/routeros/wire"
)

type countTracer struct {
	n   atomic.Int64
	tag atomic.Value // string: the last command's tag
}

func (c *countTracer) TraceCommandStart(ctx context.Context, _ *wire.Conn, d wire.TraceCommandStartData) context.Context {
	c.n.Add(1)
	c.tag.Store(d.Tag)
	return ctx
}
func (c *countTracer) TraceCommandEnd(context.Context, *wire.Conn, wire.TraceCommandEndData) {}

// TestCommandChecksBeforeSending: a required argument left out, and an argument given as Unset,
// fail the call at once, both reported in one error, and no word reaches the router: the simulator
// reads nothing but the command sent after them.
func TestCommandChecksBeforeSending(t *testing.T) {
	srv := simcount.Start(t, sim.Config{})
	tr := &countTracer{}
	c := ctx(t)
	conn, err := wire.Dial(c, wire.Config{Address: srv.Addr(), Username: "admin", Tracer: tr})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ic := iface.New(conn)
	before := srv.Received()
	for _, err := range ic.MonitorTraffic(c, iface.MonitorTrafficArgs{Once: true}) {
		if !errors.Is(err, ros.ErrMissingRequired) {
			t.Errorf("MonitorTraffic without interface: %v", err)
		} else if got, want := err.Error(), "ros: /interface monitor-traffic: missing required argument interface"; got != want {
			t.Errorf("text %q, want %q", got, want)
		}
	}
	for _, err := range ic.MonitorTraffic(c, iface.MonitorTrafficArgs{Interval: ros.Unset[time.Duration]()}) {
		if !errors.Is(err, ros.ErrMissingRequired) || !errors.Is(err, ros.ErrNotSupported) ||
			!strings.Contains(err.Error(), "missing required argument interface; cannot unset command argument interval") {
			t.Errorf("both problems at once: %v", err)
		}
	}
	// /interface has no unset command.
	if err := ic.Set(c, "ether1", iface.InterfaceSpec{MTU: ros.Unset[value.Or[int64]]()}); !errors.Is(err, ros.ErrNotSupported) {
		t.Errorf("Set with Unset on /interface: %v", err)
	}
	if n := tr.n.Load(); n != 0 {
		t.Fatalf("%d commands reached the router", n)
	}
	if _, err := conn.Run(c, "/system/identity/print"); err != nil {
		t.Fatal(err)
	}
	if got, want := srv.Received()-before, simcount.SentenceBytes("/system/identity/print", ".tag="+tr.tag.Load().(string)); got != want {
		t.Fatalf("the simulator read %d bytes, want %d: the refused calls sent something", got, want)
	}
}
