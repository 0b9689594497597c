package wire

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Conn is one logged-in API session. It is safe for use by any number of goroutines: every request
// is tagged, its tag is registered before the request is written, and one reader goroutine routes
// replies by tag, so commands run concurrently on one connection and a slow or cancelled command
// never holds up another.
type Conn struct {
	nc   net.Conn
	rd   *Reader
	cfg  Config // Password cleared after login
	addr string
	log  *slog.Logger

	wq     chan []byte   // encoded sentences, in order, for the writer goroutine
	closed chan struct{} // closed when the connection starts shutting down
	wg     sync.WaitGroup

	mu      sync.Mutex
	pending map[string]*request // nil once closed
	nextTag uint64
	err     error // why the connection closed; set once, before closed is closed

	closeOnce sync.Once
	dropped   atomic.Uint64
}

const (
	defaultDialTimeout  = 30 * time.Second
	defaultCancelGrace  = 10 * time.Second
	defaultWriteTimeout = 30 * time.Second
	defaultStreamBuffer = 4096
	writeQueueLen       = 256
	maxWriteBatch       = 64 << 10
)

func newConn(nc net.Conn, cfg Config, addr string) *Conn {
	if cfg.CancelGrace <= 0 {
		cfg.CancelGrace = defaultCancelGrace
	}
	if cfg.WriteTimeout <= 0 {
		cfg.WriteTimeout = defaultWriteTimeout
	}
	if cfg.StreamBuffer <= 0 {
		cfg.StreamBuffer = defaultStreamBuffer
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Conn{
		nc:      nc,
		rd:      NewReader(nc, cfg.MaxWordSize),
		cfg:     cfg,
		addr:    addr,
		log:     log.With("routeros.addr", addr),
		wq:      make(chan []byte, writeQueueLen),
		closed:  make(chan struct{}),
		pending: make(map[string]*request),
	}
}

// start launches the reader and writer goroutines of a logged-in connection.
func (c *Conn) start() {
	c.wg.Add(2)
	go c.readLoop()
	go c.writeLoop()
}

// String identifies the connection for logs; it never includes the password.
func (c *Conn) String() string {
	return "routeros.Conn(" + c.cfg.Username + "@" + c.addr + ")"
}

// RemoteAddr returns the router's address.
func (c *Conn) RemoteAddr() net.Addr { return c.nc.RemoteAddr() }

// Done returns a channel that is closed when the connection has closed, for whatever reason.
func (c *Conn) Done() <-chan struct{} { return c.closed }

// Err returns why the connection closed (matching ErrClosed), or nil while it is open.
func (c *Conn) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// DroppedReplies returns how many reply sentences arrived with a tag that no request was waiting for
// (the connection drops them). Replies to cancelled requests are drained, not counted.
func (c *Conn) DroppedReplies() uint64 { return c.dropped.Load() }

// Close closes the connection. Requests in flight fail with an error matching ErrClosed. Close is
// idempotent and returns when the connection's goroutines have exited.
func (c *Conn) Close() error {
	c.fail(nil)
	c.wg.Wait()
	return nil
}

// fail closes the connection once, recording cause (nil for a Close by the user), and fails every
// request in flight.
func (c *Conn) fail(cause error) {
	c.closeOnce.Do(func() {
		err := error(&closedError{cause: cause})
		c.mu.Lock()
		c.err = err
		pend := c.pending
		c.pending = nil
		c.mu.Unlock()
		close(c.closed)
		for _, r := range pend { // before closing the socket: a TLS close may block on close_notify
			r.fail(err)
		}
		_ = c.nc.Close()
		if cause != nil {
			c.log.Warn("routeros: connection closed", "err", cause)
		} else {
			c.log.Debug("routeros: connection closed")
		}
	})
}

func (c *Conn) readLoop() {
	defer c.wg.Done()
	for {
		s, err := c.rd.ReadSentence()
		if err != nil {
			select {
			case <-c.closed: // closed by us: the read error is the consequence, not the cause
			default:
				c.fail(fmt.Errorf("read: %w", err))
			}
			return
		}
		if !c.dispatch(s) {
			return
		}
	}
}

// dispatch routes one reply sentence. It returns false when the connection is finished.
func (c *Conn) dispatch(s Sentence) bool {
	if s.Word == "!fatal" {
		c.fail(&FatalError{Reason: fatalReason(s)})
		return false
	}
	c.mu.Lock()
	r := c.pending[s.Tag]
	if r != nil && s.Word == "!done" {
		delete(c.pending, s.Tag)
	}
	c.mu.Unlock()
	if r == nil || !s.HasTag {
		c.dropped.Add(1)
		c.log.Debug("routeros: dropped reply for unknown tag", "word", s.Word, "tag", s.Tag)
		return true
	}
	switch s.Word {
	case "!re":
		if over := r.addRe(s); over {
			c.log.Warn("routeros: stream buffer full, cancelling", "tag", r.tag, "command", r.cmd)
			c.cancel(r)
		}
	case "!trap":
		r.addTrap(s)
	case "!empty":
		r.setEmpty()
	case "!done":
		r.finish(s)
	default:
		r.failRequest(&ProtocolError{Reason: fmt.Sprintf("unknown reply word %q for command %s", s.Word, r.cmd)})
	}
	return true
}

func (c *Conn) writeLoop() {
	defer c.wg.Done()
	var batch []byte
	for {
		var b []byte
		select {
		case b = <-c.wq:
		case <-c.closed:
			return
		}
		batch = append(batch[:0], b...)
	more:
		for len(batch) < maxWriteBatch {
			select {
			case b = <-c.wq:
				batch = append(batch, b...)
			default:
				break more
			}
		}
		_ = c.nc.SetWriteDeadline(time.Now().Add(c.cfg.WriteTimeout))
		if _, err := c.nc.Write(batch); err != nil {
			select {
			case <-c.closed:
			default:
				c.fail(fmt.Errorf("write: %w", err))
			}
			return
		}
		if cap(batch) > 4*maxWriteBatch {
			batch = nil
		}
	}
}

// request is the state of one tagged command.
type request struct {
	tag    string
	cmd    string
	stream bool
	limit  int // stream buffer limit; 0 for Run (collects everything)

	notify chan struct{} // cap 1: new data or end
	done   chan struct{} // closed at the end visible to the caller

	mu        sync.Mutex
	re        []Sentence // Run: every !re; stream: not yet consumed
	traps     []Sentence
	empty     bool
	doneS     Sentence
	nre       int   // !re received in total
	ended     bool  // the caller-visible end happened (done is closed)
	endErr    error // connection failure, protocol error, overflow
	abandoned bool  // the caller is gone: further replies are drained
	finished  bool  // the router sent !done
	grace     *time.Timer
}

func newRequest(tag, cmd string, stream bool, limit int) *request {
	return &request{tag: tag, cmd: cmd, stream: stream, limit: limit,
		notify: make(chan struct{}, 1), done: make(chan struct{})}
}

func (r *request) signal() {
	select {
	case r.notify <- struct{}{}:
	default:
	}
}

// endLocked marks the caller-visible end; r.mu must be held.
func (r *request) endLocked(err error) {
	if r.ended {
		return
	}
	r.ended, r.endErr = true, err
	close(r.done)
	r.signal()
}

// addRe records a !re; it reports true when a stream's buffer just overflowed.
func (r *request) addRe(s Sentence) (overflow bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.nre++
	if r.abandoned || r.ended {
		return false
	}
	if r.limit > 0 && len(r.re) >= r.limit {
		r.abandoned = true
		r.endLocked(fmt.Errorf("%w: %s (tag %s) exceeded %d unread sentences", ErrStreamOverflow, r.cmd, r.tag, r.limit))
		return true
	}
	r.re = append(r.re, s)
	r.signal()
	return false
}

func (r *request) addTrap(s Sentence) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.abandoned {
		r.traps = append(r.traps, s)
	}
}

func (r *request) setEmpty() {
	r.mu.Lock()
	r.empty = true
	r.mu.Unlock()
}

func (r *request) finish(s Sentence) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.finished = true
	r.doneS = s
	if r.grace != nil {
		r.grace.Stop()
	}
	r.endLocked(nil)
}

// failRequest ends the request with err but keeps it registered, so its remaining replies drain.
func (r *request) failRequest(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.abandoned = true
	r.endLocked(err)
}

// fail ends the request because the connection closed.
func (r *request) fail(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.grace != nil {
		r.grace.Stop()
	}
	r.endLocked(err)
}

// result returns the reply and error of an ended Run request.
func (r *request) result() (*Reply, int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.endErr != nil {
		return nil, r.nre, r.endErr
	}
	rep := &Reply{Re: r.re, Traps: r.traps, Done: r.doneS, Empty: r.empty}
	if len(r.traps) > 0 {
		return rep, r.nre, trapError(r.cmd, r.traps)
	}
	return rep, r.nre, nil
}

// register allocates a tag and registers a request under it.
func (c *Conn) register(cmd string, stream bool) (*request, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pending == nil {
		return nil, c.err
	}
	c.nextTag++
	limit := 0
	if stream {
		limit = c.cfg.StreamBuffer
	}
	r := newRequest(strconv.FormatUint(c.nextTag, 10), cmd, stream, limit)
	c.pending[r.tag] = r
	return r, nil
}

func (c *Conn) unregister(r *request) {
	c.mu.Lock()
	if c.pending != nil && c.pending[r.tag] == r {
		delete(c.pending, r.tag)
	}
	c.mu.Unlock()
}

// begin checks words, registers a request under a new tag, reports the start to the tracer, and
// queues the request for writing. end reports the command's end to the tracer.
func (c *Conn) begin(ctx context.Context, words []string, stream bool) (_ context.Context, _ *request, end func(int, error), _ error) {
	end = func(int, error) {}
	if err := checkWords(words); err != nil {
		return ctx, nil, end, err
	}
	if err := ctx.Err(); err != nil {
		return ctx, nil, end, err
	}
	r, err := c.register(words[0], stream)
	if err != nil {
		return ctx, nil, end, &notSentError{err}
	}
	if ct := c.cfg.Tracer; ct != nil {
		start := time.Now()
		if tctx := ct.TraceCommandStart(ctx, c, TraceCommandStartData{Words: RedactWords(words), Tag: r.tag, Stream: stream}); tctx != nil {
			ctx = tctx
		}
		end = func(n int, err error) {
			ct.TraceCommandEnd(ctx, c, TraceCommandEndData{Command: r.cmd, Tag: r.tag, Replies: n,
				Duration: time.Since(start), Err: err})
		}
	}
	var n int
	for _, w := range words {
		n += len(w) + 5
	}
	b := make([]byte, 0, n+len(r.tag)+12)
	for _, w := range words {
		b = AppendWord(b, w)
	}
	b = AppendWord(b, ".tag="+r.tag)
	b = append(b, 0)
	select {
	case c.wq <- b:
		return ctx, r, end, nil
	case <-ctx.Done():
		c.unregister(r)
		end(0, ctx.Err())
		return ctx, nil, end, ctx.Err()
	case <-c.closed:
		end(0, c.Err())
		return ctx, nil, end, &notSentError{c.Err()}
	}
}

// cancel abandons r: it sends /cancel for its tag and starts the grace period after which an
// unfinished command means the router is hung. The caller never waits for any of it.
func (c *Conn) cancel(r *request) {
	select {
	case <-c.closed:
		return
	default:
	}
	r.mu.Lock()
	if r.finished || r.grace != nil {
		r.mu.Unlock()
		return
	}
	r.abandoned = true
	grace := c.cfg.CancelGrace
	r.grace = time.AfterFunc(grace, func() {
		c.fail(fmt.Errorf("%w: %s (tag %s) was cancelled but not finished within %v",
			ErrUnresponsive, r.cmd, r.tag, grace))
	})
	r.mu.Unlock()

	// The cancel gets its own tag, so its !done is routed (and ignored) instead of counted as dropped.
	// Registering it and counting the sender in c.wg happen under c.mu, before any Close can wait.
	c.mu.Lock()
	if c.pending == nil {
		c.mu.Unlock()
		return
	}
	c.nextTag++
	cr := newRequest(strconv.FormatUint(c.nextTag, 10), "/cancel", false, 0)
	cr.abandoned = true
	c.pending[cr.tag] = cr
	c.wg.Add(1)
	c.mu.Unlock()

	b := AppendSentence(nil, "/cancel", "=tag="+r.tag, ".tag="+cr.tag)
	select {
	case c.wq <- b:
		c.wg.Done()
	default:
		// The write queue is full: queue the cancel in the background (still after the command it
		// cancels), so the caller returns at once.
		go func() {
			defer c.wg.Done()
			select {
			case c.wq <- b:
			case <-c.closed:
			}
		}()
	}
}

// Run sends one command and waits for its !done.
//
// words are the command word (/ip/address/print) followed by attribute (=name=value, including
// =.proplist=a,b and =.id=*1) and query (?...) words; the connection adds .tag itself. They are checked before anything is
// sent.
//
// When the router answers with one or more !trap, Run returns the Reply (with the !re received) and
// a *TrapError. When ctx ends first, Run returns ctx.Err() at once; the command is cancelled on the
// router and its late replies are drained without affecting other requests.
func (c *Conn) Run(ctx context.Context, words ...string) (*Reply, error) {
	ctx, r, end, err := c.begin(ctx, words, false)
	if err != nil {
		return nil, err
	}
	select {
	case <-r.done:
	case <-ctx.Done():
		r.mu.Lock()
		ended := r.ended
		r.mu.Unlock()
		if !ended {
			c.cancel(r)
			end(0, ctx.Err())
			return nil, ctx.Err()
		}
	}
	rep, n, err := r.result()
	end(n, err)
	return rep, err
}

// Stream returns a single-use iterator over the !re replies of a command that may run for a long
// time (listen, print =follow=, monitor-traffic, ping). The command is sent when iteration starts.
// Iteration ends after the router's !done; a !trap is yielded as a *TrapError and ends it; a
// connection failure, ctx ending, or the consumer falling StreamBuffer sentences behind
// (ErrStreamOverflow) are yielded as errors and end it. Breaking out of the loop cancels the command
// on the router. !empty is not yielded.
func (c *Conn) Stream(ctx context.Context, words ...string) iter.Seq2[Sentence, error] {
	var used atomic.Bool
	return func(yield func(Sentence, error) bool) {
		if used.Swap(true) {
			yield(Sentence{}, errors.New("routeros: stream already iterated: a Stream is single-use"))
			return
		}
		ctx, r, end, err := c.begin(ctx, words, true)
		if err != nil {
			yield(Sentence{}, err)
			return
		}
		st, _ := c.cfg.Tracer.(StreamTracer)
		n := 0
		for {
			s, ok, err := r.next(ctx)
			if err != nil {
				c.cancel(r) // a no-op once the router has finished the command or it was cancelled
				end(n, err)
				yield(Sentence{}, err)
				return
			}
			if !ok {
				end(n, nil)
				return
			}
			n++
			if st != nil {
				st.TraceStreamSentence(ctx, c, TraceStreamSentenceData{Tag: r.tag, Sentence: s})
			}
			if !yield(s, nil) {
				c.cancel(r)
				end(n, nil)
				return
			}
		}
	}
}

// next returns the next !re of a stream; ok is false at a clean end.
func (r *request) next(ctx context.Context) (s Sentence, ok bool, err error) {
	for {
		if err := ctx.Err(); err != nil { // an ended context wins over buffered sentences
			return s, false, err
		}
		r.mu.Lock()
		if len(r.re) > 0 {
			s = r.re[0]
			r.re[0] = Sentence{}
			r.re = r.re[1:]
			r.mu.Unlock()
			return s, true, nil
		}
		if r.ended {
			defer r.mu.Unlock()
			if r.endErr != nil {
				return s, false, r.endErr
			}
			if len(r.traps) > 0 {
				return s, false, trapError(r.cmd, r.traps)
			}
			return s, false, nil
		}
		r.mu.Unlock()
		select {
		case <-r.notify:
		case <-ctx.Done():
			return s, false, ctx.Err()
		}
	}
}

// checkWords refuses request words that would make a malformed request on the wire.
func checkWords(words []string) error {
	if len(words) == 0 {
		return badRequest("no command word")
	}
	cmd := words[0]
	if len(cmd) < 2 || cmd[0] != '/' {
		return badRequest("command word %q must start with '/' and name a command", safeWord(cmd))
	}
	for i, w := range words {
		if uint64(len(w)) > MaxEncodableWordSize {
			return badRequest("word %d is longer than the protocol allows", i)
		}
		if i == 0 {
			continue
		}
		if w == "" {
			return badRequest("word %d is empty (an empty word would end the sentence)", i)
		}
		switch w[0] {
		case '=', '?':
		case '.':
			if strings.HasPrefix(w, ".tag=") {
				return badRequest("word %d: .tag is set by the connection itself", i)
			}
		default:
			return badRequest("word %d (%s) must start with '=', '?' or '.'", i, safeWord(w))
		}
	}
	return nil
}

// safeWord quotes a word for an error message without risking a secret value: everything after the
// first '=' past the start is elided.
func safeWord(w string) string {
	if i := strings.IndexByte(w[min(1, len(w)):], '='); i >= 0 {
		w = w[:i+min(1, len(w))+1] + "..."
	}
	if len(w) > 64 {
		w = w[:64] + "..."
	}
	return strconv.Quote(w)
}
