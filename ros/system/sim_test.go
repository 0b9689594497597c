package system_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/rosgen/routeros/ros"
	"github.com/rosgen/routeros/ros/rostest"
	"github.com/rosgen/routeros/ros/system"
	"github.com/rosgen/routeros/sim"
	"github.com/rosgen/routeros/wire"
)

func TestSimSystem(t *testing.T) {
	_, conn := rostest.New(t, sim.Config{RebootDelay: 50 * time.Millisecond})
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sys := system.New(conn)

	res, err := sys.Resource.Get(c)
	if err != nil || res.Version == "" || res.Uptime < 0 {
		t.Fatalf("resource = %+v, %v", res, err)
	}
	if err := sys.Identity.Set(c, system.IdentitySpec{Name: ros.Some("core-1")}); err != nil {
		t.Fatal(err)
	}
	id, err := sys.Identity.Get(c)
	if err != nil || id.Name != "core-1" {
		t.Fatalf("identity = %+v, %v", id, err)
	}
	sid, err := sys.Script.Add(c, system.ScriptSpec{Name: ros.Some("hello"), Source: ros.Some(":log info hi")})
	if err != nil {
		t.Fatal(err)
	}
	s, err := sys.Script.Get(c, "hello")
	if err != nil || s.ID != sid || s.Source != ":log info hi" {
		t.Fatalf("script = %+v, %v", s, err)
	}
	// reboot: the router drops the session; the call ends with nil or a closed-connection error
	if err := sys.Reboot(c); err != nil && !errors.Is(err, wire.ErrClosed) {
		t.Fatalf("reboot: %v", err)
	}
}
