package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rosgen/routeros/bench/internal/canned"
	"github.com/rosgen/routeros/ros/ip"
)

// TestQuick runs every case with small sizes: the harness works end to end (both clients, both
// servers). It checks that no case errs, not the figures.
func TestQuick(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every case")
	}
	o := options{cases: []int{1, 2, 3, 4, 5, 6, 7}, rounds: 1, dur: 50 * time.Millisecond, rows: 200,
		addrRows: 200, streamRows: 2000, bulkRows: 100, callers: 8, hangWait: time.Second, streamWait: 20 * time.Second}
	for _, c := range o.cases {
		rows, err := runCase(c, o)
		if err != nil {
			t.Fatalf("case %d: %v", c, err)
		}
		if len(rows) == 0 {
			t.Fatalf("case %d: no row", c)
		}
		var b strings.Builder
		printTable(&b, rows)
		t.Log("\n" + b.String())
	}
}

// BenchmarkRoundTrip is case 2 as a Go benchmark, for pprof:
//
//	go test -run='^$' -bench=RoundTrip/ours -cpuprofile cpu.out ./cmd/compare
func BenchmarkRoundTrip(b *testing.B) {
	srv, err := canned.Start(canned.Config{InterfaceRows: 1, AddressRows: 1, StreamRows: 1})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	b.Run("ours", func(b *testing.B) {
		oc, err := dialOurs(srv.Addr())
		if err != nil {
			b.Fatal(err)
		}
		defer oc.Close()
		f := roundTripOurs(oc)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := f(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("floor", func(b *testing.B) {
		f, closeFn, err := roundTripFloor(srv.Addr())
		if err != nil {
			b.Fatal(err)
		}
		defer closeFn()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := f(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("theirs", func(b *testing.B) {
		tc, err := dialTheirs(srv.Addr())
		if err != nil {
			b.Fatal(err)
		}
		defer tc.Close()
		f := roundTripTheirs(tc)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := f(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkTypedList is case 5 as a Go benchmark, for pprof: a typed List of 10,000 addresses and
// the raw Run of the same print.
//
//	go test -run='^$' -bench=TypedList/typed -cpuprofile cpu.out ./cmd/compare
func BenchmarkTypedList(b *testing.B) {
	const rows = 10000
	srv, err := canned.Start(canned.Config{InterfaceRows: 1, AddressRows: rows, StreamRows: 1})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	oc, err := dialOurs(srv.Addr())
	if err != nil {
		b.Fatal(err)
	}
	defer oc.Close()
	ctx := context.Background()
	addrs := ip.New(oc).Address
	b.Run("typed", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			l, err := addrs.List(ctx)
			if err != nil || len(l) != rows {
				b.Fatal(len(l), err)
			}
		}
	})
	b.Run("raw", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			rep, err := oc.Run(ctx, canned.CmdAddresses, addressProplist)
			if err != nil || len(rep.Re) != rows {
				b.Fatal(err)
			}
		}
	})
}
