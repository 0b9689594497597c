package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/netip"
	"os"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/go-routeros/routeros/v3"
	"github.com/go-routeros/routeros/v3/proto"

	"github.com/rosgen/routeros/bench/internal/canned"
	"github.com/rosgen/routeros/gen"
	"github.com/rosgen/routeros/ros/ip"
	"github.com/rosgen/routeros/schema"
	"github.com/rosgen/routeros/sim"
	"github.com/rosgen/routeros/wire"
)

// withCanned starts a canned-reply server and logs both clients in to it.
func withCanned(cfg canned.Config, f func(srv *canned.Server, oc *wire.Conn, tc *routeros.Client) ([]row, error)) ([]row, error) {
	srv, err := canned.Start(cfg)
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	oc, err := dialOurs(srv.Addr())
	if err != nil {
		return nil, fmt.Errorf("ours: %w", err)
	}
	defer oc.Close()
	tc, err := dialTheirs(srv.Addr())
	if err != nil {
		return nil, fmt.Errorf("theirs: %w", err)
	}
	defer tc.Close()
	return f(srv, oc, tc)
}

func wantRows(who string, got, want int) error {
	if got != want {
		return fmt.Errorf("%s: %d rows, want %d", who, got, want)
	}
	return nil
}

// Case 1: decode of a large !re reply.
func caseDecode(o options) ([]row, error) {
	return withCanned(canned.Config{InterfaceRows: o.rows, AddressRows: 1, StreamRows: 1},
		func(_ *canned.Server, oc *wire.Conn, tc *routeros.Client) ([]row, error) {
			ctx := context.Background()
			ro, rt, err := sideBySide(o, func() (int, error) {
				rep, err := oc.Run(ctx, canned.CmdInterfaces)
				if err != nil {
					return 0, err
				}
				return len(rep.Re), wantRows("ours", len(rep.Re), o.rows)
			}, func() (int, error) {
				rep, err := tc.Run(canned.CmdInterfaces)
				if err != nil {
					return 0, err
				}
				return len(rep.Re), wantRows("theirs", len(rep.Re), o.rows)
			})
			if err != nil {
				return nil, err
			}
			// The same reply decoded from memory by each client's sentence reader: no socket, no server.
			enc := canned.InterfaceReply(o.rows, "")
			decodeAll := func(read func() (string, error)) (int, error) {
				n := 0
				for {
					word, err := read()
					if err != nil {
						return 0, err
					}
					if word == "!done" {
						return n, wantRows("decode", n, o.rows)
					}
					n++
				}
			}
			mo, mt, err := sideBySide(o, func() (int, error) {
				rd := wire.NewReader(bytes.NewReader(enc), 0)
				return decodeAll(func() (string, error) { s, err := rd.ReadSentence(); return s.Word, err })
			}, func() (int, error) {
				rd := proto.NewReader(bytes.NewReader(enc))
				return decodeAll(func() (string, error) {
					s, err := rd.ReadSentence()
					if err != nil {
						return "", err
					}
					return s.Word, nil
				})
			})
			if err != nil {
				return nil, err
			}
			speed, mspeed := ro.rate()/rt.rate(), mo.rate()/mt.rate()
			allocs := rt.allocs / ro.allocs
			what := fmt.Sprintf("decode %s-row reply (12 attrs)", thousands(o.rows))
			return []row{
				{"1", what + ", from memory: rows/s", fmtRate(mo.rate(), "rows"), fmtRate(mt.rate(), "rows"), fmtRatio(mspeed), verdict(">= 30x", mspeed >= 30),
					fmt.Sprintf("each client's sentence reader on the encoded reply, no socket; allocs/row %.2f vs %.2f", mo.allocs, mt.allocs)},
				{"1", what + ", Run over loopback: rows/s", fmtRate(ro.rate(), "rows"), fmtRate(rt.rate(), "rows"), fmtRatio(speed), "", "whole reply via Run; includes the canned server's writes and the kernel, paid alike"},
				{"1", "allocations per row (Run)", fmt.Sprintf("%.2f", ro.allocs), fmt.Sprintf("%.2f", rt.allocs), fmtRatio(allocs), verdict("<= 1/20", allocs >= 20), "theirs/ours"},
				{"1", "bytes allocated per row (Run)", fmtBytes(ro.bytes), fmtBytes(rt.bytes), fmtRatio(rt.bytes / ro.bytes), "", "theirs/ours"},
			}, nil
		})
}

// Case 2: sequential round trips on one connection. A third contender, the floor, is no client at
// all: the caller writes the encoded request on a bare socket and reads the two reply sentences on
// its own goroutine. No client can beat it against this server; it shows how much of a round trip
// is the loopback server and the kernel, which both clients pay alike.
func caseRoundTrip(o options) ([]row, error) {
	return withCanned(canned.Config{InterfaceRows: 1, AddressRows: 1, StreamRows: 1},
		func(srv *canned.Server, oc *wire.Conn, tc *routeros.Client) ([]row, error) {
			floor, closeFloor, err := roundTripFloor(srv.Addr())
			if err != nil {
				return nil, fmt.Errorf("floor: %w", err)
			}
			defer closeFloor()
			// A call takes microseconds: many short rounds make the best round a fair one on a busy
			// machine.
			o := o
			o.rounds, o.dur = 3*o.rounds, o.dur/3
			rs, err := interleave(o, []string{"ours", "theirs", "floor"}, roundTripOurs(oc), roundTripTheirs(tc), floor)
			if err != nil {
				return nil, err
			}
			ro, rt, rf := rs[0], rs[1], rs[2]
			speed := ro.rate() / rt.rate()
			return []row{
				{"2", "sequential round trips, 1 conn: time/call", fmtDur(ro.per()), fmtDur(rt.per()), fmtRatio(speed), verdict(">= 2x", speed >= 2),
					fmt.Sprintf("floor (bare socket, no client): %s, so theirs is %.2fx the floor, ours %.2fx", fmtDur(rf.per()), rf.rate()/rt.rate(), rf.rate()/ro.rate())},
				{"2", "process CPU per call (server included)", fmtDur(ro.cpu), fmtDur(rt.cpu), fmtRatio(rt.cpu.Seconds() / ro.cpu.Seconds()), "", fmt.Sprintf("floor: %s", fmtDur(rf.cpu))},
				{"2", "allocations per call", fmt.Sprintf("%.1f", ro.allocs), fmt.Sprintf("%.1f", rt.allocs), fmtRatio(rt.allocs / ro.allocs), "", fmt.Sprintf("bytes/call: %s vs %s", fmtBytes(ro.bytes), fmtBytes(rt.bytes))},
			}, nil
		})
}

// roundTripFloor logs in on a bare socket and returns a call that writes one tagged request and
// reads its replies with the project's codec, on the caller's goroutine.
func roundTripFloor(addr string) (call func() (int, error), closeFn func(), err error) {
	nc, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		return nil, nil, err
	}
	rd := wire.NewReader(nc, 0)
	if _, err := nc.Write(wire.AppendSentence(nil, "/login", "=name=admin", "=password=")); err != nil {
		_ = nc.Close()
		return nil, nil, err
	}
	if _, err := rd.ReadSentence(); err != nil {
		_ = nc.Close()
		return nil, nil, err
	}
	req := wire.AppendSentence(nil, canned.CmdIdentity, ".tag=1")
	return func() (int, error) {
		if _, err := nc.Write(req); err != nil {
			return 0, err
		}
		for {
			s, err := rd.ReadSentence()
			if err != nil {
				return 0, err
			}
			if s.Word == "!done" {
				return 1, nil
			}
		}
	}, func() { _ = nc.Close() }, nil
}

func roundTripOurs(oc *wire.Conn) func() (int, error) {
	ctx := context.Background()
	return func() (int, error) {
		rep, err := oc.Run(ctx, canned.CmdIdentity)
		if err != nil {
			return 0, err
		}
		return 1, wantRows("ours", len(rep.Re), 1)
	}
}

func roundTripTheirs(tc *routeros.Client) func() (int, error) {
	return func() (int, error) {
		rep, err := tc.Run(canned.CmdIdentity)
		if err != nil {
			return 0, err
		}
		return 1, wantRows("theirs", len(rep.Re), 1)
	}
}

// Case 3: many callers on one connection.
func caseConcurrent(o options) ([]row, error) {
	srv, err := canned.Start(canned.Config{InterfaceRows: 1, AddressRows: 1, StreamRows: 1})
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	var bestOurs, bestSync, bestAsync float64
	var hungOurs, hungAsync, errsOurs int
	var errsAsync int64
	var asyncNote string
	for range o.rounds {
		// ours: every caller uses the one connection directly.
		oc, err := dialOurs(srv.Addr())
		if err != nil {
			return nil, err
		}
		ctx := context.Background()
		r := hammer(o.callers, o.dur, o.hangWait, func(int) error {
			_, err := oc.Run(ctx, canned.CmdIdentity)
			return err
		})
		_ = oc.Close() // releases hung callers, if any
		if r.err != nil {
			return nil, fmt.Errorf("ours: %w", r.err)
		}
		bestOurs, hungOurs, errsOurs = max(bestOurs, r.rate), hungOurs+r.hung, errsOurs+int(r.errs)

		// theirs, synchronous mode: not safe for concurrent use, so a mutex serialises the callers.
		tc, err := dialTheirs(srv.Addr())
		if err != nil {
			return nil, err
		}
		var mu sync.Mutex
		r = hammer(o.callers, o.dur, o.hangWait, func(int) error {
			mu.Lock()
			defer mu.Unlock()
			_, err := tc.Run(canned.CmdIdentity)
			return err
		})
		_ = tc.Close()
		if r.err != nil {
			return nil, fmt.Errorf("theirs (sync): %w", r.err)
		}
		bestSync = max(bestSync, r.rate)

		// theirs, asynchronous mode: concurrent callers on one connection, tagged. A reply that
		// arrives before its caller registered its tag is dropped and the caller waits forever
		// (go-routeros issue #33); hammer bounds the wait and counts such callers.
		ta, err := dialTheirs(srv.Addr())
		if err != nil {
			return nil, err
		}
		ta.Async()
		r = hammer(o.callers, o.dur, o.hangWait, func(int) error {
			_, err := ta.Run(canned.CmdIdentity)
			return err
		})
		_ = ta.Close() // releases hung callers
		bestAsync, hungAsync, errsAsync = max(bestAsync, r.rate), hungAsync+r.hung, errsAsync+r.errs
		if r.err != nil && asyncNote == "" {
			asyncNote = "; first error: " + r.err.Error()
		}
	}
	n := strconv.Itoa(o.callers)
	speed := bestOurs / bestSync
	return []row{
		{"3", n + " callers, 1 conn: calls/s vs theirs sync+mutex", fmtRate(bestOurs, "calls"), fmtRate(bestSync, "calls"), fmtRatio(speed), verdict(">= 5x", speed >= 5), ""},
		{"3", n + " callers, 1 conn: calls/s vs theirs async", fmtRate(bestOurs, "calls"), fmtRate(bestAsync, "calls"), fmtRatio(bestOurs / bestAsync), "", fmt.Sprintf("theirs async: %d errors%s", errsAsync, asyncNote)},
		{"3", fmt.Sprintf("callers hung (> %v in a call), all rounds", o.hangWait), strconv.Itoa(hungOurs), strconv.Itoa(hungAsync) + " (async)", "", verdict("ours 0", hungOurs == 0 && errsOurs == 0), fmt.Sprintf("%d rounds x %d callers each; go-routeros issue #33", o.rounds, o.callers)},
	}, nil
}

// Case 4: a very long print consumed row by row.

// work is the little work a consumer does per row: parse the address and fold it into a sum.
func work(addr string, sum *uint64) {
	if a, err := netip.ParseAddr(addr); err == nil {
		b := a.As4()
		*sum += uint64(b[0]) + uint64(b[3])
	}
}

type streamRun struct {
	rows    int
	elapsed time.Duration
	peak    uint64
	err     error
}

func (r streamRun) status(want int) string {
	if r.err != nil {
		return fmt.Sprintf("failed after %s rows: %v", thousands(r.rows), r.err)
	}
	if r.rows != want {
		return fmt.Sprintf("failed: %s rows of %s", thousands(r.rows), thousands(want))
	}
	return "completed in " + fmtDur(r.elapsed)
}

func (r streamRun) ok(want int) bool { return r.err == nil && r.rows == want }

// measureStream runs f with the heap sampled, after a collection that returns the previous run's
// memory.
func measureStream(f func() (int, error)) streamRun {
	runtime.GC()
	debug.FreeOSMemory()
	stop := heapPeak()
	start := time.Now()
	n, err := f()
	el := time.Since(start)
	return streamRun{rows: n, elapsed: el, peak: stop(), err: err}
}

func caseStream(o options) ([]row, error) {
	srv, err := canned.Start(canned.Config{InterfaceRows: 1, AddressRows: 1, StreamRows: o.streamRows})
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	runtime.GC()
	debug.FreeOSMemory()
	base := heapPeak()()

	// ours: Stream, one row at a time.
	oc, err := dialOurs(srv.Addr())
	if err != nil {
		return nil, err
	}
	var sum uint64
	ours := measureStream(func() (int, error) {
		ctx, cancel := context.WithTimeout(context.Background(), o.streamWait)
		defer cancel()
		n := 0
		for s, err := range oc.Stream(ctx, canned.CmdAddressList) {
			if err != nil {
				return n, err
			}
			v, _ := s.Get("address")
			work(v, &sum)
			n++
		}
		return n, nil
	})
	_ = oc.Close()

	// theirs: Run buffers the whole reply; the consumer then walks it. It takes no deadline in its
	// synchronous mode, so a timer closes the client to bound it.
	tc, err := dialTheirs(srv.Addr())
	if err != nil {
		return nil, err
	}
	theirsRun := measureStream(func() (int, error) {
		t := time.AfterFunc(o.streamWait, func() { _ = tc.Close() })
		defer t.Stop()
		rep, err := tc.Run(canned.CmdAddressList)
		if err != nil {
			return 0, err
		}
		for _, s := range rep.Re {
			work(s.Map["address"], &sum)
		}
		return len(rep.Re), nil
	})
	_ = tc.Close()

	// theirs: ListenArgs hands rows over a channel as they are read (with its default queue of 0,
	// the reader waits for the consumer). Slow (it reads at theirs' decode rate), so only on request.
	var theirsListen streamRun
	if o.listen {
		tl, err := dialTheirs(srv.Addr())
		if err != nil {
			return nil, err
		}
		theirsListen = measureStream(func() (int, error) {
			t := time.AfterFunc(o.streamWait, func() { _ = tl.Close() })
			defer t.Stop()
			l, err := tl.ListenArgs([]string{canned.CmdAddressList})
			if err != nil {
				return 0, err
			}
			n := 0
			for s := range l.Chan() {
				work(s.Map["address"], &sum)
				n++
			}
			return n, l.Err()
		})
		_ = tl.Close()
	}

	want := o.streamRows
	what := thousands(want) + "-row print, consumed row by row"
	peakOK := ours.ok(want) && ours.peak < 32<<20
	rows := []row{
		{"4", what + ": peak heap vs theirs Run (buffered)", fmtBytes(float64(ours.peak)), fmtBytes(float64(theirsRun.peak)), fmtRatio(float64(theirsRun.peak) / float64(ours.peak)), verdict("completes, < 32 MiB", peakOK),
			fmt.Sprintf("ours (Stream): %s; theirs (Run): %s; heap before: %s", ours.status(want), theirsRun.status(want), fmtBytes(float64(base)))},
	}
	if o.listen {
		rows = append(rows, row{"4", what + ": peak heap vs theirs ListenArgs", fmtBytes(float64(ours.peak)), fmtBytes(float64(theirsListen.peak)), fmtRatio(float64(theirsListen.peak) / float64(ours.peak)), "", "theirs (ListenArgs): " + theirsListen.status(want)})
	}
	return rows, nil
}

// Case 5: the typed client's overhead over raw Run (ours only), and the typed client vs go-routeros.
func caseTyped(o options) ([]row, error) {
	return withCanned(canned.Config{InterfaceRows: 1, AddressRows: o.addrRows, StreamRows: 1},
		func(_ *canned.Server, oc *wire.Conn, tc *routeros.Client) ([]row, error) {
			ctx := context.Background()
			addrs := ip.New(oc).Address
			const proplist = "=.proplist=.id,about,actual-interface,address,broadcast,comment,disabled,dynamic,interface,invalid,netmask,network,slave,vrf"
			typed := func() (int, error) {
				l, err := addrs.List(ctx)
				if err != nil {
					return 0, err
				}
				if len(l) > 0 && !l[0].Address.IsValid() {
					return 0, errors.New("typed: address did not decode")
				}
				return len(l), wantRows("typed", len(l), o.addrRows)
			}
			ro, raw, err := sideBySide(o, typed, func() (int, error) {
				rep, err := oc.Run(ctx, canned.CmdAddresses, proplist)
				if err != nil {
					return 0, err
				}
				return len(rep.Re), wantRows("raw", len(rep.Re), o.addrRows)
			})
			if err != nil {
				return nil, err
			}
			_, rt, err := sideBySide(o, func() (int, error) { return 1, nil }, func() (int, error) {
				rep, err := tc.Run(canned.CmdAddresses, proplist)
				if err != nil {
					return 0, err
				}
				return len(rep.Re), wantRows("theirs", len(rep.Re), o.addrRows)
			})
			if err != nil {
				return nil, err
			}
			per := func(r result) time.Duration { return r.per() * time.Duration(o.addrRows) }
			overhead := raw.rate() / ro.rate()
			what := "typed List of " + thousands(o.addrRows) + " addresses"
			return []row{
				{"5", what + " vs our raw Run: time/list", fmtDur(per(ro)), fmtDur(per(raw)) + " (ours, raw)", fmtRatio(overhead) + " typed/raw", verdict("<= 1.5x", overhead <= 1.5), "the theirs column is our own raw Run here"},
				{"5", what + " vs theirs raw Run: time/list", fmtDur(per(ro)), fmtDur(per(rt)), fmtRatio(rt.per().Seconds() / ro.per().Seconds()), "", fmt.Sprintf("allocs/row typed %.1f, raw %.1f, theirs %.1f", ro.allocs, raw.allocs, rt.allocs)},
			}, nil
		})
}

// Case 6: bulk address-list load over a simulated 10 ms link.
//
// It needs two things other work is adding: a bulk API in this project and a simulator fault that
// delays each direction of the link (an RTT). When both exist, fill in bulkLoadOurs and slowSim;
// bulkLoadTheirs is ready.

// bulkEntry is one address-list entry to load.
type bulkEntry struct {
	List, Address, Comment string
}

// bulkLoadOurs loads entries with this project's bulk API over a connection to addr. nil until
// the bulk API exists.
var bulkLoadOurs func(ctx context.Context, addr string, entries []bulkEntry) error

// slowSim starts a simulator whose link has the given round-trip time. nil until the simulator
// has an RTT fault.
var slowSim func(rtt time.Duration) (*sim.Server, error)

// bulkLoadTheirs is what a go-routeros user writes: one add after another on one connection.
func bulkLoadTheirs(tc *routeros.Client, entries []bulkEntry) error {
	for _, e := range entries {
		if _, err := tc.Run("/ip/firewall/address-list/add", "=list="+e.List, "=address="+e.Address, "=comment="+e.Comment); err != nil {
			return err
		}
	}
	return nil
}

// bulkEntries returns n distinct entries of one list.
func bulkEntries(n int) []bulkEntry {
	es := make([]bulkEntry, n)
	for i := range es {
		es[i] = bulkEntry{List: "bench", Address: fmt.Sprintf("198.18.%d.%d", i>>8&0xFF, i&0xFF), Comment: "bulk"}
	}
	return es
}

func caseBulk(o options) ([]row, error) {
	const what = "bulk address-list load, 10 ms RTT"
	if bulkLoadOurs == nil || slowSim == nil {
		return []row{{"6", what, "n/a", "n/a", "", "", "n/a (bulk API not yet available)"}}, nil
	}
	const rtt = 10 * time.Millisecond
	n := 2000                   // issue 10, acceptance 1
	if o.streamRows < 1000000 { // -quick
		n = 100
	}
	entries := bulkEntries(n)
	run := func(load func(addr string) error) (time.Duration, error) {
		srv, err := slowSim(rtt)
		if err != nil {
			return 0, err
		}
		defer srv.Close()
		start := time.Now()
		err = load(srv.Addr())
		el := time.Since(start)
		if err == nil {
			err = bulkHolds(srv, entries) // the simulator then holds exactly the entries
		}
		return el, err
	}
	ours, err := run(func(addr string) error {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		return bulkLoadOurs(ctx, addr, entries)
	})
	if err != nil {
		return nil, fmt.Errorf("ours: %w", err)
	}
	theirs, err := run(func(addr string) error {
		tc, err := dialTheirs(addr)
		if err != nil {
			return err
		}
		defer tc.Close()
		t := time.AfterFunc(2*time.Minute, func() { _ = tc.Close() })
		defer t.Stop()
		return bulkLoadTheirs(tc, entries)
	})
	if err != nil {
		return nil, fmt.Errorf("theirs: %w", err)
	}
	return []row{{"6", fmt.Sprintf("%s: %s entries", what, thousands(n)), fmtDur(ours), fmtDur(theirs), fmtRatio(theirs.Seconds() / ours.Seconds()), verdict(">= 20x", theirs >= 20*ours), "theirs: sequential adds; the simulator held exactly the entries after each"}}, nil
}

// Case 7: the simulator's throughput with each client, and rosgen over the whole schema.
func caseSim(o options) ([]row, error) {
	rows, err := caseRosgen(o)
	if err != nil {
		return nil, err
	}
	srv, err := sim.Start(sim.Config{})
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	const cmd = "/system/identity/print"
	for _, conns := range []int{1, 16} {
		ocs := make([]*wire.Conn, conns)
		tcs := make([]*routeros.Client, conns)
		for i := range conns {
			if ocs[i], err = dialOurs(srv.Addr()); err != nil {
				return nil, err
			}
			defer ocs[i].Close()
			if tcs[i], err = dialTheirs(srv.Addr()); err != nil {
				return nil, err
			}
			defer tcs[i].Close()
		}
		ctx := context.Background()
		var bestOurs, bestTheirs float64
		for range o.rounds {
			r := hammer(conns, o.dur, o.hangWait, func(i int) error { _, err := ocs[i].Run(ctx, cmd); return err })
			if r.err != nil || r.hung > 0 {
				return nil, fmt.Errorf("ours on %d conns: %v, %d hung", conns, r.err, r.hung)
			}
			bestOurs = max(bestOurs, r.rate)
			r = hammer(conns, o.dur, o.hangWait, func(i int) error { _, err := tcs[i].Run(cmd); return err })
			if r.err != nil || r.hung > 0 {
				return nil, fmt.Errorf("theirs on %d conns: %v, %d hung", conns, r.err, r.hung)
			}
			bestTheirs = max(bestTheirs, r.rate)
		}
		rows = append(rows, row{"7", fmt.Sprintf("simulator, %s, %d conn(s), 1 caller each: commands/s", cmd, conns),
			fmtRate(bestOurs, "cmd"), fmtRate(bestTheirs, "cmd"), fmtRatio(bestOurs / bestTheirs), "", "in-process sim shares the CPUs"})
	}
	return rows, nil
}

// caseRosgen times generating every package of the schema in memory (loading the YAML included
// when the repository's schema directory is reachable from the working directory).
func caseRosgen(o options) ([]row, error) {
	load := func() (*schema.Schema, error) { return schema.Default() }
	note := "schema loaded once (embedded)"
	if names, err := fs.Glob(os.DirFS(".."), "schema/*.yaml"); err == nil && len(names) > 0 {
		sort.Strings(names)
		load = func() (*schema.Schema, error) { return schema.Load(os.DirFS(".."), names...) }
		note = "YAML load + generate, in memory"
	}
	var files, size, menus int
	n, el, _, err := timed(o.dur, func() (int, error) {
		s, err := load()
		if err != nil {
			return 0, err
		}
		out, err := gen.Generate(s, gen.Options{})
		if err != nil {
			return 0, err
		}
		files, size, menus = len(out), 0, len(s.Menus())
		for _, f := range out {
			size += len(f.Data)
		}
		return 1, nil
	})
	if err != nil {
		return nil, fmt.Errorf("rosgen: %w", err)
	}
	per := el / time.Duration(n)
	return []row{{"7", fmt.Sprintf("rosgen, whole schema (%d menus -> %d files, %s): time/run", menus, files, fmtBytes(float64(size))),
		fmtDur(per), "", "", "", note + fmt.Sprintf(", %d runs", n)}}, nil
}

// thousands formats n with comma separators.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
