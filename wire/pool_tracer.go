package wire

import (
	"context"
	"sync"
	"time"
)

// PoolTracer traces the events of a Pool: commands waiting for a connection, the dials the pool
// makes, connections it drops and its closing. The pool finds it by type assertion on the Tracer of
// its PoolConfig, like the other optional tracers. Its methods are called without any pool lock
// held, so they may call the pool (Stats, for instance).
//
// The connection NewPool dials first is reported by DialTracer only: the pool does not exist yet. For
// the number of open connections at any moment, read Pool.Stats rather than counting events.
type PoolTracer interface {
	// TracePoolAcquireStart is called when a command (Run, or a Stream when its iteration starts)
	// asks for a connection. The returned context is passed to TracePoolAcquireEnd.
	TracePoolAcquireStart(ctx context.Context, pool *Pool, data TracePoolAcquireStartData) context.Context
	// TracePoolAcquireEnd is called when the command has its connection, or gave up.
	TracePoolAcquireEnd(ctx context.Context, pool *Pool, data TracePoolAcquireEndData)
	// TracePoolDial is called when a dial the pool started (to grow, or to replace dropped
	// connections) has ended. The dial itself is also reported to DialTracer.
	TracePoolDial(ctx context.Context, pool *Pool, data TracePoolDialData)
	// TracePoolConnDropped is called when the pool removes a connection that has closed (router
	// restart, network failure, !fatal); a later command that finds no idle connection dials its
	// replacement (TracePoolDial).
	TracePoolConnDropped(ctx context.Context, pool *Pool, data TracePoolConnDroppedData)
	// TracePoolClose is called once, when Close has closed the pool's connections.
	TracePoolClose(ctx context.Context, pool *Pool, data TracePoolCloseData)
}

// TracePoolAcquireStartData describes a command asking the pool for a connection.
type TracePoolAcquireStartData struct {
	// Command is the command word, such as /ip/address/print.
	Command string
}

// TracePoolAcquireEndData describes how a command's wait for a connection ended.
type TracePoolAcquireEndData struct {
	Conn     *Conn         // the connection the command runs on; nil on error
	Duration time.Duration // time spent waiting, dials included
	Err      error         // ErrPoolClosed, the context's error, or a failed dial's error
}

// TracePoolDialData describes a dial made by the pool.
type TracePoolDialData struct {
	// Conn is the new connection, nil on error. When the pool closed during the dial, the connection
	// is closed at once and never used.
	Conn     *Conn
	Duration time.Duration
	Err      error
}

// TracePoolConnDroppedData describes a connection the pool dropped.
type TracePoolConnDroppedData struct {
	Conn *Conn
	Err  error // why it closed: the connection's Err
}

// TracePoolCloseData describes a pool's Close.
type TracePoolCloseData struct {
	Conns int // connections the pool held when Close was called
}

// poolTrace is the pool's state for PoolTracer: connections dropped under the pool's lock wait here
// until the next traced acquire reports them without the lock.
type poolTrace struct {
	dropped []*Conn // guarded by Pool.mu
	close   sync.Once
}

func (p *Pool) poolTracer() PoolTracer {
	pt, _ := p.cfg.Tracer.(PoolTracer)
	return pt
}

// keep reports whether acquire keeps pc (its connection is open); a connection being dropped is
// recorded for the PoolTracer. p.mu is held.
func (p *Pool) keep(pc *poolConn) bool {
	if pc.c.Err() == nil {
		return true
	}
	if p.poolTracer() != nil {
		p.trace.dropped = append(p.trace.dropped, pc.c)
	}
	return false
}

// acquireTraced is acquire, reported to the PoolTracer.
func (p *Pool) acquireTraced(ctx context.Context, words []string) (*poolConn, error) {
	pt := p.poolTracer()
	if pt == nil {
		return p.acquire(ctx)
	}
	var cmd string
	if len(words) > 0 {
		cmd = words[0]
	}
	start := time.Now()
	tctx := pt.TracePoolAcquireStart(ctx, p, TracePoolAcquireStartData{Command: cmd})
	if tctx == nil {
		tctx = ctx
	}
	pc, err := p.acquire(ctx)
	p.mu.Lock()
	dropped := p.trace.dropped
	p.trace.dropped = nil
	p.mu.Unlock()
	for _, c := range dropped {
		pt.TracePoolConnDropped(tctx, p, TracePoolConnDroppedData{Conn: c, Err: c.Err()})
	}
	d := TracePoolAcquireEndData{Duration: time.Since(start), Err: err}
	if pc != nil {
		d.Conn = pc.c
	}
	pt.TracePoolAcquireEnd(tctx, p, d)
	return pc, err
}

// dialTraced dials one connection for the pool and reports it to the PoolTracer.
func (p *Pool) dialTraced(ctx context.Context) (*Conn, error) {
	pt := p.poolTracer()
	if pt == nil {
		return Dial(ctx, p.cfg.Config)
	}
	start := time.Now()
	c, err := Dial(ctx, p.cfg.Config)
	pt.TracePoolDial(ctx, p, TracePoolDialData{Conn: c, Duration: time.Since(start), Err: err})
	return c, err
}

// traceClose reports the first Close.
func (p *Pool) traceClose(conns int) {
	if pt := p.poolTracer(); pt != nil {
		p.trace.close.Do(func() { pt.TracePoolClose(context.Background(), p, TracePoolCloseData{Conns: conns}) })
	}
}

// TracePoolAcquireStart implements PoolTracer.
func (m MultiTracer) TracePoolAcquireStart(ctx context.Context, p *Pool, d TracePoolAcquireStartData) context.Context {
	for _, t := range m {
		if t, ok := t.(PoolTracer); ok {
			if c := t.TracePoolAcquireStart(ctx, p, d); c != nil {
				ctx = c
			}
		}
	}
	return ctx
}

// TracePoolAcquireEnd implements PoolTracer.
func (m MultiTracer) TracePoolAcquireEnd(ctx context.Context, p *Pool, d TracePoolAcquireEndData) {
	for _, t := range m {
		if t, ok := t.(PoolTracer); ok {
			t.TracePoolAcquireEnd(ctx, p, d)
		}
	}
}

// TracePoolDial implements PoolTracer.
func (m MultiTracer) TracePoolDial(ctx context.Context, p *Pool, d TracePoolDialData) {
	for _, t := range m {
		if t, ok := t.(PoolTracer); ok {
			t.TracePoolDial(ctx, p, d)
		}
	}
}

// TracePoolConnDropped implements PoolTracer.
func (m MultiTracer) TracePoolConnDropped(ctx context.Context, p *Pool, d TracePoolConnDroppedData) {
	for _, t := range m {
		if t, ok := t.(PoolTracer); ok {
			t.TracePoolConnDropped(ctx, p, d)
		}
	}
}

// TracePoolClose implements PoolTracer.
func (m MultiTracer) TracePoolClose(ctx context.Context, p *Pool, d TracePoolCloseData) {
	for _, t := range m {
		if t, ok := t.(PoolTracer); ok {
			t.TracePoolClose(ctx, p, d)
		}
	}
}

// TracePoolAcquireStart implements PoolTracer.
func (s SlogTracer) TracePoolAcquireStart(ctx context.Context, _ *Pool, _ TracePoolAcquireStartData) context.Context {
	return ctx
}

// TracePoolAcquireEnd implements PoolTracer: only a failed acquire is logged.
func (s SlogTracer) TracePoolAcquireEnd(ctx context.Context, _ *Pool, d TracePoolAcquireEndData) {
	if d.Err != nil {
		s.log(ctx, d.Err, "routeros pool acquire", "duration", d.Duration)
	}
}

// TracePoolDial implements PoolTracer.
func (s SlogTracer) TracePoolDial(ctx context.Context, _ *Pool, d TracePoolDialData) {
	s.log(ctx, d.Err, "routeros pool dial", "duration", d.Duration)
}

// TracePoolConnDropped implements PoolTracer.
func (s SlogTracer) TracePoolConnDropped(ctx context.Context, _ *Pool, d TracePoolConnDroppedData) {
	s.log(ctx, nil, "routeros pool dropped a closed connection", "reason", d.Err)
}

// TracePoolClose implements PoolTracer.
func (s SlogTracer) TracePoolClose(ctx context.Context, _ *Pool, d TracePoolCloseData) {
	s.log(ctx, nil, "routeros pool closed", "conns", d.Conns)
}
