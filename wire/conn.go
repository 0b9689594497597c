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
// never holds up another; only a stream whose consumer is behind holds back the reader (HeldBack).
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

	// Flow control (flow.go): the reader is held back by a stream whose buffer is full.
	held      atomic.Bool
	heldSince time.Time     // start of the current hold-back; zero when not held (c.mu)
	heldTotal time.Duration // total of past hold-backs (c.mu)
}

const (
	defaultDialTimeout  = 30 * time.Second
	defaultCancelGrace  = 10 * time.Second
	defaultWriteTimeout = 30 * time.Second
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
	if cfg.StreamBuffer < 0 {
		cfg.StreamBuffer = 0
	}
	if cfg.StreamBufferBytes <= 0 {
		cfg.StreamBufferBytes = DefaultStreamBufferBytes
	}
	if cfg.MaxReplyBytes <= 0 {
		cfg.MaxReplyBytes = DefaultMaxReplyBytes
	}
	if cfg.StreamStallTimeout <= 0 {
		cfg.StreamStallTimeout = DefaultStreamStallTimeout
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
		switch r.addRe(s) {
		case reCancel:
			c.log.Warn("routeros: reply budget exceeded, cancelling", "tag", r.tag, "command", r.cmd)
			c.cancel(r)
		case reHold:
			c.holdBack(r)
		}
	case "!trap":
		if r.addTrap(s) {
			c.log.Warn("routeros: too many traps, cancelling", "tag", r.tag, "command", r.cmd)
			c.cancel(r)
		}
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
	tag      string
	cmd      string
	stream   bool
	failFast bool // stream: overflow fails the stream instead of holding back the reader
	maxBytes int  // Run: MaxReplyBytes; stream: StreamBufferBytes
	maxCount int  // stream: StreamBuffer (0: no limit but the bytes)

	notify chan struct{} // stream only (nil for Run), cap 1: new data or end
	done   chan struct{} // closed at the end visible to the caller
	space  chan struct{} // stream only (nil for Run), cap 1: wakes a reader held back by this stream

	mu        sync.Mutex
	re        []Sentence // Run: every !re; stream: not yet consumed
	bytes     int        // sentenceCost of re
	traps     []Sentence
	trapBytes int
	empty     bool
	doneS     Sentence
	nre       int   // !re received in total
	ended     bool  // the caller-visible end happened (done is closed)
	endErr    error // connection failure, protocol error, overflow, stall, budget
	abandoned bool  // the caller is gone: further replies are drained
	finished  bool  // the router sent !done
	waiting   bool  // the reader is held back by this stream
	lastTake  time.Time
	grace     *time.Timer
	graceHeld time.Duration // Conn.heldFor when the grace period was last (re)armed
}

// newRequest returns a registered request's state. A Run waits on done alone: only a stream has the
// notify and space channels (a select never picks a nil channel, so the senders need no check).
func newRequest(tag, cmd string, stream bool) *request {
	r := &request{tag: tag, cmd: cmd, stream: stream, done: make(chan struct{})}
	if stream {
		r.notify, r.space = make(chan struct{}, 1), make(chan struct{}, 1)
	}
	return r
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

// What the reader does after a !re.
const (
	reNone   = iota
	reCancel // the request failed (budget, overflow): cancel it on the router
	reHold   // the stream's buffer is full: hold back the reader until its consumer catches up
)

// addRe records a !re against the request's byte budget.
func (r *request) addRe(s Sentence) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.nre++
	if r.abandoned || r.ended {
		return reNone
	}
	cost := sentenceCost(s)
	if !r.stream {
		if r.bytes+cost > r.maxBytes {
			r.dropLocked()
			r.endLocked(fmt.Errorf("%w: the replies to %s (tag %s) exceeded Config.MaxReplyBytes (%d bytes) after %d sentences; "+
				"the command was cancelled: read large tables with Stream (or a typed All), which holds only what the "+
				"consumer has not taken yet", ErrReplyTooLarge, r.cmd, r.tag, r.maxBytes, r.nre-1))
			return reCancel
		}
		r.re = append(r.re, s)
		r.bytes += cost
		return reNone
	}
	if r.failFast && len(r.re) > 0 && (r.bytes+cost > r.maxBytes || r.maxCount > 0 && len(r.re) >= r.maxCount) {
		r.abandoned = true
		r.endLocked(fmt.Errorf("%w: %s (tag %s) has %d unread sentences (%d bytes) and the next did not fit in "+
			"Config.StreamBufferBytes (%d) or StreamBuffer (%d); fail-fast streams are cancelled instead of holding back "+
			"the connection", ErrStreamOverflow, r.cmd, r.tag, len(r.re), r.bytes, r.maxBytes, r.maxCount))
		return reCancel
	}
	r.re = append(r.re, s)
	r.bytes += cost
	r.signal()
	if !r.failFast && (r.bytes >= r.maxBytes || r.maxCount > 0 && len(r.re) >= r.maxCount) {
		return reHold
	}
	return reNone
}

// addTrap records a !trap; it reports true when the request's traps passed their budget (the request
// then fails and must be cancelled).
func (r *request) addTrap(s Sentence) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.abandoned {
		return false
	}
	r.trapBytes += sentenceCost(s)
	if r.trapBytes > trapLimit {
		r.dropLocked()
		r.endLocked(&ProtocolError{Reason: fmt.Sprintf("more than %d bytes of !trap replies to %s (tag %s)", trapLimit, r.cmd, r.tag)})
		return true
	}
	r.traps = append(r.traps, s)
	return false
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
func (c *Conn) register(ctx context.Context, cmd string, stream bool) (*request, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pending == nil {
		return nil, c.err
	}
	c.nextTag++
	r := newRequest(strconv.FormatUint(c.nextTag, 10), cmd, stream)
	if stream {
		r.maxBytes, r.maxCount = c.cfg.StreamBufferBytes, c.cfg.StreamBuffer
		r.failFast = streamFailFast(ctx, c.cfg.StreamFailFast)
	} else {
		r.maxBytes = c.cfg.MaxReplyBytes
	}
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
	r, err := c.register(ctx, words[0], stream)
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
	// The grace period does not count the time the reader is held back by a stream (the router's
	// replies may be waiting unread in the socket): each time it runs out, it is extended by the
	// hold-backs that happened meanwhile.
	held := c.heldFor()
	r.mu.Lock()
	if r.finished || r.grace != nil {
		r.mu.Unlock()
		return
	}
	r.abandoned = true
	grace := c.cfg.CancelGrace
	r.graceHeld = held
	r.grace = time.AfterFunc(grace, func() {
		held := c.heldFor()
		r.mu.Lock()
		if r.finished {
			r.mu.Unlock()
			return
		}
		if extra := held - r.graceHeld; extra > 0 {
			r.graceHeld = held
			r.grace.Reset(extra)
			r.mu.Unlock()
			return
		}
		r.mu.Unlock()
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
	cr := newRequest(strconv.FormatUint(c.nextTag, 10), "/cancel", false)
	cr.maxBytes = trapLimit // its only reply is !done
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
	return c.run(ctx, nil, words)
}

// RunQueued is Run that calls queued once the command is queued on the connection ahead of every
// later command (before the reply is awaited; not at all when the command fails before it is
// queued). See QueuedRunner.
func (c *Conn) RunQueued(ctx context.Context, queued func(), words ...string) (*Reply, error) {
	return c.run(ctx, queued, words)
}

func (c *Conn) run(ctx context.Context, queued func(), words []string) (*Reply, error) {
	ctx, r, end, err := c.begin(ctx, words, false)
	if err != nil {
		return nil, err
	}
	if queued != nil {
		queued()
	}
	select {
	case <-r.done:
	case <-ctx.Done():
		r.mu.Lock()
		ended := r.ended
		r.mu.Unlock()
		if !ended {
			r.drop()
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
// connection failure, ctx ending, a consumer that stopped consuming (ErrStreamStalled), or, for
// fail-fast streams, a full buffer (ErrStreamOverflow) are yielded as errors and end it. A consumer
// slower than the router holds back the connection's reader instead (see the package documentation). Breaking out of the loop cancels the command
// on the router. !empty is not yielded.
func (c *Conn) Stream(ctx context.Context, words ...string) iter.Seq2[Sentence, error] {
	return c.stream(ctx, nil, words)
}

// StreamQueued is Stream that calls queued once the command has been queued for writing on this
// connection, ahead of every command sent after queued is called; queued receives the connection,
// so a command it (or anything after it) runs there reaches the router after this one. queued is
// not called when the command is refused before it is queued. See QueuedStreamer.
func (c *Conn) StreamQueued(ctx context.Context, queued func(same Runner), words ...string) iter.Seq2[Sentence, error] {
	return c.stream(ctx, queued, words)
}

func (c *Conn) stream(ctx context.Context, queued func(Runner), words []string) iter.Seq2[Sentence, error] {
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
		if queued != nil {
			queued(c)
		}
		st, _ := c.cfg.Tracer.(StreamTracer)
		n := 0
		for {
			s, ok, err := r.next(ctx)
			if err != nil {
				r.drop()
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
				r.drop() // frees the buffer and releases a reader held back by this stream
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
			r.bytes -= sentenceCost(s)
			if r.waiting { // the reader is held back by this stream: report progress
				r.lastTake = time.Now()
				if r.belowLowWater() {
					select {
					case r.space <- struct{}{}:
					default:
					}
				}
			}
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
