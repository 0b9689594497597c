package main

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// uptimes are the two uptime readings of the tour: the only text that depends on how long a run
// takes.
var (
	uptimes   = regexp.MustCompile(`up (\S+) now \((\S+) at the start`)
	anyUptime = regexp.MustCompile(`\bup [0-9][0-9a-z.]*( now \()?(?:[0-9][0-9a-z.]*)?`)
)

// TestTour runs the tour against the embedded simulator, as a fresh clone with no router does, and
// compares its output with the README's, line by line; the uptimes must differ between runs only
// in value, and the second must be later than the first.
func TestTour(t *testing.T) {
	t.Setenv("ROUTEROS_ADDR", "")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out strings.Builder
	if err := run(ctx, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	got := out.String()

	m := uptimes.FindStringSubmatch(got)
	if m == nil {
		t.Fatalf("no uptime line in the output:\n%s", got)
	}
	end, err1 := time.ParseDuration(m[1])
	start, err2 := time.ParseDuration(m[2])
	if err1 != nil || err2 != nil || end <= start {
		t.Errorf("uptime went from %s to %s: want it to advance", m[2], m[1])
	}

	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	want, ok := tourBlock(string(readme))
	if !ok {
		t.Fatal("README.md has no ``` block starting with $ go run ./examples/tour")
	}
	norm := func(s string) []string {
		return strings.Split(anyUptime.ReplaceAllString(s, "up N$1"), "\n")
	}
	g, w := norm(got), norm(want)
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			t.Errorf("line %d differs from the README's tour output:\n run:    %q\n README: %q\n\nwhole run:\n%s", i+1, gl, wl, got)
			break
		}
	}
}

// tourBlock returns the output shown in the README after "$ go run ./examples/tour", up to the end
// of its code block.
func tourBlock(readme string) (string, bool) {
	_, rest, ok := strings.Cut(readme, "```\n$ go run ./examples/tour\n")
	if !ok {
		return "", false
	}
	block, _, ok := strings.Cut(rest, "```\n")
	return block, ok
}
