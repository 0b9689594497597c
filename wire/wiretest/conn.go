package wiretest

import (
	"context"
	"fmt"
	"net"
	"sync"
	"testing"

	"github.com/rosgen/routeros/wire"
)

// ServerConn is one accepted connection, as seen by a handler or a playing script.
//
// Reads ([ServerConn.ReadSentence], [ServerConn.ReadWords]) must come from one goroutine at a time;
// writes are safe for concurrent use.
type ServerConn struct {
	srv  *Server
	conn net.Conn
	r    *wire.Reader

	// ctx is part of the connection's state, as in net/http.Request: it tells handlers the
	// connection is going away.
	ctx    context.Context
	cancel context.CancelFunc

	wmu  sync.Mutex
	wbuf []byte

	// vars are the placeholder values bound by the scripts played on this connection.
	vars       map[string]string
	secretVars map[string]bool // names bound from secret attributes

	closeOnce sync.Once
	closeErr  error
}

func newServerConn(s *Server, c net.Conn) *ServerConn {
	ctx, cancel := context.WithCancel(s.ctx)
	return &ServerConn{
		srv:    s,
		conn:   c,
		r:      wire.NewReader(c, 0),
		ctx:    ctx,
		cancel: cancel,
		vars:   make(map[string]string),

		secretVars: make(map[string]bool),
	}
}

// ReadSentence reads the client's next non-empty sentence. It returns io.EOF when the client closed
// the connection between sentences.
func (c *ServerConn) ReadSentence() (wire.Sentence, error) {
	return c.r.ReadSentence()
}

// ReadWords reads the client's next non-empty sentence as raw words.
func (c *ServerConn) ReadWords() ([]string, error) {
	return c.r.ReadWords()
}

// WriteSentence encodes words as one sentence and writes it in a single write. It is safe for
// concurrent use by several goroutines. With no words it writes an empty sentence (a lone zero
// byte).
func (c *ServerConn) WriteSentence(words ...string) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.wbuf = wire.AppendSentence(c.wbuf[:0], words...)
	_, err := c.conn.Write(c.wbuf)
	if cap(c.wbuf) > 64<<10 {
		c.wbuf = nil
	}
	return err
}

// WriteRaw writes b unchanged: for broken encodings, control bytes, or sentences split across
// several writes. It is safe for concurrent use with WriteSentence.
func (c *ServerConn) WriteRaw(b []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_, err := c.conn.Write(b)
	return err
}

// Close closes the connection. It may be called more than once.
func (c *ServerConn) Close() error {
	c.closeOnce.Do(func() {
		c.cancel()
		c.closeErr = c.conn.Close()
	})
	return c.closeErr
}

// Context returns a context that is done when the server closes or this connection is closed
// through [ServerConn.Close].
func (c *ServerConn) Context() context.Context { return c.ctx }

// NetConn returns the underlying connection (a *tls.Conn on TLS servers), for tests that need
// deadlines, half-closes or the TLS state.
func (c *ServerConn) NetConn() net.Conn { return c.conn }

// RemoteAddr returns the client's address.
func (c *ServerConn) RemoteAddr() net.Addr { return c.conn.RemoteAddr() }

// T returns the testing.TB the server was created with.
func (c *ServerConn) T() testing.TB { return c.srv.t }

// Errorf reports a test failure from the server side (t.Errorf), prefixed with the connection's
// client address. Redact secrets yourself (see wire.RedactWords).
func (c *ServerConn) Errorf(format string, args ...any) {
	c.srv.t.Helper()
	c.srv.t.Errorf("wiretest: connection from %s: %s", c.conn.RemoteAddr(), fmt.Sprintf(format, args...))
}

// Var returns the value a script played on this connection bound to placeholder {name}.
// Handlers run one goroutine per connection, so Var must be called from the goroutine that plays
// the script (for example inside a [Script.Do] step) or after [ServerConn.Play] has returned.
func (c *ServerConn) Var(name string) (string, bool) {
	v, ok := c.vars[name]
	return v, ok
}

// closing reports whether the server or this connection has been closed, so an I/O error is
// expected rather than a client failure.
func (c *ServerConn) closing() bool { return c.ctx.Err() != nil }
