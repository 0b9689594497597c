package sim

import (
	"context"
	"crypto/md5"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rosgen/routeros/sim/internal/router"
	"github.com/rosgen/routeros/wire"
)

// postLoginSentenceLimit bounds one request sentence after login.
const postLoginSentenceLimit = 16 << 20

type outMsg struct {
	words      []string
	closeAfter bool      // close the session once this sentence is written
	due        time.Time // with Faults.RTT: not written before (request arrival + RTT)
}

// session is one client connection. Its reader goroutine (run) reads and handles requests in order;
// its writer goroutine writes every reply sentence, so replies of concurrent commands never mix.
type session struct {
	srv  *Server
	conn net.Conn
	rd   *wire.Reader
	out  chan outMsg
	done chan struct{} // closed when the session ends

	closeOnce sync.Once
	cmdWG     sync.WaitGroup // streaming command goroutines
	writerWG  sync.WaitGroup

	// Owned by the reader goroutine.
	user      *User
	challenge []byte
	preLogin  int
	arrived   time.Time // when the sentence being handled was read
	pending   int64     // bytes read of the sentence being read, charged to srv.pending

	mu      sync.Mutex
	running map[*running]struct{}
	written int // sentences written, owned by the writer
}

// running is a streaming command in progress.
type running struct {
	tag       string
	hasTag    bool
	cmd       string
	cancel    context.CancelFunc
	cancelled bool // set by /cancel under session.mu: the canceller sends the trap and !done
	done      chan struct{}
}

func newSession(s *Server, c net.Conn) *session {
	return &session{
		srv:     s,
		conn:    c,
		out:     make(chan outMsg, 256),
		done:    make(chan struct{}),
		running: map[*running]struct{}{},
	}
}

func (ss *session) close() {
	ss.closeOnce.Do(func() {
		close(ss.done)
		ss.conn.Close()
	})
}

// closeAfterFlush closes the session once the replies already queued are written, or after a short
// grace period when the client does not read them.
func (ss *session) closeAfterFlush() {
	select {
	case ss.out <- outMsg{closeAfter: true}:
	case <-ss.done:
		return
	default: // the client is not reading its replies: nothing to flush
		ss.close()
		return
	}
	t := time.NewTimer(200 * time.Millisecond)
	defer t.Stop()
	select {
	case <-t.C:
		ss.close()
	case <-ss.done:
	}
}

func (ss *session) run() {
	ss.srv.log.Debug("sim: session start", "remote", ss.conn.RemoteAddr().String())
	ss.writerWG.Add(1)
	go ss.writer()
	ss.rd = wire.NewReader(budgetReader{ss}, postLoginSentenceLimit)
	ss.rd.MaxSentenceSize = ss.srv.cfg.MaxPreLoginSize
	if t := ss.srv.cfg.LoginTimeout; t > 0 {
		_ = ss.conn.SetReadDeadline(time.Now().Add(t))
	}
	defer ss.release()
	for {
		words, err := ss.rd.ReadWords()
		ss.release()
		if err != nil {
			ss.srv.log.Debug("sim: session read ended", "err", err.Error())
			break
		}
		ss.arrived = time.Now()
		if ss.user == nil {
			ss.preLogin++
			if ss.preLogin > ss.srv.cfg.MaxPreLoginSentences {
				ss.srv.log.Debug("sim: too many sentences before login")
				break
			}
		}
		ss.handle(wire.ParseSentence(words))
		select {
		case <-ss.done:
		default:
			continue
		}
		break
	}
	ss.close()
	ss.mu.Lock()
	for rc := range ss.running {
		rc.cancel()
	}
	ss.mu.Unlock()
	ss.cmdWG.Wait()
	ss.writerWG.Wait()
	ss.srv.log.Debug("sim: session end")
}

// budgetReader charges the bytes a session reads to the server's bound on unfinished sentences
// (Config.MaxPendingBytes) until the sentence is complete.
type budgetReader struct{ ss *session }

// errPendingBudget ends a session whose sentence would pass Config.MaxPendingBytes.
var errPendingBudget = errors.New("sim: too many bytes of unfinished sentences")

func (b budgetReader) Read(p []byte) (int, error) {
	ss := b.ss
	if ss.srv.pending.Load() >= ss.srv.cfg.MaxPendingBytes {
		return 0, errPendingBudget
	}
	n, err := ss.conn.Read(p)
	ss.pending += int64(n)
	ss.srv.pending.Add(int64(n))
	return n, err
}

// release returns the bytes of the sentence just read (or of the dead session) to the budget.
func (ss *session) release() {
	ss.srv.pending.Add(-ss.pending)
	ss.pending = 0
}

func (ss *session) writer() {
	defer ss.writerWG.Done()
	var buf []byte
	ctlSent := false
	for {
		var m outMsg
		select {
		case m = <-ss.out:
		case <-ss.done:
			return
		}
		f := ss.srv.currentFaults()
		if f.StallAfter > 0 && ss.written >= f.StallAfter {
			if m.closeAfter {
				ss.close()
				return
			}
			continue // hung: requests are read, nothing is answered
		}
		if d := time.Until(m.due); !m.due.IsZero() && d > 0 {
			t := time.NewTimer(d)
			select {
			case <-t.C:
			case <-ss.done:
				t.Stop()
				return
			}
		}
		if f.Latency > 0 {
			t := time.NewTimer(f.Latency)
			select {
			case <-t.C:
			case <-ss.done:
				t.Stop()
				return
			}
		}
		if f.FatalAfter > 0 && ss.written >= f.FatalAfter {
			reason := f.FatalReason
			if reason == "" {
				reason = "simulated failure"
			}
			_ = ss.write(wire.AppendSentence(buf[:0], "!fatal", reason), f.SplitWrites)
			ss.close()
			return
		}
		if f.ControlByteAfter > 0 && ss.written >= f.ControlByteAfter && !ctlSent {
			ctlSent = true
			if ss.write([]byte{0xF8}, false) != nil {
				ss.close()
				return
			}
		}
		if m.words != nil {
			buf = wire.AppendSentence(buf[:0], m.words...)
			if err := ss.write(buf, f.SplitWrites); err != nil {
				ss.close()
				return
			}
			ss.written++
			if f.DropAfter > 0 && ss.written >= f.DropAfter {
				ss.close()
				return
			}
		}
		if m.closeAfter {
			ss.close()
			return
		}
		if cap(buf) > 1<<20 {
			buf = nil
		}
	}
}

func (ss *session) write(b []byte, split bool) error {
	if !split {
		_, err := ss.conn.Write(b)
		return err
	}
	for i := range b {
		if _, err := ss.conn.Write(b[i : i+1]); err != nil {
			return err
		}
	}
	return nil
}

// replier sends the replies of one request, each carrying the request's tag. It is the router's
// router.Replier.
type replier struct {
	ss     *session
	tag    string
	hasTag bool
	due    time.Time // with Faults.RTT: the request's arrival plus the RTT
}

func (ss *session) replier(tag string, hasTag bool) replier {
	r := replier{ss: ss, tag: tag, hasTag: hasTag}
	if rtt := ss.srv.currentFaults().RTT; rtt > 0 && !ss.arrived.IsZero() {
		r.due = ss.arrived.Add(rtt)
	}
	return r
}

// send queues one reply sentence: the reply word, then attribute words (already "=k=v"), then .tag.
func (r replier) send(word string, attrs ...string) bool {
	words := make([]string, 0, len(attrs)+2)
	words = append(words, word)
	words = append(words, attrs...)
	if r.hasTag {
		words = append(words, ".tag="+r.tag)
	}
	return r.ss.enqueue(outMsg{words: words, due: r.due})
}

// Send is send, for the router.
func (r replier) Send(word string, attrs ...string) bool { return r.send(word, attrs...) }

// Policy reports whether the session's user has the policy.
func (r replier) Policy(policy string) bool { return r.ss.user != nil && r.ss.user.can(policy) }

// Stream runs a long command for the router (see session.stream).
func (r replier) Stream(cmd string, fn func(ctx context.Context, emit func(attrs ...string) bool) error) {
	r.ss.stream(r, cmd, fn)
}

func (r replier) sendErr(err error) { router.WriteErr(r.send, err) }

func (ss *session) enqueue(m outMsg) bool {
	select {
	case ss.out <- m:
		return true
	case <-ss.done:
		return false
	}
}

func (r replier) done(attrs ...string) { r.send("!done", attrs...) }

// trap sends one !trap (category < 0: none) and the closing !done.
func (r replier) trap(category int, msg string) {
	r.trapOnly(category, msg)
	r.done()
}

func (r replier) trapOnly(category int, msg string) {
	if category >= 0 {
		r.send("!trap", "=category="+strconv.Itoa(category), "=message="+msg)
	} else {
		r.send("!trap", "=message="+msg)
	}
}

// fatal sends !fatal with a bare reason word and closes the session once it is written.
func (r replier) fatal(reason string) {
	r.ss.enqueue(outMsg{words: []string{"!fatal", reason}, closeAfter: true, due: r.due})
}

func (ss *session) handle(s wire.Sentence) {
	r := ss.replier(s.Tag, s.HasTag)
	if ss.user == nil {
		switch s.Word {
		case "/login":
			ss.login(r, s)
		case "/quit":
			r.fatal("session terminated on request")
		default:
			// What RouterOS answers here is UNVERIFIED; docs/protocol.md#login models it so.
			r.fatal("not logged in")
		}
		return
	}
	switch s.Word {
	case "/login":
		r.done() // already logged in
	case "/cancel":
		ss.cancel(r, s)
	case "/quit":
		r.fatal("session terminated on request")
	default:
		ss.srv.router.Handle(r, s)
	}
}

func (ss *session) login(r replier, s wire.Sentence) {
	name, _ := s.Get("name")
	srv := ss.srv
	if srv.cfg.LegacyLogin {
		resp, hasResp := s.Get("response")
		if !hasResp || ss.challenge == nil {
			ss.challenge = make([]byte, 16)
			_, _ = rand.Read(ss.challenge)
			r.done("=ret=" + hex.EncodeToString(ss.challenge))
			return
		}
		challenge := ss.challenge
		ss.challenge = nil
		u := srv.user(name)
		if u == nil || !checkResponse(u.Password, challenge, resp) {
			srv.log.Debug("sim: legacy login refused", "user", name)
			r.trap(-1, "cannot log in")
			return
		}
		ss.loggedIn(u)
		r.done()
		return
	}
	pw, _ := s.Get("password")
	u := srv.user(name)
	if u == nil || subtle.ConstantTimeCompare([]byte(u.Password), []byte(pw)) != 1 {
		srv.log.Debug("sim: login refused", "user", name)
		r.trap(-1, "invalid user name or password (6)")
		return
	}
	ss.loggedIn(u)
	r.done()
}

func (ss *session) loggedIn(u *User) {
	ss.user = u
	ss.rd.MaxSentenceSize = postLoginSentenceLimit
	_ = ss.conn.SetReadDeadline(time.Time{})
	ss.srv.log.Debug("sim: logged in", "user", u.Name)
}

// checkResponse verifies a legacy login answer: "00" + hex(MD5(0x00 || password || challenge)).
func checkResponse(password string, challenge []byte, resp string) bool {
	h := md5.New()
	h.Write([]byte{0})
	h.Write([]byte(password))
	h.Write(challenge)
	want := "00" + hex.EncodeToString(h.Sum(nil))
	return subtle.ConstantTimeCompare([]byte(want), []byte(strings.ToLower(resp))) == 1
}

func (s *Server) user(name string) *User {
	for i := range s.cfg.Users {
		if s.cfg.Users[i].Name == name {
			u := s.cfg.Users[i]
			return &u
		}
	}
	return nil
}

// cancel serves /cancel: with =tag= it interrupts that command, without it every command. Each
// interrupted command gets !trap =category=2 =message=interrupted; then the cancel's own !done; then
// each interrupted command's !done (the order the manual shows).
func (ss *session) cancel(r replier, s wire.Sentence) {
	if ss.srv.currentFaults().IgnoreCancel {
		r.done()
		return
	}
	target, has := s.Get("tag")
	ss.mu.Lock()
	var victims []*running
	for rc := range ss.running {
		if rc.cancelled || (has && (!rc.hasTag || rc.tag != target)) {
			continue
		}
		rc.cancelled = true
		victims = append(victims, rc)
	}
	ss.mu.Unlock()
	for _, v := range victims {
		v.cancel()
		select {
		case <-v.done:
		case <-ss.done:
			return
		}
	}
	for _, v := range victims {
		ss.replier(v.tag, v.hasTag).trapOnly(2, "interrupted")
	}
	// Cancelling an unknown or finished tag: what RouterOS answers is UNVERIFIED; a bare !done here.
	r.done()
	for _, v := range victims {
		ss.replier(v.tag, v.hasTag).done()
	}
}

// stream runs a never-ending or long command in its own goroutine. fn sends its !re sentences with
// emit (false once the command is cancelled or the session ends) and returns when finished; a nil
// error then sends !done, a *trapErr its trap and !done. A cancelled command sends nothing more.
func (ss *session) stream(r replier, cmd string, fn func(ctx context.Context, emit func(attrs ...string) bool) error) {
	ctx, cancel := context.WithCancel(context.Background())
	rc := &running{tag: r.tag, hasTag: r.hasTag, cmd: cmd, cancel: cancel, done: make(chan struct{})}
	ss.mu.Lock()
	ss.running[rc] = struct{}{}
	ss.mu.Unlock()
	ss.cmdWG.Add(1)
	go func() {
		defer ss.cmdWG.Done()
		defer close(rc.done)
		defer cancel()
		emit := func(attrs ...string) bool {
			if ctx.Err() != nil {
				return false
			}
			return r.send("!re", attrs...)
		}
		err := fn(ctx, emit)
		ss.mu.Lock()
		cancelled := rc.cancelled
		delete(ss.running, rc)
		ss.mu.Unlock()
		if cancelled {
			return
		}
		select {
		case <-ss.done:
			return
		default:
		}
		if err != nil {
			r.sendErr(err)
			return
		}
		r.done()
	}()
}
