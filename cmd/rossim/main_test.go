package main

import (
	"bufio"
	"context"
	"io"
	"net"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/rosgen/routeros/wire"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestRossim(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var stderr strings.Builder
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"-listen", "127.0.0.1:0", "-tls-listen", "127.0.0.1:0", "-user", "ops:pa:ss", "-user", "ro:x:read"}, pw, &stderr)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	re := regexp.MustCompile(`^rossim: (api|api-ssl) listening on (127\.0\.0\.1:[0-9]+)$`)
	addrs := map[string]string{}
	for len(addrs) < 2 && sc.Scan() {
		m := re.FindStringSubmatch(sc.Text())
		if m == nil {
			t.Fatalf("unexpected line %q", sc.Text())
		}
		addrs[m[1]] = m[2]
	}
	go io.Copy(io.Discard, pr)
	if strings.HasSuffix(addrs["api"], ":0") || addrs["api-ssl"] == "" {
		t.Fatalf("addresses %v", addrs)
	}
	c, err := net.DialTimeout("tcp", addrs["api"], 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	// a password containing ':' survives the flag syntax
	c.Write(wire.AppendSentence(nil, "/login", "=name=ops", "=password=pa:ss"))
	s, err := wire.NewReader(c, 0).ReadSentence()
	if err != nil || s.Word != "!done" {
		t.Fatalf("login: %v %v", s, err)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("did not stop")
	}
}

func TestRossimBadFlags(t *testing.T) {
	var out, errb strings.Builder
	if code := run(context.Background(), []string{"-user", "nocolon"}, &out, &errb); code != 2 {
		t.Fatalf("exit %d", code)
	}
	if code := run(context.Background(), []string{"-ros-version", "x"}, &out, &errb); code != 1 {
		t.Fatalf("exit %d", code)
	}
}
