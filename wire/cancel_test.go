package wire_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rosgen/routeros/wire"
	"github.com/rosgen/routeros/wire/wiretest"
)

// Both reply orders of docs/protocol.md#tags-and-cancel: the cancel's own !done may come before or between the
// cancelled command's trap and !done. Either way the caller returned at once, the late replies are
// drained (not counted as dropped), and the next request gets its own reply.
func TestCancelReplyOrders(t *testing.T) {
	orders := map[string][][]string{
		"manual order (trap, cancel done, command done)": {
			{"!trap", "=category=2", "=message=interrupted", ".tag={a}"},
			{"!done", ".tag={c}"},
			{"!done", ".tag={a}"},
		},
		"cancel done first": {
			{"!done", ".tag={c}"},
			{"!trap", "=category=2", "=message=interrupted", ".tag={a}"},
			{"!done", ".tag={a}"},
		},
		"command done last, cancel done after it": {
			{"!trap", "=category=2", "=message=interrupted", ".tag={a}"},
			{"!done", ".tag={a}"},
			{"!done", ".tag={c}"},
		},
	}
	for name, replies := range orders {
		t.Run(name, func(t *testing.T) {
			s := script().
				Expect("/ip/address/listen", ".tag={a}").
				Send("!re", "=.id=*A", "=address=10.0.0.1/24", ".tag={a}").
				Expect("/cancel", "=tag={a}", ".tag={c}")
			for _, r := range replies {
				s.Send(r...)
			}
			s.Expect("/system/identity/print", ".tag={b}").
				Send("!re", "=name=after", ".tag={b}").
				Send("!done", ".tag={b}")
			c := dialScript(t, s)

			rctx, cancel := context.WithTimeout(ctx(t), 100*time.Millisecond)
			defer cancel()
			_, err := c.Run(rctx, "/ip/address/listen")
			assert.ErrorIs(t, err, context.DeadlineExceeded)

			rep, err := c.Run(ctx(t), "/system/identity/print")
			require.NoError(t, err)
			require.Len(t, rep.Re, 1)
			name, _ := rep.Re[0].Get("name")
			assert.Equal(t, "after", name)
			assert.Zero(t, c.DroppedReplies(), "late replies of a cancelled request are drained, not dropped")
			assert.NoError(t, c.Err())
		})
	}
}

// hangServer answers /login, never answers /hang, cancels /hang on /cancel unless ignoreCancel, and
// answers every other command at once with one !re naming the command.
func hangServer(t *testing.T, ignoreCancel bool) *wiretest.Server {
	return wiretest.NewHandlerServer(t, func(sc *wiretest.ServerConn) {
		for {
			s, err := sc.ReadSentence()
			if err != nil {
				return
			}
			switch s.Word {
			case "/login":
				_ = sc.WriteSentence("!done")
			case "/hang":
			case "/cancel":
				if ignoreCancel {
					continue
				}
				tag, _ := s.Get("tag")
				_ = sc.WriteSentence("!trap", "=category=2", "=message=interrupted", ".tag="+tag)
				_ = sc.WriteSentence("!done", ".tag="+tag)
				_ = sc.WriteSentence("!done", ".tag="+s.Tag)
			default:
				_ = sc.WriteSentence("!re", "=cmd="+s.Word, ".tag="+s.Tag)
				_ = sc.WriteSentence("!done", ".tag="+s.Tag)
			}
		}
	})
}

// A never-answered request times out promptly while other requests on the same connection complete.
func TestTimeoutWhileOthersComplete(t *testing.T) {
	srv := hangServer(t, false)
	c, err := wire.Dial(ctx(t), testConfig(srv.Addr))
	require.NoError(t, err)
	defer c.Close()

	var wg sync.WaitGroup
	hangErr := make(chan error, 1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		rctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := c.Run(rctx, "/hang")
		if time.Since(start) > 5*time.Second {
			err = errors.New("Run did not return promptly after its context ended")
		}
		hangErr <- err
	}()
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rep, err := c.Run(ctx(t), "/system/clock/print")
			if assert.NoError(t, err) && assert.Len(t, rep.Re, 1) {
				v, _ := rep.Re[0].Get("cmd")
				assert.Equal(t, "/system/clock/print", v)
			}
		}()
	}
	wg.Wait()
	assert.ErrorIs(t, <-hangErr, context.DeadlineExceeded)
	// the connection is still healthy
	_, err = c.Run(ctx(t), "/system/identity/print")
	require.NoError(t, err)
	assert.NoError(t, c.Err())
}

// A context that is already done sends nothing.
func TestRunWithDoneContext(t *testing.T) {
	c := dialScript(t, script().Expect("/ok/cmd", ".tag={a}").Send("!done", ".tag={a}"))
	dctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Run(dctx, "/would/hang")
	assert.ErrorIs(t, err, context.Canceled)
	_, err = c.Run(ctx(t), "/ok/cmd")
	require.NoError(t, err)
}

// A router that ignores /cancel gets the connection closed after the grace period, with an error
// that says so on every request that was waiting.
func TestRouterIgnoresCancel(t *testing.T) {
	srv := hangServer(t, true)
	cfg := testConfig(srv.Addr)
	cfg.CancelGrace = 200 * time.Millisecond
	c, err := wire.Dial(ctx(t), cfg)
	require.NoError(t, err)
	defer c.Close()

	waiting := make(chan error, 3)
	for i := 0; i < 3; i++ {
		go func() {
			_, err := c.Run(context.Background(), "/hang") // no deadline of its own
			waiting <- err
		}()
	}
	time.Sleep(20 * time.Millisecond)
	rctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	_, err = c.Run(rctx, "/hang")
	require.ErrorIs(t, err, context.DeadlineExceeded)

	select {
	case <-c.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("connection not closed after the grace period")
	}
	for i := 0; i < 3; i++ {
		err := <-waiting
		assert.ErrorIs(t, err, wire.ErrUnresponsive)
		assert.ErrorIs(t, err, wire.ErrClosed)
		assert.Contains(t, err.Error(), "/hang")
		assert.Contains(t, err.Error(), "200ms")
	}
}
