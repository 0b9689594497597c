package wire_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rosgen/routeros/ros/ip"
	"github.com/rosgen/routeros/wire"
)

// TestSlowConsumerAllRows is acceptance 1 of issue 7: a print consumed through Stream and through a
// typed All by a loop spending about 20 µs per row completes with every row, and the heap stays under
// 32 MiB. It reads 20,000 rows; ROUTEROS_FLOW_ROWS=1000000 runs the full million (about 20 s each).
func TestSlowConsumerAllRows(t *testing.T) {
	rows := 20_000
	if v := os.Getenv("ROUTEROS_FLOW_ROWS"); v != "" {
		n, err := strconv.Atoi(v)
		require.NoError(t, err)
		rows = n
	}
	// 20 µs a row: a million rows take over 20 s, and several minutes on a loaded machine (a
	// million took 153 s (Stream) and 100 s (All) with a load average of 30 on 2 cores): the deadline only stops a hang.
	long := func(t *testing.T) context.Context {
		c, cancel := context.WithTimeout(context.Background(), 20*time.Second+time.Duration(rows)*time.Millisecond)
		t.Cleanup(cancel)
		return c
	}
	fr := newFlowRouter(t, rows)
	c := dialFlow(t, fr, func(cfg *wire.Config) { cfg.StreamStallTimeout = time.Minute })

	t.Run("Stream", func(t *testing.T) {
		h := sampleHeap()
		checkRows(t, c.Stream(long(t), "/ip/firewall/address-list/print"), rows, func() { spin(20 * time.Microsecond) })
		peak := h.Peak()
		t.Logf("%d rows, peak heap in use %.1f MiB", rows, float64(peak)/(1<<20))
		assert.Less(t, peak, uint64(32<<20))
	})
	t.Run("All", func(t *testing.T) {
		h := sampleHeap()
		n := 0
		for item, err := range ip.New(c).Firewall.AddressList.All(long(t)) {
			require.NoError(t, err, "after %d rows", n)
			if item.List != "blocklist" {
				t.Fatalf("row %d: list %q", n, item.List)
			}
			n++
			spin(20 * time.Microsecond)
		}
		peak := h.Peak()
		t.Logf("%d rows, peak heap in use %.1f MiB", n, float64(peak)/(1<<20))
		assert.Equal(t, rows, n)
		assert.Less(t, peak, uint64(32<<20))
	})
	assert.Zero(t, fr.cancels.Load())
}

// Acceptance 1, second half: in a Pool, a stream whose consumer stops is failed after the stall
// limit while a Run on another connection of the same Pool succeeds.
func TestPoolRunWhileStreamStalls(t *testing.T) {
	fr := newFlowRouter(t, 0)
	cfg := testConfig(fr.Addr)
	cfg.StreamStallTimeout = 500 * time.Millisecond
	p, err := wire.NewPool(ctx(t), wire.PoolConfig{Config: cfg, Size: 2})
	require.NoError(t, err)
	defer p.Close()

	next, _ := pullOne(t, p.Stream(ctx(t), "/interface/listen"))
	waitHeldBack(t, heldPool{p})
	rep, err := p.Run(ctx(t), "/system/identity/get")
	require.NoError(t, err)
	assert.Equal(t, "2", rep.Ret(), "the Run went to the second connection")
	waitCancels(t, fr, 1) // the stalled stream was cancelled
	require.ErrorIs(t, nextErr(next), wire.ErrStreamStalled)
	_, err = p.Run(ctx(t), "/system/identity/get")
	require.NoError(t, err)
}

type heldPool struct{ p *wire.Pool }

func (h heldPool) HeldBack() bool { return h.p.Stats().HeldBack > 0 }
