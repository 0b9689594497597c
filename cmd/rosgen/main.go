// Command rosgen generates the typed RouterOS client packages (ros/ip, ros/interface, ...) from the
// YAML schema (schema/*.yaml). It is run by go generate in ros/:
//
//	//go:generate go tool rosgen -root .. -out .
//
// (go.mod names rosgen in a tool directive).
//
// Flags:
//
//	-root dir     directory the schema paths are relative to (the module root); default "."
//	-schema glob  schema files, relative to -root; default "schema/*.yaml"
//	-out dir      output directory (the ros package directory); default "ros"
//	-import path  import path of -out; default "github.com/rosgen/routeros/ros"
//	-extend       the schema files extend the SDK's: they are loaded beside the schema built into
//	              the SDK (so ref: /interface resolves) and only their own packages are generated
//	-reviewed dir generate only the menus the override files in dir name and the menus they refer
//	              to (this repository's ros/ has every menu); every menu stays in the schema
//
// In a module of your own, with `tool github.com/rosgen/routeros/cmd/rosgen` in its go.mod:
//
//	//go:generate go tool rosgen -extend -out . -import example.com/mymodule
//
// generates one package per schema/*.yaml file of that module under example.com/mymodule, importing
// the SDK's runtime (package ros); examples/extend is such a module. Serve the same files from the
// simulator with sim.Config.SchemaFiles.
//
// Only *_gen.go files are written or removed; unchanged files are left untouched.
//
// Subcommands:
//
//	rosgen import -tree DUMP [-completions DUMP] [-overrides DIR] [-out DIR] [-changes FILE]
//	    writes schema/NAME.yaml from /console/inspect dumps and the override layer (package
//	    internal/importer); prints what each dump contributed.
//	rosgen import -router HOST:PORT -user NAME [-password-env VAR] [-router-path /ip]
//	    [-router-concurrency N] [-router-timeout D] [-router-retries N] [-save-dump FILE]
//	    [-router-no-completions] ...
//	    the same from a live router or rossim, walked over the API (internal/inspectwalk); the
//	    password comes only from the environment variable (default ROUTEROS_PASSWORD).
//	rosgen clients [-root DIR] [-reviewed DIR] [-package NAME] [-out FILE]
//	    writes a test file returning the client of every generated package (sim's typed walk).
//	rosgen coverage [-schema DIR] [-md]
//	    prints, per package, the menus generated, the attributes and the attributes with a type
//	    other than plain string, and the plain strings that are free text; -md prints Markdown.
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/rosgen/routeros/gen"
	"github.com/rosgen/routeros/schema"
)

func main() {
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case "import":
			if err := runImport(os.Args[2:]); err != nil {
				fmt.Fprintln(os.Stderr, "rosgen import:", err)
				os.Exit(1)
			}
			return
		case "clients":
			if err := runClients(os.Args[2:]); err != nil {
				fmt.Fprintln(os.Stderr, "rosgen clients:", err)
				os.Exit(1)
			}
			return
		case "coverage":
			if err := runCoverage(os.Args[2:], os.Stdout); err != nil {
				fmt.Fprintln(os.Stderr, "rosgen coverage:", err)
				os.Exit(1)
			}
			return
		}
	}
	root := flag.String("root", ".", "directory the schema paths are relative to")
	glob := flag.String("schema", "schema/*.yaml", "schema files (glob, relative to -root)")
	out := flag.String("out", "ros", "output directory")
	imp := flag.String("import", "github.com/rosgen/routeros/ros", "import path of the output directory")
	extend := flag.Bool("extend", false, "load the schema files beside the SDK's built-in schema and generate only their packages")
	reviewed := flag.String("reviewed", "", "generate only the menus the override files in this directory (relative to -root) name; every menu stays in the schema")
	flag.Parse()
	do := run
	if *extend {
		do = runExtend
	}
	if *reviewed != "" {
		do = func(root, glob, out, imp string) error { return runReviewed(root, glob, *reviewed, out, imp) }
	}
	if err := do(*root, *glob, *out, *imp); err != nil {
		fmt.Fprintln(os.Stderr, "rosgen:", err)
		os.Exit(1)
	}
}

func run(root, glob, out, imp string) error {
	fsys := os.DirFS(root)
	files, err := schemaFiles(fsys, root, glob)
	if err != nil {
		return err
	}
	s, err := schema.Load(fsys, files...)
	if err != nil {
		return err
	}
	return write(s, out, imp)
}

// runReviewed is run narrowed to the menus the override files of dir name (see gen.Narrow).
func runReviewed(root, glob, dir, out, imp string) error {
	fsys := os.DirFS(root)
	files, err := schemaFiles(fsys, root, glob)
	if err != nil {
		return err
	}
	s, err := schema.Load(fsys, files...)
	if err != nil {
		return err
	}
	keep, err := gen.ReviewedMenus(fsys, dir)
	if err != nil {
		return err
	}
	return write(gen.Narrow(s, keep), out, imp)
}

// runExtend is run for a module of the user's own: its schema files are validated together with
// the SDK's built-in ones (schema.WithFiles), so they may refer to the SDK's menus, and only the
// packages of its own files are generated.
func runExtend(root, glob, out, imp string) error {
	files, err := schemaFiles(os.DirFS(root), root, glob)
	if err != nil {
		return err
	}
	own := map[string]string{} // name as loaded -> name relative to root, which generated code cites
	for i, f := range files {
		files[i] = filepath.ToSlash(filepath.Join(root, filepath.FromSlash(f)))
		own[files[i]] = f
	}
	all, err := schema.WithFiles(files...)
	if err != nil {
		return err
	}
	s := *all // the menus stay resolvable; only the packages to generate are narrowed
	s.Packages = nil
	for _, p := range all.Packages {
		if rel, ok := own[p.File]; ok {
			p.File = rel // a package of the user's files, loaded just now: not shared
			s.Packages = append(s.Packages, p)
		}
	}
	return write(&s, out, imp)
}

func schemaFiles(fsys fs.FS, root, glob string) ([]string, error) {
	files, err := fs.Glob(fsys, glob)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no schema files match %s in %s", glob, root)
	}
	sort.Strings(files)
	return files, nil
}

func write(s *schema.Schema, out, imp string) error {
	gfiles, err := gen.Generate(s, gen.Options{ImportPath: imp})
	if err != nil {
		return err
	}
	d := gen.DirFS(out)
	return gen.Write(d, gfiles, d.Read)
}
