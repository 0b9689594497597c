package wire_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rosgen/routeros/wire"
)

// poolRecorder records pool events as text, and the command events too (Config.Tracer must be a
// CommandTracer).
type poolRecorder struct {
	mu     sync.Mutex
	events []string
	pool   *wire.Pool // set by the test; events must name this pool
}

var (
	_ wire.CommandTracer = (*poolRecorder)(nil)
	_ wire.PoolTracer    = (*poolRecorder)(nil)
)

func (r *poolRecorder) add(p *wire.Pool, format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if p != r.pool {
		format = "WRONG POOL " + format
	}
	r.events = append(r.events, fmt.Sprintf(format, args...))
}

func (r *poolRecorder) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	e := r.events
	r.events = nil
	return e
}

func (r *poolRecorder) TraceCommandStart(ctx context.Context, _ *wire.Conn, _ wire.TraceCommandStartData) context.Context {
	return ctx
}
func (r *poolRecorder) TraceCommandEnd(context.Context, *wire.Conn, wire.TraceCommandEndData) {}

type ctxKey struct{}

func (r *poolRecorder) TracePoolAcquireStart(ctx context.Context, p *wire.Pool, d wire.TracePoolAcquireStartData) context.Context {
	r.add(p, "acquire-start %s", d.Command)
	return context.WithValue(ctx, ctxKey{}, d.Command)
}
func (r *poolRecorder) TracePoolAcquireEnd(ctx context.Context, p *wire.Pool, d wire.TracePoolAcquireEndData) {
	r.add(p, "acquire-end %v conn=%t err=%v", ctx.Value(ctxKey{}), d.Conn != nil, d.Err)
}
func (r *poolRecorder) TracePoolDial(_ context.Context, p *wire.Pool, d wire.TracePoolDialData) {
	r.add(p, "dial conn=%t err=%v", d.Conn != nil, d.Err)
}
func (r *poolRecorder) TracePoolConnDropped(_ context.Context, p *wire.Pool, d wire.TracePoolConnDroppedData) {
	r.add(p, "dropped conn=%t closed=%t", d.Conn != nil, d.Err != nil)
}
func (r *poolRecorder) TracePoolClose(_ context.Context, p *wire.Pool, d wire.TracePoolCloseData) {
	r.add(p, "close conns=%d", d.Conns)
}

// TestPoolTracer follows one pool through a command, the router ending the session, the replacement
// dial and Close, and checks each PoolTracer event, with and without MultiTracer.
func TestPoolTracer(t *testing.T) {
	for _, multi := range []bool{false, true} {
		t.Run(fmt.Sprint("multi=", multi), func(t *testing.T) {
			var conns atomic.Int64
			srv := poolRouter(t, &conns)
			rec := &poolRecorder{}
			cfg := testConfig(srv.Addr)
			cfg.Tracer = rec
			if multi {
				cfg.Tracer = wire.MultiTracer{nil, wire.SlogTracer{}, rec}
			}
			p, err := wire.NewPool(ctx(t), wire.PoolConfig{Config: cfg, Size: 1})
			require.NoError(t, err)
			rec.mu.Lock()
			rec.pool = p
			rec.mu.Unlock()

			_, err = p.Run(ctx(t), "/system/identity/print")
			require.NoError(t, err)
			assert.Equal(t, []string{
				"acquire-start /system/identity/print",
				"acquire-end /system/identity/print conn=true err=<nil>",
			}, rec.take(), "NewPool's own dial is not a pool event")

			// The router ends the session: the next command finds the connection closed, drops it
			// and dials its replacement.
			_, err = p.Run(ctx(t), "/quit")
			require.ErrorIs(t, err, wire.ErrClosed)
			rec.take()
			_, err = p.Run(ctx(t), "/system/identity/print")
			require.NoError(t, err)
			assert.Equal(t, []string{
				"acquire-start /system/identity/print",
				"dial conn=true err=<nil>",
				"dropped conn=true closed=true",
				"acquire-end /system/identity/print conn=true err=<nil>",
			}, rec.take())

			for range p.Stream(ctx(t), "/interface/print") {
			}
			assert.Equal(t, []string{
				"acquire-start /interface/print",
				"acquire-end /interface/print conn=true err=<nil>",
			}, rec.take())

			require.NoError(t, p.Close())
			require.NoError(t, p.Close())
			_, err = p.Run(ctx(t), "/system/identity/print")
			require.ErrorIs(t, err, wire.ErrPoolClosed)
			assert.Equal(t, []string{
				"close conns=1",
				"acquire-start /system/identity/print",
				"acquire-end /system/identity/print conn=false err=" + wire.ErrPoolClosed.Error(),
			}, rec.take(), "Close is reported once")
		})
	}
}

// TestPoolTracerDialFailure: a replacement dial that fails is reported to the PoolTracer and to the
// acquire that waited for it.
func TestPoolTracerDialFailure(t *testing.T) {
	var conns atomic.Int64
	srv := poolRouter(t, &conns)
	rec := &poolRecorder{}
	cfg := testConfig(srv.Addr)
	cfg.Tracer = rec
	p, err := wire.NewPool(ctx(t), wire.PoolConfig{Config: cfg, Size: 1})
	require.NoError(t, err)
	defer p.Close()
	rec.mu.Lock()
	rec.pool = p
	rec.mu.Unlock()
	_, err = p.Run(ctx(t), "/quit")
	require.ErrorIs(t, err, wire.ErrClosed)
	srv.Close() // the router is gone: the replacement dial fails
	rec.take()

	_, err = p.Run(ctx(t), "/system/identity/print")
	require.Error(t, err)
	ev := rec.take()
	require.Len(t, ev, 4)
	assert.Equal(t, "acquire-start /system/identity/print", ev[0])
	assert.True(t, strings.HasPrefix(ev[1], "dial conn=false err=routeros: dial "), ev[1])
	assert.Equal(t, "dropped conn=true closed=true", ev[2])
	assert.True(t, strings.HasPrefix(ev[3], "acquire-end /system/identity/print conn=false err=routeros: dial "), ev[3])
}
