package main

import (
	"strings"
	"testing"
	"time"

	"github.com/rosgen/routeros/bench/internal/canned"
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
