package wiretest_test

import (
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/rosgen/routeros/wire"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// ioTimeout bounds every client read and write, so a broken server fails a test instead of hanging it.
const ioTimeout = 5 * time.Second

// rawClient is a minimal RouterOS API client built on net.Conn and the wire codec only.
type rawClient struct {
	t testing.TB
	c net.Conn
	r *wire.Reader
}

func dialRaw(t testing.TB, addr string) *rawClient {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, ioTimeout)
	if err != nil {
		t.Fatalf("dial %s: %v", addr, err)
	}
	t.Cleanup(func() { c.Close() })
	return newRawClient(t, c)
}

func newRawClient(t testing.TB, c net.Conn) *rawClient {
	return &rawClient{t: t, c: c, r: wire.NewReader(c, 0)}
}

func (rc *rawClient) send(words ...string) {
	rc.t.Helper()
	_ = rc.c.SetWriteDeadline(time.Now().Add(ioTimeout))
	if _, err := rc.c.Write(wire.AppendSentence(nil, words...)); err != nil {
		rc.t.Fatalf("send %q: %v", words, err)
	}
}

// read reads one sentence and fails the test on error.
func (rc *rawClient) read() []string {
	rc.t.Helper()
	words, err := rc.tryRead(ioTimeout)
	if err != nil {
		rc.t.Fatalf("read: %v", err)
	}
	return words
}

func (rc *rawClient) tryRead(d time.Duration) ([]string, error) {
	_ = rc.c.SetReadDeadline(time.Now().Add(d))
	return rc.r.ReadWords()
}

// expect reads one sentence and requires exactly these words in this order.
func (rc *rawClient) expect(want ...string) {
	rc.t.Helper()
	got := rc.read()
	if strings.Join(got, "\x00") != strings.Join(want, "\x00") {
		rc.t.Fatalf("got sentence %q, want %q", got, want)
	}
}

// expectEOF requires the server to close the connection.
func (rc *rawClient) expectEOF() {
	rc.t.Helper()
	words, err := rc.tryRead(ioTimeout)
	if err == nil {
		rc.t.Fatalf("got sentence %q, want the connection closed", words)
	}
	if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) && !isReset(err) {
		rc.t.Fatalf("got error %v, want EOF", err)
	}
}

// expectOpen requires the connection to stay open and silent for d.
func (rc *rawClient) expectOpen(d time.Duration) {
	rc.t.Helper()
	words, err := rc.tryRead(d)
	var ne net.Error
	if err == nil {
		rc.t.Fatalf("got sentence %q, want silence", words)
	}
	if !errors.As(err, &ne) || !ne.Timeout() {
		rc.t.Fatalf("got %v, want the connection to stay open", err)
	}
}

func isReset(err error) bool {
	return errors.Is(err, syscall.ECONNRESET)
}

// recordTB stands in for the test's testing.TB and records the failures the server reports, so
// tests can assert them. Everything else goes to the real test.
type recordTB struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func newRecordTB(t testing.TB) *recordTB { return &recordTB{TB: t} }

func (r *recordTB) Helper() {}

func (r *recordTB) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *recordTB) Error(args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprint(args...))
}

func (r *recordTB) failures() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.errs...)
}

// oneFailure requires exactly one reported failure and returns it.
func (r *recordTB) oneFailure(t testing.TB) string {
	t.Helper()
	f := r.failures()
	if len(f) != 1 {
		t.Fatalf("got %d failures %q, want 1", len(f), f)
	}
	return f[0]
}

func (r *recordTB) noFailures(t testing.TB) {
	t.Helper()
	if f := r.failures(); len(f) != 0 {
		t.Fatalf("unexpected failures: %q", f)
	}
}

// mustContain requires every part in s.
func mustContain(t testing.TB, s string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(s, p) {
			t.Errorf("message does not contain %q:\n%s", p, s)
		}
	}
}

func mustNotContain(t testing.TB, s string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if strings.Contains(s, p) {
			t.Errorf("message contains %q:\n%s", p, s)
		}
	}
}

// waitFailure waits until the server has reported a failure (a client that hangs up does not learn
// when the server noticed) and requires it to be the only one.
func (r *recordTB) waitFailure(t testing.TB) string {
	t.Helper()
	deadline := time.Now().Add(ioTimeout)
	for len(r.failures()) == 0 && time.Now().Before(deadline) {
		time.Sleep(2 * time.Millisecond)
	}
	return r.oneFailure(t)
}
