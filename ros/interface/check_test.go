package iface_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rosgen/routeros/ros"
	iface "github.com/rosgen/routeros/ros/interface"
	"github.com/rosgen/routeros/ros/rostest"
	"github.com/rosgen/routeros/ros/value"
	"github.com/rosgen/routeros/sim"
	"github.com/rosgen/routeros/wire"
)

type countTracer struct{ n atomic.Int64 }

func (c *countTracer) TraceCommandStart(ctx context.Context, _ *wire.Conn, _ wire.TraceCommandStartData) context.Context {
	c.n.Add(1)
	return ctx
}
func (c *countTracer) TraceCommandEnd(context.Context, *wire.Conn, wire.TraceCommandEndData) {}

// TestCommandChecksBeforeSending: a required argument left out, and an argument given as Unset,
// fail the call at once, both reported in one error, and no word reaches the router.
func TestCommandChecksBeforeSending(t *testing.T) {
	srv := rostest.Start(t, sim.Config{})
	tr := &countTracer{}
	ic := iface.New(srv.Dial(wire.Config{Username: "admin", Tracer: tr}))
	c := ctx(t)
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
}
