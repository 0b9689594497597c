package wiretest

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/rosgen/routeros/wire"
)

type stepKind int

const (
	stepExpect stepKind = iota
	stepSend
	stepRaw
	stepStall
	stepStallForever
	stepClose
	stepLogin
	stepExpectEOF
	stepDo
)

func (k stepKind) String() string {
	switch k {
	case stepExpect:
		return "Expect"
	case stepSend:
		return "Send"
	case stepRaw:
		return "SendRaw"
	case stepStall:
		return "Stall"
	case stepStallForever:
		return "StallForever"
	case stepClose:
		return "Close"
	case stepLogin:
		return "Login"
	case stepExpectEOF:
		return "ExpectEOF"
	case stepDo:
		return "Do"
	}
	return "step"
}

type step struct {
	kind  stepKind
	where string // "file_test.go:12" or "transcript line 4"

	pat      *sentencePattern // Expect
	send     []wordPattern    // Send
	raw      []byte           // SendRaw
	d        time.Duration    // Stall
	user     string           // Login
	password string           // Login
	fn       func(*ServerConn) error
}

// Script is a sequence of steps a server plays on each connection: sentences to expect from the
// client, sentences or raw bytes to send, pauses, and closes. Build one with [NewScript] and its
// chaining methods, or with [ParseTranscript].
//
// When the client's sentence does not match an Expect step, or the client closes the connection
// while the script still expects a sentence, the server reports the failure with t.Errorf (expected
// and received words, secrets redacted) and closes the connection. When the last step has run, the
// server keeps the connection open until the client closes it (unless the last step was Close);
// a sentence received then is a failure too. A script interrupted by [Server.Close] is not a
// failure.
//
// A Script may be played on several connections at once, but must not be modified once a server
// plays it.
type Script struct {
	steps []step
}

// NewScript returns an empty script.
func NewScript() *Script { return &Script{} }

func (s *Script) add(st step) *Script {
	if _, file, line, ok := runtime.Caller(2); ok && st.where == "" {
		st.where = fmt.Sprintf("%s:%d", filepath.Base(file), line)
	}
	s.steps = append(s.steps, st)
	return s
}

// Expect adds a step that reads the client's next sentence and requires it to match words.
//
// The first word (the command) must match the client's first word. Words starting with "=" and
// ".tag=" words match the client's words of the same kinds in any order; the remaining words
// (queries such as "?type=ether", bare words) must match in the order given. A {name} placeholder
// inside a word (name is an identifier) matches any text and binds it: later steps can send it
// ({name} in Send) and later placeholders of the same name must match the same text, so
//
//	Expect("/interface/listen", ".tag={l}").
//	Expect("/cancel", "=tag={l}", ".tag={c}")
//
// accepts any tags but requires the cancel to name the listen's tag. Write "{{" for a literal "{"
// (see [EscapeBraces]). Expect with no words fails the test when the step is reached.
func (s *Script) Expect(words ...string) *Script {
	var pat *sentencePattern
	if len(words) > 0 {
		pat = compileSentence(append([]string(nil), words...))
	}
	return s.add(step{kind: stepExpect, pat: pat})
}

// Send adds a step that sends one sentence. {name} placeholders are replaced by the text bound by
// earlier Expect steps; an unbound placeholder fails the test when the step is reached. With no
// words it sends an empty sentence.
func (s *Script) Send(words ...string) *Script {
	ws := make([]wordPattern, len(words))
	for i, w := range words {
		ws[i] = parseWord(w)
	}
	return s.add(step{kind: stepSend, send: ws})
}

// SendRaw adds a step that writes b unchanged.
func (s *Script) SendRaw(b []byte) *Script {
	return s.add(step{kind: stepRaw, raw: append([]byte(nil), b...)})
}

// Stall adds a step that waits for d, or until the server or the connection closes. The client's
// sentences meanwhile stay unread, for the next Expect.
func (s *Script) Stall(d time.Duration) *Script {
	return s.add(step{kind: stepStall, d: max(d, 0)})
}

// StallForever adds a step that answers nothing any more: it reads and discards whatever the client
// sends until the client closes the connection or the server closes. Steps after it never run.
func (s *Script) StallForever() *Script {
	return s.add(step{kind: stepStallForever})
}

// Close adds a step that closes the connection. Steps after it never run.
func (s *Script) Close() *Script {
	return s.add(step{kind: stepClose})
}

// ExpectEOF adds a step that requires the client to close the connection now (no further
// sentence).
func (s *Script) ExpectEOF() *Script {
	return s.add(step{kind: stepExpectEOF})
}

// Login adds the RouterOS 6.43+ login: it expects "/login =name=USER =password=PASSWORD" (user and
// password literal, attributes in any order, with or without a .tag) and answers a bare !done,
// carrying the request's .tag when it had one. A different user or password fails the test; script
// failed logins with Expect and Send instead.
func (s *Script) Login(user, password string) *Script {
	return s.add(step{kind: stepLogin, user: user, password: password})
}

// Do adds a step that calls f with the connection: to signal the test that a point of the script is
// reached, to check bound values with [ServerConn.Var], or to write something unusual. An error
// from f fails the test and closes the connection. f must return once the connection's context is
// done.
func (s *Script) Do(f func(*ServerConn) error) *Script {
	return s.add(step{kind: stepDo, fn: f})
}

// errFailed is returned by Play after it reported a failure.
var errFailed = errors.New("wiretest: script failed")

// errInterrupted is returned by Play when the server or connection was closed under it.
var errInterrupted = errors.New("wiretest: script interrupted by close")

// Play runs script on the connection from its first step and returns when its last step has run
// (nil), when it failed (the failure has been reported with t.Errorf and the connection closed), or
// when the server or connection was closed. Placeholder values bound by earlier Play calls on the
// same connection stay bound. A nil script does nothing.
func (c *ServerConn) Play(script *Script) error {
	if script == nil {
		return nil
	}
	for i := range script.steps {
		st := &script.steps[i]
		if c.closing() {
			return errInterrupted
		}
		err := c.playStep(st)
		if err == nil {
			continue
		}
		var f *stepFailure
		if errors.As(err, &f) {
			c.srv.t.Errorf("wiretest: connection %s: step %d of %d, %s (%s): %s",
				c.conn.RemoteAddr(), i+1, len(script.steps), st.kind, st.where, f.msg)
			_ = c.Close()
			return errFailed
		}
		if errors.Is(err, errInterrupted) || c.closing() {
			return errInterrupted
		}
		// A write that failed because the client went away: nothing to report.
		_ = c.Close()
		return err
	}
	return nil
}

// stepFailure is a failure to report.
type stepFailure struct{ msg string }

func (f *stepFailure) Error() string { return f.msg }

func failf(format string, args ...any) error {
	return &stepFailure{msg: fmt.Sprintf(format, args...)}
}

func (c *ServerConn) playStep(st *step) error {
	switch st.kind {
	case stepExpect:
		if st.pat == nil {
			return failf("Expect has no words")
		}
		got, err := c.expectSentence(formatWords(wire.RedactWords(st.pat.words)))
		if err != nil {
			return err
		}
		b := &binds{base: c.vars}
		if ok, why := st.pat.match(got, b); !ok {
			return failf("sentence mismatch: %s\n\texpected: %s\n\tgot:      %s%s",
				why, formatWords(wire.RedactWords(st.pat.words)), formatWords(wire.RedactWords(got)), c.describeVars())
		}
		for _, n := range st.pat.secret {
			c.secretVars[n] = true
		}
		return nil
	case stepSend:
		words := make([]string, len(st.send))
		for i, wp := range st.send {
			w, err := wp.expand(c.vars)
			if err != nil {
				return failf("%v", err)
			}
			words[i] = w
		}
		return c.WriteSentence(words...)
	case stepRaw:
		return c.WriteRaw(st.raw)
	case stepStall:
		t := time.NewTimer(st.d)
		defer t.Stop()
		select {
		case <-t.C:
			return nil
		case <-c.ctx.Done():
			return errInterrupted
		}
	case stepStallForever:
		for {
			if _, err := c.ReadWords(); err != nil {
				return errInterrupted // the client or the server closed: the script ends here
			}
		}
	case stepClose:
		_ = c.Close()
		return errInterrupted
	case stepExpectEOF:
		words, err := c.ReadWords()
		if err == nil {
			return failf("expected the client to close the connection\n\tgot: %s", formatWords(wire.RedactWords(words)))
		}
		if c.closing() || isEOF(err) {
			return nil
		}
		return failf("expected the client to close the connection, got error: %v", err)
	case stepLogin:
		want := []string{"/login", "=name=" + st.user, "=password=" + st.password}
		got, err := c.expectSentence(formatWords(wire.RedactWords(want)))
		if err != nil {
			return err
		}
		untagged := compileSentence([]string{EscapeBraces(want[0]), EscapeBraces(want[1]), EscapeBraces(want[2])})
		tagged := compileSentence(append(append([]string(nil), untagged.words...), ".tag={tag}"))
		b := &binds{base: map[string]string{}}
		if ok, _ := untagged.match(got, b); ok {
			return c.WriteSentence("!done")
		}
		if ok, _ := tagged.match(got, b); ok {
			return c.WriteSentence("!done", ".tag="+b.base["tag"])
		}
		return failf("login mismatch (secret values redacted)\n\texpected: %s\n\tgot:      %s",
			formatWords(wire.RedactWords(want)), formatWords(wire.RedactWords(got)))
	case stepDo:
		if st.fn == nil {
			return nil
		}
		if err := st.fn(c); err != nil {
			if c.closing() || errors.Is(err, errInterrupted) || errors.Is(err, errFailed) {
				return errInterrupted // a nested Play ended early (and reported any failure itself)
			}
			return failf("%v", err)
		}
		return nil
	}
	return failf("unknown step")
}

// expectSentence reads the next sentence for an Expect-like step; want describes what the step
// waits for, for the failure message.
func (c *ServerConn) expectSentence(want string) ([]string, error) {
	words, err := c.ReadWords()
	if err == nil {
		return words, nil
	}
	if isEOF(err) {
		// The client hung up first, even if the server is closing by now.
		return nil, failf("client closed the connection (%v)\n\texpected: %s", err, want)
	}
	if c.closing() {
		return nil, errInterrupted
	}
	return nil, failf("reading the client's sentence: %v\n\texpected: %s", err, want)
}

// isEOF reports whether err means the client closed or reset the connection (as opposed to the
// server closing it, net.ErrClosed).
func isEOF(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET)
}

// scriptHandler plays script, then holds the connection open until the client closes it.
func scriptHandler(script *Script) func(*ServerConn) {
	return func(c *ServerConn) {
		if err := c.Play(script); err != nil || c.closing() {
			return
		}
		words, err := c.ReadWords()
		switch {
		case err == nil:
			n := 0
			if script != nil {
				n = len(script.steps)
			}
			c.srv.t.Errorf("wiretest: connection %s: the client sent a sentence after the end of the script (%d steps)\n\tgot: %s",
				c.conn.RemoteAddr(), n, formatWords(wire.RedactWords(words)))
		case c.closing() || isEOF(err):
		default:
			c.srv.t.Errorf("wiretest: connection %s: after the end of the script: %v", c.conn.RemoteAddr(), err)
		}
	}
}

// describeVars lists the bound placeholders for a failure message, secret ones redacted.
func (c *ServerConn) describeVars() string {
	if len(c.vars) == 0 {
		return ""
	}
	names := make([]string, 0, len(c.vars))
	for n := range c.vars {
		names = append(names, n)
	}
	sort.Strings(names)
	var sb strings.Builder
	sb.WriteString("\n\tbound:   ")
	for _, n := range names {
		v := quoteWord(c.vars[n])
		if c.secretVars[n] {
			v = "***"
		}
		fmt.Fprintf(&sb, " {%s}=%s", n, v)
	}
	return sb.String()
}

// redactWord redacts the secrets of one word (see wire.RedactWords).
func redactWord(w string) string { return wire.RedactWords([]string{w})[0] }

// String returns the steps of the script, one a line, with secret values redacted.
func (s *Script) String() string {
	var sb strings.Builder
	for i, st := range s.steps {
		fmt.Fprintf(&sb, "%d %s", i+1, st.kind)
		switch st.kind {
		case stepExpect:
			if st.pat != nil {
				sb.WriteString(" " + formatWords(wire.RedactWords(st.pat.words)))
			}
		case stepSend:
			ws := make([]string, len(st.send))
			for j, w := range st.send {
				ws[j] = w.src
			}
			sb.WriteString(" " + formatWords(wire.RedactWords(ws)))
		case stepRaw:
			fmt.Fprintf(&sb, " % x", st.raw)
		case stepStall:
			sb.WriteString(" " + st.d.String())
		case stepLogin:
			sb.WriteString(" " + quoteWord(st.user) + " ***")
		}
		sb.WriteByte('\n')
	}
	return sb.String()
}

// Format prints String for every verb: a script holds the passwords it expects, and fmt would
// print them for verbs that do not use String (%d, %+v of a value holding the script).
func (s *Script) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		_, _ = fmt.Fprintf(f, "%q", s.String())
		return
	}
	_, _ = io.WriteString(f, s.String())
}

// GoString is String.
func (s *Script) GoString() string { return s.String() }
