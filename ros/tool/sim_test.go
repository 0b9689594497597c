package tool_test

import (
	"context"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/rosgen/routeros/ros"
	"github.com/rosgen/routeros/ros/rostest"
	"github.com/rosgen/routeros/ros/tool"
	"github.com/rosgen/routeros/sim"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestSimPing runs the typed Ping against the simulator's /tool/ping: one reply per request with
// its sequence number, round-trip time and running totals, ending by itself after count.
func TestSimPing(t *testing.T) {
	_, conn := rostest.New(t, sim.Config{})
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	tl := tool.New(conn)

	var got []tool.PingReply
	for r, err := range tl.Ping(c, tool.PingArgs{Address: ros.Some("192.168.88.2"), Count: ros.Some[int64](3), Interval: ros.Some(10 * time.Millisecond)}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, r)
	}
	if len(got) != 3 {
		t.Fatalf("%d replies, want 3: %+v", len(got), got)
	}
	for i, r := range got {
		if r.Seq != int64(i) || r.Host != "192.168.88.2" || r.Time <= 0 || r.Sent != int64(i+1) || r.Received != int64(i+1) || r.PacketLoss != 0 {
			t.Errorf("reply %d = %+v", i, r)
		}
	}
	if last := got[2]; last.MinRTT <= 0 || last.MinRTT > last.AvgRTT || last.AvgRTT > last.MaxRTT {
		t.Errorf("round-trip summary = %v/%v/%v", last.MinRTT, last.AvgRTT, last.MaxRTT)
	}

	// a documentation address (TEST-NET-1) does not answer: status and loss say so
	var lost []tool.PingReply
	for r, err := range tl.Ping(c, tool.PingArgs{Address: ros.Some("192.0.2.1"), Count: ros.Some[int64](2), Interval: ros.Some(10 * time.Millisecond)}) {
		if err != nil {
			t.Fatal(err)
		}
		lost = append(lost, r)
	}
	if len(lost) != 2 || lost[1].Status != "timeout" || lost[1].Received != 0 || lost[1].PacketLoss != 100 {
		t.Fatalf("lost replies = %+v", lost)
	}

	// without count the ping runs until the loop stops, which cancels it; the connection stays usable
	n := 0
	for _, err := range tl.Ping(c, tool.PingArgs{Address: ros.Some("192.168.88.3"), Interval: ros.Some(10 * time.Millisecond)}) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 2 {
			break
		}
	}
	for _, err := range tl.Ping(c, tool.PingArgs{Address: ros.Some("192.168.88.3"), Count: ros.Some[int64](1)}) {
		if err != nil {
			t.Fatalf("ping after a cancelled one: %v", err)
		}
	}
}

// TestSimPingNeedsAddress: the address is required, so the call fails without sending anything.
func TestSimPingNeedsAddress(t *testing.T) {
	_, conn := rostest.New(t, sim.Config{})
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, err := range tool.New(conn).Ping(c, tool.PingArgs{Count: ros.Some[int64](1)}) {
		if err == nil {
			t.Fatal("ping without address: no error")
		}
		return
	}
	t.Fatal("ping without address: no result at all")
}
