// Command compare measures this project's client side by side with go-routeros v3 (the usual Go
// RouterOS client), in one process, against the same loopback servers, and prints one table:
//
//	cd bench && go run ./cmd/compare            # every case (about 100 s idle, 4 to 5 minutes on a busy 2-core machine)
//	go run ./cmd/compare -cases 1,2 -rounds 1   # some cases, shorter
//	go run ./cmd/compare -quick                 # every case with small sizes (a smoke run)
//
// The servers are a canned-reply server (package internal/canned: replies encoded in advance, so the
// client's cost alone is measured) and the project's simulator (package sim). Absolute figures on a
// shared machine mean little; the ratios, measured in the same run, are what to compare. Each case
// alternates the two clients for -rounds rounds and keeps each client's best round.
//
// Cases:
//
//  1. decode a 10,000-row !re reply (12 attributes a row): rows/s, allocations and bytes per row
//  2. sequential round trips on one connection
//  3. 64 concurrent callers on one connection (theirs: synchronous mode serialised by a mutex, and
//     asynchronous mode, whose hangs are bounded by a deadline and counted)
//  4. a 1,000,000-row print consumed row by row with a little work per row: peak heap, completion
//  5. typed List of 10,000 addresses vs raw Run (our own overhead; no go-routeros equivalent)
//  6. bulk address-list load (2,000 entries) over a simulated 10 ms link; the simulator must then
//     hold exactly those entries
//  7. simulator commands per second on 1 and 16 connections; rosgen over the whole schema
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"
)

// options are the command's flags.
type options struct {
	cases      []int
	rounds     int
	dur        time.Duration // per client per round, for time-bounded cases
	rows       int           // case 1
	addrRows   int           // case 5
	streamRows int           // case 4
	bulkRows   int           // case 6
	callers    int           // case 3
	hangWait   time.Duration // case 3: how long a caller may stay in a call after the run ends
	streamWait time.Duration // case 4: deadline of each client's run
	listen     bool          // case 4: also run go-routeros ListenArgs
}

func main() {
	var o options
	cases := flag.String("cases", "1,2,3,4,5,6,7", "comma-separated case numbers to run")
	flag.IntVar(&o.rounds, "rounds", 3, "rounds per case; each client's best round is kept")
	flag.DurationVar(&o.dur, "d", 700*time.Millisecond, "duration of each client's part of a round (cases 1, 2, 3, 5, 7)")
	flag.IntVar(&o.rows, "rows", 10000, "rows of the case 1 reply")
	flag.IntVar(&o.addrRows, "addr-rows", 10000, "addresses listed in case 5")
	flag.IntVar(&o.streamRows, "stream-rows", 1000000, "rows of the case 4 print")
	flag.IntVar(&o.bulkRows, "bulk-rows", 2000, "address-list entries loaded in case 6")
	flag.IntVar(&o.callers, "callers", 64, "concurrent callers in case 3")
	flag.DurationVar(&o.hangWait, "hang-wait", 2*time.Second, "case 3: a caller still in a call this long after the run ended counts as hung")
	flag.DurationVar(&o.streamWait, "stream-timeout", 75*time.Second, "case 4: deadline of each client's run")
	flag.BoolVar(&o.listen, "listen", false, "case 4: also consume the print with go-routeros ListenArgs (about as slow as its Run)")
	quick := flag.Bool("quick", false, "small sizes and one short round (a smoke run, not a measurement)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the selected cases to this file")
	memProfile := flag.String("memprofile", "", "write an allocation profile of the selected cases to this file")
	flag.Parse()

	var err error
	if o.cases, err = parseCases(*cases); err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		os.Exit(2)
	}
	if *quick {
		o.rounds, o.dur = 1, 150*time.Millisecond
		o.rows, o.addrRows, o.streamRows, o.bulkRows = 1000, 1000, 20000, 200
		o.hangWait = time.Second
	}
	if *memProfile != "" {
		runtime.MemProfileRate = 4096
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "compare:", err)
			os.Exit(1)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "compare:", err)
			os.Exit(1)
		}
		defer func() { pprof.StopCPUProfile(); _ = f.Close() }()
	}

	out := bufio.NewWriter(os.Stdout)
	printHeader(out, o)
	_ = out.Flush()
	var rows []row
	for _, c := range o.cases {
		start := time.Now()
		fmt.Fprintf(os.Stderr, "compare: case %d...\n", c)
		rs, err := runCase(c, o)
		if err != nil {
			rs = append(rs, row{Case: strconv.Itoa(c), Measure: "error", Note: err.Error()})
		}
		fmt.Fprintf(os.Stderr, "compare: case %d done in %v\n", c, time.Since(start).Round(time.Millisecond))
		rows = append(rows, rs...)
	}
	printTable(out, rows)
	_ = out.Flush()

	if *memProfile != "" {
		f, err := os.Create(*memProfile)
		if err == nil {
			err = pprof.Lookup("allocs").WriteTo(f, 0)
			_ = f.Close()
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "compare:", err)
		}
	}
}

func parseCases(s string) ([]int, error) {
	var cs []int
	for f := range strings.SplitSeq(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 || n > 7 {
			return nil, fmt.Errorf("-cases: %q is not a case number (1 to 7)", f)
		}
		if !slices.Contains(cs, n) {
			cs = append(cs, n)
		}
	}
	if len(cs) == 0 {
		return nil, fmt.Errorf("-cases: no case selected")
	}
	return cs, nil
}

func runCase(c int, o options) ([]row, error) {
	switch c {
	case 1:
		return caseDecode(o)
	case 2:
		return caseRoundTrip(o)
	case 3:
		return caseConcurrent(o)
	case 4:
		return caseStream(o)
	case 5:
		return caseTyped(o)
	case 6:
		return caseBulk(o)
	case 7:
		return caseSim(o)
	}
	return nil, fmt.Errorf("no case %d", c)
}

// row is one line of the result table. Ratio is how many times better ours is (theirs/ours for
// costs, ours/theirs for rates), except where Measure says otherwise.
type row struct {
	Case, Measure, Ours, Theirs, Ratio, Target, Note string
}

func printHeader(w io.Writer, o options) {
	theirs := "github.com/go-routeros/routeros/v3"
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == theirs {
				theirs += " " + d.Version
			}
		}
	}
	fmt.Fprintf(w, "date:     %s\n", time.Now().UTC().Format("2006-01-02 15:04 UTC"))
	fmt.Fprintf(w, "machine:  %s, %d logical CPUs, GOMAXPROCS %d, %s/%s\n", cpuModel(), runtime.NumCPU(),
		runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH)
	if la := loadAverage(); la != "" {
		fmt.Fprintf(w, "load:     %s (1, 5, 15 min, at the start: the machine's other work shares the CPUs)\n", la)
	}
	fmt.Fprintf(w, "go:       %s\n", runtime.Version())
	fmt.Fprintf(w, "ours:     github.com/rosgen/routeros (this tree)\n")
	fmt.Fprintf(w, "theirs:   %s\n", theirs)
	fmt.Fprintf(w, "rounds:   %d x %v per client (best round kept)\n\n", o.rounds, o.dur)
}

// loadAverage returns the 1, 5 and 15 minute load averages where /proc has them, else "".
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}

// printTable prints rows as a Markdown table (so a run can be pasted into bench/README.md).
func printTable(w io.Writer, rows []row) {
	head := row{"case", "measure", "ours", "theirs", "ratio", "target", "note"}
	all := append([]row{head}, rows...)
	cols := func(r row) []string { return []string{r.Case, r.Measure, r.Ours, r.Theirs, r.Ratio, r.Target, r.Note} }
	width := make([]int, 7)
	for _, r := range all {
		for i, c := range cols(r) {
			width[i] = max(width[i], len(c))
		}
	}
	line := func(cs []string) {
		var b strings.Builder
		b.WriteString("|")
		for i, c := range cs {
			fmt.Fprintf(&b, " %-*s |", width[i], c)
		}
		fmt.Fprintln(w, b.String())
	}
	line(cols(head))
	sep := make([]string, 7)
	for i := range sep {
		sep[i] = strings.Repeat("-", width[i])
	}
	line(sep)
	for _, r := range rows {
		line(cols(r))
	}
}
