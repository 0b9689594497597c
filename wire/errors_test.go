package wire_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rosgen/routeros/wire"
)

// Trap texts of real routers and the condition each matches. Sources: RouterOS manual "API" page
// and public clients' tests and issues (node-routeros' test suite, tik4net issue 12 and
// homeassistant-mikrotik_router issue 235 for "not enough permissions (9)", librouteros and
// terraform-provider-routeros issues for the "failure: already have ..." family).
var trapCases = []struct {
	category string // "" for none
	messages []string
	want     error
}{
	{"0", []string{"no such item (4)"}, wire.ErrNotFound},
	{"", []string{"no such item"}, wire.ErrNotFound},
	{"", []string{"failure: already have such address"}, wire.ErrAlreadyExists},
	{"", []string{"failure: already have such entry"}, wire.ErrAlreadyExists},
	{"", []string{"failure: already have interface with such name"}, wire.ErrAlreadyExists},
	{"", []string{"failure: entry already exists"}, wire.ErrAlreadyExists},
	{"", []string{"failure: device already added as bridge port"}, wire.ErrAlreadyExists},
	{"", []string{"not enough permissions (9)"}, wire.ErrPermission},
	{"0", []string{"no such command or directory (adress)", "no such command prefix"}, wire.ErrUnknownCommand},
	{"", []string{"no such command prefix"}, wire.ErrUnknownCommand},
	{"", []string{"unknown parameter"}, wire.ErrUnknownParameter},
	{"1", []string{"input does not match any value of interface"}, wire.ErrBadValue},
	{"", []string{"invalid value for argument address"}, wire.ErrBadValue},
	{"", []string{"invalid value of mac-address, mac address required"}, wire.ErrBadValue},
	{"", []string{"value of address expects range of ip addresses"}, wire.ErrBadValue},
	{"1", []string{"some other argument failure"}, wire.ErrBadValue},
	{"2", []string{"interrupted"}, nil},
	{"4", []string{"failure: password is too weak"}, nil},
}

var allConditions = []error{wire.ErrNotFound, wire.ErrAlreadyExists, wire.ErrPermission,
	wire.ErrUnknownCommand, wire.ErrUnknownParameter, wire.ErrBadValue}

// errors.Is works on the errors of a raw Conn.Run: each real trap text matches its condition and no
// other, and the error still unwraps to the *TrapError.
func TestTrapErrorIsConditions(t *testing.T) {
	s := script()
	for i, tc := range trapCases {
		tag := fmt.Sprintf(".tag={t%d}", i)
		s.Expect("/x/cmd", tag)
		for _, m := range tc.messages {
			words := []string{"!trap", "=message=" + m, tag}
			if tc.category != "" {
				words = append(words, "=category="+tc.category)
			}
			s.Send(words...)
		}
		s.Send("!done", tag)
	}
	c := dialScript(t, s)
	for _, tc := range trapCases {
		_, err := c.Run(ctx(t), "/x/cmd")
		var trap *wire.TrapError
		require.ErrorAs(t, err, &trap, tc.messages[0])
		for _, cond := range allConditions {
			assert.Equal(t, cond == tc.want, errors.Is(err, cond), "%q is %v: %v", tc.messages, cond, tc.want)
		}
		assert.True(t, errors.Is(fmt.Errorf("wrapped: %w", err), tc.want) || tc.want == nil)
		assert.False(t, wire.SafeToRetry(err), "a trap means the router ran the command")
		assert.False(t, wire.Timeout(err))
	}
}

type retryable struct{ ok bool }

func (r retryable) Error() string     { return "retryable" }
func (r retryable) SafeToRetry() bool { return r.ok }

type timeouter struct{ ok bool }

func (r timeouter) Error() string { return "timeouter" }
func (r timeouter) Timeout() bool { return r.ok }

// SafeToRetry and Timeout answer through small interfaces, for any error type, through wrapping.
func TestSafeToRetryAndTimeoutInterfaces(t *testing.T) {
	assert.True(t, wire.SafeToRetry(fmt.Errorf("a: %w", retryable{true})))
	assert.False(t, wire.SafeToRetry(fmt.Errorf("a: %w", retryable{false})))
	assert.False(t, wire.SafeToRetry(errors.New("plain")))
	assert.False(t, wire.SafeToRetry(nil))

	assert.True(t, wire.Timeout(fmt.Errorf("a: %w", timeouter{true})))
	assert.False(t, wire.Timeout(fmt.Errorf("a: %w", timeouter{false})))
	assert.True(t, wire.Timeout(fmt.Errorf("a: %w", context.DeadlineExceeded)))
	assert.True(t, wire.Timeout(fmt.Errorf("a: %w", os.ErrDeadlineExceeded)))
	assert.True(t, wire.Timeout(&net.OpError{Op: "write", Err: os.ErrDeadlineExceeded}))
	assert.True(t, wire.Timeout(fmt.Errorf("%w: /x (tag 1)", wire.ErrUnresponsive)))
	assert.False(t, wire.Timeout(context.Canceled))
	assert.False(t, wire.Timeout(errors.New("plain")))
	assert.False(t, wire.Timeout(nil))
}

// A command on a closed connection was never sent: SafeToRetry. A Run whose context deadline
// passes is a Timeout.
func TestSafeToRetryAndTimeoutOnConn(t *testing.T) {
	c := dialScript(t, script().Expect("/x/slow", ".tag={t}").
		Expect("/cancel", "=tag={t}", ".tag={c}").
		Send("!trap", "=category=2", "=message=interrupted", ".tag={t}").
		Send("!done", ".tag={t}").
		Send("!done", ".tag={c}").
		Expect("/system/identity/print", ".tag={i}").
		Send("!done", ".tag={i}"))
	dctx, cancel := context.WithTimeout(ctx(t), 50e6)
	defer cancel()
	_, err := c.Run(dctx, "/x/slow")
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.True(t, wire.Timeout(err))
	assert.False(t, wire.SafeToRetry(err), "the command was sent")
	_, err = c.Run(ctx(t), "/system/identity/print") // queued after the /cancel
	require.NoError(t, err)

	require.NoError(t, c.Close())
	_, err = c.Run(ctx(t), "/system/identity/print")
	require.ErrorIs(t, err, wire.ErrClosed)
	assert.True(t, wire.SafeToRetry(err))
	assert.False(t, wire.Timeout(err))
}
