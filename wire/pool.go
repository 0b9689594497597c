package wire

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"sync"
)

// PoolConfig configures a Pool.
type PoolConfig struct {
	// Config is how each connection is dialed and logged in.
	Config
	// Size is the most connections the pool keeps open; 0 means 2. One connection already runs any
	// number of commands at once; more connections spread the router's per-session work and keep the
	// pool usable while a broken connection is replaced.
	Size int
}

// Pool is a Runner over up to Size connections to one router. Each command goes to the open
// connection with the fewest commands in flight; a new connection is dialed while every open one is
// busy and the pool is below Size; a connection that closed (router restart, network failure,
// !fatal) is dropped and replaced on demand. It is safe for use by any number of goroutines.
//
// A command that fails because its connection broke is not retried (the router may have run it),
// except when the failure happened before anything was written (see SafeToRetry).
type Pool struct {
	cfg PoolConfig

	mu      sync.Mutex
	conns   []*poolConn
	dialing int
	closed  bool
	wake    chan struct{} // closed and replaced whenever a dial finishes
}

type poolConn struct {
	c        *Conn
	inflight int
}

var _ Runner = (*Pool)(nil)

// NewPool dials the first connection (so wrong credentials fail here, with ErrAuth) and returns the
// pool.
func NewPool(ctx context.Context, cfg PoolConfig) (*Pool, error) {
	if cfg.Size <= 0 {
		cfg.Size = 2
	}
	c, err := Dial(ctx, cfg.Config)
	if err != nil {
		return nil, err
	}
	return &Pool{cfg: cfg, conns: []*poolConn{{c: c}}, wake: make(chan struct{})}, nil
}

// ErrPoolClosed is matched by commands run on a closed pool (it also matches ErrClosed).
var ErrPoolClosed = fmt.Errorf("%w: pool closed", ErrClosed)

// acquire returns the connection to use and increments its in-flight count.
func (p *Pool) acquire(ctx context.Context) (*poolConn, error) {
	for {
		p.mu.Lock()
		if p.closed {
			p.mu.Unlock()
			return nil, ErrPoolClosed
		}
		// Drop connections that have closed.
		live := p.conns[:0]
		for _, pc := range p.conns {
			if pc.c.Err() == nil {
				live = append(live, pc)
			} else if pc.inflight == 0 {
				_ = pc.c.Close()
			}
		}
		clear(p.conns[len(live):])
		p.conns = live

		var best *poolConn
		for _, pc := range p.conns {
			if best == nil || pc.inflight < best.inflight {
				best = pc
			}
		}
		if best != nil && (best.inflight == 0 || len(p.conns)+p.dialing >= p.cfg.Size) {
			best.inflight++
			p.mu.Unlock()
			return best, nil
		}
		if len(p.conns)+p.dialing < p.cfg.Size {
			p.dialing++
			p.mu.Unlock()
			c, err := Dial(ctx, p.cfg.Config)
			p.mu.Lock()
			p.dialing--
			close(p.wake)
			p.wake = make(chan struct{})
			if err != nil {
				p.mu.Unlock()
				if best != nil { // a busy connection beats none
					continue
				}
				return nil, err
			}
			if p.closed {
				p.mu.Unlock()
				_ = c.Close()
				return nil, ErrPoolClosed
			}
			pc := &poolConn{c: c, inflight: 1}
			p.conns = append(p.conns, pc)
			p.mu.Unlock()
			return pc, nil
		}
		// No live connection and dials in progress: wait for one to finish.
		wake := p.wake
		p.mu.Unlock()
		select {
		case <-wake:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

func (p *Pool) release(pc *poolConn) {
	p.mu.Lock()
	pc.inflight--
	if pc.inflight == 0 && (p.closed || pc.c.Err() != nil) {
		defer pc.c.Close()
	}
	p.mu.Unlock()
}

// Run runs one command on one of the pool's connections; see Conn.Run. A command refused by a
// connection that had just closed, before anything was written, is retried on another.
func (p *Pool) Run(ctx context.Context, words ...string) (*Reply, error) {
	for attempt := 0; ; attempt++ {
		pc, err := p.acquire(ctx)
		if err != nil {
			return nil, err
		}
		rep, err := pc.c.Run(ctx, words...)
		p.release(pc)
		if err != nil && SafeToRetry(err) && attempt < p.cfg.Size && ctx.Err() == nil {
			continue
		}
		return rep, err
	}
}

// Stream runs one streaming command on one of the pool's connections; see Conn.Stream. The
// connection counts as busy until the iteration ends.
func (p *Pool) Stream(ctx context.Context, words ...string) iter.Seq2[Sentence, error] {
	return func(yield func(Sentence, error) bool) {
		pc, err := p.acquire(ctx)
		if err != nil {
			yield(Sentence{}, err)
			return
		}
		defer p.release(pc)
		for s, err := range pc.c.Stream(ctx, words...) {
			if !yield(s, err) {
				return
			}
		}
	}
}

// PoolStats is a snapshot of a pool.
type PoolStats struct {
	Conns    int // open connections
	InFlight int // commands running
	Dialing  int // connections being dialed
}

// Stats returns a snapshot of the pool.
func (p *Pool) Stats() PoolStats {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := PoolStats{Dialing: p.dialing}
	for _, pc := range p.conns {
		if pc.c.Err() == nil {
			s.Conns++
		}
		s.InFlight += pc.inflight
	}
	return s
}

// Close closes every connection; commands in flight fail with ErrClosed. Close is idempotent.
func (p *Pool) Close() error {
	p.mu.Lock()
	p.closed = true
	conns := p.conns
	p.conns = nil
	p.mu.Unlock()
	for _, pc := range conns {
		_ = pc.c.Close()
	}
	return nil
}

// notSentError marks an error that happened before the request reached the socket.
type notSentError struct{ err error }

func (e *notSentError) Error() string { return e.err.Error() }
func (e *notSentError) Unwrap() error { return e.err }

// SafeToRetry reports whether err means the command was certainly not sent to the router (the
// connection had already closed), so running it again cannot run it twice.
func SafeToRetry(err error) bool {
	var ns *notSentError
	return errors.As(err, &ns)
}
