package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestRunMatchesCommitted runs rosgen on the module's schema into a temporary directory and
// compares the result with the committed ros/ packages (every menu, as ros/doc.go generates them),
// then runs it again to check that a second
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

// TestRunReviewed generates only the reviewed menus (rosgen -reviewed) and the menus they refer to:
// /ip/address is reviewed, /disk is not and nothing reviewed refers to it.
func TestRunReviewed(t *testing.T) {
	out := t.TempDir()
	if err := runReviewed("../..", "schema/*.yaml", "schema/overrides", out, "github.com/rosgen/routeros/ros"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "ip", "address_gen.go")); err != nil {
		t.Errorf("reviewed /ip/address not generated: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "disk")); !os.IsNotExist(err) {
		t.Errorf("package disk generated although no menu of it is reviewed: %v", err)
	}
	narrowed, _ := filepath.Glob(filepath.Join(out, "*", "*_gen.go"))
	all, _ := filepath.Glob(filepath.Join("..", "..", "ros", "*", "*_gen.go"))
	if len(narrowed) == 0 || len(narrowed) >= len(all) {
		t.Errorf("-reviewed generated %d files, the whole tree has %d", len(narrowed), len(all))
	}
}

// TestRunExtend generates the example module's own schema (examples/extend) the way its go:generate
// line does: the package refers to the SDK's /interface, only its own package is written, and the
// result is the committed one.
func TestRunExtend(t *testing.T) {
	out := t.TempDir()
	if err := runExtend("../../examples/extend", "schema/*.yaml", out, "example.com/extend"); err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != 1 || ents[0].Name() != "container" {
		t.Fatalf("generated %v, want only the module's own package container", ents)
	}
	gen, _ := filepath.Glob(filepath.Join(out, "container", "*_gen.go"))
	if len(gen) == 0 {
		t.Fatal("nothing generated")
	}
	for _, g := range gen {
		got, _ := os.ReadFile(g)
		want, err := os.ReadFile(filepath.Join("../../examples/extend/container", filepath.Base(g)))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s differs from the committed file (%v)", filepath.Base(g), err)
		}
	}

	// Without -extend the SDK's menus are unknown to the user's file.
	if err := run("../../examples/extend", "schema/*.yaml", t.TempDir(), "example.com/extend"); err == nil ||
		!strings.Contains(err.Error(), "/interface") {
		t.Errorf("plain run of a file referring to /interface: %v, want an unknown-menu error", err)
	}
	// A reference to a menu neither schema has is still an error.
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "schema"), 0o755); err != nil {
		t.Fatal(err)
	}
	bad := "package: tool\npath: /tool\nmenus:\n  - path: /tool/x\n    kind: list\n    verbs: [print, add, remove]\n" +
		"    attrs:\n      - {name: peer, type: ref, ref: /nowhere}\n"
	if err := os.WriteFile(filepath.Join(root, "schema", "tool.yaml"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := runExtend(root, "schema/*.yaml", t.TempDir(), "example.com/x"); err == nil || !strings.Contains(err.Error(), "/nowhere") {
		t.Errorf("reference to /nowhere: %v, want an error naming it", err)
	}
}
