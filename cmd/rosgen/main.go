// Command rosgen generates the typed RouterOS client packages (ros/ip, ros/interface, ...) from the
// YAML schema (schema/*.yaml). It is run by go generate in ros/:
//
//	//go:generate go run ../cmd/rosgen -root .. -out .
//
// Flags:
//
//	-root dir     directory the schema paths are relative to (the module root); default "."
//	-schema glob  schema files, relative to -root; default "schema/*.yaml"
//	-out dir      output directory (the ros package directory); default "ros"
//	-import path  import path of -out; default "github.com/rosgen/routeros/ros"
//
// Only *_gen.go files are written or removed; unchanged files are left untouched.
//
// Subcommands:
//
//	rosgen import -tree DUMP [-completions DUMP] [-overrides DIR] [-out DIR] [-changes FILE]
//	    writes schema/NAME.yaml from /console/inspect dumps and the override layer (package
//	    internal/importer); prints what each dump contributed.
//	rosgen clients [-root DIR] [-package NAME] [-out FILE]
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
	flag.Parse()
	if err := run(*root, *glob, *out, *imp); err != nil {
		fmt.Fprintln(os.Stderr, "rosgen:", err)
		os.Exit(1)
	}
}

func run(root, glob, out, imp string) error {
	fsys := os.DirFS(root)
	files, err := fs.Glob(fsys, glob)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no schema files match %s in %s", glob, root)
	}
	sort.Strings(files)
	s, err := schema.Load(fsys, files...)
	if err != nil {
		return err
	}
	gfiles, err := gen.Generate(s, gen.Options{ImportPath: imp})
	if err != nil {
		return err
	}
	d := gen.DirFS(out)
	return gen.Write(d, gfiles, d.Read)
}
