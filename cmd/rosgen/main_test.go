package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestRunMatchesCommitted runs rosgen on the module's schema into a temporary directory and
// compares the result with the committed ros/ packages, then runs it again to check that a second
// run changes nothing and that a stale generated file is removed.
func TestRunMatchesCommitted(t *testing.T) {
	out := t.TempDir()
	stale := filepath.Join(out, "ip", "gone_gen.go")
	if err := os.MkdirAll(filepath.Dir(stale), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(stale, []byte("package ip\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	keep := filepath.Join(out, "ip", "address_ext.go")
	if err := os.WriteFile(keep, []byte("package ip\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run("../..", "schema/*.yaml", out, "github.com/rosgen/routeros/ros"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Error("stale generated file not removed")
	}
	if _, err := os.Stat(keep); err != nil {
		t.Error("hand-written file removed")
	}
	gen, err := filepath.Glob(filepath.Join(out, "*", "*_gen.go"))
	if err != nil || len(gen) == 0 {
		t.Fatalf("nothing generated: %v", err)
	}
	for _, g := range gen {
		rel, _ := filepath.Rel(out, g)
		want, err := os.ReadFile(filepath.Join("..", "..", "ros", rel))
		if err != nil {
			t.Errorf("%s: %v", rel, err)
			continue
		}
		got, _ := os.ReadFile(g)
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the committed file", rel)
		}
	}
	if err := run("../..", "schema/*.yaml", out, "github.com/rosgen/routeros/ros"); err != nil {
		t.Fatal(err)
	}
	if err := run("../..", "schema/nothing-*.yaml", out, "x"); err == nil {
		t.Error("no schema files must be an error")
	}
}
