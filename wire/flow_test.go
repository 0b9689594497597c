package wire_test

import (
	"context"
	"errors"
	"iter"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rosgen/routeros/wire"
	"github.com/rosgen/routeros/wire/wiretest"
)

func dialFlow(t *testing.T, fr *flowRouter, tune func(*wire.Config)) *wire.Conn {
	t.Helper()
	cfg := testConfig(fr.Addr)
	if tune != nil {
		tune(&cfg)
	}
	c, err := wire.Dial(ctx(t), cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// checkRows consumes a print of the flow router and checks that every row arrived, in order.
func checkRows(t *testing.T, seq iter.Seq2[wire.Sentence, error], rows int, each func()) {
	t.Helper()
	n := 0
	for s, err := range seq {
		require.NoError(t, err, "after %d rows", n)
		if id, _ := s.Get(".id"); id != "*"+strconv.FormatInt(int64(n)+1, 16) {
			t.Fatalf("row %d has .id %s", n, id)
		}
		n++
		if each != nil {
			each()
		}
	}
	assert.Equal(t, rows, n)
}

// A consumer slower than the router holds the connection's reader back instead of failing: it gets
// every row, in order, and the reader reads on once it has caught up.
func TestStreamSlowConsumerHoldsBackReader(t *testing.T) {
	const rows = 3000
	fr := newFlowRouter(t, rows)
	c := dialFlow(t, fr, func(cfg *wire.Config) { cfg.StreamBufferBytes = 16 << 10 })

	first := true
	checkRows(t, c.Stream(ctx(t), "/ip/firewall/address-list/print"), rows, func() {
		if first { // stop consuming until the buffer is full and the reader waits for us
			first = false
			waitHeldBack(t, c)
		}
	})
	assert.False(t, c.HeldBack())
	rep, err := c.Run(ctx(t), "/system/identity/get")
	require.NoError(t, err)
	assert.Equal(t, "1", rep.Ret())
	assert.Zero(t, fr.cancels.Load(), "nothing was cancelled")
	assert.Zero(t, c.DroppedReplies())
}

// StreamBuffer bounds the number of unread sentences too.
func TestStreamBufferCountHoldsBackReader(t *testing.T) {
	const rows = 500
	fr := newFlowRouter(t, rows)
	c := dialFlow(t, fr, func(cfg *wire.Config) { cfg.StreamBuffer = 10 })
	first := true
	checkRows(t, c.Stream(ctx(t), "/ip/firewall/address-list/print"), rows, func() {
		if first {
			first = false
			waitHeldBack(t, c)
		}
	})
}

// Two slow streams on one connection: each holds the reader back in turn, neither loses a row, and
// neither fails.
func TestTwoSlowStreamsOneConn(t *testing.T) {
	const rows = 4000
	fr := newFlowRouter(t, rows)
	c := dialFlow(t, fr, func(cfg *wire.Config) { cfg.StreamBufferBytes = 8 << 10 })
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := 0
			checkRows(t, c.Stream(ctx(t), "/ip/firewall/address-list/print"), rows, func() {
				if n++; n%100 == i*50 {
					time.Sleep(time.Millisecond)
				}
			})
		}()
	}
	wg.Wait()
	assert.Zero(t, fr.cancels.Load())
	assert.False(t, c.HeldBack())
}

// pullOne starts a stream and takes its first sentence; the consumer then stops.
func pullOne(t *testing.T, seq iter.Seq2[wire.Sentence, error]) (next func() (wire.Sentence, error, bool), stop func()) {
	t.Helper()
	next, stop = iter.Pull2(seq)
	t.Cleanup(stop)
	_, err, ok := next()
	require.True(t, ok)
	require.NoError(t, err)
	return next, stop
}

// nextErr consumes what is left of a pulled stream and returns its error.
func nextErr(next func() (wire.Sentence, error, bool)) error {
	for {
		_, err, ok := next()
		if !ok || err != nil {
			return err
		}
	}
}

// A stream whose consumer stops altogether holds the reader back, and with it an ordinary command on
// the same connection, until the stall limit: then the stream fails with ErrStreamStalled, it is
// cancelled on the router, and the command completes on the same connection.
func TestStalledStreamAndCommandOnSameConn(t *testing.T) {
	fr := newFlowRouter(t, 0)
	c := dialFlow(t, fr, func(cfg *wire.Config) { cfg.StreamStallTimeout = 300 * time.Millisecond })
	next, _ := pullOne(t, c.Stream(ctx(t), "/interface/listen"))
	waitHeldBack(t, c)

	rep, err := c.Run(ctx(t), "/system/identity/get") // waits for the stall, then completes
	require.NoError(t, err)
	assert.Equal(t, "1", rep.Ret())
	// The /cancel goes out when the stall fails the stream, before the reader resumes; the router
	// may count it after Run has its reply.
	assert.Eventually(t, func() bool { return fr.cancels.Load() >= 1 }, 10*time.Second, 5*time.Millisecond,
		"the stalled stream was cancelled on the router")

	err = nextErr(next)
	require.ErrorIs(t, err, wire.ErrStreamStalled)
	assert.ErrorContains(t, err, "/interface/listen")
	assert.ErrorContains(t, err, "StreamStallTimeout")
	assert.NoError(t, c.Err(), "the connection goes on")
	_, err = c.Run(ctx(t), "/system/identity/get")
	require.NoError(t, err)
}

// Breaking out of a stream while it holds the reader back releases the reader at once: the command
// is cancelled and the next command on the connection completes, long before any stall limit.
func TestBreakWhileHeldBack(t *testing.T) {
	fr := newFlowRouter(t, 0)
	c := dialFlow(t, fr, func(cfg *wire.Config) { cfg.StreamStallTimeout = time.Hour })
	_, stop := pullOne(t, c.Stream(ctx(t), "/interface/listen"))
	waitHeldBack(t, c)
	stop() // break
	_, err := c.Run(ctx(t), "/system/identity/get")
	require.NoError(t, err)
	assert.Equal(t, int64(1), fr.cancels.Load())
	assert.NoError(t, c.Err())
}

// The context of a stream ending while the stream holds the reader back releases the reader too.
func TestContextEndWhileHeldBack(t *testing.T) {
	fr := newFlowRouter(t, 0)
	c := dialFlow(t, fr, func(cfg *wire.Config) { cfg.StreamStallTimeout = time.Hour })
	sctx, cancel := context.WithCancel(ctx(t))
	defer cancel()
	next, _ := pullOne(t, c.Stream(sctx, "/interface/listen"))
	waitHeldBack(t, c)
	cancel()
	assert.ErrorIs(t, nextErr(next), context.Canceled)
	_, err := c.Run(ctx(t), "/system/identity/get")
	require.NoError(t, err)
	assert.NoError(t, c.Err())
}

// A command cancelled while the reader is held back by another stream cannot have its !done read
// until that stream releases the reader: the time held back does not count against CancelGrace, so
// the router is not wrongly declared unresponsive.
func TestCancelGraceExcludesHeldBackTime(t *testing.T) {
	fr := newFlowRouter(t, 0)
	c := dialFlow(t, fr, func(cfg *wire.Config) {
		cfg.CancelGrace = 100 * time.Millisecond
		cfg.StreamStallTimeout = 600 * time.Millisecond
		cfg.StreamBufferBytes = 16 << 10
	})
	_, quietStop := pullOne(t, c.Stream(ctx(t), "/quiet/listen"))
	floodNext, _ := pullOne(t, c.Stream(ctx(t), "/burst/listen"))
	waitHeldBack(t, c)
	quietStop() // break: /cancel is sent, its replies wait behind the flood until the stall limit
	waitCancels(t, fr, 2)
	require.ErrorIs(t, nextErr(floodNext), wire.ErrStreamStalled)
	_, err := c.Run(ctx(t), "/system/identity/get")
	require.NoError(t, err)
	assert.NoError(t, c.Err(), "not closed as unresponsive")
	assert.Equal(t, int64(2), fr.cancels.Load())
}

// A router that stops answering a cancelled command is still caught once the reader runs again.
func TestCancelGraceStillFiresWhenNotHeld(t *testing.T) {
	srv := hangServer(t, true)
	cfg := testConfig(srv.Addr)
	cfg.CancelGrace = 50 * time.Millisecond
	c, err := wire.Dial(ctx(t), cfg)
	require.NoError(t, err)
	defer c.Close()
	rctx, cancel := context.WithTimeout(ctx(t), 20*time.Millisecond)
	defer cancel()
	_, err = c.Run(rctx, "/hang")
	require.ErrorIs(t, err, context.DeadlineExceeded)
	<-c.Done()
	assert.ErrorIs(t, c.Err(), wire.ErrUnresponsive)
}

// Fail-fast streams keep the old behaviour: ErrStreamOverflow as soon as the buffer is full, chosen
// by Config or per stream; a stream can also ask for flow control when the Config says fail fast.
func TestStreamFailFast(t *testing.T) {
	cases := []struct {
		name     string
		config   bool
		ctx      func(context.Context) context.Context
		failFast bool
	}{
		{"config", true, func(c context.Context) context.Context { return c }, true},
		{"per stream", false, func(c context.Context) context.Context { return wire.WithStreamFailFast(c, true) }, true},
		{"per stream flow control", true, func(c context.Context) context.Context { return wire.WithStreamFailFast(c, false) }, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fr := newFlowRouter(t, 0)
			c := dialFlow(t, fr, func(cfg *wire.Config) {
				cfg.StreamFailFast = tc.config
				cfg.StreamStallTimeout = 300 * time.Millisecond
			})
			next, _ := pullOne(t, c.Stream(tc.ctx(ctx(t)), "/big/listen"))
			n := 1
			if tc.failFast {
				select { // overflowed and cancelled while nothing was consumed
				case <-fr.cancelled:
				case <-ctx(t).Done():
					t.Fatal("the overflowing stream was not cancelled")
				}
			} else {
				waitHeldBack(t, c)
				waitCancels(t, fr, 1)
			}
			var err error
			for {
				_, e, ok := next()
				if !ok || e != nil {
					err = e
					break
				}
				n++
			}
			if tc.failFast {
				require.ErrorIs(t, err, wire.ErrStreamOverflow)
				assert.ErrorContains(t, err, "StreamBufferBytes")
				// 1 MiB of 128 KiB sentences: at most 8 kept, plus the one taken at the start.
				assert.LessOrEqual(t, n, 9)
				assert.False(t, c.HeldBack())
			} else {
				require.ErrorIs(t, err, wire.ErrStreamStalled)
			}
			_, err = c.Run(ctx(t), "/system/identity/get")
			require.NoError(t, err)
		})
	}
}

// Run of a reply that never ends stops at MaxReplyBytes with an error that says to use Stream; the
// command is cancelled and the connection goes on.
func TestRunStopsAtReplyBudget(t *testing.T) {
	fr := newFlowRouter(t, 0)
	c := dialFlow(t, fr, func(cfg *wire.Config) { cfg.MaxReplyBytes = 4 << 20 })
	runtime.GC()
	h := sampleHeap()
	_, err := c.Run(ctx(t), "/endless/print")
	peak := h.Peak()
	require.ErrorIs(t, err, wire.ErrReplyTooLarge)
	assert.ErrorContains(t, err, "MaxReplyBytes")
	assert.ErrorContains(t, err, "Stream")
	assert.Less(t, peak, uint64(32<<20), "peak heap %d", peak)
	rep, err := c.Run(ctx(t), "/system/identity/get")
	require.NoError(t, err)
	assert.Equal(t, "1", rep.Ret())
	assert.Equal(t, int64(1), fr.cancels.Load())
}

// The default reply budget is in bytes, large, and Run below it works.
func TestRunBelowReplyBudget(t *testing.T) {
	const rows = 20000
	fr := newFlowRouter(t, rows)
	c := dialFlow(t, fr, nil)
	rep, err := c.Run(ctx(t), "/ip/firewall/address-list/print")
	require.NoError(t, err)
	assert.Len(t, rep.Re, rows)
}

// A stream of large sentences whose consumer stops holds at most its byte budget (plus one
// sentence), then fails at the stall limit; memory never follows the router.
func TestLargeSentenceStreamStopsAtBudget(t *testing.T) {
	fr := newFlowRouter(t, 0)
	c := dialFlow(t, fr, func(cfg *wire.Config) { cfg.StreamStallTimeout = 300 * time.Millisecond })
	runtime.GC()
	h := sampleHeap()
	next, _ := pullOne(t, c.Stream(ctx(t), "/big/listen"))
	waitHeldBack(t, c)
	waitCancels(t, fr, 1)
	err := nextErr(next)
	peak := h.Peak()
	require.ErrorIs(t, err, wire.ErrStreamStalled)
	assert.Less(t, peak, uint64(32<<20), "peak heap %d", peak)
}

// A router that floods one request with !trap gets the request failed and cancelled at the trap
// budget; the connection goes on.
func TestTrapFloodStopsAtBudget(t *testing.T) {
	stop := make(chan struct{})
	srv := wiretest.NewHandlerServer(t, func(sc *wiretest.ServerConn) {
		defer sc.Close()
		var wg sync.WaitGroup
		defer wg.Wait()
		for {
			s, err := sc.ReadSentence()
			if err != nil {
				return
			}
			switch s.Word {
			case "/login":
				_ = sc.WriteSentence("!done")
			case "/flood":
				wg.Add(1)
				go func() {
					defer wg.Done()
					var b []byte
					for i := 0; ; i++ {
						b = wire.AppendSentence(b, "!trap", "=message=trap "+strconv.Itoa(i), ".tag="+s.Tag)
						if len(b) < 16<<10 {
							continue
						}
						select {
						case <-stop:
							_ = sc.WriteSentence("!done", ".tag="+s.Tag)
							return
						default:
						}
						if sc.WriteRaw(b) != nil {
							return
						}
						b = b[:0]
					}
				}()
			case "/cancel":
				close(stop)
				_ = sc.WriteSentence("!done", ".tag="+s.Tag)
			default:
				_ = sc.WriteSentence("!done", "=ret=ok", ".tag="+s.Tag)
			}
		}
	})
	c, err := wire.Dial(ctx(t), testConfig(srv.Addr))
	require.NoError(t, err)
	defer c.Close()
	_, err = c.Run(ctx(t), "/flood")
	require.ErrorIs(t, err, wire.ErrProtocol)
	assert.ErrorContains(t, err, "!trap")
	rep, err := c.Run(ctx(t), "/system/identity/get")
	require.NoError(t, err)
	assert.Equal(t, "ok", rep.Ret())
}

// A router that floods the login with !trap and never sends !done gets a clear error at the login
// budget, long before the dial timeout, and the heap does not follow the flood.
func TestLoginTrapFloodStopsAtBudget(t *testing.T) {
	srv := wiretest.NewHandlerServer(t, func(sc *wiretest.ServerConn) {
		defer sc.Close()
		if _, err := sc.ReadSentence(); err != nil {
			return
		}
		var b []byte
		for i := 0; i < 64; i++ {
			b = wire.AppendSentence(b, "!trap", "=message=invalid user name or password (6)")
		}
		for sc.WriteRaw(b) == nil {
		}
	})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	cfg := testConfig(srv.Addr)
	cfg.DialTimeout = time.Minute
	_, err := wire.Dial(ctx(t), cfg)
	runtime.ReadMemStats(&after)
	require.ErrorIs(t, err, wire.ErrProtocol)
	assert.NotErrorIs(t, err, wire.ErrAuth)
	assert.ErrorContains(t, err, "/login")
	assert.False(t, errors.Is(err, context.DeadlineExceeded))
	// Everything allocated meanwhile, garbage included: the client stops after 64 KiB of traps.
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(64<<20))
}

// A login reply with one huge word is refused at the login budget without reading the word.
func TestLoginHugeWordStopsAtBudget(t *testing.T) {
	srv := wiretest.NewHandlerServer(t, func(sc *wiretest.ServerConn) {
		defer sc.Close()
		if _, err := sc.ReadSentence(); err != nil {
			return
		}
		_ = sc.WriteRaw(wire.AppendSentence(nil, "!done", "=ret="+string(make([]byte, 1<<20))))
	})
	_, err := wire.Dial(ctx(t), testConfig(srv.Addr))
	require.ErrorIs(t, err, wire.ErrProtocol)
	assert.ErrorContains(t, err, "login")
}

// waitCancels waits until the flow router has received n /cancel (a stalled stream is cancelled).
func waitCancels(t *testing.T, fr *flowRouter, n int64) {
	t.Helper()
	deadline := ctx(t)
	for fr.cancels.Load() < n {
		select {
		case <-deadline.Done():
			t.Fatalf("%d of %d cancels", fr.cancels.Load(), n)
		case <-time.After(time.Millisecond):
		}
	}
}
