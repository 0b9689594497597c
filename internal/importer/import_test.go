package importer

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/rosgen/routeros/schema"
	"github.com/rosgen/routeros/schema/check"
)

// refDir holds the reference dumps (published by tikoci/restraml; not in the repository): the
// workspace's shared reference data beside the checkout, or the directory $ROUTEROS_INSPECT_DIR names. Tests that need them skip when it is absent.
var refDir = func() string {
	if d := os.Getenv("ROUTEROS_INSPECT_DIR"); d != "" {
		return d
	}
	return "../../../shared/reference/inspect"
}()

func importRef(t *testing.T) *Result {
	t.Helper()
	tree, err := os.ReadFile(filepath.Join(refDir, "routeros-7.24-inspect.json"))
	if err != nil {
		t.Skipf("reference dumps not available: %v", err)
	}
	comp, err := os.ReadFile(filepath.Join(refDir, "routeros-7.22.3-deep-inspect.json"))
	if err != nil {
		t.Skipf("reference dumps not available: %v", err)
	}
	res, err := Import(tree, comp, os.DirFS("../../schema/overrides"), Options{TreeVersion: "7.24"})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestImportReproducesSchema imports the two reference dumps with the committed overrides and
// compares the result with the committed schema files, byte for byte: a re-import loses no human
// decision, and the committed files are the importer's output.
func TestImportReproducesSchema(t *testing.T) {
	res := importRef(t)
	committed, _ := filepath.Glob("../../schema/*.yaml")
	have := map[string]bool{}
	for _, f := range committed {
		have[filepath.Base(f)] = true
	}
	var names []string
	for n := range res.Files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		want, err := os.ReadFile("../../schema/" + n)
		if err != nil {
			t.Errorf("%s: imported but not committed (run rosgen import)", n)
			continue
		}
		if got := res.Files[n]; !bytes.Equal(got, want) {
			t.Errorf("%s: the import differs from the committed file at line %d (run rosgen import)", n, firstDiffLine(got, want))
		}
		delete(have, n)
	}
	for n := range have {
		t.Errorf("%s: committed but not produced by the import", n)
	}
	if changes, err := os.ReadFile("../../schema/CHANGES-7.22.3-7.24.md"); err != nil || string(changes) != res.Changes {
		t.Errorf("schema/CHANGES-7.22.3-7.24.md is not the import's changes report (run rosgen import -changes)")
	}
	if untyped, err := os.ReadFile("../../schema/UNTYPED.md"); err != nil || string(untyped) != res.Untyped {
		t.Errorf("schema/UNTYPED.md is not the import's list of plain strings (run rosgen import -untyped)")
	}
}

func firstDiffLine(a, b []byte) int {
	la, lb := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	for i := range la {
		if i >= len(lb) || !bytes.Equal(la[i], lb[i]) {
			return i + 1
		}
	}
	return len(la) + 1
}

// TestImportDeterministic imports twice: same input, same bytes; and the result loads.
func TestImportDeterministic(t *testing.T) {
	a := importRef(t)
	b := importRef(t)
	for n, data := range a.Files {
		if !bytes.Equal(data, b.Files[n]) {
			t.Errorf("%s differs between two imports", n)
		}
	}
	dir := t.TempDir()
	var files []string
	for n, data := range a.Files {
		p := filepath.Join(dir, n)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	sort.Strings(files)
	if _, err := schema.LoadFile(files...); err != nil {
		t.Fatalf("imported schema does not load: %v", err)
	}
}

// TestImportDefaultsCanonical checks every default and item value the import writes with package
// check: it must be a valid value of its attribute, written as RouterOS prints it.
func TestImportDefaultsCanonical(t *testing.T) {
	res := importRef(t)
	dir := t.TempDir()
	var files []string
	for n, data := range res.Files {
		p := filepath.Join(dir, n)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	sort.Strings(files)
	s, err := schema.LoadFile(files...)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range s.Menus() {
		for _, a := range m.Attrs {
			if !a.HasDefault || a.Default == "" && (a.Type.List || a.Type.Base == schema.String) {
				continue
			}
			got, err := check.Value(a, a.Default)
			if err != nil {
				t.Errorf("%s %s: default %q: %v", m.Path, a.Name, a.Default, err)
			} else if got != a.Default {
				t.Errorf("%s %s: default %q prints as %q", m.Path, a.Name, a.Default, got)
			}
		}
	}
}
