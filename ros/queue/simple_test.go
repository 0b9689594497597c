package queue_test

import (
	"context"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/rosgen/routeros/ros/queue"
	"github.com/rosgen/routeros/ros/rostest"
	"github.com/rosgen/routeros/ros/value"
	"github.com/rosgen/routeros/wire/wiretest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// A simple queue's limits and counters are upload/download pairs. The console prints the limits
// as 10M/10M (manual: DHCP, /queue/simple/print); terraform-provider-routeros' sample print shows
// the counters as "0/0". Both forms decode.
func TestSimplePairs(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn := rostest.Script(t, wiretest.NewScript().
		Expect("/queue/simple/print", "=.proplist={p}", ".tag={a}").
		Send("!re", "=.id=*1", "=name=guest", "=target=192.168.88.50/32", "=max-limit=10M/20M",
			"=limit-at=256000/512k", "=burst-time=0s/8s", "=priority=8/1", "=queue=default-small/pcq-download-default",
			"=bytes=1200/34000", ".tag={a}").
		Send("!done", ".tag={a}"))
	items, err := queue.New(conn).Simple.List(ctx)
	if err != nil || len(items) != 1 {
		t.Fatalf("list: %v, %v", items, err)
	}
	q := items[0]
	if q.MaxLimit != (value.Pair[int64]{Up: 10_000_000, Down: 20_000_000}) || q.LimitAt != (value.Pair[int64]{Up: 256_000, Down: 512_000}) {
		t.Errorf("limits: max %v, at %v", q.MaxLimit, q.LimitAt)
	}
	if q.BurstTime != (value.Pair[time.Duration]{Down: 8 * time.Second}) || q.Priority != (value.Pair[int64]{Up: 8, Down: 1}) {
		t.Errorf("burst-time %v, priority %v", q.BurstTime, q.Priority)
	}
	if q.Queue.Up != "default-small" || q.Queue.Down != "pcq-download-default" || q.Bytes != (value.Pair[int64]{Up: 1200, Down: 34000}) {
		t.Errorf("queue %v, bytes %v", q.Queue, q.Bytes)
	}
}
