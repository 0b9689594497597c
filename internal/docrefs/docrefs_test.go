// Package docrefs checks that the repository's documentation refers only to files it has: every
// file named in a Go comment or a Markdown file (a Markdown link, a *.md name, a path under docs/,
// schema/, examples/, scripts/, testdata/, compat/, or any ../ path) must exist, looked up from the
// directory of the file that names it and from each directory above it up to the repository root.
// A path that leaves the repository is always an error. Fixtures under testdata are not scanned.
// Cite a file of another repository as owner/repo:path (tikoci/restraml:docs/x.md) or by its URL.
package docrefs

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// root is the repository root, relative to this package's directory.
const root = "../.."

var (
	mdLink = regexp.MustCompile("\\]\\(([^)\\s\"'`]+)\\)")
	// pathRef is a relative path with a .md name, a path under one of the repository's documented
	// directories, or a path that starts with ../.
	pathRef = regexp.MustCompile(`(?:\.\./)+[\w.*-]+(?:/[\w.*-]+)*` +
		`|\b(?:docs|schema|examples|scripts|testdata|compat)/[\w.*-]+(?:/[\w.*-]+)*` +
		`|\b[\w.-]*\w\.md\b`)
	placeholder = regexp.MustCompile(`^(NAME|DIR|FILE|PKG)$`) // NAME in schema/NAME.yaml
)

// refs returns the file references in text.
func refs(text string, markdown bool) []string {
	var out []string
	if markdown {
		for _, m := range mdLink.FindAllStringSubmatch(text, -1) {
			t := m[1]
			if strings.Contains(t, "://") || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "mailto:") {
				continue
			}
			t, _, _ = strings.Cut(t, "#")
			out = append(out, t)
		}
	}
	for _, m := range pathRef.FindAllStringIndex(text, -1) {
		// Part of a URL, an import path or a longer name (github.com/x/docs/...): not a file here.
		if m[0] > 0 && strings.ContainsAny(text[m[0]-1:m[0]], "/.:@") {
			continue
		}
		r := strings.TrimRight(text[m[0]:m[1]], ".")
		out = append(out, r)
	}
	return out
}

// exists reports whether ref names a file or directory from dir or a directory above it (up to
// root), and whether it stays inside the repository. Placeholder elements (NAME) and * match any
// name.
func exists(absRoot, dir, ref string) (found, inside bool) {
	elems := strings.Split(path.Clean(ref), "/")
	for i, e := range elems {
		if placeholder.MatchString(strings.TrimSuffix(e, path.Ext(e))) {
			elems[i] = "*" + path.Ext(e)
		}
	}
	pattern := filepath.FromSlash(strings.Join(elems, "/"))
	inside = true
	for d := dir; ; d = filepath.Dir(d) {
		p := filepath.Clean(filepath.Join(d, pattern))
		if rel, err := filepath.Rel(absRoot, p); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			inside = false
		} else if ms, _ := filepath.Glob(p); len(ms) > 0 {
			return true, inside
		}
		if d == absRoot || len(d) <= len(absRoot) {
			return false, inside
		}
	}
}

func TestDocumentedFilesExist(t *testing.T) {
	absRoot, err := filepath.Abs(root)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	err = filepath.WalkDir(absRoot, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			// testdata holds fixtures, and tests write scratch packages there while this runs.
			if n := d.Name(); p != absRoot && (strings.HasPrefix(n, ".") || n == "node_modules" || n == "vendor" || n == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		var texts []string
		markdown := strings.HasSuffix(p, ".md")
		switch {
		case markdown:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			texts = strings.Split(string(b), "\n")
		case strings.HasSuffix(p, ".go"):
			f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.ParseComments|parser.SkipObjectResolution)
			if err != nil {
				return nil // not Go source (a deliberately broken file under testdata)
			}
			for _, g := range f.Comments {
				texts = append(texts, g.Text())
			}
		default:
			return nil
		}
		rel, _ := filepath.Rel(absRoot, p)
		for _, text := range texts {
			for _, r := range refs(text, markdown) {
				checked++
				found, inside := exists(absRoot, filepath.Dir(p), r)
				switch {
				case !inside:
					t.Errorf("%s: refers to %q, outside the repository", rel, r)
				case !found:
					t.Errorf("%s: refers to %q, which is not in the repository", rel, r)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked == 0 {
		t.Fatal("no references found: the scan is broken")
	}
	t.Logf("%d references checked", checked)
}

func TestRefs(t *testing.T) {
	got := refs("see [notes](docs/protocol.md#framing), PROTOCOL.md, ../shared/reference/x.json, "+
		"schema/NAME.yaml, https://example.com/docs/x.md, tikoci/restraml:docs/y.md and github.com/a/docs/b.", true)
	want := []string{"docs/protocol.md", "docs/protocol.md", "PROTOCOL.md", "../shared/reference/x.json", "schema/NAME.yaml"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("refs = %q, want %q", got, want)
	}
}
