package sim_test

// One test for the rule "secrets never appear": every type that can hold a password, under every
// fmt verb, encoding/json and log/slog; and the secrets inside request words (attribute and query
// values, URL credentials) in traces, logs and wiretest's mismatch reports. It lives in package sim
// because it needs the simulator as the real peer of wire's Conn and Pool, and sim's own types.

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rosgen/routeros/sim"
	"github.com/rosgen/routeros/wire"
	"github.com/rosgen/routeros/wire/wiretest"
)

// sentinel marks every secret of the test; no output may contain it, in clear or encoded.
const sentinel = "SENTINELx9"

func secretValue(n int) string { return fmt.Sprintf("%s-%d", sentinel, n) }

// leaks reports how out shows a secret: in clear, hex (either case) or base64.
func leaks(out string) string {
	lower := strings.ToLower(out)
	for _, enc := range []string{
		strings.ToLower(sentinel),
		hex.EncodeToString([]byte(sentinel)),
		base64.StdEncoding.EncodeToString([]byte(sentinel))[:12],
	} {
		if strings.Contains(lower, strings.ToLower(enc)) {
			return enc
		}
	}
	return ""
}

func requireNoLeak(t *testing.T, what, out string) {
	t.Helper()
	if enc := leaks(out); enc != "" {
		t.Errorf("%s shows a secret (%q): %s", what, enc, out)
	}
}

// verbs are every fmt verb, with flags and widths that change how values are walked. Two misuses
// are left out because fmt prints their operand field by field without calling any method, which
// no type can prevent: %w outside Errorf or on a non-error, and %p on a non-pointer. go vet's printf
// check (run by go test) rejects both; %p of a pointer is tested below.
var verbs = []string{
	"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%o", "%O", "%b", "%c", "%U", "%e", "%E", "%f",
	"%F", "%g", "%G", "%t", "%T", "%10v", "%-30s", "%+q", "%#q", "%#x", "% x", "% X",
	"%08d", "%.3s", "%+d", "%#o", "%[1]v", "%!", "%z",
}

func TestSecretsNeverShow(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	password := secretValue(0)

	// One debug log for the client and the simulator: neither may show a secret.
	var logs bytes.Buffer
	var logMu sync.Mutex
	logger := slog.New(slog.NewTextHandler(&lockedWriter{w: &logs, mu: &logMu}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv, err := sim.Start(sim.Config{Users: []sim.User{
		{Name: "admin", Password: password, Group: sim.GroupFull},
		{Name: "reader", Password: secretValue(1), Group: sim.GroupRead},
	}, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	rec := &traceRecorder{}
	// A refused login (a wrong password that is itself a secret), logged by both sides.
	bad := wire.Config{Address: srv.Addr(), Username: "admin", Password: secretValue(2), Logger: logger,
		Tracer: wire.MultiTracer{rec, wire.SlogTracer{Logger: logger}}}
	if _, err := wire.Dial(ctx, bad); err == nil {
		t.Fatal("a wrong password logged in")
	} else {
		requireNoLeak(t, "login error", err.Error())
	}
	cfg := wire.Config{Address: srv.Addr(), Username: "admin", Password: password, Logger: logger,
		Tracer: wire.MultiTracer{rec, wire.SlogTracer{Logger: logger}}}
	conn, err := wire.Dial(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	pcfg := wire.PoolConfig{Config: cfg, Size: 2}
	pool, err := wire.NewPool(ctx, pcfg)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()

	// A configuration whose TLS holds a client certificate with its private key: JSON must not
	// walk into it.
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tlsCfg := cfg
	tlsCfg.TLS = &tls.Config{Certificates: []tls.Certificate{{PrivateKey: key}}, ServerName: "r1"}

	// A reply holding secrets: a router prints /ppp/secret passwords to a full user.
	secretReply := wire.ParseSentence([]string{"!re", "=name=vpn1", "=password=" + secretValue(20),
		"=url=sftp://u:" + secretValue(21) + "@h/p", ".tag=3"})
	simCfg := sim.Config{Users: []sim.User{{Name: "admin", Password: password}}, Version: "7.24"}
	type holder struct { // exported fields holding the types: fmt walks into them
		Config wire.Config
		Pool   wire.PoolConfig
		User   sim.User
		Sim    sim.Config
	}
	values := map[string]any{
		"wire.Config":         cfg,
		"*wire.Config":        &cfg,
		"wire.Config+TLS":     tlsCfg,
		"wire.PoolConfig":     pcfg,
		"*wire.PoolConfig":    &pcfg,
		"*wire.Pool":          pool,
		"*wire.Conn":          conn,
		"sim.User":            simCfg.Users[0],
		"*sim.User":           &simCfg.Users[0],
		"[]sim.User":          simCfg.Users,
		"sim.Config":          simCfg,
		"*sim.Config":         &simCfg,
		"*sim.Server":         srv,
		"holder":              holder{cfg, pcfg, simCfg.Users[0], simCfg},
		"map[string]Config":   map[string]wire.Config{"r1": cfg},
		"[]any":               []any{cfg, pcfg, pool, conn, simCfg.Users[0], simCfg},
		"wire.TraceLoginData": wire.TraceLoginStartData{Username: "admin"},
		"wire.Sentence":       secretReply,
		"*wire.Reply":         &wire.Reply{Re: []wire.Sentence{secretReply}, Done: wire.ParseSentence([]string{"!done"})},
	}
	isReplyData := map[string]bool{"wire.Sentence": true, "*wire.Reply": true}
	for name, v := range values {
		for _, verb := range verbs {
			requireNoLeak(t, name+" "+verb, fmt.Sprintf(verb, v))
		}
		if strings.HasPrefix(name, "*") {
			requireNoLeak(t, name+" %p", fmt.Sprintf("%p", v))
		}
		requireNoLeak(t, name+" Sprint", fmt.Sprint(v)+fmt.Sprintln(v))
		requireNoLeak(t, name+" Errorf", fmt.Errorf("with %v: %w", v, fmt.Errorf("%+v", v)).Error())
		b, err := json.Marshal(v)
		if err != nil {
			t.Errorf("json.Marshal(%s): %v", name, err)
		}
		if !isReplyData[name] { // a reply is data: encoding/json keeps its values, as Get does
			requireNoLeak(t, name+" JSON", string(b))
		}
		var sl bytes.Buffer
		slog.New(slog.NewTextHandler(&sl, nil)).Info("v", "v", v)
		slog.New(slog.NewJSONHandler(&sl, nil)).Info("v", "v", v)
		requireNoLeak(t, name+" slog", sl.String())
	}
	// JSON keeps what is not secret, and says a password is set.
	b, _ := json.Marshal(tlsCfg)
	for _, want := range []string{`"Address":"` + srv.Addr() + `"`, `"Username":"admin"`, `"Password":"***"`, `"TLS":true`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON of Config %s lacks %s", b, want)
		}
	}
	b, _ = json.Marshal(simCfg)
	if !strings.Contains(string(b), `"Name":"admin"`) || !strings.Contains(string(b), `"Password":"***"`) {
		t.Errorf("JSON of sim.Config: %s", b)
	}

	// Secrets inside request words: attribute values, query values in both forms, URL credentials
	// in any value, through Run and Stream on a Conn and a Pool. The simulator refuses most of
	// these commands; the words still reach the traces.
	requests := [][]string{
		{"/ppp/secret/print", "?password=" + secretValue(10)},
		{"/ppp/secret/print", "?=password=" + secretValue(11), "?<secret=" + secretValue(12), "?#|"},
		{"/radius/add", "=secret=" + secretValue(13), "=address=10.0.0.9"},
		{"/tool/fetch", "=url=https://user:" + secretValue(14) + "@example.com/file.rsc"},
		{"/system/script/add", "=name=s", `=source=/tool fetch url="ftp://admin:` + secretValue(15) + `@10.0.0.1/x" mode=ftp`},
		{"/interface/wireguard/add", "=name=wg9", "=private-key=" + secretValue(16)},
		{"/user/add", "=name=bob", "=group=read", "=password=" + secretValue(17)},
		{"/interface/wifi/security/add", "=name=sec", "=security.passphrase=" + secretValue(18)},
	}
	for _, r := range []wire.Runner{conn, pool} {
		for _, words := range requests {
			_, err := r.Run(ctx, words...)
			if err != nil {
				requireNoLeak(t, "Run error", err.Error())
			}
			for _, err := range r.Stream(ctx, words...) {
				if err != nil {
					requireNoLeak(t, "Stream error", err.Error())
				}
			}
		}
	}
	requireNoLeak(t, "Sentence.String", secretReply.String())
	for _, words := range requests {
		requireNoLeak(t, "RedactWords", strings.Join(wire.RedactWords(words), " "))
	}

	_ = conn.Close()
	_ = pool.Close()
	out := rec.dump()
	requireNoLeak(t, "traces", out)
	for _, want := range []string{"?password=***", "?=password=***", "?<secret=***", "=secret=***",
		"https://user:***@example.com/file.rsc", "ftp://admin:***@10.0.0.1/x", "=private-key=***",
		"=security.passphrase=***"} {
		if !strings.Contains(out, want) {
			t.Errorf("traces lack %q:\n%s", want, out)
		}
	}
	logMu.Lock()
	requireNoLeak(t, "logs", logs.String())
	for _, want := range []string{"routeros command", "sim: login refused", "sim: logged in"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("the log lacks %q:\n%s", want, logs.String())
		}
	}
	logMu.Unlock()

	t.Run("wiretest reports", func(t *testing.T) { secretsInWiretestReports(t) })
}

// secretsInWiretestReports makes a scripted server report mismatches on words holding secrets and
// checks that the reports (and the script's own String) do not show them.
func secretsInWiretestReports(t *testing.T) {
	rt := &reportTB{TB: t}
	script := wiretest.NewScript().Login("admin", secretValue(30)).
		Expect("/ppp/secret/print", "?password={p}", ".tag={a}").
		Send("!done", ".tag={a}").
		Expect("/tool/fetch", "=url=https://u:"+secretValue(31)+"@h/f", "=secret="+secretValue(32),
			"?=password="+secretValue(33), ".tag={b}").
		Send("!done", ".tag={b}")
	srv := wiretest.NewServer(rt, script)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := wire.Dial(ctx, wire.Config{Address: srv.Addr, Username: "admin", Password: secretValue(30)})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Run(ctx, "/ppp/secret/print", "?password="+secretValue(34)); err != nil {
		t.Fatal(err)
	}
	_, err = conn.Run(ctx, "/tool/fetch", "=url=https://u:"+secretValue(35)+"@h/f", "=secret="+secretValue(36),
		"?=password="+secretValue(37))
	if err == nil {
		t.Fatal("the mismatching command succeeded")
	}
	srv.Close()
	reports := rt.all()
	if !strings.Contains(reports, "mismatch") {
		t.Fatalf("no mismatch reported: %q", reports)
	}
	requireNoLeak(t, "wiretest report", reports)
	requireNoLeak(t, "Script.String", script.String()+fmt.Sprintf("%v %+v %#v %d %x", script, script, script, script, script))
	requireNoLeak(t, "wiretest transcript error", transcriptError())
}

// transcriptError returns the error of a transcript with an unknown line holding secrets.
func transcriptError() string {
	_, err := wiretest.ParseTranscript("bogus =password=" + secretValue(40) + " ?secret=" + secretValue(41) + "\n")
	if err == nil {
		return ""
	}
	return err.Error()
}

// reportTB records the failures a wiretest server reports instead of failing the test.
type reportTB struct {
	testing.TB
	mu   sync.Mutex
	msgs []string
}

func (r *reportTB) Helper() {}
func (r *reportTB) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}
func (r *reportTB) Error(args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msgs = append(r.msgs, fmt.Sprint(args...))
}
func (r *reportTB) all() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.msgs, "\n")
}

// traceRecorder implements every tracer interface and prints all it gets with %+v.
type traceRecorder struct {
	mu     sync.Mutex
	events []string
}

func (r *traceRecorder) add(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, fmt.Sprintf(format, args...))
}

func (r *traceRecorder) dump() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.events, "\n")
}

func (r *traceRecorder) TraceDialStart(ctx context.Context, d wire.TraceDialStartData) context.Context {
	r.add("dial-start %+v", d)
	return ctx
}
func (r *traceRecorder) TraceDialEnd(_ context.Context, d wire.TraceDialEndData) {
	r.add("dial-end %+v", d)
}
func (r *traceRecorder) TraceLoginStart(ctx context.Context, d wire.TraceLoginStartData) context.Context {
	r.add("login-start %+v", d)
	return ctx
}
func (r *traceRecorder) TraceLoginEnd(_ context.Context, d wire.TraceLoginEndData) {
	r.add("login-end %+v", d)
}
func (r *traceRecorder) TraceCommandStart(ctx context.Context, c *wire.Conn, d wire.TraceCommandStartData) context.Context {
	r.add("cmd-start %v %+v", c, d)
	return ctx
}
func (r *traceRecorder) TraceCommandEnd(_ context.Context, c *wire.Conn, d wire.TraceCommandEndData) {
	r.add("cmd-end %v %+v", c, d)
}
func (r *traceRecorder) TraceStreamSentence(_ context.Context, c *wire.Conn, d wire.TraceStreamSentenceData) {
	r.add("stream %v %+v %v", c, d, d.Sentence)
}

type lockedWriter struct {
	w  *bytes.Buffer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
