// The end-to-end test of issue 9's acceptance 4: `rosgen import` of a walk of rossim reproduces the
// schema rossim was started with, with the committed overrides (schema/overrides, the type layer
// included). Whether an enum is open is not read from live object names (rossim has other objects
// than the router the reference dumps were taken on), so both imports agree on it: see
// schema/README.md, "Open and closed enums".

package inspectwalk_test

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rosgen/routeros/internal/importer"
	"github.com/rosgen/routeros/internal/inspectwalk"
	"github.com/rosgen/routeros/schema"
	"github.com/rosgen/routeros/sim"
)

func TestImportOfSimulatorWalk(t *testing.T) {
	srv := startSim(t, sim.Config{})
	dump := walk(t, dial(t, srv), inspectwalk.Options{Completions: true, Concurrency: 8})
	res, err := importer.Import(dump, dump, os.DirFS("../../schema/overrides"), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := schema.Default()
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	var names []string
	for n, b := range res.Files {
		fsys[n] = &fstest.MapFile{Data: b}
		names = append(names, n)
	}
	sort.Strings(names)
	got, err := schema.Load(fsys, names...)
	if err != nil {
		t.Fatalf("the imported schema does not load: %v", err)
	}
	diffs := compareSchemas(want, got)
	for i, d := range diffs {
		if i == 60 {
			t.Errorf("... and %d more", len(diffs)-60)
			break
		}
		t.Error(d)
	}
	if len(diffs) > 0 {
		t.Logf("%d differences over %d menus", len(diffs), len(want.Menus()))
	}
	// Byte for byte: the files the walk imports to are the committed ones, but for their first line,
	// which names the dumps' versions (the committed files name 7.22.3 for the completions).
	for _, n := range names {
		committed, err := os.ReadFile("../../schema/" + n)
		if err != nil {
			t.Errorf("%s: %v", n, err)
			continue
		}
		if !bytes.Equal(afterFirstLine(committed), afterFirstLine(res.Files[n])) {
			t.Errorf("schema/%s differs from the import of the walk after its first line: %s", n,
				firstDiff(afterFirstLine(committed), afterFirstLine(res.Files[n])))
		}
	}
}

// compareSchemas lists what the import lost or changed: menus, kinds, verbs, attributes with their
// types and flags, commands with their arguments.
func compareSchemas(want, got *schema.Schema) []string {
	var out []string
	for _, wm := range want.Menus() {
		gm := got.Menu(wm.Path)
		if gm == nil {
			out = append(out, wm.Path+": missing")
			continue
		}
		if wm.Kind != gm.Kind {
			out = append(out, fmt.Sprintf("%s: kind %s, want %s", wm.Path, gm.Kind, wm.Kind))
		}
		if !slices.Equal(wm.Verbs, gm.Verbs) {
			out = append(out, fmt.Sprintf("%s: verbs %v, want %v", wm.Path, gm.Verbs, wm.Verbs))
		}
		out = append(out, compareAttrs(wm.Path, wm.Attrs, gm.Attrs)...)
		for _, wc := range wm.Commands {
			gc := gm.Command(wc.Name)
			if gc == nil {
				out = append(out, fmt.Sprintf("%s: command %s missing", wm.Path, wc.Name))
				continue
			}
			out = append(out, compareAttrs(wm.Path+"/"+wc.Name, wc.Args, gc.Args)...)
		}
	}
	for _, gm := range got.Menus() {
		if want.Menu(gm.Path) == nil {
			out = append(out, gm.Path+": not in the schema the simulator served")
		}
	}
	return out
}

func compareAttrs(where string, want, got []*schema.Attr) []string {
	var out []string
	byName := map[string]*schema.Attr{}
	for _, a := range got {
		byName[a.Name] = a
	}
	for _, w := range want {
		g := byName[w.Name]
		if g == nil {
			out = append(out, fmt.Sprintf("%s %s: missing", where, w.Name))
			continue
		}
		delete(byName, w.Name)
		if d := describe(w); d != describe(g) {
			out = append(out, fmt.Sprintf("%s %s: %s, want %s", where, w.Name, describe(g), d))
		}
	}
	for n := range byName {
		out = append(out, fmt.Sprintf("%s %s: not in the schema the simulator served", where, n))
	}
	return out
}

func describe(a *schema.Attr) string {
	t := a.Type
	var b strings.Builder
	b.WriteString(t.String())
	if t.Open {
		b.WriteString(" open")
	}
	if t.Range {
		b.WriteString(" range")
	}
	if len(t.Values) > 0 {
		b.WriteString(" values=" + strings.Join(t.Values, "|"))
	}
	if t.HasMin || t.HasMax {
		fmt.Fprintf(&b, " %v:%d..%v:%d", t.HasMin, t.Min, t.HasMax, t.Max)
	}
	fmt.Fprintf(&b, " ro=%v readable=%v add=%v set=%v required=%v", a.ReadOnly, a.Readable, a.OnAdd, a.Settable, a.RequiredOnAdd)
	if a.HasDefault {
		b.WriteString(" default=" + a.Default)
	}
	return b.String()
}

func afterFirstLine(b []byte) []byte {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[i+1:]
	}
	return nil
}

func firstDiff(a, b []byte) string {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d: committed %q, imported %q", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("%d lines committed, %d imported", len(al), len(bl))
}
