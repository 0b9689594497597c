package wiretest_test

import (
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/rosgen/routeros/wire/wiretest"
)

func TestHandlerConcurrentWrites(t *testing.T) {
	const writers, each = 8, 200
	srv := wiretest.NewHandlerServer(t, func(c *wiretest.ServerConn) {
		var wg sync.WaitGroup
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					// Long enough words that unsynchronised writes would interleave.
					if err := c.WriteSentence("!re", fmt.Sprintf("=n=%d-%d", w, i), "=pad="+string(make([]byte, 3000)), fmt.Sprintf(".tag=%d", w)); err != nil {
						return
					}
				}
			}()
		}
		wg.Wait()
		_ = c.WriteSentence("!done")
		<-c.Context().Done()
	})
	c := dialRaw(t, srv.Addr)
	next := make([]int, writers)
	for range writers * each {
		words := c.read()
		if len(words) != 4 || words[0] != "!re" || len(words[2]) != len("=pad=")+3000 {
			t.Fatalf("corrupt sentence of %d words", len(words))
		}
		var w, i int
		if _, err := fmt.Sscanf(words[1], "=n=%d-%d", &w, &i); err != nil || w < 0 || w >= writers {
			t.Fatalf("bad word %q", words[1])
		}
		if i != next[w] || words[3] != fmt.Sprintf(".tag=%d", w) {
			t.Fatalf("writer %d: got item %d with %q, want item %d", w, i, words[3], next[w])
		}
		next[w]++
	}
	c.expect("!done")
}

func TestHandlerPlayThenCustom(t *testing.T) {
	srv := wiretest.NewHandlerServer(t, func(c *wiretest.ServerConn) {
		if err := c.Play(wiretest.NewScript().Login("admin", "")); err != nil {
			return
		}
		s, err := c.ReadSentence()
		if err != nil {
			c.Errorf("read: %v", err)
			return
		}
		if err := c.Play(wiretest.NewScript().Send("!done", "=ret="+s.Word)); err != nil {
			c.Errorf("play: %v", err)
		}
	})
	c := dialRaw(t, srv.Addr)
	c.send("/login", "=name=admin", "=password=")
	c.expect("!done")
	c.send("/system/reboot")
	c.expect("!done", "=ret=/system/reboot")
	c.expectEOF()
}

func TestHandlerReadsClientEOF(t *testing.T) {
	got := make(chan error, 1)
	srv := wiretest.NewHandlerServer(t, func(c *wiretest.ServerConn) {
		_, err := c.ReadWords()
		got <- err
	})
	c := dialRaw(t, srv.Addr)
	c.c.Close()
	if err := <-got; err != io.EOF {
		t.Errorf("got %v, want io.EOF", err)
	}
}

// Close must end every connection and goroutine, including handlers blocked on the connection's
// context and scripts blocked reading or stalling.
func TestCloseLeavesNoGoroutine(t *testing.T) {
	defer goleak.VerifyNone(t)

	started := make(chan struct{}, 4)
	hs := wiretest.NewHandlerServer(t, func(c *wiretest.ServerConn) {
		started <- struct{}{}
		<-c.Context().Done()
	})
	ts := wiretest.NewTLSServer(t, wiretest.NewScript().Stall(time.Hour))
	ps := wiretest.NewServer(t, wiretest.NewScript().Expect("/never"))
	fs := wiretest.NewHandshakeFailServer(t)

	dialRaw(t, hs.Addr)
	dialRaw(t, hs.Addr)
	<-started
	<-started
	tc, err := dialTLS(t, ts.Addr, ts.TLSConfig())
	if err != nil {
		t.Fatal(err)
	}
	p := dialRaw(t, ps.Addr)
	p.expectOpen(10 * time.Millisecond)
	dialRaw(t, fs.Addr) // connected, never says hello

	for _, s := range []*wiretest.Server{hs, ts, ps, fs} {
		s.Close()
	}
	tc.Close()
}
