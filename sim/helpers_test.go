package sim_test

import (
	"crypto/md5"
	"encoding/hex"
	"net"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/rosgen/routeros/sim"
	"github.com/rosgen/routeros/wire"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// rawClient is an independent test peer written here from docs/protocol.md with the wire codec only, so
// the simulator's tests do not depend on the client under development.
type rawClient struct {
	t  testing.TB
	c  net.Conn
	rd *wire.Reader
}

func startSim(t testing.TB, cfg sim.Config) *sim.Server {
	t.Helper()
	srv, err := sim.Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

func dialRaw(t testing.TB, addr string) *rawClient {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return &rawClient{t: t, c: c, rd: wire.NewReader(c, 0)}
}

func (c *rawClient) send(words ...string) {
	c.t.Helper()
	c.c.SetWriteDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.c.Write(wire.AppendSentence(nil, words...)); err != nil {
		c.t.Fatalf("send %v: %v", words, err)
	}
}

func (c *rawClient) readErr() (wire.Sentence, error) {
	c.c.SetReadDeadline(time.Now().Add(5 * time.Second))
	return c.rd.ReadSentence()
}

func (c *rawClient) read() wire.Sentence {
	c.t.Helper()
	s, err := c.readErr()
	if err != nil {
		c.t.Fatalf("read: %v", err)
	}
	return s
}

// until reads sentences until a !done (or !fatal) and returns them all, the !done last.
func (c *rawClient) until() []wire.Sentence {
	c.t.Helper()
	var out []wire.Sentence
	for {
		s := c.read()
		out = append(out, s)
		if s.Word == "!done" || s.Word == "!fatal" {
			return out
		}
	}
}

// run sends a command and returns its replies up to !done.
func (c *rawClient) run(words ...string) []wire.Sentence {
	c.t.Helper()
	c.send(words...)
	return c.until()
}

// mustOK runs a command that must succeed and returns its !re sentences and its !done.
func (c *rawClient) mustOK(words ...string) ([]wire.Sentence, wire.Sentence) {
	c.t.Helper()
	rs := c.run(words...)
	var re []wire.Sentence
	for _, s := range rs[:len(rs)-1] {
		switch s.Word {
		case "!re":
			re = append(re, s)
		case "!empty":
		default:
			c.t.Fatalf("%v: unexpected %v", words, s)
		}
	}
	return re, rs[len(rs)-1]
}

// trapMsg runs a command that must fail and returns the message of its first trap.
func (c *rawClient) trapMsg(words ...string) string {
	c.t.Helper()
	rs := c.run(words...)
	for _, s := range rs {
		if s.Word == "!trap" {
			m, _ := s.Get("message")
			return m
		}
	}
	c.t.Fatalf("%v: no trap in %v", words, rs)
	return ""
}

func (c *rawClient) login(user, password string) {
	c.t.Helper()
	rs := c.run("/login", "=name="+user, "=password="+password)
	if len(rs) != 1 || rs[0].Word != "!done" || len(rs[0].Attrs) != 0 {
		c.t.Fatalf("login: %v", rs)
	}
}

func loggedIn(t testing.TB, srv *sim.Server) *rawClient {
	c := dialRaw(t, srv.Addr())
	c.login("admin", "")
	return c
}

// md5Response computes the legacy login answer as docs/protocol.md#login defines it.
func md5Response(password, challengeHex string) string {
	ch, _ := hex.DecodeString(challengeHex)
	h := md5.Sum(append(append([]byte{0}, password...), ch...))
	return "00" + hex.EncodeToString(h[:])
}

func values(re []wire.Sentence, key string) []string {
	var out []string
	for _, s := range re {
		v, _ := s.Get(key)
		out = append(out, v)
	}
	return out
}

func joined(re []wire.Sentence, key string) string { return strings.Join(values(re, key), ",") }
