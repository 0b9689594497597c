package container_test

import (
	"errors"
	"testing"

	"github.com/rosgen/routeros/ros"
	iface "github.com/rosgen/routeros/ros/interface"
	"github.com/rosgen/routeros/ros/rostest"
	"github.com/rosgen/routeros/sim"
	"go.uber.org/goleak"

	"example.com/extend/container"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// router is a simulated router serving the SDK's menus and this module's schema/container.yaml.
func router(t *testing.T) *container.Client {
	t.Helper()
	_, conn := rostest.New(t, sim.Config{SchemaFiles: []string{"../schema"}})
	return container.New(conn)
}

// TestContainer drives the generated client of a menu the SDK does not have against the
// simulator: add with defaults, a typed filter, set, a command, remove.
func TestContainer(t *testing.T) {
	ctx := t.Context()
	c := router(t)

	id, err := c.Add(ctx, container.ContainerSpec{
		Name:        ros.Some("pihole"),
		RemoteImage: ros.Some("pihole/pihole:latest"),
		Interface:   ros.Some("ether1"),
		RootDir:     ros.Some("disk1/pihole"),
		StartOnBoot: ros.Some(true),
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Add(ctx, container.ContainerSpec{Name: ros.Some("ntp"), RemoteImage: ros.Some("cturra/ntp"),
		Interface: ros.Some("ether1")}); err != nil {
		t.Fatal(err)
	}

	got, err := c.One(ctx, container.ContainerWhere.StartOnBoot.Eq(true))
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != id || got.Name != "pihole" || got.Interface != "ether1" || got.RootDir != "disk1/pihole" {
		t.Errorf("read back %+v", got)
	}
	if got.Logging || got.Status != container.ContainerStatusStopped {
		t.Errorf("defaults from schema/container.yaml not applied: logging %v, status %q", got.Logging, got.Status)
	}

	if err := c.Set(ctx, id, container.ContainerSpec{Hostname: ros.Some("pihole"), Logging: ros.Some(true)}); err != nil {
		t.Fatal(err)
	}
	got, err = c.Get(ctx, "pihole")
	if err != nil {
		t.Fatal(err)
	}
	if got.Hostname != "pihole" || !got.Logging {
		t.Errorf("after set: hostname %q, logging %v", got.Hostname, got.Logging)
	}
	// A command the schema declares is answered by the simulator with no code of this module's.
	if err := c.Start(ctx, container.StartArgs{Numbers: ros.Some(id)}); err != nil {
		t.Fatal(err)
	}

	if n, err := c.Count(ctx); err != nil || n != 2 {
		t.Fatalf("count = %d, %v; want 2", n, err)
	}
	if err := c.Remove(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Get(ctx, id); !errors.Is(err, ros.ErrNotFound) {
		t.Errorf("get after remove: %v, want ros.ErrNotFound", err)
	}
}

// TestReferenceToSDKMenu: the schema's `ref: /interface` is checked by the simulator against the
// SDK's own /interface menu, on the same router the SDK's typed packages talk to.
func TestReferenceToSDKMenu(t *testing.T) {
	ctx := t.Context()
	_, conn := rostest.New(t, sim.Config{SchemaFiles: []string{"../schema"}})
	c := container.New(conn)

	_, err := c.Add(ctx, container.ContainerSpec{Name: ros.Some("m"), Interface: ros.Some("bridge-lan")})
	if !errors.Is(err, ros.ErrBadValue) {
		t.Fatalf("add on a missing interface: %v, want ros.ErrBadValue", err)
	}

	if _, err := iface.New(conn).Bridge.Add(ctx, iface.BridgeSpec{Name: ros.Some("bridge-lan")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Add(ctx, container.ContainerSpec{Name: ros.Some("m"), Interface: ros.Some("bridge-lan")}); err != nil {
		t.Fatalf("add on the new bridge: %v", err)
	}
	ms, err := c.List(ctx, container.ContainerWhere.Interface.Eq("bridge-lan"))
	if err != nil || len(ms) != 1 || ms[0].Name != "m" {
		t.Fatalf("list on bridge-lan = %+v, %v", ms, err)
	}
}

// TestListen: the simulator reports changes of the user's menu like those of the SDK's.
func TestListen(t *testing.T) {
	ctx := t.Context()
	c := router(t)
	registered := false
	for ev, err := range c.Listen(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		if ev.Registered {
			registered = true
			if _, err := c.Add(ctx, container.ContainerSpec{Name: ros.Some("new"), Interface: ros.Some("ether1")}); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if ev.Item.Name != "new" {
			t.Fatalf("event %+v, want the added container", ev)
		}
		break
	}
	if !registered {
		t.Fatal("no Registered event")
	}
}
