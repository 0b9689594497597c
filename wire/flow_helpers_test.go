package wire_test

import (
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rosgen/routeros/wire"
	"github.com/rosgen/routeros/wire/wiretest"
)

// flowRouter is a loopback router that writes replies as fast as TCP allows, so that the client's
// flow control, not the router, sets the pace. Per command word:
//
//   - .../print: rows address-list rows, then !done;
//   - .../listen: rows until the command is cancelled (then the interrupted trap and !done);
//   - /big/listen: sentences with a 128 KiB word until cancelled;
//   - /quiet/listen: one row, then nothing until cancelled;
//   - /burst/listen: 500 rows, then nothing until cancelled;
//   - /endless/print: rows without end, like a follow given to Run, until cancelled;
//   - anything else: !done with =ret= the number of the connection (1 for the first).
//
// Every /cancel is answered with !done and counted.
type flowRouter struct {
	*wiretest.Server
	rows      int
	conns     atomic.Int64
	cancels   atomic.Int64
	cancelled chan string // the tags of cancelled commands, when not full
}

func newFlowRouter(t testing.TB, rows int) *flowRouter {
	fr := &flowRouter{rows: rows, cancelled: make(chan string, 64)}
	fr.Server = wiretest.NewHandlerServer(t, fr.serve)
	return fr
}

func (fr *flowRouter) serve(sc *wiretest.ServerConn) {
	id := fr.conns.Add(1)
	var (
		mu    sync.Mutex
		stops = map[string]chan struct{}{}
		wg    sync.WaitGroup
	)
	defer wg.Wait()
	defer sc.Close() // unblocks writers when the client has gone
	for {
		s, err := sc.ReadSentence()
		if err != nil {
			return
		}
		switch {
		case s.Word == "/login":
			_ = sc.WriteSentence("!done")
		case s.Word == "/cancel":
			tag, _ := s.Get("tag")
			mu.Lock()
			if stop, ok := stops[tag]; ok {
				close(stop)
				delete(stops, tag)
			}
			mu.Unlock()
			fr.cancels.Add(1)
			select {
			case fr.cancelled <- tag:
			default:
			}
			_ = sc.WriteSentence("!done", ".tag="+s.Tag)
		case strings.HasSuffix(s.Word, "/print") && s.Word != "/endless/print", strings.HasSuffix(s.Word, "/listen"):
			stop := make(chan struct{})
			mu.Lock()
			stops[s.Tag] = stop
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				fr.write(sc, s.Word, s.Tag, stop)
				mu.Lock()
				delete(stops, s.Tag)
				mu.Unlock()
			}()
		case s.Word == "/endless/print":
			stop := make(chan struct{})
			mu.Lock()
			stops[s.Tag] = stop
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				fr.write(sc, "/endless/listen", s.Tag, stop)
				mu.Lock()
				delete(stops, s.Tag)
				mu.Unlock()
			}()
		default:
			_ = sc.WriteSentence("!done", "=ret="+strconv.FormatInt(id, 10), ".tag="+s.Tag)
		}
	}
}

// addressRow appends row i of the address list, tagged.
func addressRow(b []byte, i int, tag string) []byte {
	n := strconv.Itoa(i)
	return wire.AppendSentence(b, "!re", "=.id=*"+strconv.FormatInt(int64(i)+1, 16), "=list=blocklist",
		"=address=10."+strconv.Itoa(i>>16&255)+"."+strconv.Itoa(i>>8&255)+"."+strconv.Itoa(i&255),
		"=creation-time=2025-01-01 00:00:00", "=dynamic=false", "=disabled=false", "=comment=row "+n, ".tag="+tag)
}

var bigWord = "=contents=" + strings.Repeat("x", 128<<10)

// write sends the rows of one command in batches, checking between batches whether it was
// cancelled.
func (fr *flowRouter) write(sc *wiretest.ServerConn, cmd, tag string, stop chan struct{}) {
	limit := -1 // endless
	switch cmd {
	case "/quiet/listen":
		_ = sc.WriteSentence("!re", "=n=0", ".tag="+tag)
		<-stop
		_ = sc.WriteSentence("!trap", "=category=2", "=message=interrupted", ".tag="+tag)
		_ = sc.WriteSentence("!done", ".tag="+tag)
		return
	case "/burst/listen":
		var b []byte
		for i := range 500 {
			b = addressRow(b, i, tag)
		}
		_ = sc.WriteRaw(b)
		<-stop
		_ = sc.WriteSentence("!trap", "=category=2", "=message=interrupted", ".tag="+tag)
		_ = sc.WriteSentence("!done", ".tag="+tag)
		return
	default:
		if strings.HasSuffix(cmd, "/print") {
			limit = fr.rows
		}
	}
	var b []byte
	for i := 0; limit < 0 || i < limit; i++ {
		if cmd == "/big/listen" {
			b = wire.AppendSentence(b, "!re", "=n="+strconv.Itoa(i), bigWord, ".tag="+tag)
		} else {
			b = addressRow(b, i, tag)
		}
		if len(b) < 32<<10 && (limit < 0 || i < limit-1) {
			continue
		}
		select {
		case <-stop:
			_ = sc.WriteSentence("!trap", "=category=2", "=message=interrupted", ".tag="+tag)
			_ = sc.WriteSentence("!done", ".tag="+tag)
			return
		default:
		}
		if sc.WriteRaw(b) != nil {
			return
		}
		b = b[:0]
	}
	_ = sc.WriteSentence("!done", ".tag="+tag)
}

// heapSampler records the peak of the heap in use (HeapInuse: live and unswept objects plus free
// space in spans in use) while it runs, sampling runtime/metrics, which does not stop the world.
type heapSampler struct {
	stop chan struct{}
	done chan struct{}
	peak uint64
}

func sampleHeap() *heapSampler {
	h := &heapSampler{stop: make(chan struct{}), done: make(chan struct{})}
	samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/heap/unused:bytes"}}
	read := func() {
		metrics.Read(samples)
		if v := samples[0].Value.Uint64() + samples[1].Value.Uint64(); v > h.peak {
			h.peak = v
		}
	}
	read()
	go func() {
		defer close(h.done)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-h.stop:
				read()
				return
			case <-tick.C:
				read()
			}
		}
	}()
	return h
}

// Peak stops the sampler and returns the peak heap in use, in bytes.
func (h *heapSampler) Peak() uint64 {
	select {
	case <-h.stop:
	default:
		close(h.stop)
	}
	<-h.done
	return h.peak
}

// spin busy-waits for d: a consumer doing real work per row (a sleep would last far longer than
// microseconds).
func spin(d time.Duration) {
	for start := time.Now(); time.Since(start) < d; {
	}
}

// waitHeldBack waits until c's reader is held back by a stream (or the test's context ends).
func waitHeldBack(t *testing.T, c interface{ HeldBack() bool }) {
	t.Helper()
	deadline := ctx(t)
	for !c.HeldBack() {
		select {
		case <-deadline.Done():
			t.Fatal("the connection's reader was never held back")
		case <-time.After(time.Millisecond):
		}
	}
}
