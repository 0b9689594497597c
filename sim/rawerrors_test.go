package sim_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/rosgen/routeros/sim"
	"github.com/rosgen/routeros/wire"
)

// Issue 7, acceptance 4: a user of the raw connection matches the router's refusals with errors.Is
// and wire's sentinels, no ros in between. Each refusal is the simulator's (see the texts its tests
// pin), reached over a socket; each error matches its condition and no other.
func TestRawRunErrorsMatchSentinels(t *testing.T) {
	srv := startSim(t, sim.Config{Users: []sim.User{
		{Name: "admin", Group: sim.GroupFull},
		{Name: "reader", Group: sim.GroupRead},
	}})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	dial := func(user string) *wire.Conn {
		c, err := wire.Dial(ctx, wire.Config{Address: srv.Addr(), Username: user})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	admin, reader := dial("admin"), dial("reader")
	if _, err := admin.Run(ctx, "/ip/firewall/address-list/add", "=list=bl", "=address=192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	all := []error{wire.ErrNotFound, wire.ErrAlreadyExists, wire.ErrPermission, wire.ErrUnknownCommand,
		wire.ErrUnknownParameter, wire.ErrBadValue}
	for _, tc := range []struct {
		name  string
		c     *wire.Conn
		words []string
		want  error
	}{
		{"duplicate", admin, []string{"/ip/firewall/address-list/add", "=list=bl", "=address=192.0.2.1"}, wire.ErrAlreadyExists},
		{"no such item", admin, []string{"/ip/firewall/address-list/remove", "=.id=*FFFF"}, wire.ErrNotFound},
		{"read-only user", reader, []string{"/ip/firewall/address-list/add", "=list=bl", "=address=192.0.2.2"}, wire.ErrPermission},
		{"unknown command", admin, []string{"/ip/adress/print"}, wire.ErrUnknownCommand},
		{"unknown parameter", admin, []string{"/ip/firewall/address-list/add", "=list=bl", "=adress=192.0.2.3"}, wire.ErrUnknownParameter},
		{"bad value", admin, []string{"/ip/firewall/filter/add", "=chain=input", "=src-address=300.1.1.1"}, wire.ErrBadValue},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.c.Run(ctx, tc.words...)
			var trap *wire.TrapError
			if !errors.As(err, &trap) {
				t.Fatalf("%v: %v, want a *wire.TrapError", tc.words, err)
			}
			for _, cond := range all {
				if errors.Is(err, cond) != (cond == tc.want) {
					t.Errorf("%q: errors.Is(err, %v) = %v", err, cond, errors.Is(err, cond))
				}
			}
		})
	}
}
