package inspectwalk_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/rosgen/routeros/internal/inspectwalk"
	"github.com/rosgen/routeros/schema"
	"github.com/rosgen/routeros/sim"
	"github.com/rosgen/routeros/wire"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func startSim(t *testing.T, cfg sim.Config) *sim.Server {
	t.Helper()
	srv, err := sim.Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

func dial(t *testing.T, srv *sim.Server) *wire.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := wire.Dial(ctx, wire.Config{Address: srv.Addr(), Username: "admin", CancelGrace: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

func walk(t *testing.T, r wire.Runner, opts inspectwalk.Options) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := inspectwalk.Walk(ctx, r, opts)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// tree is the decoded dump.
type tree map[string]any

func decode(t *testing.T, b []byte) tree {
	t.Helper()
	var m tree
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func (n tree) at(path ...string) tree {
	cur := n
	for _, p := range path {
		next, ok := cur[p].(map[string]any)
		if !ok {
			return nil
		}
		cur = next
	}
	return cur
}

func (n tree) typ() string  { s, _ := n["_type"].(string); return s }
func (n tree) desc() string { s, _ := n["desc"].(string); return s }

func (n tree) completions() []string {
	c, _ := n["_completion"].(map[string]any)
	out := make([]string, 0, len(c))
	for k := range c {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (n tree) style(v string) string {
	c, _ := n["_completion"].(map[string]any)
	e, _ := c[v].(map[string]any)
	s, _ := e["style"].(string)
	return s
}

func elems(p string) []string { return strings.Split(strings.TrimPrefix(p, "/"), "/") }

// wantCompletions are the completions a value of the attribute's type has on RouterOS: "!" (and
// "!," for element-wise negation), enum values, yes/no, sentinel words.
func wantCompletions(a *schema.Attr) []string {
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
	sort.Strings(want)
	return slices.Compact(want)
}

// realText is the syntax text a real RouterOS prints for the types that have a fixed one
// (7.22.3 and 7.24 dumps); ok is false for the others.
func realText(a *schema.Attr) (string, bool) {
	if a.Type.Pair {
		return "", true // neither dump has syntax text for a pair (/queue/simple max-limit)
	}
	switch a.Type.Base {
	case schema.String:
		if len(a.Type.Sentinels) > 0 {
			return "", true
		}
		return "string value", true
	case schema.Bool:
		return "", true
	case schema.Duration:
		return "time interval", true
	case schema.IP:
		return "A.B.C.D    (IP address)", true
	case schema.MAC:
		return "AB[:|-|.]CD[:|-|.]EF[:|-|.]GH[:|-|.]IJ[:|-|.]KL    (MAC address)", true
	case schema.Ref, schema.Flag:
		return "", true
	}
	return "", false
}

// TestWalkSimulator walks rossim started with the built-in schema and checks that the dump
// describes every menu of the schema: its verbs, the arguments of add and set with their syntax
// texts and completions, the readable properties, the commands.
func TestWalkSimulator(t *testing.T) {
	srv := startSim(t, sim.Config{})
	out := walk(t, dial(t, srv), inspectwalk.Options{Completions: true})
	d := decode(t, out)
	sch, err := schema.Default()
	if err != nil {
		t.Fatal(err)
	}
	meta := d.at("_meta")
	if meta["version"] != srv.Version() {
		t.Errorf("_meta version %v, want %s", meta["version"], srv.Version())
	}
	stats, _ := meta["completionStats"].(map[string]any)
	if stats["argsFailed"] != 0.0 || stats["argsTotal"] == 0.0 || stats["argsIncomplete"] != 0.0 {
		t.Errorf("completionStats: %v", stats)
	}
	menus, args := 0, 0
	for _, m := range sch.Menus() {
		p := elems(m.Path)
		n := d.at(p...)
		if n == nil || (n.typ() != "dir" && n.typ() != "path") {
			t.Errorf("%s: node %v", m.Path, n)
			continue
		}
		menus++
		for _, v := range m.Verbs {
			if v != schema.VerbListen && n.at(string(v)).typ() != "cmd" {
				t.Errorf("%s: no %s", m.Path, v)
			}
		}
		for _, verb := range []schema.Verb{schema.VerbAdd, schema.VerbSet} {
			if !m.Has(verb) {
				continue
			}
			for _, a := range m.Attrs {
				on := a.OnAdd
				if verb == schema.VerbSet {
					on = a.Settable
				}
				arg := n.at(string(verb), a.Name)
				if !on {
					if arg != nil {
						t.Errorf("%s/%s: %s is not accepted but listed", m.Path, verb, a.Name)
					}
					continue
				}
				args++
				if arg.typ() != "arg" {
					t.Errorf("%s/%s %s: %v", m.Path, verb, a.Name, arg)
					continue
				}
				if got, want := arg.completions(), wantCompletions(a); !slices.Equal(got, want) {
					t.Errorf("%s/%s %s (%s): completions %v, want %v", m.Path, verb, a.Name, a.Type, got, want)
				}
				for _, s := range a.Type.Sentinels {
					if arg.style(s) != "arg" {
						t.Errorf("%s/%s %s: sentinel %s style %q", m.Path, verb, a.Name, s, arg.style(s))
					}
				}
				if want, ok := realText(a); ok && !a.Type.List && arg.desc() != want {
					t.Errorf("%s/%s %s (%s): desc %q, want %q", m.Path, verb, a.Name, a.Type, arg.desc(), want)
				}
				if a.Type.Base == schema.Enum && !a.Type.Open && len(a.Type.Values) > 0 &&
					!strings.HasPrefix(arg.desc(), strings.Join(a.Type.Values, "|")) {
					t.Errorf("%s/%s %s: desc %q does not list the values in order", m.Path, verb, a.Name, arg.desc())
				}
			}
		}
		if m.Has(schema.VerbPrint) {
			props := n.at("print", "proplist")
			if m.Kind == schema.KindSettings && m.Has(schema.VerbGet) {
				props = n.at("get", "value-name")
			}
			want := []string{"about"} // the API's .about, which RouterOS completes in every menu
			for _, a := range m.Readable() {
				want = append(want, a.Name)
			}
			sort.Strings(want)
			if got := props.completions(); !slices.Equal(got, want) {
				t.Errorf("%s: readable %v, want %v", m.Path, got, want)
			}
		}
		for _, c := range m.Commands {
			cmd := n.at(c.Name)
			if cmd.typ() != "cmd" {
				t.Errorf("%s: command %s missing", m.Path, c.Name)
				continue
			}
			for _, a := range c.Args {
				if cmd.at(a.Name).typ() != "arg" {
					t.Errorf("%s/%s: arg %s missing", m.Path, c.Name, a.Name)
				}
			}
		}
	}
	if menus != len(sch.Menus()) || args < 200 {
		t.Errorf("checked %d of %d menus, %d arguments", menus, len(sch.Menus()), args)
	}
}

// TestWalkDeterministic: the same router gives the same bytes, whatever the concurrency.
func TestWalkDeterministic(t *testing.T) {
	srv := startSim(t, sim.Config{})
	conn := dial(t, srv)
	a := walk(t, conn, inspectwalk.Options{Completions: true, Concurrency: 1})
	b := walk(t, conn, inspectwalk.Options{Completions: true, Concurrency: 8})
	if !bytes.Equal(a, b) {
		t.Error("two walks of one router differ")
	}
}

// TestWalkDroppedCompletions: the router loses completion entries on every other full request
// (the reported API bug); the walk asks again and writes the same tree as a clean walk, and
// reports the drops in _meta.
func TestWalkDroppedCompletions(t *testing.T) {
	clean := startSim(t, sim.Config{})
	want := decode(t, walk(t, dial(t, clean), inspectwalk.Options{Completions: true}))

	srv := startSim(t, sim.Config{})
	srv.SetFaults(sim.Faults{InspectDrop: 2})
	out := walk(t, dial(t, srv), inspectwalk.Options{Completions: true, Concurrency: 1})
	got := decode(t, out)
	stats, _ := got.at("_meta")["completionStats"].(map[string]any)
	if stats["argsDropped"] == 0.0 || stats["retries"] == 0.0 || stats["argsIncomplete"] != 0.0 {
		t.Errorf("completionStats: %v", stats)
	}
	delete(got, "_meta")
	delete(want, "_meta")
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if !bytes.Equal(g, w) {
		t.Error("the walk with dropped completions differs from a clean walk")
	}
}

// TestWalkSubtree walks one subtree; the dump nests it under its ancestors.
func TestWalkSubtree(t *testing.T) {
	srv := startSim(t, sim.Config{})
	d := decode(t, walk(t, dial(t, srv), inspectwalk.Options{Root: []string{"ip", "firewall"}}))
	if d.at("ip").typ() != "path" || d.at("ip", "firewall").typ() != "dir" || d.at("ip", "firewall", "filter", "add").typ() != "cmd" {
		t.Errorf("subtree: %v", d.at("ip"))
	}
	if d.at("interface") != nil || d.at("ip", "address") != nil {
		t.Error("the walk left its subtree")
	}
	if d.at("ip", "firewall", "filter", "add", "chain")["_completion"] != nil {
		t.Error("completions without Options.Completions")
	}
}

// TestWalkCancel: ending the context stops the walk with its error, leaving no goroutine behind.
func TestWalkCancel(t *testing.T) {
	srv := startSim(t, sim.Config{})
	srv.SetFaults(sim.Faults{Latency: time.Millisecond})
	conn := dial(t, srv)
	ctx, cancel := context.WithCancel(context.Background())
	var calls int
	r := runnerFunc(func(c context.Context, words ...string) (*wire.Reply, error) {
		calls++
		if calls == 20 {
			cancel()
		}
		return conn.Run(c, words...)
	})
	out, err := inspectwalk.Walk(ctx, r, inspectwalk.Options{Concurrency: 1})
	if !errors.Is(err, context.Canceled) || out != nil {
		t.Errorf("cancelled walk: %d bytes, %v", len(out), err)
	}
}

// TestWalkStalledRouter: a router that stops answering makes every command time out; the walk
// gives up after its retries and reports what it could not read.
func TestWalkStalledRouter(t *testing.T) {
	srv := startSim(t, sim.Config{})
	conn := dial(t, srv)
	srv.SetFaults(sim.Faults{StallAfter: 40})
	out, err := inspectwalk.Walk(context.Background(), conn, inspectwalk.Options{Timeout: 100 * time.Millisecond, Retries: 1})
	if !errors.Is(err, inspectwalk.ErrIncomplete) || out == nil {
		t.Fatalf("stalled walk: %d bytes, %v", len(out), err)
	}
	crawl, _ := decode(t, out).at("_meta")["crawlStats"].(map[string]any)
	if crawl["pathsFailed"] == 0.0 && crawl["syntaxFailed"] == 0.0 {
		t.Errorf("crawlStats: %v", crawl)
	}
}

// runnerFunc adapts a function to wire.Runner (Stream is not used by the walk).
type runnerFunc func(ctx context.Context, words ...string) (*wire.Reply, error)

func (f runnerFunc) Run(ctx context.Context, words ...string) (*wire.Reply, error) {
	return f(ctx, words...)
}

func (f runnerFunc) Stream(context.Context, ...string) iter.Seq2[wire.Sentence, error] {
	return func(func(wire.Sentence, error) bool) {}
}

// completionOrder returns the keys of the _completion object at path, in the order written.
func completionOrder(t *testing.T, dump []byte, path ...string) []string {
	t.Helper()
	raw := json.RawMessage(dump)
	for _, p := range append(path, "_completion") {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		raw = m[p]
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	var keys []string
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch v := tok.(type) {
		case json.Delim:
			if v == '{' {
				depth++
			} else if v == '}' {
				depth--
			}
		case string:
			if depth == 1 {
				keys = append(keys, v)
				var skip json.RawMessage
				if err := dec.Decode(&skip); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	return keys
}

// TestWalkCompletionOrder: completions keep the router's order (print's properties in the order the
// router lists them, a set's values in their order), as the reference dumps do. A user's schema
// file gives an order that is not alphabetical.
func TestWalkCompletionOrder(t *testing.T) {
	dir := t.TempDir()
	src := `package: acme
path: /acme
menus:
  - path: /acme/probe
    kind: list
    verbs: [print, get, add, set, remove]
    attrs:
      - {name: host, type: ip, required: true}
      - {name: type, type: enum, values: [simple, icmp, tcp-conn]}
      - {name: interval, type: duration}
      - {name: comment}
`
	if err := os.WriteFile(filepath.Join(dir, "acme.yaml"), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := startSim(t, sim.Config{SchemaFiles: []string{dir}})
	out := walk(t, dial(t, srv), inspectwalk.Options{Completions: true, Root: []string{"acme"}})
	if got := completionOrder(t, out, "acme", "probe", "print", "proplist"); !slices.Equal(got, []string{"about", "host", "type", "interval", "comment"}) {
		t.Errorf("proplist order %v", got)
	}
	if got := completionOrder(t, out, "acme", "probe", "add", "type"); !slices.Equal(got, []string{"simple", "icmp", "tcp-conn"}) {
		t.Errorf("enum order %v", got)
	}
}
