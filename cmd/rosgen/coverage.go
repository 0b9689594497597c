package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"sort"

	"github.com/rosgen/routeros/internal/importer"
	"github.com/rosgen/routeros/schema"
)

// runCoverage prints, per package of the schema, the menus generated, the attributes, the
// attributes with a type other than plain string, and the plain strings that are free text. An
// open enum without values (a filter chain's or an address list's name: any non-empty text) counts
// as free text, not as typed: its Go type is a plain string.
func runCoverage(args []string, w io.Writer) error {
	fl := flag.NewFlagSet("rosgen coverage", flag.ContinueOnError)
	dir := fl.String("schema", "schema", "directory of the schema files")
	md := fl.Bool("md", false, "print a Markdown table (as in README.md)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	files, err := filepath.Glob(filepath.Join(*dir, "*.yaml"))
	if err != nil {
		return err
	}
	sort.Strings(files)
	s, err := schema.LoadFile(files...)
	if err != nil {
		return err
	}
	type row struct {
		path                          string
		menus, attrs, typed, freeText int
	}
	var rows []row
	var tot row
	tot.path = "total"
	for _, p := range s.Packages {
		r := row{path: p.Path}
		for _, m := range p.Menus {
			if m.Kind != schema.KindNone {
				r.menus++
			}
			for _, a := range m.Attrs {
				r.attrs++
				switch {
				case nameOnly(a):
					// a name the user makes up (a chain, a list): gen makes it a plain string
					r.freeText++
				case a.Type.Base != schema.String:
					r.typed++
				case importer.IsFreeText(a.Name):
					r.freeText++
				}
			}
		}
		rows = append(rows, r)
		tot.menus += r.menus
		tot.attrs += r.attrs
		tot.typed += r.typed
		tot.freeText += r.freeText
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].path < rows[j].path })
	rows = append(rows, tot)
	pct := func(a, b int) float64 {
		if b == 0 {
			return 0
		}
		return 100 * float64(a) / float64(b)
	}
	if *md {
		fmt.Fprintln(w, "| package | menus | attributes | typed | typed % | free text | other strings |")
		fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|")
		for _, r := range rows {
			fmt.Fprintf(w, "| %s | %d | %d | %d | %.1f | %d | %d |\n", r.path, r.menus, r.attrs, r.typed, pct(r.typed, r.attrs), r.freeText, r.attrs-r.typed-r.freeText)
		}
		return nil
	}
	fmt.Fprintf(w, "%-14s %6s %6s %6s %7s %6s %6s\n", "package", "menus", "attrs", "typed", "typed%", "text", "other")
	for _, r := range rows {
		fmt.Fprintf(w, "%-14s %6d %6d %6d %6.1f%% %6d %6d\n", r.path, r.menus, r.attrs, r.typed, pct(r.typed, r.attrs), r.freeText, r.attrs-r.typed-r.freeText)
	}
	return nil
}

// nameOnly reports an open enum that suggests no values: a name, whose Go type is a plain string.
func nameOnly(a *schema.Attr) bool {
	return a.Type.Base == schema.Enum && a.Type.Open && len(a.Type.Values) == 0
}
