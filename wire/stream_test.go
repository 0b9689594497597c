package wire_test

import (
	"context"
	"iter"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rosgen/routeros/wire"
	"github.com/rosgen/routeros/wire/wiretest"
)

// The listen transcript of docs/protocol.md#transcripts: items, a removed item (.dead), then break sends
// /cancel and the interrupted trap and both !done are drained.
func TestStreamListenTranscript(t *testing.T) {
	c := dialScript(t, script().
		Expect("/ip/address/listen", ".tag={a}").
		Send("!re", "=.id=*A", "=address=10.0.0.1/24", ".tag={a}").
		Send("!re", "=.id=*A", "=.dead=true", ".tag={a}").
		Expect("/cancel", "=tag={a}", ".tag={c}").
		Send("!trap", "=category=2", "=message=interrupted", ".tag={a}").
		Send("!done", ".tag={c}").
		Send("!done", ".tag={a}").
		Expect("/ip/address/print", ".tag={b}").
		Send("!done", ".tag={b}"))

	var got []wire.Sentence
	for s, err := range c.Stream(ctx(t), "/ip/address/listen") {
		require.NoError(t, err)
		got = append(got, s)
		if dead, _ := s.Get(".dead"); dead == "true" {
			break
		}
	}
	require.Len(t, got, 2)
	id, _ := got[1].Get(".id")
	assert.Equal(t, "*A", id)
	_, err := c.Run(ctx(t), "/ip/address/print")
	require.NoError(t, err)
	assert.Zero(t, c.DroppedReplies())
}

// Creating a Stream sends nothing: the script fails if the unused stream's command reaches it first.
func TestStreamIsLazy(t *testing.T) {
	c := dialScript(t, script().Expect("/system/identity/print", ".tag={a}").Send("!done", ".tag={a}"))
	_ = c.Stream(ctx(t), "/interface/listen")
	_, err := c.Run(ctx(t), "/system/identity/print")
	require.NoError(t, err)
}

// A stream ends at !done; !empty is not yielded; the command is sent only when iteration starts;
// a Stream is single-use.
func TestStreamEndsAtDone(t *testing.T) {
	c := dialScript(t, script().
		Expect("/interface/monitor-traffic", "=interface=ether1", "=once=", ".tag={a}").
		Send("!re", "=rx-bits-per-second=100", ".tag={a}").
		Send("!empty", ".tag={a}").
		Send("!done", ".tag={a}"))
	st := c.Stream(ctx(t), "/interface/monitor-traffic", "=interface=ether1", "=once=")
	n := 0
	for s, err := range st {
		require.NoError(t, err)
		v, _ := s.Get("rx-bits-per-second")
		assert.Equal(t, "100", v)
		n++
	}
	assert.Equal(t, 1, n)
	for _, err := range st {
		assert.ErrorContains(t, err, "single-use")
	}
}

// A trap is yielded as a *TrapError and ends the stream.
func TestStreamTrap(t *testing.T) {
	c := dialScript(t, script().
		Expect("/ping", "=address=10.9.9.9", ".tag={a}").
		Send("!trap", "=category=1", "=message=invalid value for argument address", ".tag={a}").
		Send("!done", ".tag={a}"))
	var errs []error
	for _, err := range c.Stream(ctx(t), "/ping", "=address=10.9.9.9") {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	var trap *wire.TrapError
	require.ErrorAs(t, errs[0], &trap)
	assert.Equal(t, 1, trap.Category)
}

// When the stream's context ends, the iterator yields the context's error and cancels the command.
func TestStreamContextCancel(t *testing.T) {
	c := dialScript(t, script().
		Expect("/interface/listen", ".tag={a}").
		Send("!re", "=name=ether1", ".tag={a}").
		Expect("/cancel", "=tag={a}", ".tag={c}").
		Send("!trap", "=category=2", "=message=interrupted", ".tag={a}").
		Send("!done", ".tag={a}").
		Send("!done", ".tag={c}").
		Expect("/system/identity/print", ".tag={b}").
		Send("!done", ".tag={b}"))
	sctx, cancel := context.WithCancel(ctx(t))
	defer cancel()
	var gotErr error
	n := 0
	for _, err := range c.Stream(sctx, "/interface/listen") {
		if err != nil {
			gotErr = err
			break
		}
		n++
		cancel()
	}
	assert.Equal(t, 1, n)
	assert.ErrorIs(t, gotErr, context.Canceled)
	_, err := c.Run(ctx(t), "/system/identity/print") // written after the /cancel, answered after its replies
	require.NoError(t, err)
	assert.Zero(t, c.DroppedReplies())
}

// A fail-fast stream's slow consumer never delays replies to other requests; when it falls
// StreamBuffer sentences behind, the stream fails with ErrStreamOverflow and is cancelled on the
// router.
func TestStreamFailFastOverflowDoesNotBlockOthers(t *testing.T) {
	const flood = 50
	var cancelled sync.WaitGroup
	cancelled.Add(1)
	srv := wiretest.NewHandlerServer(t, func(sc *wiretest.ServerConn) {
		for {
			s, err := sc.ReadSentence()
			if err != nil {
				return
			}
			switch s.Word {
			case "/login":
				_ = sc.WriteSentence("!done")
			case "/interface/listen":
				for i := 0; i < flood; i++ {
					_ = sc.WriteSentence("!re", "=n="+strconv.Itoa(i), ".tag="+s.Tag)
				}
			case "/cancel":
				tag, _ := s.Get("tag")
				_ = sc.WriteSentence("!trap", "=category=2", "=message=interrupted", ".tag="+tag)
				_ = sc.WriteSentence("!done", ".tag="+tag)
				_ = sc.WriteSentence("!done", ".tag="+s.Tag)
				cancelled.Done()
			default:
				_ = sc.WriteSentence("!done", "=ret=fine", ".tag="+s.Tag)
			}
		}
	})
	cfg := testConfig(srv.Addr)
	cfg.StreamBuffer = 8
	cfg.StreamFailFast = true
	c, err := wire.Dial(ctx(t), cfg)
	require.NoError(t, err)
	defer c.Close()

	next, stop := iter.Pull2(c.Stream(ctx(t), "/interface/listen"))
	defer stop()
	s, err, ok := next() // starts the stream and takes one sentence; then the consumer stalls
	require.True(t, ok)
	require.NoError(t, err)
	v, _ := s.Get("n")
	assert.Equal(t, "0", v)

	// While the stream consumer sleeps, another request is answered.
	rep, err := c.Run(ctx(t), "/system/identity/print")
	require.NoError(t, err)
	assert.Equal(t, "fine", rep.Ret())

	cancelled.Wait() // the overflow made the connection cancel the stream on the router
	var gotErr error
	count := 1
	for {
		_, err, ok := next()
		if !ok {
			break
		}
		if err != nil {
			gotErr = err
			break
		}
		count++
	}
	assert.ErrorIs(t, gotErr, wire.ErrStreamOverflow)
	assert.LessOrEqual(t, count, 1+cfg.StreamBuffer, "no more than the buffer was kept")
	_, err = c.Run(ctx(t), "/system/identity/print")
	require.NoError(t, err)
}
