package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/go-routeros/routeros/v3"

	"github.com/rosgen/routeros/wire"
)

// result is one client's measurement of a time-bounded case.
type result struct {
	units   int           // rows or calls done in the best round
	elapsed time.Duration // duration of the best round
	allocs  float64       // heap allocations per unit, over every round
	bytes   float64       // heap bytes allocated per unit, over every round
	cpu     time.Duration // process CPU time (user+system, server included) per unit, over every round
	minCPU  time.Duration // the same in the round that used the least per unit
}

// rate returns units per second in the best round.
func (r result) rate() float64 { return float64(r.units) / r.elapsed.Seconds() }

// per returns the time per unit in the best round.
func (r result) per() time.Duration { return time.Duration(float64(r.elapsed) / float64(r.units)) }

type totals struct {
	units          int
	mallocs, bytes uint64
	cpu            time.Duration
}

// cpuTime returns the CPU time (user and system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// timed calls f (which does some work and returns how many units it did) until d has passed, at
// least once, and returns the units, the time taken, and the heap allocations made meanwhile (by the
// whole process: the loopback server's own are negligible next to the client's).
func timed(d time.Duration, f func() (int, error)) (units int, elapsed time.Duration, t totals, err error) {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	cpu := cpuTime()
	start := time.Now()
	for units == 0 || time.Since(start) < d {
		n, err := f()
		if err != nil {
			return units, time.Since(start), t, err
		}
		units += n
	}
	elapsed = time.Since(start)
	cpu = cpuTime() - cpu
	runtime.ReadMemStats(&after)
	t = totals{units: units, mallocs: after.Mallocs - before.Mallocs, bytes: after.TotalAlloc - before.TotalAlloc, cpu: cpu}
	return units, elapsed, t, nil
}

// sideBySide alternates ours and theirs for o.rounds rounds of o.dur each and keeps each one's best
// round (highest rate): on a shared machine the best round is the one least disturbed.
func sideBySide(o options, ours, theirs func() (int, error)) (ro, rt result, err error) {
	rs, err := interleave(o, []string{"ours", "theirs"}, ours, theirs)
	if err != nil {
		return ro, rt, err
	}
	return rs[0], rs[1], nil
}

// interleave is sideBySide for any number of contenders, named by names.
func interleave(o options, names []string, fs ...func() (int, error)) ([]result, error) {
	rs := make([]result, len(fs))
	ts := make([]totals, len(fs))
	for range o.rounds {
		for i, f := range fs {
			n, el, tot, err := timed(o.dur, f)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", names[i], err)
			}
			if r := &rs[i]; r.units == 0 || float64(n)/el.Seconds() > r.rate() {
				r.units, r.elapsed = n, el
			}
			if c := tot.cpu / time.Duration(max(tot.units, 1)); c > 0 && (rs[i].minCPU == 0 || c < rs[i].minCPU) {
				rs[i].minCPU = c
			}
			ts[i].units += tot.units
			ts[i].mallocs += tot.mallocs
			ts[i].bytes += tot.bytes
			ts[i].cpu += tot.cpu
		}
	}
	for i, t := range ts {
		rs[i].allocs = float64(t.mallocs) / float64(t.units)
		rs[i].bytes = float64(t.bytes) / float64(t.units)
		rs[i].cpu = t.cpu / time.Duration(t.units)
	}
	return rs, nil
}

// heapPeak samples the heap (bytes in live and not yet swept objects) every millisecond until stop
// is called, and returns the highest value seen.
func heapPeak() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	sample := func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		metrics.Read(s)
		if v := s[0].Value.Uint64(); v > peak.Load() {
			peak.Store(v)
		}
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			sample()
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		sample()
		return peak.Load()
	}
}

// dialOurs logs in to addr with this project's client.
func dialOurs(addr string) (*wire.Conn, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return wire.Dial(ctx, wire.Config{Address: addr, Username: "admin"})
}

// dialTheirs logs in to addr with go-routeros, in its default (synchronous) mode and with its
// default settings.
func dialTheirs(addr string) (*routeros.Client, error) {
	return routeros.DialTimeout(addr, "admin", "", 10*time.Second)
}

// concurrentRun is the outcome of callers goroutines calling call in a loop for a while.
type concurrentRun struct {
	calls  int64 // calls that returned before the end of the run
	errs   int64
	hung   int // callers still inside a call hangWait after the run ended
	err    error
	rate   float64
	inCall []atomic.Bool
}

// hammer runs callers goroutines that call call until d has passed, then waits at most hangWait for
// them to return from their last call. Callers that do not are counted as hung and left blocked:
// the caller of hammer must release them (closing the client does).
func hammer(callers int, d, hangWait time.Duration, call func(i int) error) *concurrentRun {
	r := &concurrentRun{inCall: make([]atomic.Bool, callers)}
	var stop atomic.Bool
	var wg sync.WaitGroup
	var firstErr atomic.Value
	for i := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				r.inCall[i].Store(true)
				err := call(i)
				r.inCall[i].Store(false)
				if stop.Load() {
					return
				}
				if err != nil {
					atomic.AddInt64(&r.errs, 1)
					firstErr.CompareAndSwap(nil, err)
					continue
				}
				atomic.AddInt64(&r.calls, 1)
			}
		}()
	}
	time.Sleep(d)
	stop.Store(true)
	r.rate = float64(atomic.LoadInt64(&r.calls)) / d.Seconds()
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	select {
	case <-finished:
	case <-time.After(hangWait):
		for i := range r.inCall {
			if r.inCall[i].Load() {
				r.hung++
			}
		}
	}
	if e, ok := firstErr.Load().(error); ok {
		r.err = e
	}
	return r
}

// formatting helpers

func fmtRate(v float64, unit string) string {
	switch {
	case v >= 1e6:
		return fmt.Sprintf("%.2fM %s/s", v/1e6, unit)
	case v >= 1e3:
		return fmt.Sprintf("%.1fk %s/s", v/1e3, unit)
	}
	return fmt.Sprintf("%.0f %s/s", v, unit)
}

func fmtDur(d time.Duration) string {
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%.2f s", d.Seconds())
	case d >= time.Millisecond:
		return fmt.Sprintf("%.2f ms", float64(d)/1e6)
	case d >= time.Microsecond:
		return fmt.Sprintf("%.1f µs", float64(d)/1e3)
	}
	return fmt.Sprintf("%d ns", d.Nanoseconds())
}

func fmtBytes(b float64) string {
	switch {
	case b >= 1<<30:
		return fmt.Sprintf("%.2f GiB", b/(1<<30))
	case b >= 1<<20:
		return fmt.Sprintf("%.1f MiB", b/(1<<20))
	case b >= 1<<10:
		return fmt.Sprintf("%.1f KiB", b/(1<<10))
	}
	return fmt.Sprintf("%.0f B", b)
}

func fmtRatio(r float64) string {
	if r >= 100 {
		return fmt.Sprintf("%.0fx", r)
	}
	return fmt.Sprintf("%.2fx", r)
}

// verdict appends "ok" or "MISS" to a target.
func verdict(target string, ok bool) string {
	if ok {
		return target + " ok"
	}
	return target + " MISS"
}
