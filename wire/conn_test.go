package wire_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rosgen/routeros/wire"
	"github.com/rosgen/routeros/wire/wiretest"
)

const (
	testUser = "admin"
	testPass = "s3cr3t-Pa55"
)

func testConfig(addr string) wire.Config {
	return wire.Config{Address: addr, Username: testUser, Password: testPass}
}

// script starts a script with the plain login of testUser.
func script() *wiretest.Script { return wiretest.NewScript().Login(testUser, testPass) }

// dialScript starts a scripted server playing script and returns a connection to it.
func dialScript(t *testing.T, script *wiretest.Script) *wire.Conn {
	t.Helper()
	srv := wiretest.NewServer(t, script)
	c, err := wire.Dial(ctx(t), testConfig(srv.Addr))
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return c
}

// A !trap is not terminal: every trap of a request is collected until its !done, and the next request
// gets its own reply, not the previous request's !done.
func TestTrapIsNotTerminal(t *testing.T) {
	c := dialScript(t, script().
		Expect("/ip/adress/print", ".tag={a}").
		Send("!trap", "=category=0", "=message=no such command or directory (adress)", ".tag={a}").
		Send("!trap", "=message=no such command prefix", ".tag={a}").
		Stall(20*time.Millisecond).
		Send("!done", ".tag={a}").
		Expect("/system/identity/print", ".tag={b}").
		Send("!re", "=name=MikroTik", ".tag={b}").
		Send("!done", ".tag={b}"))

	rep, err := c.Run(ctx(t), "/ip/adress/print")
	var trap *wire.TrapError
	require.ErrorAs(t, err, &trap)
	assert.Equal(t, 0, trap.Category)
	assert.Equal(t, "no such command or directory (adress)", trap.Message)
	assert.Equal(t, []string{"no such command prefix"}, trap.More)
	assert.Equal(t, "/ip/adress/print", trap.Command)
	require.NotNil(t, rep)
	assert.Len(t, rep.Traps, 2)
	assert.Equal(t, "!done", rep.Done.Word)

	rep, err = c.Run(ctx(t), "/system/identity/print")
	require.NoError(t, err)
	require.Len(t, rep.Re, 1)
	name, _ := rep.Re[0].Get("name")
	assert.Equal(t, "MikroTik", name)
	assert.Zero(t, c.DroppedReplies())
}

// A trap without =category= reports -1.
func TestTrapWithoutCategory(t *testing.T) {
	c := dialScript(t, script().
		Expect("/ip/address/remove", "=.id=*99", ".tag={a}").
		Send("!trap", "=message=no such item (4)", ".tag={a}").
		Send("!done", ".tag={a}"))
	_, err := c.Run(ctx(t), "/ip/address/remove", "=.id=*99")
	var trap *wire.TrapError
	require.ErrorAs(t, err, &trap)
	assert.Equal(t, -1, trap.Category)
	assert.Equal(t, "no such item (4)", trap.Message)
}

// !empty (RouterOS 7.18+) is not terminal: the !done that follows ends the request, and the
// connection stays in sync for the next one.
func TestEmptyIsNotTerminal(t *testing.T) {
	c := dialScript(t, script().
		Expect("/interface/pptp-server/print", ".tag={a}").
		Send("!empty", ".tag={a}").
		Stall(20*time.Millisecond).
		Send("!done", "=ret=x", ".tag={a}").
		Expect("/system/identity/print", ".tag={b}").
		Send("!re", "=name=r1", ".tag={b}").
		Send("!done", ".tag={b}"))

	rep, err := c.Run(ctx(t), "/interface/pptp-server/print")
	require.NoError(t, err)
	assert.True(t, rep.Empty)
	assert.Empty(t, rep.Re)
	assert.Equal(t, "x", rep.Ret(), "the !done after !empty belongs to this request")

	rep, err = c.Run(ctx(t), "/system/identity/print")
	require.NoError(t, err)
	require.Len(t, rep.Re, 1)
	assert.Zero(t, c.DroppedReplies())
}

// Reply parsing on a real connection: =ret=, bare !re, =only-key, duplicate keys, .tag first, values
// containing '=', bytes that are not UTF-8.
func TestReplyShapes(t *testing.T) {
	c := dialScript(t, script().
		Expect("/ip/service/print", "=.proplist=comment", ".tag={a}").
		Send("!re", ".tag={a}").
		Send(".tag={a}"[:0]+"!re", "=only-key", "=.about=first", "=.about=second", "=name=iu=c3Eeg", ".tag={a}").
		SendRaw(append(wire.AppendSentence(nil, "!re", "=comment=\xc0\xe1\xff\x00z"), 0)). // untagged + empty sentence
		Send("!done", ".tag={a}"))

	rep, err := c.Run(ctx(t), "/ip/service/print", "=.proplist=comment")
	require.NoError(t, err)
	require.Len(t, rep.Re, 2, "the untagged !re is not this request's")
	assert.Empty(t, rep.Re[0].Attrs, "bare !re kept as an item")
	v, ok := rep.Re[1].Get("only-key")
	assert.True(t, ok)
	assert.Equal(t, "", v)
	assert.Equal(t, []wire.Attr{{"only-key", ""}, {".about", "first"}, {".about", "second"}, {"name", "iu=c3Eeg"}}, rep.Re[1].Attrs)
	assert.Equal(t, "first", rep.Re[1].Map()[".about"])
	assert.Equal(t, uint64(1), c.DroppedReplies(), "the untagged reply is dropped and counted")
}

// The tag may come first among the words after the reply word, and lengths may use the 5-byte form.
func TestTagFirstAndFiveByteLength(t *testing.T) {
	long := func(w string) []byte { // 0xF0 form for a short word: longer than needed, still valid
		n := len(w)
		return append([]byte{0xF0, byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}, w...)
	}
	c := dialScript(t, script().
		Expect("/system/resource/print", ".tag={a}").
		Do(func(sc *wiretest.ServerConn) error {
			tag, _ := sc.Var("a")
			var b []byte
			b = append(b, long("!re")...)
			b = wire.AppendWord(b, ".tag="+tag)
			b = append(b, long("=uptime=1w2d")...)
			b = append(b, 0x80, 0x09) // two-byte form of 9
			b = append(b, "=cpu=tile"...)
			b = append(b, 0)
			b = wire.AppendSentence(b, "!done", ".tag="+tag)
			return sc.WriteRaw(b)
		}))
	rep, err := c.Run(ctx(t), "/system/resource/print")
	require.NoError(t, err)
	require.Len(t, rep.Re, 1)
	assert.Equal(t, []wire.Attr{{"uptime", "1w2d"}, {"cpu", "tile"}}, rep.Re[0].Attrs)
}

// !fatal with a bare reason word fails every request in flight and closes the connection.
func TestFatalBareWord(t *testing.T) {
	c := dialScript(t, script().
		Expect("/interface/listen", ".tag={a}").
		Expect("/quit", ".tag={b}").
		Send("!fatal", "session terminated on request").
		Close())
	listenErr := make(chan error, 1)
	go func() {
		_, err := c.Run(ctx(t), "/interface/listen")
		listenErr <- err
	}()
	time.Sleep(20 * time.Millisecond) // let the listen be written first, as the script expects
	_, err := c.Run(ctx(t), "/quit")
	for _, err := range []error{err, <-listenErr} {
		var fatal *wire.FatalError
		require.ErrorAs(t, err, &fatal)
		assert.Equal(t, "session terminated on request", fatal.Reason)
		assert.ErrorIs(t, err, wire.ErrClosed)
	}
	<-c.Done()
	_, err = c.Run(ctx(t), "/system/identity/print")
	assert.ErrorIs(t, err, wire.ErrClosed)
}

func TestFatalMessageAttr(t *testing.T) {
	c := dialScript(t, script().
		Expect("/x/y", ".tag={a}").
		Send("!fatal", "=message=out of memory").
		Close())
	_, err := c.Run(ctx(t), "/x/y")
	var fatal *wire.FatalError
	require.ErrorAs(t, err, &fatal)
	assert.Equal(t, "out of memory", fatal.Reason)
}

// An unknown reply word fails that request with a protocol error; other requests are unaffected.
func TestUnknownReplyWord(t *testing.T) {
	c := dialScript(t, script().
		Expect("/a/b", ".tag={a}").
		Send("!weird", ".tag={a}").
		Send("!done", ".tag={a}").
		Expect("/c/d", ".tag={b}").
		Send("!done", "=ret=ok", ".tag={b}"))
	_, err := c.Run(ctx(t), "/a/b")
	assert.ErrorIs(t, err, wire.ErrProtocol)
	assert.NotErrorIs(t, err, wire.ErrClosed)
	rep, err := c.Run(ctx(t), "/c/d")
	require.NoError(t, err)
	assert.Equal(t, "ok", rep.Ret())
}

// A control byte where a length is expected is fatal: the connection closes with a protocol error.
func TestControlByteIsFatal(t *testing.T) {
	for _, b := range []byte{0xF8, 0xFF} {
		t.Run(fmt.Sprintf("%02X", b), func(t *testing.T) {
			c := dialScript(t, script().
				Expect("/a/b", ".tag={a}").
				SendRaw([]byte{b}))
			_, err := c.Run(ctx(t), "/a/b")
			assert.ErrorIs(t, err, wire.ErrProtocol)
			assert.ErrorIs(t, err, wire.ErrClosed)
			<-c.Done()
		})
	}
}

// A word announced above Config.MaxWordSize is refused before it is read.
func TestMaxWordSize(t *testing.T) {
	srv := wiretest.NewServer(t, wiretest.NewScript().Login(testUser, testPass).
		Expect("/file/print", ".tag={a}").
		SendRaw([]byte{0xF0, 0xFF, 0xFF, 0xFF, 0xFF}))
	cfg := testConfig(srv.Addr)
	cfg.MaxWordSize = 1 << 10
	c, err := wire.Dial(ctx(t), cfg)
	require.NoError(t, err)
	defer c.Close()
	_, err = c.Run(ctx(t), "/file/print")
	assert.ErrorIs(t, err, wire.ErrProtocol)
	assert.Contains(t, err.Error(), "exceeds the limit")
}

// Request words are checked before anything is sent.
func TestBadRequestWords(t *testing.T) {
	c := dialScript(t, script().
		Expect("/ok/cmd", ".tag={a}"). // the first sentence after login: nothing bad reached the wire
		Send("!done", ".tag={a}"))
	bad := [][]string{
		nil,
		{""},
		{"/"},
		{"ip/address/print"},
		{"/ip/address/add", "address=10.0.0.1/24"},
		{"/ip/address/add", "password=hunter2"},
		{"/ip/address/print", ".tag=7"},
		{"/ip/address/print", ""},
		{"/ip/address/print", "!re"},
	}
	for _, words := range bad {
		_, err := c.Run(ctx(t), words...)
		assert.ErrorIs(t, err, wire.ErrBadRequest, "%q", words)
		if err != nil {
			assert.NotContains(t, err.Error(), "hunter2")
		}
		for _, err := range c.Stream(ctx(t), words...) {
			assert.ErrorIs(t, err, wire.ErrBadRequest, "%q", words)
		}
	}
	_, err := c.Run(ctx(t), "/ok/cmd")
	require.NoError(t, err)
}

// Close is idempotent and fails requests in flight with ErrClosed.
func TestCloseFailsInFlight(t *testing.T) {
	c := dialScript(t, script().Expect("/never/answered", ".tag={a}").StallForever())
	errc := make(chan error, 1)
	go func() {
		_, err := c.Run(context.Background(), "/never/answered")
		errc <- err
	}()
	time.Sleep(20 * time.Millisecond)
	require.NoError(t, c.Close())
	require.NoError(t, c.Close())
	err := <-errc
	assert.ErrorIs(t, err, wire.ErrClosed)
	assert.ErrorIs(t, c.Err(), wire.ErrClosed)
	_, err = c.Run(context.Background(), "/x/y")
	assert.ErrorIs(t, err, wire.ErrClosed)
}

// A router that closes the socket fails every request in flight with ErrClosed.
func TestPeerCloses(t *testing.T) {
	c := dialScript(t, script().Expect("/a/b", ".tag={a}").Close())
	_, err := c.Run(ctx(t), "/a/b")
	assert.ErrorIs(t, err, wire.ErrClosed)
	assert.False(t, errors.Is(err, wire.ErrUnresponsive))
}
