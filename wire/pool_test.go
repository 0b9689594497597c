package wire_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rosgen/routeros/wire"
	"github.com/rosgen/routeros/wire/wiretest"
)

// poolRouter answers every command with the number of its connection; /quit ends the session like
// RouterOS does (!fatal, then close).
func poolRouter(t *testing.T, conns *atomic.Int64) *wiretest.Server {
	return wiretest.NewHandlerServer(t, func(sc *wiretest.ServerConn) {
		id := conns.Add(1)
		for {
			s, err := sc.ReadSentence()
			if err != nil {
				return
			}
			switch s.Word {
			case "/login":
				if p, _ := s.Get("password"); p != testPass {
					_ = sc.WriteSentence("!trap", "=message=invalid user name or password (6)")
				}
				_ = sc.WriteSentence("!done")
			case "/quit":
				_ = sc.WriteSentence("!fatal", "session terminated on request")
				_ = sc.Close()
				return
			default:
				_ = sc.WriteSentence("!done", "=ret="+string(rune('0'+id)), ".tag="+s.Tag)
			}
		}
	})
}

func TestPoolSpreadsAndReplaces(t *testing.T) {
	var conns atomic.Int64
	srv := poolRouter(t, &conns)
	p, err := wire.NewPool(ctx(t), wire.PoolConfig{Config: testConfig(srv.Addr), Size: 3})
	require.NoError(t, err)
	defer p.Close()
	var _ wire.Runner = p

	var wg sync.WaitGroup
	for i := 0; i < 200; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := p.Run(ctx(t), "/system/identity/print")
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	assert.LessOrEqual(t, conns.Load(), int64(3), "never more than Size connections")
	assert.LessOrEqual(t, p.Stats().Conns, 3)
	assert.Zero(t, p.Stats().InFlight)

	// Kill every connection from the router's side: the pool replaces them on demand. Background
	// dials started during the burst may still finish: a /quit sent while no connection is open
	// waits for such a dial and kills its connection too.
	for quits := 0; ; quits++ {
		st := p.Stats()
		if st.Conns == 0 && st.Dialing == 0 {
			break
		}
		require.Less(t, quits, 3, "more connections than Size")
		_, err := p.Run(ctx(t), "/quit")
		require.ErrorIs(t, err, wire.ErrClosed)
	}
	require.Zero(t, p.Stats().Conns)
	before := conns.Load()
	_, err = p.Run(ctx(t), "/system/identity/print")
	require.NoError(t, err)
	assert.Greater(t, conns.Load(), before, "a new connection was dialed")
}

func TestPoolWrongPassword(t *testing.T) {
	var conns atomic.Int64
	srv := poolRouter(t, &conns)
	cfg := testConfig(srv.Addr)
	cfg.Password = "nope"
	_, err := wire.NewPool(ctx(t), wire.PoolConfig{Config: cfg})
	assert.ErrorIs(t, err, wire.ErrAuth)
}

func TestPoolClosed(t *testing.T) {
	var conns atomic.Int64
	srv := poolRouter(t, &conns)
	p, err := wire.NewPool(ctx(t), wire.PoolConfig{Config: testConfig(srv.Addr)})
	require.NoError(t, err)
	require.NoError(t, p.Close())
	require.NoError(t, p.Close())
	_, err = p.Run(ctx(t), "/system/identity/print")
	assert.ErrorIs(t, err, wire.ErrClosed)
	for _, err := range p.Stream(context.Background(), "/interface/listen") {
		assert.ErrorIs(t, err, wire.ErrClosed)
	}
}
