package wire_test

import (
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rosgen/routeros/wire"
	"github.com/rosgen/routeros/wire/wiretest"
)

var (
	_ wire.QueuedStreamer = (*wire.Conn)(nil)
	_ wire.QueuedStreamer = (*wire.Pool)(nil)
)

// A command run on the connection queued hands over reaches the router after the stream's command:
// the script fails the test if the print arrives before the listen.
func TestStreamQueuedOrder(t *testing.T) {
	c := dialScript(t, script().
		Expect("/ip/address/listen", ".tag={a}").
		Expect("/system/identity/print", ".tag={b}").
		Send("!done", ".tag={b}").
		Send("!re", "=.id=*A", "=address=10.0.0.1/24", ".tag={a}").
		Expect("/cancel", "=tag={a}", ".tag={c}").
		Send("!trap", "=category=2", "=message=interrupted", ".tag={a}").
		Send("!done", ".tag={c}").
		Send("!done", ".tag={a}").
		Expect("/ip/address/print", ".tag={d}"). // the /cancel went out before it
		Send("!done", ".tag={d}"))
	calls := 0
	for s, err := range c.StreamQueued(ctx(t), func(same wire.Runner) {
		calls++
		assert.Same(t, c, same)
		_, err := same.Run(ctx(t), "/system/identity/print")
		assert.NoError(t, err)
	}, "/ip/address/listen") {
		require.NoError(t, err)
		assert.Equal(t, "*A", s.Map()[".id"])
		break
	}
	assert.Equal(t, 1, calls)
	_, err := c.Run(ctx(t), "/ip/address/print")
	require.NoError(t, err)
}

// A command refused before it is queued does not call queued.
func TestStreamQueuedRefused(t *testing.T) {
	c := dialScript(t, script())
	for _, err := range c.StreamQueued(ctx(t), func(wire.Runner) { t.Error("queued called for a refused command") }, "no-slash") {
		require.Error(t, err)
	}
	require.NoError(t, c.Close())
	for _, err := range c.StreamQueued(ctx(t), func(wire.Runner) { t.Error("queued called on a closed connection") }, "/ip/address/listen") {
		require.ErrorIs(t, err, wire.ErrClosed)
	}
}

// Through a Pool, queued hands over the connection the stream went to, not the pool: the router
// below answers each command with the number of its connection.
func TestPoolStreamQueuedSameConnection(t *testing.T) {
	var conns atomic.Int64
	srv := wiretest.NewHandlerServer(t, func(sc *wiretest.ServerConn) {
		id := strconv.FormatInt(conns.Add(1), 10)
		for {
			s, err := sc.ReadSentence()
			if err != nil {
				return
			}
			switch s.Word {
			case "/login":
				_ = sc.WriteSentence("!done")
			case "/ip/address/listen":
				_ = sc.WriteSentence("!re", "=conn="+id, ".tag="+s.Tag)
			case "/cancel":
				tag, _ := s.Get("tag")
				_ = sc.WriteSentence("!trap", "=category=2", "=message=interrupted", ".tag="+tag)
				_ = sc.WriteSentence("!done", ".tag="+s.Tag)
				_ = sc.WriteSentence("!done", ".tag="+tag)
			default:
				_ = sc.WriteSentence("!done", "=ret="+id, ".tag="+s.Tag)
			}
		}
	})
	p, err := wire.NewPool(ctx(t), wire.PoolConfig{Config: testConfig(srv.Addr), Size: 2})
	require.NoError(t, err)
	defer p.Close()
	// Open a second connection: hold the first with a stream, run until the pool has dialed
	// another, then end the stream. StreamQueued takes the first (both are idle); a Run through the
	// pool during it would go to the second.
	holding, release := make(chan struct{}), make(chan struct{})
	go func() {
		for _, err := range p.Stream(ctx(t), "/ip/address/listen") {
			assert.NoError(t, err)
			close(holding)
			<-release
			break
		}
	}()
	<-holding
	for p.Stats().Conns < 2 {
		_, err := p.Run(ctx(t), "/system/identity/print")
		require.NoError(t, err)
		time.Sleep(time.Millisecond) // a background dial is under way: wait for it, not a timing assertion
	}
	close(release)
	for p.Stats().InFlight > 0 {
		time.Sleep(time.Millisecond)
	}
	var ranOn string
	for s, err := range p.StreamQueued(ctx(t), func(same wire.Runner) {
		_, isConn := same.(*wire.Conn)
		assert.True(t, isConn, "queued gets the connection, not the pool")
		rep, err := same.Run(ctx(t), "/system/identity/print")
		if assert.NoError(t, err) {
			ranOn = rep.Done.Map()["ret"]
		}
	}, "/ip/address/listen") {
		require.NoError(t, err)
		assert.Equal(t, s.Map()["conn"], ranOn, "the command queued hands over ran on the stream's connection")
		break
	}
	assert.NotEmpty(t, ranOn)
}

var _ wire.QueuedRunner = (*wire.Conn)(nil)

// RunQueued calls queued once the command is queued, before its reply: a second command run from
// queued reaches the router after the first (the script fails the test otherwise), and the first
// still gets its own reply.
func TestRunQueuedOrder(t *testing.T) {
	c := dialScript(t, script().
		Expect("/ip/address/add", "=address=10.0.0.1/24", ".tag={a}").
		Expect("/ip/address/add", "=address=10.0.0.2/24", ".tag={b}").
		Send("!done", "=ret=*2", ".tag={b}").
		Send("!done", "=ret=*1", ".tag={a}"))
	calls := 0
	second := make(chan string, 1)
	rep, err := c.RunQueued(ctx(t), func() {
		calls++
		go func() {
			r, err := c.Run(ctx(t), "/ip/address/add", "=address=10.0.0.2/24")
			if !assert.NoError(t, err) {
				second <- ""
				return
			}
			second <- r.Ret()
		}()
	}, "/ip/address/add", "=address=10.0.0.1/24")
	require.NoError(t, err)
	assert.Equal(t, "*1", rep.Ret())
	assert.Equal(t, "*2", <-second)
	assert.Equal(t, 1, calls)
}

// A command refused before it is queued does not call queued.
func TestRunQueuedRefused(t *testing.T) {
	c := dialScript(t, script())
	_, err := c.RunQueued(ctx(t), func() { t.Error("queued called for a refused command") }, "no-slash")
	require.Error(t, err)
	require.NoError(t, c.Close())
	_, err = c.RunQueued(ctx(t), func() { t.Error("queued called on a closed connection") }, "/ip/address/print")
	require.ErrorIs(t, err, wire.ErrClosed)
}
