package wire_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rosgen/routeros/wire"
	"github.com/rosgen/routeros/wire/wiretest"
)

// chaosRouter answers each /test/echo =id=N after a random delay with N%3 !re sentences carrying
// its id, interleaved at random with the replies of other requests; ids divisible by 11 also get a
// !trap naming the id. It honours /cancel like RouterOS: an unfinished command gets the interrupted
// trap and its !done, and the cancel's own !done comes before or after them at random.
type chaosRouter struct {
	sc   *wiretest.ServerConn
	mu   sync.Mutex
	reqs map[string]*chaosReq
	wg   sync.WaitGroup
}

type chaosReq struct {
	mu   sync.Mutex // serialises this tag's sentences, so nothing follows its !done
	done bool
}

func (r *chaosRouter) serve() {
	defer r.wg.Wait()
	for {
		s, err := r.sc.ReadSentence()
		if err != nil {
			return
		}
		switch s.Word {
		case "/login":
			_ = r.sc.WriteSentence("!done")
		case "/cancel":
			target, _ := s.Get("tag")
			r.mu.Lock()
			req := r.reqs[target]
			r.mu.Unlock()
			cancelDoneFirst := rand.IntN(2) == 0
			if cancelDoneFirst {
				_ = r.sc.WriteSentence("!done", ".tag="+s.Tag)
			}
			if req != nil {
				req.mu.Lock()
				if !req.done {
					req.done = true
					_ = r.sc.WriteSentence("!trap", "=category=2", "=message=interrupted", ".tag="+target)
					_ = r.sc.WriteSentence("!done", ".tag="+target)
				}
				req.mu.Unlock()
			}
			if !cancelDoneFirst {
				_ = r.sc.WriteSentence("!done", ".tag="+s.Tag)
			}
		default:
			id, _ := s.Get("id")
			req := &chaosReq{}
			r.mu.Lock()
			r.reqs[s.Tag] = req
			r.mu.Unlock()
			r.wg.Add(1)
			go r.answer(s.Tag, id, req)
		}
	}
}

func (r *chaosRouter) answer(tag, id string, req *chaosReq) {
	defer r.wg.Done()
	n, _ := strconv.Atoi(id)
	send := func(words ...string) bool {
		time.Sleep(time.Duration(rand.IntN(1500)) * time.Microsecond)
		req.mu.Lock()
		defer req.mu.Unlock()
		if req.done {
			return false
		}
		if words[0] == "!done" {
			req.done = true
		}
		return r.sc.WriteSentence(append(words, ".tag="+tag)...) == nil
	}
	for i := 0; i < n%3; i++ {
		if !send("!re", "=id="+id, "=i="+strconv.Itoa(i)) {
			return
		}
	}
	if n%11 == 0 && !send("!trap", "=category=1", "=message=refused "+id) {
		return
	}
	if send("!done", "=ret="+id) {
		r.mu.Lock()
		delete(r.reqs, tag)
		r.mu.Unlock()
	}
}

// 500 goroutines issue 20,000 requests on one connection; the router answers in random interleaved
// order with random delays, and about one request in eight has a short random deadline. Every caller
// gets exactly its own reply, its own trap, or its own context's error.
func TestConcurrentRequestsChaos(t *testing.T) {
	const goroutines, perGoroutine = 500, 40
	srv := wiretest.NewHandlerServer(t, func(sc *wiretest.ServerConn) {
		(&chaosRouter{sc: sc, reqs: map[string]*chaosReq{}}).serve()
	})
	c, err := wire.Dial(ctx(t), testConfig(srv.Addr))
	require.NoError(t, err)
	defer c.Close()

	var ok, trapped, timedOut atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, goroutines)
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < perGoroutine; j++ {
				id := g*perGoroutine + j + 1
				if err := chaosCall(c, id, &ok, &trapped, &timedOut); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	assert.Equal(t, int64(goroutines*perGoroutine), ok.Load()+trapped.Load()+timedOut.Load())
	assert.NotZero(t, timedOut.Load(), "some requests were cancelled")
	assert.NotZero(t, trapped.Load())
	assert.Zero(t, c.DroppedReplies(), "every reply was routed to its request or drained after a cancel")
	assert.NoError(t, c.Err(), "the connection survived")
	t.Logf("ok=%d trapped=%d cancelled=%d", ok.Load(), trapped.Load(), timedOut.Load())
}

func chaosCall(c *wire.Conn, id int, ok, trapped, timedOut *atomic.Int64) error {
	sid := strconv.Itoa(id)
	rctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	withDeadline := rand.IntN(8) == 0
	if withDeadline {
		cancel()
		rctx, cancel = context.WithTimeout(context.Background(), time.Duration(rand.IntN(3000))*time.Microsecond)
	}
	defer cancel()
	rep, err := c.Run(rctx, "/test/echo", "=id="+sid)
	var trap *wire.TrapError
	switch {
	case err == nil:
		if id%11 == 0 {
			return errors.New("request " + sid + ": expected its trap, got success")
		}
	case errors.As(err, &trap):
		if id%11 != 0 || trap.Message != "refused "+sid {
			return errors.New("request " + sid + ": got someone else's trap: " + err.Error())
		}
		trapped.Add(1)
		return nil
	case errors.Is(err, context.DeadlineExceeded) && withDeadline:
		timedOut.Add(1)
		return nil
	default:
		return errors.New("request " + sid + ": unexpected error: " + err.Error())
	}
	if rep.Ret() != sid {
		return errors.New("request " + sid + ": got the !done of request " + rep.Ret())
	}
	if len(rep.Re) != id%3 {
		return errors.New("request " + sid + ": wrong number of !re: " + strconv.Itoa(len(rep.Re)))
	}
	for i, s := range rep.Re {
		if v, _ := s.Get("id"); v != sid {
			return errors.New("request " + sid + ": got a !re of request " + v)
		}
		if v, _ := s.Get("i"); v != strconv.Itoa(i) {
			return errors.New("request " + sid + ": !re out of order")
		}
	}
	ok.Add(1)
	return nil
}
