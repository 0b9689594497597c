package wiretest_test

import (
	"fmt"
	"net"
	"sync"
	"testing"

	"github.com/rosgen/routeros/wire"
	"github.com/rosgen/routeros/wire/wiretest"
)

// exampleT stands in for the *testing.T a real test passes to NewServer. Only the methods the
// server calls are implemented.
type exampleT struct {
	testing.TB
	mu       sync.Mutex
	cleanups []func()
}

func (t *exampleT) Helper() {}

func (t *exampleT) Errorf(format string, args ...any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	fmt.Printf("FAIL: "+format+"\n", args...)
}

func (t *exampleT) Fatalf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }

func (t *exampleT) Cleanup(f func()) { t.cleanups = append(t.cleanups, f) }

func (t *exampleT) finish() {
	for i := len(t.cleanups) - 1; i >= 0; i-- {
		t.cleanups[i]()
	}
}

func Example() {
	t := &exampleT{}
	defer t.finish()

	script, err := wiretest.ParseTranscript(`
		login admin secret
		> /ip/address/print =.proplist=address,interface .tag={t}
		< !re =address=192.168.88.1/24 =interface=bridge .tag={t}
		< !done .tag={t}
		> /quit
		< !fatal "session terminated on request"
		close
	`)
	if err != nil {
		fmt.Println(err)
		return
	}
	srv := wiretest.NewServer(t, script)

	// A client speaking the protocol with the wire codec only (wire.Dial does this for real code).
	conn, err := net.Dial("tcp", srv.Addr)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer conn.Close()
	r := wire.NewReader(conn, 0)
	send := func(words ...string) { _, _ = conn.Write(wire.AppendSentence(nil, words...)) }

	send("/login", "=name=admin", "=password=secret")
	send("/ip/address/print", ".tag=1", "=.proplist=address,interface")
	send("/quit")
	for {
		s, err := r.ReadSentence()
		if err != nil {
			fmt.Println("connection closed:", err)
			return
		}
		fmt.Println(s)
	}
	// Output:
	// !done
	// !re =address=192.168.88.1/24 =interface=bridge .tag=1
	// !done .tag=1
	// !fatal session terminated on request
	// connection closed: EOF
}
