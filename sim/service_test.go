package sim_test

import (
	"errors"
	"io"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/rosgen/routeros/sim"
)

// A connection that never logs in is closed after LoginTimeout; one that logs in stays open.
func TestLoginTimeout(t *testing.T) {
	srv := startSim(t, sim.Config{LoginTimeout: 100 * time.Millisecond})
	idle := dialRaw(t, srv.Addr())
	idle.c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := idle.c.Read(make([]byte, 1)); err != io.EOF {
		t.Fatalf("idle pre-login connection: read %v, want EOF (closed by the server)", err)
	}
	c := loggedIn(t, srv)
	time.Sleep(300 * time.Millisecond) // past the timeout: a logged-in session is not affected
	c.mustOK("/system/identity/print")
}

// Connections past MaxSessions are closed at once; the others keep working.
func TestMaxSessions(t *testing.T) {
	srv := startSim(t, sim.Config{MaxSessions: 2})
	a, b := loggedIn(t, srv), loggedIn(t, srv)
	extra := dialRaw(t, srv.Addr())
	extra.send("/login", "=name=admin", "=password=")
	// Closed, not merely silent: a read that times out would mean the session is held open.
	if _, err := extra.readErr(); err == nil {
		t.Fatal("a third session was served")
	} else if ne := net.Error(nil); errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("a third session was left open: %v", err)
	}
	a.mustOK("/system/identity/print")
	b.mustOK("/system/identity/print")
}

// Unfinished sentences are bounded in total: sessions that each send part of a large sentence are
// closed once the sum passes MaxPendingBytes, and a fresh session still works.
func TestMaxPendingBytes(t *testing.T) {
	const limit = 1 << 20
	srv := startSim(t, sim.Config{MaxPendingBytes: limit})
	var closed int
	for i := 0; i < 6; i++ {
		c := loggedIn(t, srv)
		// a word announced as 1 MiB, of which 300 KiB are sent: the sentence never completes
		const n = 1 << 20
		hdr := []byte{0xE0 | n>>24, n >> 16 & 0xFF, n >> 8 & 0xFF, n & 0xFF} // docs/protocol.md#words: 4-byte length
		if _, err := c.c.Write(append(hdr, make([]byte, 300<<10)...)); err != nil {
			closed++
			continue
		}
		c.c.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
		_, err := c.c.Read(make([]byte, 1))
		var ne net.Error
		if err != nil && !(errors.As(err, &ne) && ne.Timeout()) {
			closed++ // EOF, or a reset: the server closed with unread bytes
		}
	}
	if closed == 0 {
		t.Fatal("6 x 300 KiB of unfinished sentences under a 1 MiB bound: no session closed")
	}
	loggedIn(t, srv).mustOK("/system/identity/print")
}

// A listener that never reads holds a bounded queue while another session makes many changes and
// a third keeps working.
func TestListenerThatNeverReads(t *testing.T) {
	srv := startSim(t, sim.Config{})
	deaf := loggedIn(t, srv)
	deaf.send("/ip/firewall/address-list/listen", ".tag=l")
	deaf.send("/system/identity/print", ".tag=sync") // answered once the listen is registered
	for s := deaf.read(); s.Tag != "sync" || s.Word != "!done"; s = deaf.read() {
	}
	w := loggedIn(t, srv)
	for i := 0; i < 5000; i++ {
		w.send("/ip/firewall/address-list/add", "=list=l", "=address=10.0."+strconv.Itoa(i/250)+"."+strconv.Itoa(i%250))
	}
	for i := 0; i < 5000; i++ {
		w.until()
	}
	if q := sim.QueuedChanges(srv); q > 1024 {
		t.Errorf("%d changes queued for a listener that does not read", q)
	}
	loggedIn(t, srv).mustOK("/ip/firewall/address-list/print", "=count-only=")
}

// With Faults.RTT every reply waits one RTT after its request arrived, but pipelined requests are
// not serialised: 20 requests sent at once are all answered after about one RTT, where Latency
// (a slow router) takes one Latency per sentence. The bounds are what the fault guarantees, not
// how fast the machine is: at least one RTT, and less than the 20 RTTs serialised replies take
// at the least.
func TestRTT(t *testing.T) {
	const rtt = 250 * time.Millisecond
	srv := startSim(t, sim.Config{})
	c := loggedIn(t, srv)
	srv.SetFaults(sim.Faults{RTT: rtt})
	start := time.Now()
	for i := 0; i < 20; i++ {
		c.send("/system/identity/print", ".tag="+strconv.Itoa(i))
	}
	for i := 0; i < 20; i++ {
		rs := c.until()
		if tag := rs[len(rs)-1].Tag; tag != strconv.Itoa(i) {
			t.Fatalf("reply %d has tag %s: order lost", i, tag)
		}
	}
	el := time.Since(start)
	if el < rtt {
		t.Errorf("20 replies in %v, less than one RTT", el)
	}
	if el >= 20*rtt {
		t.Errorf("20 pipelined requests took %v: serialised", el)
	}
	srv.ClearFaults()
}
