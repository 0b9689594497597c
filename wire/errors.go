package wire

import (
	"errors"
	"fmt"
	"strings"
)

var (
	// ErrClosed is matched by the error of every request that fails because the connection is closed:
	// by Close, by the router (!fatal, end of stream), or after a protocol error or an unresponsive router.
	ErrClosed = errors.New("routeros: connection closed")
	// ErrAuth is matched by login failures caused by the credentials; the error text keeps the router's
	// message ("invalid user name or password (6)", "cannot log in").
	ErrAuth = errors.New("routeros: login refused")
	// ErrUnresponsive is matched (besides ErrClosed) when the connection was closed because the router did
	// not finish a cancelled command within Config.CancelGrace.
	ErrUnresponsive = errors.New("routeros: router did not finish a cancelled command in time")
	// ErrStreamOverflow is matched when a stream's consumer fell more than Config.StreamBuffer sentences
	// behind; the stream is cancelled on the router and ends with this error.
	ErrStreamOverflow = errors.New("routeros: stream consumer too slow, buffer full")
	// ErrBadRequest is matched when request words are refused before anything is sent.
	ErrBadRequest = errors.New("routeros: malformed request")
)

// TrapError is a !trap reply: the router refused or failed the command. Use errors.As to read it.
type TrapError struct {
	// Category is the =category= number (0 missing item or command, 1 argument value, 2 interrupted,
	// 3 scripting, 4 general, 5 API, 6 TTY, 7 :return value), or -1 when the trap carried none.
	Category int
	// Message is the router's =message= text, unchanged.
	Message string
	// Command is the command word of the request that failed.
	Command string
	// More holds the messages of further traps of the same request, in order (an unknown path gets
	// "no such command or directory (...)" and then "no such command prefix").
	More []string
}

func (e *TrapError) Error() string {
	var b strings.Builder
	b.WriteString("routeros: ")
	if e.Command != "" {
		b.WriteString(e.Command)
		b.WriteString(": ")
	}
	b.WriteString(e.Message)
	if e.Category >= 0 {
		fmt.Fprintf(&b, " (category %d)", e.Category)
	}
	for _, m := range e.More {
		b.WriteString("; ")
		b.WriteString(m)
	}
	return b.String()
}

func trapError(cmd string, traps []Sentence) *TrapError {
	msg, _ := traps[0].Get("message")
	e := &TrapError{Category: category(traps[0]), Message: msg, Command: cmd}
	for _, t := range traps[1:] {
		m, _ := t.Get("message")
		e.More = append(e.More, m)
	}
	return e
}

// FatalError is a !fatal reply: the router closed the session. It matches ErrClosed.
type FatalError struct {
	// Reason is the router's reason ("session terminated on request"), whether it came as a bare word
	// or as =message=.
	Reason string
}

func (e *FatalError) Error() string        { return "routeros: router closed the session: " + e.Reason }
func (e *FatalError) Is(target error) bool { return target == ErrClosed }

func fatalReason(s Sentence) string {
	if m, ok := s.Get("message"); ok {
		return m
	}
	return strings.Join(s.Words, " ")
}

// authError keeps the router's text and matches ErrAuth.
type authError struct{ msg string }

func (e *authError) Error() string        { return "routeros: login refused: " + e.msg }
func (e *authError) Is(target error) bool { return target == ErrAuth }

// closedError matches ErrClosed and wraps the cause of the close.
type closedError struct{ cause error }

func (e *closedError) Error() string {
	if e.cause == nil {
		return ErrClosed.Error()
	}
	return ErrClosed.Error() + ": " + e.cause.Error()
}
func (e *closedError) Is(target error) bool { return target == ErrClosed }
func (e *closedError) Unwrap() error        { return e.cause }

func badRequest(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrBadRequest, fmt.Sprintf(format, args...))
}
