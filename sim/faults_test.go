package sim_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/rosgen/routeros/sim"
	"github.com/rosgen/routeros/wire"
)

// dialWire connects the project's client to srv. Fault counts include the login's !done (1).
func dialWire(t *testing.T, srv *sim.Server) *wire.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, err := wire.Dial(ctx, wire.Config{Address: srv.Addr(), Username: "admin", CancelGrace: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

func tctx(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// TestFaults shows the client's behaviour under each injected fault: a clear error, no hang.
func TestFaults(t *testing.T) {
	t.Run("drop", func(t *testing.T) {
		srv := startSim(t, sim.Config{})
		conn := dialWire(t, srv)
		srv.SetFaults(sim.Faults{DropAfter: 3})
		start := time.Now()
		_, err := conn.Run(tctx(t, 5*time.Second), "/interface/print")
		if !errors.Is(err, wire.ErrClosed) || time.Since(start) > 2*time.Second {
			t.Fatalf("err %v after %v", err, time.Since(start))
		}
	})
	t.Run("fatal", func(t *testing.T) {
		srv := startSim(t, sim.Config{})
		conn := dialWire(t, srv)
		srv.SetFaults(sim.Faults{FatalAfter: 1, FatalReason: "out of memory"})
		_, err := conn.Run(tctx(t, 5*time.Second), "/interface/print")
		var fe *wire.FatalError
		if !errors.As(err, &fe) || fe.Reason != "out of memory" || !errors.Is(err, wire.ErrClosed) {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("control byte", func(t *testing.T) {
		srv := startSim(t, sim.Config{})
		conn := dialWire(t, srv)
		srv.SetFaults(sim.Faults{ControlByteAfter: 2})
		_, err := conn.Run(tctx(t, 5*time.Second), "/interface/print")
		if !errors.Is(err, wire.ErrProtocol) || !errors.Is(err, wire.ErrClosed) {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("stall", func(t *testing.T) {
		srv := startSim(t, sim.Config{})
		conn := dialWire(t, srv)
		srv.SetFaults(sim.Faults{StallAfter: 1})
		start := time.Now()
		_, err := conn.Run(tctx(t, 200*time.Millisecond), "/interface/print")
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err %v", err)
		}
		// the router does not answer the /cancel either: the client gives up on the connection
		select {
		case <-conn.Done():
		case <-time.After(3 * time.Second):
			t.Fatal("connection still open 3s after an unanswered /cancel")
		}
		if err := conn.Err(); !errors.Is(err, wire.ErrUnresponsive) {
			t.Fatalf("conn.Err %v", err)
		}
		if time.Since(start) > 4*time.Second {
			t.Fatalf("took %v", time.Since(start))
		}
	})
	t.Run("ignore cancel", func(t *testing.T) {
		srv := startSim(t, sim.Config{})
		conn := dialWire(t, srv)
		srv.SetFaults(sim.Faults{IgnoreCancel: true})
		n := 0
		for _, err := range conn.Stream(tctx(t, 5*time.Second), "/interface/monitor-traffic", "=interface=ether1", "=interval=20ms") {
			if err != nil {
				t.Fatal(err)
			}
			if n++; n == 2 {
				break
			}
		}
		select {
		case <-conn.Done():
		case <-time.After(3 * time.Second):
			t.Fatal("connection kept 3s after the router ignored /cancel")
		}
		if err := conn.Err(); !errors.Is(err, wire.ErrUnresponsive) {
			t.Fatalf("conn.Err %v", err)
		}
	})
	t.Run("reboot", func(t *testing.T) {
		srv := startSim(t, sim.Config{RebootDelay: 300 * time.Millisecond})
		conn := dialWire(t, srv)
		other := dialWire(t, srv)
		if _, err := conn.Run(tctx(t, 5*time.Second), "/system/reboot"); err != nil && !errors.Is(err, wire.ErrClosed) {
			t.Fatalf("reboot: %v", err)
		}
		select {
		case <-other.Done():
		case <-time.After(3 * time.Second):
			t.Fatal("other connection not dropped by the reboot")
		}
		if _, err := other.Run(tctx(t, 5*time.Second), "/system/identity/print"); !errors.Is(err, wire.ErrClosed) {
			t.Fatalf("after reboot: %v", err)
		}
		if _, err := wire.Dial(tctx(t, 5*time.Second), wire.Config{Address: srv.Addr(), Username: "admin"}); err == nil {
			t.Fatal("dial succeeded while rebooting")
		}
		deadline := time.Now().Add(5 * time.Second)
		for srv.Rebooting() && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		dialWire(t, srv) // back
	})
	t.Run("latency and split writes", func(t *testing.T) {
		srv := startSim(t, sim.Config{})
		conn := dialWire(t, srv)
		want, err := conn.Run(tctx(t, 5*time.Second), "/interface/print", "=.proplist=.id,name,type")
		if err != nil {
			t.Fatal(err)
		}
		srv.SetFaults(sim.Faults{Latency: 20 * time.Millisecond, SplitWrites: true})
		start := time.Now()
		got, err := conn.Run(tctx(t, 5*time.Second), "/interface/print", "=.proplist=.id,name,type")
		if err != nil {
			t.Fatal(err)
		}
		if el := time.Since(start); el < 7*20*time.Millisecond {
			t.Fatalf("7 sentences at 20ms latency took only %v", el)
		}
		if !reflect.DeepEqual(values(got.Re, "name"), values(want.Re, "name")) {
			t.Fatalf("split reply differs: %v vs %v", got.Re, want.Re)
		}
		// a short deadline under latency fails cleanly and the connection survives
		srv.SetFaults(sim.Faults{Latency: 100 * time.Millisecond})
		if _, err := conn.Run(tctx(t, 30*time.Millisecond), "/system/identity/print"); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err %v", err)
		}
		srv.ClearFaults()
		if _, err := conn.Run(tctx(t, 5*time.Second), "/system/identity/print"); err != nil {
			t.Fatalf("after the deadline: %v", err)
		}
	})
}
