package wire_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rosgen/routeros/wire"
	"github.com/rosgen/routeros/wire/wiretest"
)

func TestLoginPlain(t *testing.T) {
	c := dialScript(t, script().Expect("/system/identity/print", ".tag={a}").Send("!done", ".tag={a}"))
	_, err := c.Run(ctx(t), "/system/identity/print")
	require.NoError(t, err)
}

// Wrong credentials: an error matching ErrAuth with the router's message, never the password.
func TestLoginWrongPassword(t *testing.T) {
	srv := wiretest.NewServer(t, wiretest.NewScript().
		Expect("/login", "=name=admin", "=password="+wiretest.EscapeBraces(testPass)).
		Send("!trap", "=message=invalid user name or password (6)").
		Send("!done").
		ExpectEOF())
	var logs bytes.Buffer
	cfg := testConfig(srv.Addr)
	cfg.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, err := wire.Dial(ctx(t), cfg)
	require.Nil(t, c)
	require.ErrorIs(t, err, wire.ErrAuth)
	assert.Contains(t, err.Error(), "invalid user name or password (6)")
	assert.NotContains(t, err.Error(), testPass)
	assert.NotContains(t, logs.String(), testPass)
}

// A router that refuses the login and hangs up without !done: the error still carries its message.
func TestLoginTrapThenEOF(t *testing.T) {
	srv := wiretest.NewServer(t, wiretest.NewScript().
		Expect("/login", "=name=admin", "=password={pw}").
		Send("!trap", "=message=invalid user name or password (6)").
		Close())
	_, err := wire.Dial(ctx(t), testConfig(srv.Addr))
	require.ErrorIs(t, err, wire.ErrAuth)
	assert.Contains(t, err.Error(), "invalid user name or password (6)")
}

// md5Server plays a pre-6.43 router: it ignores the plain credentials, sends challenge, and accepts
// only the response wantResponse (the vectors come from the MikroTik manual and a public test suite,
// not from our own code). After a successful login it answers one command.
func md5Server(t *testing.T, user, challenge, wantResponse string) *wiretest.Server {
	return wiretest.NewServer(t, wiretest.NewScript().
		Expect("/login", "=name="+user, "=password={pw}").
		Send("!done", "=ret="+challenge).
		Do(func(sc *wiretest.ServerConn) error {
			s, err := sc.ReadSentence()
			if err != nil {
				return err
			}
			name, _ := s.Get("name")
			resp, _ := s.Get("response")
			if s.Word != "/login" || name != user || resp != wantResponse {
				_ = sc.WriteSentence("!trap", "=message=cannot log in")
				return sc.WriteSentence("!done")
			}
			if err := sc.WriteSentence("!done"); err != nil {
				return err
			}
			s, err = sc.ReadSentence()
			if err != nil {
				return err
			}
			return sc.WriteSentence("!done", ".tag="+s.Tag)
		}))
}

// The known-answer vectors of docs/protocol.md#login.
func TestLoginMD5Vectors(t *testing.T) {
	vectors := []struct{ password, challenge, response string }{
		{"", "856780b7411eefd3abadee2058c149a3", "005062f7a5ef124d34675bf3e81f56c556"},
		{"", "93b438ec9b80057c06dd9fe67d56aa9a", "00e134102a9d330dd7b1849fedfea3cb57"},
		{"passTest", "abc123", "0021277bff9ac7caf06aa608e46616d47f"},
	}
	for _, v := range vectors {
		t.Run(v.challenge, func(t *testing.T) {
			srv := md5Server(t, "admin", v.challenge, v.response)
			tr := &recordingTracer{}
			c, err := wire.Dial(ctx(t), wire.Config{Address: srv.Addr, Username: "admin", Password: v.password, Tracer: tr})
			require.NoError(t, err)
			defer c.Close()
			_, err = c.Run(ctx(t), "/system/identity/print")
			require.NoError(t, err)
			assert.Equal(t, "md5", tr.loginMethod())
		})
	}
}

// A wrong password at the MD5 step gives ErrAuth with the router's text.
func TestLoginMD5Refused(t *testing.T) {
	srv := md5Server(t, "admin", "856780b7411eefd3abadee2058c149a3", "005062f7a5ef124d34675bf3e81f56c556")
	_, err := wire.Dial(ctx(t), wire.Config{Address: srv.Addr, Username: "admin", Password: "wrong"})
	require.ErrorIs(t, err, wire.ErrAuth)
	assert.Contains(t, err.Error(), "cannot log in")
	assert.NotContains(t, err.Error(), "wrong")
}

// A challenge that is not hex is a login error, not a panic and not an MD5 attempt.
func TestLoginBadChallenge(t *testing.T) {
	for _, chal := range []string{"zz56780b7411eefd3abadee2058c149a3", "abc", "\xff\xfe"} {
		srv := wiretest.NewServer(t, wiretest.NewScript().
			Expect("/login", "=name=admin", "=password={pw}").
			Send("!done", "=ret="+wiretest.EscapeBraces(chal)).
			ExpectEOF())
		_, err := wire.Dial(ctx(t), testConfig(srv.Addr))
		require.Error(t, err)
		assert.Contains(t, err.Error(), "invalid login challenge")
	}
}

// LoginPlain refuses the MD5 step.
func TestLoginPlainRefusesMD5(t *testing.T) {
	srv := wiretest.NewServer(t, wiretest.NewScript().
		Expect("/login", "=name=admin", "=password={pw}").
		Send("!done", "=ret=856780b7411eefd3abadee2058c149a3").
		ExpectEOF())
	cfg := testConfig(srv.Addr)
	cfg.Login = wire.LoginPlain
	_, err := wire.Dial(ctx(t), cfg)
	require.ErrorIs(t, err, wire.ErrAuth)
	assert.Contains(t, err.Error(), "LoginPlain")
}

// A router that never answers the login makes Dial fail when its context ends.
func TestLoginTimeout(t *testing.T) {
	srv := wiretest.NewServer(t, wiretest.NewScript().Expect("/login", "=name=admin", "=password={pw}").StallForever())
	dctx, cancel := context.WithTimeout(context.Background(), 100*1e6)
	defer cancel()
	_, err := wire.Dial(dctx, testConfig(srv.Addr))
	require.ErrorIs(t, err, context.DeadlineExceeded)
}

// The password appears in no error, log record, trace or String/%v output.
func TestPasswordNeverLeaks(t *testing.T) {
	cfg := testConfig("127.0.0.1:1")
	for _, f := range []string{"%v", "%+v", "%#v", "%s", "%d", "%x", "%q"} {
		assert.NotContains(t, fmt.Sprintf(f, cfg), testPass, f)
	}
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("dialing", "cfg", cfg)
	assert.NotContains(t, buf.String(), testPass)

	srv := wiretest.NewServer(t, script().
		Expect("/user/add", "=name=bob", "=password={p}", ".tag={a}").
		Send("!trap", "=message=failure: password is too weak", ".tag={a}").
		Send("!done", ".tag={a}"))
	buf.Reset()
	tr := &recordingTracer{}
	cfg = testConfig(srv.Addr)
	cfg.Logger = slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg.Tracer = wire.MultiTracer{tr, wire.SlogTracer{Logger: cfg.Logger}}
	c, err := wire.Dial(ctx(t), cfg)
	require.NoError(t, err)
	_, err = c.Run(ctx(t), "/user/add", "=name=bob", "=password=bobs-"+testPass)
	require.Error(t, err)
	require.NoError(t, c.Close())
	all := err.Error() + buf.String() + tr.dump() + c.String() + fmt.Sprintf("%v %+v", c, c)
	assert.NotContains(t, all, testPass)
	assert.Contains(t, tr.dump(), "=password=***")
	assert.Contains(t, tr.dump(), "cmd-end /user/add 1 0 routeros: /user/add: failure: password is too weak")
	assert.Contains(t, buf.String(), "routeros command")
}

// recordingTracer implements every tracer interface and records the events as text.
type recordingTracer struct {
	mu     sync.Mutex
	events []string
}

func (r *recordingTracer) add(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, fmt.Sprintf(format, args...))
}

func (r *recordingTracer) dump() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.events, "\n")
}

func (r *recordingTracer) loginMethod() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range r.events {
		if m, ok := strings.CutPrefix(e, "login-end "); ok {
			return strings.Fields(m)[0]
		}
	}
	return ""
}

func (r *recordingTracer) TraceDialStart(ctx context.Context, d wire.TraceDialStartData) context.Context {
	r.add("dial-start %+v", d)
	return ctx
}
func (r *recordingTracer) TraceDialEnd(_ context.Context, d wire.TraceDialEndData) {
	r.add("dial-end %v %v", d.Conn, d.Err)
}
func (r *recordingTracer) TraceLoginStart(ctx context.Context, d wire.TraceLoginStartData) context.Context {
	r.add("login-start %+v", d)
	return ctx
}
func (r *recordingTracer) TraceLoginEnd(_ context.Context, d wire.TraceLoginEndData) {
	r.add("login-end %s %v", d.Method, d.Err)
}
func (r *recordingTracer) TraceCommandStart(ctx context.Context, _ *wire.Conn, d wire.TraceCommandStartData) context.Context {
	r.add("cmd-start %+v", d)
	return ctx
}
func (r *recordingTracer) TraceCommandEnd(_ context.Context, _ *wire.Conn, d wire.TraceCommandEndData) {
	r.add("cmd-end %s %s %d %v", d.Command, d.Tag, d.Replies, d.Err)
}
func (r *recordingTracer) TraceStreamSentence(_ context.Context, _ *wire.Conn, d wire.TraceStreamSentenceData) {
	r.add("stream %s %v", d.Tag, d.Sentence)
}
