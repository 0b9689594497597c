package wiretest

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/rosgen/routeros/internal/testpki"
)

// handshakeTimeout bounds the TLS handshake of one accepted connection.
const handshakeTimeout = 10 * time.Second

// Server is a loopback RouterOS API server for tests. Every accepted connection either plays a
// [Script] from its first step or runs a handler function, each in its own goroutine.
//
// A Server is started by its constructor and closed by [Server.Close], which the constructor also
// registers with t.Cleanup, so most tests never call it.
type Server struct {
	// Addr is the listening address, "127.0.0.1:PORT".
	Addr string
	// Listener is the TCP listener. For TLS servers it is the plain TCP listener: the handshake runs
	// on each accepted connection.
	Listener net.Listener
	// CACertPEM is the PEM encoding of the CA certificate that signed a TLS server's certificate; nil
	// for plain servers.
	CACertPEM []byte
	// RootCAs is a pool holding that CA certificate; nil for plain servers.
	RootCAs *x509.CertPool

	t         testing.TB
	handler   func(*ServerConn)
	raw       func(ctx context.Context, c net.Conn) // instead of handler: gets the bare TCP connection
	tlsServer *tls.Config                           // nil for plain servers
	tlsClient *tls.Config

	ctx    context.Context // done when the server closes; lives as long as the server
	cancel context.CancelFunc

	mu       sync.Mutex
	closed   bool
	conns    map[net.Conn]struct{}
	accepted int
	wg       sync.WaitGroup
	once     sync.Once
}

// NewServer starts a plain TCP server on 127.0.0.1 with a random port. Every accepted connection
// plays script from its first step (see [Script] for what happens on a mismatch and after the last
// step). A nil script is an empty one: the connection is held open until the client closes it, and
// any sentence the client sends fails the test.
//
// Do not modify script once the server has started.
func NewServer(t testing.TB, script *Script) *Server {
	t.Helper()
	return newServer(t, scriptHandler(script), nil, false)
}

// NewTLSServer is [NewServer] over TLS. The server's certificate is signed by a CA generated for
// this server only; [Server.TLSConfig] returns a client configuration that trusts it, and
// [Server.CACertPEM] / [Server.RootCAs] hold the CA for tests that build their own.
func NewTLSServer(t testing.TB, script *Script) *Server {
	t.Helper()
	return newServer(t, scriptHandler(script), nil, true)
}

// NewHandlerServer starts a plain TCP server on 127.0.0.1 that runs h in a new goroutine for every
// accepted connection. The connection is closed when h returns. h must return once
// [ServerConn.Context] is done (reads and writes fail by then; h only has to watch the context
// when it blocks on something else).
//
// h runs outside the test goroutine: it may call t.Errorf (or [ServerConn.Errorf]) but not
// t.Fatal or t.FailNow.
func NewHandlerServer(t testing.TB, h func(*ServerConn)) *Server {
	t.Helper()
	return newServer(t, h, nil, false)
}

// NewTLSHandlerServer is [NewHandlerServer] over TLS, with certificates as for [NewTLSServer].
// The handshake completes before h runs; a connection whose handshake fails never reaches h.
func NewTLSHandlerServer(t testing.TB, h func(*ServerConn)) *Server {
	t.Helper()
	return newServer(t, h, nil, true)
}

func newServer(t testing.TB, h func(*ServerConn), raw func(context.Context, net.Conn), useTLS bool) *Server {
	t.Helper()
	return newServerWith(t, h, raw, useTLS, nil)
}

// newServerWith is newServer with configure run on the server before it starts listening.
func newServerWith(t testing.TB, h func(*ServerConn), raw func(context.Context, net.Conn), useTLS bool, configure func(*Server)) *Server {
	t.Helper()
	if h == nil && raw == nil {
		h = func(*ServerConn) {}
	}
	s := &Server{t: t, handler: h, raw: raw, conns: make(map[net.Conn]struct{})}
	if useTLS {
		pki, err := testpki.New("routeros wiretest", 24*time.Hour)
		if err != nil {
			t.Fatalf("wiretest: generating certificates: %v", err)
		}
		s.CACertPEM = pki.CAPEM
		s.RootCAs = pki.Pool
		s.tlsServer = &tls.Config{
			Certificates: []tls.Certificate{pki.Leaf},
			MinVersion:   tls.VersionTLS12,
		}
	}
	if configure != nil {
		configure(s)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("wiretest: listening on 127.0.0.1: %v", err)
	}
	s.Listener = ln
	s.Addr = ln.Addr().String()
	if useTLS {
		host, _, _ := net.SplitHostPort(s.Addr)
		s.tlsClient = &tls.Config{RootCAs: s.RootCAs, ServerName: host, MinVersion: tls.VersionTLS12}
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.wg.Add(1)
	go s.acceptLoop()
	t.Cleanup(s.Close)
	return s
}

// TLSConfig returns a new client TLS configuration that trusts the server's CA, with ServerName set
// to the server's IP address (the certificate is valid for 127.0.0.1 and localhost). It returns nil
// for a plain server.
func (s *Server) TLSConfig() *tls.Config {
	if s.tlsClient == nil {
		return nil
	}
	return s.tlsClient.Clone()
}

// Accepted returns how many connections the server has accepted so far.
func (s *Server) Accepted() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.accepted
}

// Close stops accepting, closes every open connection, and waits until every handler (or script)
// has returned. It may be called more than once, but not from a handler or a script's Do step
// (it would wait for itself). A script interrupted by Close is not a test failure.
func (s *Server) Close() {
	s.once.Do(func() {
		s.mu.Lock()
		s.closed = true
		conns := make([]net.Conn, 0, len(s.conns))
		for c := range s.conns {
			conns = append(conns, c)
		}
		s.mu.Unlock()
		s.cancel()
		_ = s.Listener.Close()
		for _, c := range conns {
			_ = c.Close()
		}
	})
	s.wg.Wait()
}

func (s *Server) acceptLoop() {
	defer s.wg.Done()
	for {
		nc, err := s.Listener.Accept()
		if err != nil {
			if s.ctx.Err() != nil || errors.Is(err, net.ErrClosed) {
				return
			}
			// A transient failure (out of file descriptors, an aborted connection): retry shortly.
			select {
			case <-s.ctx.Done():
				return
			case <-time.After(5 * time.Millisecond):
			}
			continue
		}
		if !s.track(nc) {
			_ = nc.Close()
			return
		}
		s.wg.Add(1)
		go s.serve(nc)
	}
}

// track registers an accepted connection; it fails once the server is closed.
func (s *Server) track(c net.Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.conns[c] = struct{}{}
	s.accepted++
	return true
}

func (s *Server) untrack(c net.Conn) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
}

func (s *Server) serve(nc net.Conn) {
	defer s.wg.Done()
	defer s.untrack(nc)
	defer nc.Close()
	if s.raw != nil {
		s.raw(s.ctx, nc)
		return
	}
	conn := nc
	if s.tlsServer != nil {
		tc := tls.Server(nc, s.tlsServer)
		ctx, cancel := context.WithTimeout(s.ctx, handshakeTimeout)
		err := tc.HandshakeContext(ctx)
		cancel()
		if err != nil {
			// A client that refuses the certificate, or gives up, is a normal test scenario. The
			// handshake may have sent an alert: let the client read it before the connection goes.
			drainAndClose(nc)
			return
		}
		conn = tc
	}
	c := newServerConn(s, conn)
	defer c.Close()
	s.handler(c)
}
