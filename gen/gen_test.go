package gen

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"go.uber.org/goleak"
	"golang.org/x/tools/txtar"

	"github.com/rosgen/routeros/schema"
)

var update = flag.Bool("update", false, "rewrite the expected output of testdata/gen/*.txtar")

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestGolden runs every txtar case of testdata/gen: the files under schema/ are the input; the
// expected result is either an "error" file (the exact positioned messages) or the generated files
// under out/. With -update the expected part is rewritten. Successful cases are also compiled.
func TestGolden(t *testing.T) {
	cases, err := filepath.Glob("../testdata/gen/*.txtar")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	for _, path := range cases {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(path)
			if err != nil {
				t.Fatal(err)
			}
			in := fstest.MapFS{}
			var names []string
			var keep []txtar.File
			for _, f := range ar.Files {
				if strings.HasPrefix(f.Name, "schema/") {
					in[f.Name] = &fstest.MapFile{Data: f.Data}
					names = append(names, f.Name)
					keep = append(keep, f)
				}
			}
			got := map[string][]byte{}
			var outFiles []File
			s, err := schema.Load(in, names...)
			if err != nil {
				got["error"] = []byte(err.Error() + "\n")
			} else {
				outFiles, err = Generate(s, Options{ImportPath: "example.com/out"})
				if err != nil {
					got["error"] = []byte(err.Error() + "\n")
				}
				for _, f := range outFiles {
					got["out/"+f.Name] = f.Data
				}
			}
			if *update {
				var gotNames []string
				for n := range got {
					gotNames = append(gotNames, n)
				}
				sort.Strings(gotNames)
				for _, n := range gotNames {
					keep = append(keep, txtar.File{Name: n, Data: got[n]})
				}
				ar.Files = keep
				if err := os.WriteFile(path, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want := map[string][]byte{}
			for _, f := range ar.Files {
				if !strings.HasPrefix(f.Name, "schema/") {
					want[f.Name] = f.Data
				}
			}
			for n, w := range want {
				g, ok := got[n]
				if !ok {
					t.Errorf("%s: expected but not produced", n)
					continue
				}
				if !bytes.Equal(g, w) {
					t.Errorf("%s differs (run go test ./gen -update to accept):\n--- got\n%s\n--- want\n%s", n, g, w)
				}
			}
			for n := range got {
				if _, ok := want[n]; !ok {
					t.Errorf("%s: produced but not expected:\n%s", n, got[n])
				}
			}
			if len(outFiles) > 0 && !t.Failed() {
				compile(t, outFiles)
			}
		})
	}
}

// compile writes files into a temporary directory inside this module and builds and vets them
// with the go command, so the generated code is checked against the real ros runtime.
func compile(t *testing.T, files []File) {
	t.Helper()
	if testing.Short() {
		t.Skip("compiling generated code needs the go command; skipped in -short mode")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found")
	}
	// under testdata so that ./... patterns of concurrent go commands never see it
	dir, err := os.MkdirTemp(filepath.Join("..", "testdata", "gen"), "compile-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	// rewrite the import path to the temporary directory's
	base := "github.com/rosgen/routeros/testdata/gen/" + filepath.Base(dir)
	for _, f := range files {
		data := bytes.ReplaceAll(f.Data, []byte(`"example.com/out/`), []byte(`"`+base+`/`))
		if err := DirFS(dir).WriteFile(f.Name, data); err != nil {
			t.Fatal(err)
		}
	}
	// patterns with ... skip testdata: name every package
	args := []string{"vet"}
	seen := map[string]bool{}
	for _, f := range files {
		if d := base + "/" + filepathDir(f.Name); !seen[d] {
			seen[d] = true
			args = append(args, d)
		}
	}
	cmd := exec.Command(gobin, args...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("generated code does not build:\n%s", out)
	}
}

// TestCommittedUpToDate regenerates ros/ in memory from schema/*.yaml, every menu as the generate
// directive in ros/doc.go does, and compares it byte for byte with the committed files, including
// that no stale *_gen.go file is left.
func TestCommittedUpToDate(t *testing.T) {
	root := os.DirFS("..")
	names, err := fs.Glob(root, "schema/*.yaml")
	if err != nil || len(names) == 0 {
		t.Fatalf("no schema files: %v", err)
	}
	all, err := schema.Load(root, names...)
	if err != nil {
		t.Fatal(err)
	}
	s := all
	files, err := Generate(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, f := range files {
		want[f.Name] = true
		cur, err := os.ReadFile(filepath.Join("..", "ros", filepath.FromSlash(f.Name)))
		if err != nil {
			t.Errorf("%s: %v (run go generate ./ros/...)", f.Name, err)
			continue
		}
		if !bytes.Equal(cur, f.Data) {
			t.Errorf("ros/%s is out of date (run go generate ./ros/...)", f.Name)
		}
	}
	for _, p := range s.Packages {
		old, err := DirFS(filepath.Join("..", "ros")).Generated(p.Dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range old {
			if !want[o] {
				t.Errorf("ros/%s is stale: no schema menu generates it (run go generate ./ros/...)", o)
			}
		}
	}
}

func TestWriteRemovesOnlyStaleGenerated(t *testing.T) {
	m := MapFS{"ip/old_gen.go": []byte("x"), "ip/address_ext.go": []byte("y"), "ip/address_gen.go": []byte("z")}
	if err := Write(m, []File{{Name: "ip/address_gen.go", Data: []byte("new")}}, nil); err != nil {
		t.Fatal(err)
	}
	if _, ok := m["ip/old_gen.go"]; ok {
		t.Error("stale generated file kept")
	}
	if string(m["ip/address_ext.go"]) != "y" || string(m["ip/address_gen.go"]) != "new" {
		t.Errorf("unexpected result %q", m)
	}
}

func TestHeader(t *testing.T) {
	s, err := schema.Default()
	if err != nil {
		t.Fatal(err)
	}
	files, err := Generate(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		lines := strings.SplitN(string(f.Data), "\n", 3)
		if lines[0] != "// Code generated by rosgen. DO NOT EDIT." || !strings.HasPrefix(lines[1], "// Source: schema/") {
			t.Errorf("%s: header %q", f.Name, lines[:2])
		}
	}
}
