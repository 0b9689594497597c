package wire

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"sync"
	"sync/atomic"
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
// connection with the fewest commands in flight, among those not held back by a slow stream consumer
// (see Conn.HeldBack). While every open connection is busy and the pool is below Size, another
// connection is dialed in the background (the command does not wait for it); when every open
// connection is held back, the command waits for a new connection instead, and only a pool at Size
// sends it to a held-back connection (where it waits for that stream to catch up or stall). A
// connection that closed (router restart, network failure, !fatal) is dropped and replaced on demand.
// It is safe for use by any number of goroutines.
//
// A command that fails because its connection broke is not retried (the router may have run it),
// except when the failure happened before anything was written (see SafeToRetry).
type Pool struct {
	cfg PoolConfig

	ctx  context.Context // ends when the pool closes: aborts dials in progress
	stop context.CancelFunc
	wg   sync.WaitGroup // background dials

	mu      sync.Mutex
	conns   []*poolConn
	dialing int
	closed  bool
	wake    chan struct{} // closed and replaced whenever a dial finishes or the pool closes
	trace   poolTrace     // PoolTracer state (pool_tracer.go)
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
	pctx, stop := context.WithCancel(context.Background())
	return &Pool{cfg: cfg, ctx: pctx, stop: stop, conns: []*poolConn{{c: c}}, wake: make(chan struct{})}, nil
}

// String describes the pool without the password.
func (p *Pool) String() string { return "routeros.Pool(" + p.cfg.Config.String() + ")" }

// GoString is String: %#v must not print the password either.
func (p *Pool) GoString() string { return p.String() }

// ErrPoolClosed is matched by commands run on a closed pool (it also matches ErrClosed).
var ErrPoolClosed = fmt.Errorf("%w: pool closed", ErrClosed)

// dial dials one connection, aborted by ctx or by the pool closing.
func (p *Pool) dial(ctx context.Context) (*Conn, error) {
	dctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer context.AfterFunc(p.ctx, cancel)()
	return p.dialTraced(dctx)
}

// dialDone records the end of a dial; p.mu must be held. It returns the new connection's pool entry,
// or nil when the dial failed or the pool closed meanwhile (the connection is then closed).
func (p *Pool) dialDone(c *Conn, err error, inflight int) *poolConn {
	p.dialing--
	close(p.wake)
	p.wake = make(chan struct{})
	if err != nil {
		return nil
	}
	if p.closed {
		_ = c.Close()
		return nil
	}
	pc := &poolConn{c: c, inflight: inflight}
	p.conns = append(p.conns, pc)
	return pc
}

// acquire returns the connection to use and increments its in-flight count.
func (p *Pool) acquire(ctx context.Context) (*poolConn, error) {
	dialFailed := false // a dial made because every connection was held back failed: use one anyway
	for {
		p.mu.Lock()
		if p.closed {
			p.mu.Unlock()
			return nil, ErrPoolClosed
		}
		// Drop connections that have closed; the last command on one closes it (release).
		live := p.conns[:0]
		for _, pc := range p.conns {
			if p.keep(pc) {
				live = append(live, pc)
			} else if pc.inflight == 0 {
				_ = pc.c.Close()
			}
		}
		clear(p.conns[len(live):])
		p.conns = live

		var best, bestHeld *poolConn
		for _, pc := range p.conns {
			if pc.c.HeldBack() {
				if bestHeld == nil || pc.inflight < bestHeld.inflight {
					bestHeld = pc
				}
			} else if best == nil || pc.inflight < best.inflight {
				best = pc
			}
		}
		if best == nil && bestHeld != nil && (dialFailed || len(p.conns)+p.dialing >= p.cfg.Size) {
			// No room for a connection that is not held back: wait on a held-back one.
			bestHeld.inflight++
			p.mu.Unlock()
			return bestHeld, nil
		}
		if best != nil {
			if best.inflight > 0 && len(p.conns)+p.dialing < p.cfg.Size {
				p.dialing++
				p.wg.Add(1)
				go p.dialBackground()
			}
			best.inflight++
			p.mu.Unlock()
			return best, nil
		}
		if p.dialing == 0 || bestHeld != nil {
			// No connection at all, or all are held back and there is room for one more: this caller
			// dials one and waits for it.
			p.dialing++
			p.mu.Unlock()
			c, err := p.dial(ctx)
			p.mu.Lock()
			pc := p.dialDone(c, err, 1)
			closed := p.closed
			p.mu.Unlock()
			switch {
			case closed:
				return nil, ErrPoolClosed
			case err != nil && bestHeld != nil && ctx.Err() == nil:
				dialFailed = true
				continue
			case err != nil:
				return nil, err
			}
			return pc, nil
		}
		// A dial is in progress and there is no live connection: wait for it.
		wake := p.wake
		p.mu.Unlock()
		select {
		case <-wake:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

func (p *Pool) dialBackground() {
	defer p.wg.Done()
	c, err := p.dial(p.ctx)
	p.mu.Lock()
	p.dialDone(c, err, 0)
	p.mu.Unlock()
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
		pc, err := p.acquireTraced(ctx, words)
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
	return p.stream(ctx, nil, words)
}

// StreamQueued is Stream that calls queued once the command has been queued on the connection
// chosen for it; queued receives that connection (see Conn.StreamQueued and QueuedStreamer).
func (p *Pool) StreamQueued(ctx context.Context, queued func(same Runner), words ...string) iter.Seq2[Sentence, error] {
	return p.stream(ctx, queued, words)
}

func (p *Pool) stream(ctx context.Context, queued func(Runner), words []string) iter.Seq2[Sentence, error] {
	var used atomic.Bool
	return func(yield func(Sentence, error) bool) {
		if used.Swap(true) {
			yield(Sentence{}, errors.New("routeros: stream already iterated: a Stream is single-use"))
			return
		}
		pc, err := p.acquireTraced(ctx, words)
		if err != nil {
			yield(Sentence{}, err)
			return
		}
		defer p.release(pc)
		for s, err := range pc.c.stream(ctx, queued, words) {
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
	HeldBack int // open connections whose reader waits for a slow stream consumer (Conn.HeldBack)
}

// Stats returns a snapshot of the pool.
func (p *Pool) Stats() PoolStats {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := PoolStats{Dialing: p.dialing}
	for _, pc := range p.conns {
		if pc.c.Err() == nil {
			s.Conns++
			if pc.c.HeldBack() {
				s.HeldBack++
			}
		}
		s.InFlight += pc.inflight
	}
	return s
}

// Close closes every connection and aborts dials in progress; commands in flight fail with
// ErrClosed. Close is idempotent and returns when the pool's goroutines have exited.
func (p *Pool) Close() error {
	p.mu.Lock()
	if !p.closed {
		p.closed = true
		close(p.wake)
		p.wake = make(chan struct{})
		p.stop()
	}
	conns := p.conns
	p.conns = nil
	p.mu.Unlock()
	for _, pc := range conns {
		_ = pc.c.Close()
	}
	p.wg.Wait()
	p.traceClose(len(conns))
	return nil
}
