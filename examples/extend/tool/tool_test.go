package tool_test

import (
	"errors"
	"testing"

	"github.com/rosgen/routeros/ros"
	iface "github.com/rosgen/routeros/ros/interface"
	"github.com/rosgen/routeros/ros/rostest"
	"github.com/rosgen/routeros/sim"
	"go.uber.org/goleak"

	"example.com/extend/tool"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// router is a simulated router serving the SDK's menus and this module's schema/tool.yaml.
func router(t *testing.T) *tool.Client {
	t.Helper()
	_, conn := rostest.New(t, sim.Config{SchemaFiles: []string{"../schema"}})
	return tool.New(conn)
}

// TestTrafficMonitor drives the generated client of a menu the SDK does not have against the
// simulator: add with defaults, a typed filter, set, disable, remove.
func TestTrafficMonitor(t *testing.T) {
	ctx := t.Context()
	tm := router(t).TrafficMonitor

	id, err := tm.Add(ctx, tool.TrafficMonitorSpec{
		Name:      ros.Some("uplink-busy"),
		Interface: ros.Some("ether1"),
		Trigger:   ros.Some(tool.TrafficMonitorTriggerAbove),
		Threshold: ros.Some[int64](50_000_000),
		OnEvent:   ros.Some(`:log warning "uplink busy"`),
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tm.Add(ctx, tool.TrafficMonitorSpec{Name: ros.Some("uplink-idle"), Interface: ros.Some("ether1"),
		Trigger: ros.Some(tool.TrafficMonitorTriggerBelow), Traffic: ros.Some(tool.TrafficMonitorTrafficReceived)}); err != nil {
		t.Fatal(err)
	}

	busy, err := tm.One(ctx, tool.TrafficMonitorWhere.Trigger.Eq(tool.TrafficMonitorTriggerAbove))
	if err != nil {
		t.Fatal(err)
	}
	if busy.ID != id || busy.Name != "uplink-busy" || busy.Interface != "ether1" || busy.Threshold != 50_000_000 ||
		busy.OnEvent != `:log warning "uplink busy"` {
		t.Errorf("read back %+v", busy)
	}
	if busy.Traffic != tool.TrafficMonitorTrafficTransmitted || busy.Disabled {
		t.Errorf("defaults from schema/tool.yaml not applied: traffic %q, disabled %v", busy.Traffic, busy.Disabled)
	}

	if err := tm.Set(ctx, id, tool.TrafficMonitorSpec{Threshold: ros.Some[int64](80_000_000)}); err != nil {
		t.Fatal(err)
	}
	if err := tm.Disable(ctx, id); err != nil {
		t.Fatal(err)
	}
	got, err := tm.Get(ctx, "uplink-busy")
	if err != nil {
		t.Fatal(err)
	}
	if got.Threshold != 80_000_000 || !got.Disabled {
		t.Errorf("after set and disable: threshold %d, disabled %v", got.Threshold, got.Disabled)
	}

	if n, err := tm.Count(ctx); err != nil || n != 2 {
		t.Fatalf("count = %d, %v; want 2", n, err)
	}
	if err := tm.Remove(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := tm.Get(ctx, id); !errors.Is(err, ros.ErrNotFound) {
		t.Errorf("get after remove: %v, want ros.ErrNotFound", err)
	}
}

// TestReferenceToSDKMenu: the schema's `ref: /interface` is checked by the simulator against the
// SDK's own /interface menu, on the same router the SDK's typed packages talk to.
func TestReferenceToSDKMenu(t *testing.T) {
	ctx := t.Context()
	_, conn := rostest.New(t, sim.Config{SchemaFiles: []string{"../schema"}})
	tm := tool.New(conn).TrafficMonitor

	_, err := tm.Add(ctx, tool.TrafficMonitorSpec{Name: ros.Some("m"), Interface: ros.Some("bridge-lan")})
	if !errors.Is(err, ros.ErrBadValue) {
		t.Fatalf("add on a missing interface: %v, want ros.ErrBadValue", err)
	}

	if _, err := iface.New(conn).Bridge.Add(ctx, iface.BridgeSpec{Name: ros.Some("bridge-lan")}); err != nil {
		t.Fatal(err)
	}
	if _, err := tm.Add(ctx, tool.TrafficMonitorSpec{Name: ros.Some("m"), Interface: ros.Some("bridge-lan")}); err != nil {
		t.Fatalf("add on the new bridge: %v", err)
	}
	ms, err := tm.List(ctx, tool.TrafficMonitorWhere.Interface.Eq("bridge-lan"))
	if err != nil || len(ms) != 1 || ms[0].Name != "m" {
		t.Fatalf("list on bridge-lan = %+v, %v", ms, err)
	}
}

// TestListen: the simulator reports changes of the user's menu like those of the SDK's.
func TestListen(t *testing.T) {
	ctx := t.Context()
	tm := router(t).TrafficMonitor
	registered := false
	for ev, err := range tm.Listen(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		if ev.Registered {
			registered = true
			if _, err := tm.Add(ctx, tool.TrafficMonitorSpec{Name: ros.Some("new"), Interface: ros.Some("ether1")}); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if ev.Item.Name != "new" || ev.Dead {
			t.Fatalf("event %+v, want the added monitor", ev)
		}
		break
	}
	if !registered {
		t.Fatal("no Registered event")
	}
}
