package gen

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// FS is the small file system Write needs.
type FS interface {
	// WriteFile writes data to name (slash-separated, relative), creating directories.
	WriteFile(name string, data []byte) error
	// Generated lists the existing generated files (*_gen.go) of the directory dir.
	Generated(dir string) ([]string, error)
	// Remove removes the file name.
	Remove(name string) error
}

// Write writes files to fsys and removes stale generated files (*_gen.go of the same package
// directories that files no longer contain). Only *_gen.go files are ever removed. Files whose
// content is unchanged are not rewritten.
func Write(fsys FS, files []File, read func(name string) ([]byte, error)) error {
	want := map[string]bool{}
	dirs := map[string]bool{}
	for _, f := range files {
		want[f.Name] = true
		dirs[filepathDir(f.Name)] = true
	}
	var dirList []string
	for d := range dirs {
		dirList = append(dirList, d)
	}
	sort.Strings(dirList)
	for _, d := range dirList {
		old, err := fsys.Generated(d)
		if err != nil {
			return err
		}
		for _, o := range old {
			if !want[o] && strings.HasSuffix(o, "_gen.go") {
				if err := fsys.Remove(o); err != nil {
					return err
				}
			}
		}
	}
	for _, f := range files {
		if read != nil {
			if cur, err := read(f.Name); err == nil && bytes.Equal(cur, f.Data) {
				continue
			}
		}
		if err := fsys.WriteFile(f.Name, f.Data); err != nil {
			return err
		}
	}
	return nil
}

func filepathDir(name string) string {
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		return name[:i]
	}
	return "."
}

// DirFS is an FS rooted at a directory of the operating system.
type DirFS string

// WriteFile implements FS.
func (d DirFS) WriteFile(name string, data []byte) error {
	p := filepath.Join(string(d), filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// Generated implements FS.
func (d DirFS) Generated(dir string) ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(string(d), filepath.FromSlash(dir)))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), "_gen.go") {
			out = append(out, dir+"/"+e.Name())
		}
	}
	return out, nil
}

// Remove implements FS.
func (d DirFS) Remove(name string) error {
	return os.Remove(filepath.Join(string(d), filepath.FromSlash(name)))
}

// Read returns the content of name under d (for Write's unchanged-file check).
func (d DirFS) Read(name string) ([]byte, error) {
	return os.ReadFile(filepath.Join(string(d), filepath.FromSlash(name)))
}

// MapFS is an in-memory FS, for tests.
type MapFS map[string][]byte

// WriteFile implements FS.
func (m MapFS) WriteFile(name string, data []byte) error {
	m[name] = append([]byte(nil), data...)
	return nil
}

// Generated implements FS.
func (m MapFS) Generated(dir string) ([]string, error) {
	var out []string
	for k := range m {
		if filepathDir(k) == dir && strings.HasSuffix(k, "_gen.go") {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out, nil
}

// Remove implements FS.
func (m MapFS) Remove(name string) error {
	delete(m, name)
	return nil
}
