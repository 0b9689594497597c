package rostest_test

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/rosgen/routeros/ros/rostest"
	"github.com/rosgen/routeros/sim"
	"github.com/rosgen/routeros/wire"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return c
}

func TestConn(t *testing.T) {
	conn := rostest.Conn(t)
	r, err := conn.Run(ctx(t), "/system/identity/print")
	if err != nil || len(r.Re) != 1 {
		t.Fatalf("%v %v", r, err)
	}
	if n, _ := r.Re[0].Get("name"); n != "MikroTik" {
		t.Fatalf("identity %q", n)
	}
}

func TestNewUsersAndTLS(t *testing.T) {
	cfg := sim.Config{Users: []sim.User{{Name: "ops", Password: "pw"}, {Name: "viewer", Password: "v", Group: sim.GroupRead}}}
	srv, conn := rostest.NewTLS(t, cfg)
	if _, err := conn.Run(ctx(t), "/ip/address/add", "=address=10.0.0.1/24", "=interface=ether1"); err != nil {
		t.Fatal(err)
	}
	viewer := srv.Dial(wire.Config{Username: "viewer", Password: "v"})
	_, err := viewer.Run(ctx(t), "/ip/address/add", "=address=10.0.0.2/24", "=interface=ether1")
	var te *wire.TrapError
	if !errors.As(err, &te) || te.Message != "not enough permissions (9)" {
		t.Fatalf("read-only add: %v", err)
	}
	_, err = wire.Dial(ctx(t), wire.Config{Address: srv.Addr(), Username: "ops", Password: "wrong"})
	if !errors.Is(err, wire.ErrAuth) {
		t.Fatalf("wrong password: %v", err)
	}
}

func TestLegacy(t *testing.T) {
	_, conn := rostest.New(t, sim.Config{LegacyLogin: true, Users: []sim.User{{Name: "admin", Password: "passTest"}}})
	if _, err := conn.Run(ctx(t), "/interface/print", "=.proplist=name"); err != nil {
		t.Fatal(err)
	}
}

// A menu from the user's own schema file is simulated beside the built-in ones.
func TestOwnSchema(t *testing.T) {
	file := t.TempDir() + "/lab.yaml"
	src := "package: lab\npath: /lab\nmenus:\n  - path: /lab/probe\n    kind: list\n    verbs: [print, add, remove]\n" +
		"    attrs:\n      - {name: host, type: ip, required: true}\n      - {name: interval, type: duration, default: 10s}\n"
	if err := os.WriteFile(file, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	_, conn := rostest.New(t, sim.Config{SchemaFiles: []string{file}})
	if _, err := conn.Run(ctx(t), "/lab/probe/add", "=host=192.0.2.7"); err != nil {
		t.Fatal(err)
	}
	r, err := conn.Run(ctx(t), "/lab/probe/print")
	if err != nil || len(r.Re) != 1 {
		t.Fatalf("%v %v", r, err)
	}
	if v, _ := r.Re[0].Get("interval"); v != "10s" {
		t.Errorf("interval %q", v)
	}
}
