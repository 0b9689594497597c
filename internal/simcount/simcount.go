// Package simcount starts a simulator whose listener counts the bytes the simulator reads, for
// tests that prove that a refused call sent nothing: the count, taken after a command that follows
// the refused calls on the same connection, is exactly that command's bytes more than before.
package simcount

import (
	"net"
	"sync/atomic"
	"testing"

	"github.com/rosgen/routeros/sim"
	"github.com/rosgen/routeros/wire"
)

// Server is a simulator on a loopback port that counts what it reads.
type Server struct {
	*sim.Server
	addr string
	n    atomic.Int64
}

// Start starts a simulator with cfg, closed when the test ends.
func Start(t testing.TB, cfg sim.Config) *Server {
	t.Helper()
	srv, err := sim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{Server: srv, addr: l.Addr().String()}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(listener{l, &s.n})
	}()
	t.Cleanup(func() {
		srv.Close()
		<-done
	})
	return s
}

// Addr is the address to dial.
func (s *Server) Addr() string { return s.addr }

// Received reports how many bytes the simulator has read from all connections.
func (s *Server) Received() int64 { return s.n.Load() }

// SentenceBytes is the size on the wire of a sentence of words.
func SentenceBytes(words ...string) int64 { return int64(len(wire.AppendSentence(nil, words...))) }

type listener struct {
	net.Listener
	n *atomic.Int64
}

func (l listener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return conn{c, l.n}, nil
}

type conn struct {
	net.Conn
	n *atomic.Int64
}

func (c conn) Read(p []byte) (int, error) {
	k, err := c.Conn.Read(p)
	c.n.Add(int64(k))
	return k, err
}
