// Package rostest gives a test a simulated RouterOS router and a connection to it in one call, the
// way net/http/httptest gives an HTTP server:
//
//	func TestMyAutomation(t *testing.T) {
//		conn := rostest.Conn(t)
//		// conn is a logged-in *wire.Conn to a fresh factory router (package sim);
//		// pass it to the typed packages: ip.New(conn).Address.List(ctx)
//	}
//
// Everything is closed with t.Cleanup. Use New for a router with other users, another version,
// injected faults or menus of your own (sim.Config.SchemaFiles: the schema files you generated
// your own typed package from), and Server.Dial for more connections to the same router. Transcript gives a
// connection to a scripted router instead, to pin the exact words your code sends.
package rostest

import (
	"context"
	"testing"
	"time"

	"github.com/rosgen/routeros/sim"
	"github.com/rosgen/routeros/wire"
	"github.com/rosgen/routeros/wire/wiretest"
)

// Server is a started simulator bound to a test.
type Server struct {
	*sim.Server
	t testing.TB
}

// Conn starts a factory router (user admin, empty password, RouterOS 7.24) and returns a logged-in
// connection to it. Both are closed when the test ends.
func Conn(t testing.TB) *wire.Conn {
	t.Helper()
	_, conn := New(t, sim.Config{})
	return conn
}

// New starts a router with cfg and returns it with a connection logged in as the first user of
// cfg.Users (admin with an empty password when there is none). Both are closed when the test ends.
func New(t testing.TB, cfg sim.Config) (*Server, *wire.Conn) {
	t.Helper()
	srv := Start(t, cfg)
	user, password := "admin", ""
	if len(cfg.Users) > 0 {
		user, password = cfg.Users[0].Name, cfg.Users[0].Password
	}
	return srv, srv.Dial(wire.Config{Username: user, Password: password, Login: loginMode(cfg)})
}

// NewTLS is New over the api-ssl service: the connection verifies the simulator's certificate
// against the simulator's own CA.
func NewTLS(t testing.TB, cfg sim.Config) (*Server, *wire.Conn) {
	t.Helper()
	srv := Start(t, cfg)
	addr, err := srv.StartTLS()
	if err != nil {
		t.Fatalf("rostest: %v", err)
	}
	tlsCfg, err := srv.ClientTLSConfig()
	if err != nil {
		t.Fatalf("rostest: %v", err)
	}
	user, password := "admin", ""
	if len(cfg.Users) > 0 {
		user, password = cfg.Users[0].Name, cfg.Users[0].Password
	}
	return srv, srv.Dial(wire.Config{Address: addr, TLS: tlsCfg, Username: user, Password: password, Login: loginMode(cfg)})
}

func loginMode(cfg sim.Config) wire.LoginMode {
	if cfg.LegacyLogin {
		return wire.LoginAuto
	}
	return wire.LoginPlain
}

// Start starts a router with cfg listening on a loopback port, closed when the test ends.
func Start(t testing.TB, cfg sim.Config) *Server {
	t.Helper()
	srv, err := sim.Start(cfg)
	if err != nil {
		t.Fatalf("rostest: %v", err)
	}
	t.Cleanup(func() { srv.Close() })
	return &Server{Server: srv, t: t}
}

// Dial opens one more connection to the router with cfg (Address defaults to the plain api
// listener), failing the test on error. The connection is closed when the test ends.
func (s *Server) Dial(cfg wire.Config) *wire.Conn {
	s.t.Helper()
	if cfg.Address == "" {
		cfg.Address = s.Addr()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := wire.Dial(ctx, cfg)
	if err != nil {
		s.t.Fatalf("rostest: dial %s: %v", cfg.Address, err)
	}
	s.t.Cleanup(func() { conn.Close() })
	return conn
}

// Transcript starts a scripted router (package wire/wiretest) that accepts the plain login of
// user admin with an empty password and then plays transcript, and returns a connection to it,
// closed when the test ends. Use it to pin the exact words a piece of code sends and to replay
// replies recorded from a real router; the transcript format is documented in wire/wiretest:
//
//	conn := rostest.Transcript(t, `
//		> /system/identity/print =.proplist={p} .tag={a}
//		< !re =name=core-1 .tag={a}
//		< !done .tag={a}
//	`)
//
// A mismatch fails the test with the expected and received words.
func Transcript(t testing.TB, transcript string) *wire.Conn {
	t.Helper()
	script, err := wiretest.ParseTranscript(transcript)
	if err != nil {
		t.Fatalf("rostest: %v", err)
	}
	return Script(t, script)
}

// Script is Transcript with a script built in Go (wiretest.NewScript().Expect(...).Send(...)).
func Script(t testing.TB, script *wiretest.Script) *wire.Conn {
	t.Helper()
	srv := wiretest.NewServer(t, wiretest.NewScript().Login("admin", "").Do(func(c *wiretest.ServerConn) error {
		return c.Play(script)
	}))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := wire.Dial(ctx, wire.Config{Address: srv.Addr, Username: "admin"})
	if err != nil {
		t.Fatalf("rostest: %v", err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}
