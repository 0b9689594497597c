package wire

import (
	"context"
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
	// not finish a cancelled command within Config.CancelGrace. Timeout reports true for it.
	ErrUnresponsive error = &timeoutError{"routeros: router did not finish a cancelled command in time"}
	// ErrStreamOverflow is matched only by fail-fast streams (Config.StreamFailFast or
	// WithStreamFailFast) whose consumer fell further behind than the stream buffer allows
	// (Config.StreamBufferBytes, and Config.StreamBuffer sentences when set); the stream is cancelled
	// on the router and ends with this error. Other streams never fail for a slow consumer: the reader
	// holds back instead (see the package documentation, "Flow control and memory").
	ErrStreamOverflow = errors.New("routeros: stream consumer too slow, buffer full")
	// ErrBadRequest is matched when request words are refused before anything is sent.
	ErrBadRequest = errors.New("routeros: malformed request")
)

// Conditions a *TrapError matches with errors.Is, from the router's message (and its category when
// the message says nothing known). Package ros re-exports them. The messages below are those of real
// routers, as reported in public issues and clients' tests against RouterOS 6 and 7.
var (
	// ErrNotFound: the item does not exist: "no such item (4)" (remove or set of an id that is
	// gone), "no such entry".
	ErrNotFound = errors.New("routeros: no such item")
	// ErrAlreadyExists: an item with that name or value exists: "failure: already have such address",
	// "failure: already have such entry" (address lists), "failure: already have interface with such
	// name", "failure: entry already exists" (DNS static), "failure: device already added as bridge
	// port".
	ErrAlreadyExists = errors.New("routeros: item already exists")
	// ErrPermission: the user's group lacks the policy the command needs: "not enough permissions (9)"
	// (for instance a group with policy=read,api writing), "permission denied".
	ErrPermission = errors.New("routeros: not enough permissions")
	// ErrUnknownCommand: the router has no such menu or command (a typo, an older RouterOS, a missing
	// package): "no such command or directory (adress)" followed by "no such command prefix".
	ErrUnknownCommand = errors.New("routeros: no such command")
	// ErrUnknownParameter: the command has no attribute of that name: "unknown parameter".
	ErrUnknownParameter = errors.New("routeros: unknown parameter")
	// ErrBadValue: a value was refused (wrong type, out of range, unknown reference): "input does not
	// match any value of interface", "invalid value for argument address", "invalid value of
	// mac-address, mac address required", "value of address expects range of ip addresses", or any
	// trap of category 1 (argument value failure).
	ErrBadValue = errors.New("routeros: invalid value")
)

// trapConditions are the conditions in the order their texts are tried; the first that a message
// contains decides.
var trapConditions = []struct {
	err   error
	texts []string
}{
	{ErrUnknownCommand, []string{"no such command"}},
	{ErrNotFound, []string{"no such item", "no such entry"}},
	{ErrAlreadyExists, []string{"already have", "already exists", "already added"}},
	{ErrPermission, []string{"not enough permissions", "permission denied"}},
	{ErrUnknownParameter, []string{"unknown parameter"}},
	{ErrBadValue, []string{"input does not match any value", "invalid value", "value of ", "out of range",
		"expected ", "invalid "}},
}

// condition returns the sentinel the trap matches, or nil.
func (e *TrapError) condition() error {
	for _, m := range append([]string{e.Message}, e.More...) {
		m = strings.ToLower(m)
		for _, c := range trapConditions {
			for _, t := range c.texts {
				if strings.Contains(m, t) {
					return c.err
				}
			}
		}
	}
	if e.Category == 1 { // argument value failure
		return ErrBadValue
	}
	return nil
}

// Is reports whether the trap means target: ErrNotFound, ErrAlreadyExists, ErrPermission,
// ErrUnknownCommand, ErrUnknownParameter or ErrBadValue, decided from the router's messages.
func (e *TrapError) Is(target error) bool {
	c := e.condition()
	return c != nil && c == target
}

// TrapError is a !trap reply: the router refused or failed the command. Use errors.As to read it,
// errors.Is to test it against ErrNotFound and the other conditions.
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

// timeoutError is a sentinel that reports itself as a timeout.
type timeoutError struct{ msg string }

func (e *timeoutError) Error() string { return e.msg }
func (e *timeoutError) Timeout() bool { return true }

// notSentError marks an error that happened before the request reached the socket.
type notSentError struct{ err error }

func (e *notSentError) Error() string     { return e.err.Error() }
func (e *notSentError) Unwrap() error     { return e.err }
func (e *notSentError) SafeToRetry() bool { return true }

// SafeToRetry reports whether err means the command was certainly not sent to the router (the
// connection had already closed), so running it again cannot run it twice. It asks the first error
// in err's chain that has a SafeToRetry() bool method, so errors of other packages (a Runner
// wrapping a Pool) can answer too.
func SafeToRetry(err error) bool {
	var r interface{ SafeToRetry() bool }
	return errors.As(err, &r) && r.SafeToRetry()
}

// Timeout reports whether err was caused by a timeout: a context deadline, a network timeout (a
// write that exceeded Config.WriteTimeout), a router that did not finish a cancelled command within
// Config.CancelGrace (ErrUnresponsive). It asks the first error in err's chain that has a Timeout()
// bool method, as net.Error, context.DeadlineExceeded and os.ErrDeadlineExceeded do.
func Timeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}
