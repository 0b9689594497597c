package sim_test

import (
	"context"
	"errors"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rosgen/routeros/schema"
	"github.com/rosgen/routeros/sim"
	"github.com/rosgen/routeros/wire"
)

// inspect runs /console/inspect and returns its !re sentences.
func inspect(t *testing.T, conn *wire.Conn, request string, path []string, extra ...string) []wire.Sentence {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	words := append([]string{"/console/inspect", "=request=" + request, "=path=" + strings.Join(path, ",")}, extra...)
	r, err := conn.Run(ctx, words...)
	if err != nil {
		t.Fatalf("%v: %v", words, err)
	}
	return r.Re
}

// children returns name -> node-type of the children of path.
func children(t *testing.T, conn *wire.Conn, path []string) map[string]string {
	t.Helper()
	out := map[string]string{}
	self := 0
	for _, s := range inspect(t, conn, "child", path) {
		m := s.Map()
		switch m["type"] {
		case "self":
			self++
		case "child":
			out[m["name"]] = m["node-type"]
		default:
			t.Fatalf("child of %v: unexpected %v", path, s)
		}
	}
	if self != 1 {
		t.Fatalf("child of %v: %d self rows", path, self)
	}
	return out
}

func syntaxOf(t *testing.T, conn *wire.Conn, path ...string) string {
	t.Helper()
	re := inspect(t, conn, "syntax", path)
	if len(re) != 1 {
		t.Fatalf("syntax of %v: %d replies", path, len(re))
	}
	m := re[0].Map()
	if m["symbol"] != path[len(path)-1] || m["symbol-type"] != "explanation" {
		t.Errorf("syntax of %v: %v", path, m)
	}
	return m["text"]
}

// completionsOf returns the completion values of an argument with their styles.
func completionsOf(t *testing.T, conn *wire.Conn, path ...string) ([]string, map[string]string) {
	t.Helper()
	var vals []string
	styles := map[string]string{}
	for _, s := range inspect(t, conn, "completion", path) {
		m := s.Map()
		if m["type"] != "completion" || m["show"] != "true" || m["preference"] == "" {
			t.Errorf("completion of %v: %v", path, m)
		}
		vals = append(vals, m["completion"])
		styles[m["completion"]] = m["style"]
	}
	return vals, styles
}

func elems(p string) []string { return strings.Split(strings.TrimPrefix(p, "/"), "/") }

// TestInspectTree walks every menu of the built-in schema through /console/inspect and checks that
// the tree has exactly the menu's verbs and arguments, and that print lists the readable properties.
func TestInspectTree(t *testing.T) {
	srv := startSim(t, sim.Config{})
	conn := dialWire(t, srv)
	sch, err := schema.Default()
	if err != nil {
		t.Fatal(err)
	}
	root := children(t, conn, nil)
	for _, top := range []string{"ip", "interface", "system"} {
		if root[top] != "path" {
			t.Errorf("root child %s: %q", top, root[top])
		}
	}
	for _, m := range sch.Menus() {
		p := elems(m.Path)
		kids := children(t, conn, p)
		for _, v := range m.Verbs {
			if v == schema.VerbListen {
				if _, ok := kids["listen"]; ok {
					t.Errorf("%s: inspect shows the API-only listen", m.Path)
				}
				continue
			}
			if kids[string(v)] != "cmd" {
				t.Errorf("%s: verb %s: %q", m.Path, v, kids[string(v)])
			}
		}
		for _, v := range schema.AllVerbs {
			if !m.Has(v) && kids[string(v)] != "" {
				t.Errorf("%s: has no %s but inspect shows it", m.Path, v)
			}
		}
		for _, c := range m.Commands {
			if kids[c.Name] != "cmd" {
				t.Errorf("%s: command %s: %q", m.Path, c.Name, kids[c.Name])
			}
			args := children(t, conn, append(p, c.Name))
			for _, a := range c.Args {
				if args[a.Name] != "arg" {
					t.Errorf("%s/%s: arg %s missing", m.Path, c.Name, a.Name)
				}
			}
		}
		if m.Has(schema.VerbAdd) {
			args := children(t, conn, append(p, "add"))
			var want []string
			for _, a := range m.Attrs {
				if a.OnAdd {
					want = append(want, a.Name)
				}
			}
			want = append(want, "copy-from")
			if m.Ordered {
				want = append(want, "place-before")
			}
			sort.Strings(want)
			if got := sortedKeys(args); !slices.Equal(got, want) {
				t.Errorf("%s/add args:\n got %v\nwant %v", m.Path, got, want)
			}
		}
		if m.Has(schema.VerbSet) {
			args := children(t, conn, append(p, "set"))
			for _, a := range m.Attrs {
				if _, ok := args[a.Name]; ok != a.Settable {
					t.Errorf("%s/set: arg %s shown=%v, settable=%v", m.Path, a.Name, ok, a.Settable)
				}
			}
		}
		// Readable properties: print's proplist, or get's value-name on a settings menu.
		where := append(slices.Clone(p), "print", "proplist")
		if m.Kind == schema.KindSettings && m.Has(schema.VerbGet) {
			where = append(slices.Clone(p), "get", "value-name")
		}
		if m.Has(schema.VerbPrint) {
			got, _ := completionsOf(t, conn, where...)
			want := []string{"about"} // the API's .about, which RouterOS completes in every menu
			for _, a := range m.Readable() {
				want = append(want, a.Name)
			}
			sort.Strings(got)
			sort.Strings(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s: readable properties\n got %v\nwant %v", m.Path, got, want)
			}
		}
	}
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestInspectSyntax checks the syntax texts against the texts of a real RouterOS (7.22.3 and 7.24
// dumps) for the types that have one.
func TestInspectSyntax(t *testing.T) {
	srv := startSim(t, sim.Config{})
	conn := dialWire(t, srv)
	sch, err := schema.Default()
	if err != nil {
		t.Fatal(err)
	}
	// One argument of each kind from the schema, found by type rather than by name.
	find := func(ok func(a *schema.Attr) bool) (*schema.Menu, *schema.Attr) {
		for _, m := range sch.Menus() {
			if !m.Has(schema.VerbAdd) {
				continue
			}
			for _, a := range m.Attrs {
				if a.OnAdd && ok(a) {
					return m, a
				}
			}
		}
		t.Fatal("no such attribute in the schema")
		return nil, nil
	}
	real := []struct {
		name string
		ok   func(a *schema.Attr) bool
		want func(a *schema.Attr) string
	}{
		{"ip", func(a *schema.Attr) bool { return a.Type.Base == schema.IP && !a.Type.List }, func(*schema.Attr) string { return "A.B.C.D    (IP address)" }},
		{"mac", func(a *schema.Attr) bool { return a.Type.Base == schema.MAC }, func(*schema.Attr) string {
			return "AB[:|-|.]CD[:|-|.]EF[:|-|.]GH[:|-|.]IJ[:|-|.]KL    (MAC address)"
		}},
		{"duration", func(a *schema.Attr) bool { return a.Type.Base == schema.Duration }, func(*schema.Attr) string { return "time interval" }},
		{"string", func(a *schema.Attr) bool { return a.Type.Base == schema.String && len(a.Type.Sentinels) == 0 },
			func(*schema.Attr) string { return "string value" }},
		{"prefix", func(a *schema.Attr) bool { return a.Type.Base == schema.Prefix }, func(*schema.Attr) string { return "A.B.C.D/M    (IP prefix)" }},
		{"address range", func(a *schema.Attr) bool {
			return a.Type.Base == schema.IPOrPrefix && a.Type.Range && !a.Type.Negatable
		},
			func(*schema.Attr) string { return "A.B.C.D[-A.B.C.D |0..32 |/A.B.C.D ]    (IP address range)" }},
		{"bounded int", func(a *schema.Attr) bool { return a.Type.Base == schema.Int && a.Type.HasMin && a.Type.HasMax },
			func(a *schema.Attr) string { return i64(a.Type.Min) + ".." + i64(a.Type.Max) }},
		{"set", func(a *schema.Attr) bool {
			return a.Type.Base == schema.Enum && a.Type.List && !a.Type.Open && len(a.Type.Values) > 0
		},
			func(a *schema.Attr) string { return strings.Join(a.Type.Values, "|") + "[," + camelName(a.Name) + "*]" }},
		{"closed enum", func(a *schema.Attr) bool {
			return a.Type.Base == schema.Enum && !a.Type.List && !a.Type.Open && len(a.Type.Values) > 0
		},
			func(a *schema.Attr) string { return strings.Join(a.Type.Values, "|") }},
		{"bool", func(a *schema.Attr) bool { return a.Type.Base == schema.Bool }, func(*schema.Attr) string { return "" }},
		{"reference", func(a *schema.Attr) bool { return a.Type.Base == schema.Ref }, func(*schema.Attr) string { return "" }},
		{"open enum", func(a *schema.Attr) bool { return a.Type.Base == schema.Enum && a.Type.Open }, func(*schema.Attr) string { return "" }},
	}
	for _, c := range real {
		m, a := find(c.ok)
		if got, want := syntaxOf(t, conn, append(elems(m.Path), "add", a.Name)...), c.want(a); got != want {
			t.Errorf("%s (%s/add %s): %q, want %q", c.name, m.Path, a.Name, got, want)
		}
	}
	// A command's syntax lists its arguments.
	m, _ := find(func(*schema.Attr) bool { return true })
	re := inspect(t, conn, "syntax", append(elems(m.Path), "add"))
	args := children(t, conn, append(elems(m.Path), "add"))
	if len(re) != len(args) {
		t.Errorf("syntax of %s/add: %d rows for %d args", m.Path, len(re), len(args))
	}
}

func i64(n int64) string { return strconv.FormatInt(n, 10) }

func camelName(s string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '.' }) {
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

// TestInspectCompletion checks the completions of enums, bools, sentinels and negatable values.
func TestInspectCompletion(t *testing.T) {
	srv := startSim(t, sim.Config{})
	conn := dialWire(t, srv)
	sch, err := schema.Default()
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, m := range sch.Menus() {
		if !m.Has(schema.VerbSet) {
			continue
		}
		for _, a := range m.Attrs {
			if !a.Settable {
				continue
			}
			got, styles := completionsOf(t, conn, append(elems(m.Path), "set", a.Name)...)
			var want []string
			if a.Type.NegateEach {
				want = append(want, "!,")
			}
			if a.Type.Negatable || a.Type.NegateEach {
				want = append(want, "!")
			}
			if a.Type.List && !a.Type.NegateEach {
				want = append(want, ",")
			}
			switch a.Type.Base {
			case schema.Enum:
				want = append(want, a.Type.Values...)
			case schema.Bool:
				want = append(want, "no", "yes")
			}
			want = append(want, a.Type.Sentinels...)
			if !slices.Equal(got, want) {
				t.Errorf("%s/set %s: completions %v, want %v", m.Path, a.Name, got, want)
			}
			for _, s := range a.Type.Sentinels {
				if styles[s] != "arg" {
					t.Errorf("%s/set %s: sentinel %s has style %q", m.Path, a.Name, s, styles[s])
				}
			}
			if (a.Type.Negatable || a.Type.NegateEach) && styles["!"] != "syntax-meta" {
				t.Errorf("%s/set %s: ! has style %q", m.Path, a.Name, styles["!"])
			}
			checked++
		}
	}
	if checked < 100 {
		t.Errorf("only %d arguments checked", checked)
	}
}

// TestInspectRequests covers the request forms: self, several requests at once, .proplist, an
// unknown path or request, and a user's own schema file.
func TestInspectRequests(t *testing.T) {
	dir := t.TempDir()
	src := `package: acme
path: /acme
menus:
  - path: /acme/probe
    kind: list
    verbs: [print, get, add, set, remove, listen]
    attrs:
      - {name: host, type: ip, required: true}
      - {name: type, type: enum, values: [simple, icmp, tcp-conn]}
`
	if err := os.WriteFile(dir+"/acme.yaml", []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := startSim(t, sim.Config{SchemaFiles: []string{dir}})
	conn := dialWire(t, srv)

	if kids := children(t, conn, []string{"acme", "probe"}); !slices.Equal(sortedKeys(kids), []string{"add", "export", "get", "print", "remove", "set"}) {
		t.Errorf("/acme/probe: %v", kids)
	}
	if got := syntaxOf(t, conn, "acme", "probe", "add", "type"); got != "simple|icmp|tcp-conn" {
		t.Errorf("type: %q", got)
	}
	self := inspect(t, conn, "self", []string{"acme", "probe", "add", "host"})
	if len(self) != 1 || self[0].Map()["node-type"] != "arg" || self[0].Map()["name"] != "host" {
		t.Errorf("self: %v", self)
	}
	both := inspect(t, conn, "self,syntax", []string{"acme", "probe", "add", "host"})
	if len(both) != 2 || both[0].Map()["type"] != "self" || both[1].Map()["text"] != "A.B.C.D    (IP address)" {
		t.Errorf("self,syntax: %v", both)
	}
	only := inspect(t, conn, "completion", []string{"acme", "probe", "add", "type"}, "=.proplist=completion")
	for _, s := range only {
		if len(s.Attrs) != 1 {
			t.Errorf(".proplist=completion: %v", s)
		}
	}
	if values(only, "completion")[2] != "tcp-conn" {
		t.Errorf("completions: %v", only)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var trap *wire.TrapError
	if _, err := conn.Run(ctx, "/console/inspect", "=request=child", "=path=tool,nope"); !errors.As(err, &trap) ||
		!strings.Contains(trap.Message, "nope") {
		t.Errorf("unknown path: %v", err)
	}
	if _, err := conn.Run(ctx, "/console/inspect", "=request=children", "=path="); !errors.As(err, &trap) {
		t.Errorf("unknown request: %v", err)
	}
}
