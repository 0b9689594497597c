package wire

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Flow control and byte budgets. The design is in the package documentation (section "Flow control
// and memory"); this file holds the budgets, the hold-back of the reader and the stall limit.

var (
	// ErrStreamStalled is matched when a stream's consumer took nothing for Config.StreamStallTimeout
	// while its full buffer held back the connection. The stream ends with this error, the command is
	// cancelled on the router, and the connection goes on serving its other requests.
	ErrStreamStalled = errors.New("routeros: stream consumer stalled")
	// ErrReplyTooLarge is matched when the replies to one Run grow past Config.MaxReplyBytes. The
	// command is cancelled on the router and the connection goes on. Read tables that large with
	// Stream (or a typed All), which hold only what the consumer has not taken yet.
	ErrReplyTooLarge = errors.New("routeros: reply too large for Run")
)

const (
	// DefaultMaxReplyBytes is what Run may collect for one command when Config.MaxReplyBytes is 0.
	DefaultMaxReplyBytes = 1 << 30
	// DefaultStreamBufferBytes is what a stream may hold unread when Config.StreamBufferBytes is 0.
	DefaultStreamBufferBytes = 1 << 20
	// DefaultStreamStallTimeout is the stall limit when Config.StreamStallTimeout is 0.
	DefaultStreamStallTimeout = 30 * time.Second

	// loginReplyLimit bounds the replies to one /login sentence before its !done, and each of them.
	loginReplyLimit = 64 << 10
	// trapLimit bounds the !trap replies one request may collect (RouterOS sends one or two).
	trapLimit = 64 << 10
)

// sentenceCost is what a decoded sentence costs in memory: its bytes, plus the headers of the
// Sentence, of each Attr and of each other word. Budgets count this, so a flood of tiny sentences
// or words is bounded as surely as a few large ones.
func sentenceCost(s Sentence) int {
	n := 96 + len(s.Word) + len(s.Tag) + 32*len(s.Attrs) + 16*len(s.Words)
	for _, a := range s.Attrs {
		n += len(a.Key) + len(a.Value) + 2
	}
	for _, w := range s.Words {
		n += len(w)
	}
	return n
}

type failFastKey struct{}

// WithStreamFailFast returns a context that makes the streams started with it fail fast (failFast
// true) or apply flow control (false), whatever Config.StreamFailFast says. A fail-fast stream whose
// buffer is full ends with ErrStreamOverflow and is cancelled, instead of holding back the
// connection: for live monitoring, where a consumer that cannot keep up should know at once and other
// requests on the connection must never wait.
func WithStreamFailFast(ctx context.Context, failFast bool) context.Context {
	return context.WithValue(ctx, failFastKey{}, failFast)
}

func streamFailFast(ctx context.Context, def bool) bool {
	if v, ok := ctx.Value(failFastKey{}).(bool); ok {
		return v
	}
	return def
}

// HeldBack reports whether the connection has stopped reading from the socket because a stream's
// consumer is behind (its buffer is full). Replies to every request on the connection wait until
// that consumer catches up or its stall limit passes. It is cheap: a Pool asks it for every command
// to send new commands to connections that are not held back.
func (c *Conn) HeldBack() bool { return c.held.Load() }

// setHeld records the start or end of a hold-back.
func (c *Conn) setHeld(on bool) {
	c.mu.Lock()
	if on {
		c.heldSince = time.Now()
	} else if !c.heldSince.IsZero() {
		c.heldTotal += time.Since(c.heldSince)
		c.heldSince = time.Time{}
	}
	c.held.Store(on)
	c.mu.Unlock()
}

// heldFor returns how long the reader has been held back in total, the current hold included.
func (c *Conn) heldFor() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	d := c.heldTotal
	if !c.heldSince.IsZero() {
		d += time.Since(c.heldSince)
	}
	return d
}

// holdBack blocks the reader goroutine while stream r's buffer is full, so that the router, through
// TCP, waits for the consumer. It returns when the consumer has taken half of the buffer, when the
// stream was abandoned (break, ctx) or ended, when the connection closes, or when the consumer took
// nothing for the stall limit: the stream then fails with ErrStreamStalled and is cancelled.
func (c *Conn) holdBack(r *request) {
	c.setHeld(true)
	defer c.setHeld(false)
	stall := c.cfg.StreamStallTimeout
	timer := time.NewTimer(stall)
	defer timer.Stop()
	r.mu.Lock()
	r.waiting, r.lastTake = true, time.Now()
	r.mu.Unlock()
	for {
		r.mu.Lock()
		if r.abandoned || r.ended || r.belowLowWater() {
			r.waiting = false
			r.mu.Unlock()
			return
		}
		r.mu.Unlock()
		select {
		case <-r.space:
		case <-c.closed:
			return
		case <-timer.C:
			r.mu.Lock()
			if idle := time.Since(r.lastTake); idle < stall {
				r.mu.Unlock()
				timer.Reset(stall - idle)
				continue
			}
			n, b := len(r.re), r.bytes
			r.waiting = false
			r.dropLocked()
			r.endLocked(fmt.Errorf("%w: %s (tag %s) took nothing for %v while its full buffer (%d sentences, %d bytes) "+
				"held back the connection; the command was cancelled (Config.StreamStallTimeout)",
				ErrStreamStalled, r.cmd, r.tag, stall, n, b))
			r.mu.Unlock()
			c.log.Warn("routeros: stream consumer stalled, cancelling", "tag", r.tag, "command", r.cmd)
			c.cancel(r)
			return
		}
	}
}

// belowLowWater reports whether a held-back reader may read on: the stream's consumer has taken at
// least half of its buffer. r.mu must be held.
func (r *request) belowLowWater() bool {
	return r.bytes <= r.maxBytes/2 && (r.maxCount == 0 || len(r.re) <= r.maxCount/2)
}

// dropLocked abandons the request and frees what it buffered: its caller is gone, so its remaining
// replies are drained; a reader held back by it is released. r.mu must be held.
func (r *request) dropLocked() {
	r.abandoned = true
	clear(r.re)
	r.re, r.bytes = nil, 0
	select {
	case r.space <- struct{}{}:
	default:
	}
}

func (r *request) drop() {
	r.mu.Lock()
	r.dropLocked()
	r.mu.Unlock()
}

// readLoginReply reads one reply to /login, counting it against budget (the bytes the router may still
// send before the !done): a router flooding the login with traps or words gets an error, not memory.
func (c *Conn) readLoginReply(budget *int) (Sentence, error) {
	c.rd.MaxSentenceSize = loginReplyLimit
	defer func() { c.rd.MaxSentenceSize = 0 }()
	s, err := c.rd.ReadSentence()
	if err != nil {
		return s, err
	}
	if *budget -= sentenceCost(s); *budget < 0 {
		return Sentence{}, &ProtocolError{Reason: fmt.Sprintf("the router sent more than %d bytes of replies to /login "+
			"without its !done", loginReplyLimit)}
	}
	return s, nil
}
