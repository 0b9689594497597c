package importer

import (
	"encoding/json"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rosgen/routeros/schema"
)

// Unit tests of single type rules on small hand-made dumps (no reference dumps needed).

// tArg is one argument of add/set in a test dump: its syntax text and completions (word -> style).
type tArg struct {
	desc string
	comp map[string]string
}

// tMenu describes a list menu of a test dump: the arguments of add and set, and the read-only
// properties print's .proplist completes (name -> completion doc).
type tMenu struct {
	args map[string]tArg
	ro   map[string]string
}

// dumpOf builds a restraml-format dump holding the given menus (path -> menu).
func dumpOf(t *testing.T, menus map[string]tMenu) []byte {
	t.Helper()
	root := map[string]any{}
	for p, m := range menus {
		cur := root
		for _, e := range splitPath(p) {
			next, ok := cur[e].(map[string]any)
			if !ok {
				next = map[string]any{"_type": "dir"}
				cur[e] = next
			}
			cur = next
		}
		proplist := map[string]any{}
		args := map[string]any{}
		for name, a := range m.args {
			arg := map[string]any{"_type": "arg"}
			if a.desc != "" {
				arg["desc"] = a.desc
			}
			comp := map[string]any{}
			for w, style := range a.comp {
				comp[w] = map[string]any{"style": style}
			}
			arg["_completion"] = comp
			args[name] = arg
			proplist[name] = map[string]any{"style": "none"}
		}
		for name, doc := range m.ro {
			proplist[name] = map[string]any{"style": "none", "desc": doc}
		}
		add := map[string]any{"_type": "cmd"}
		set := map[string]any{"_type": "cmd", "numbers": map[string]any{"_type": "arg"}}
		for k, v := range args {
			add[k], set[k] = v, v
		}
		cur["add"], cur["set"] = add, set
		cur["remove"] = map[string]any{"_type": "cmd", "numbers": map[string]any{"_type": "arg"}}
		cur["print"] = map[string]any{"_type": "cmd", "proplist": map[string]any{"_type": "arg", "_completion": proplist}}
	}
	b, err := json.Marshal(root)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func splitPath(p string) []string {
	var out []string
	for _, e := range []byte(p) {
		if e == '/' {
			out = append(out, "")
		} else {
			out[len(out)-1] += string(e)
		}
	}
	return out
}

// importTest imports a test dump (as tree and completions) with the given override files and
// returns the loaded schema.
func importTest(t *testing.T, menus map[string]tMenu, overrides fstest.MapFS) *schema.Schema {
	t.Helper()
	d := dumpOf(t, menus)
	var ov fs.FS = overrides
	if overrides == nil {
		ov = fstest.MapFS{}
	}
	res, err := Import(d, d, ov, Options{TreeVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	var names []string
	for n, b := range res.Files {
		fsys[n] = &fstest.MapFile{Data: b}
		names = append(names, n)
	}
	s, err := schema.Load(fsys, names...)
	if err != nil {
		t.Fatalf("the imported schema does not load: %v", err)
	}
	return s
}

func attrOf(t *testing.T, s *schema.Schema, menu, name string) *schema.Attr {
	t.Helper()
	m := s.Menu(menu)
	if m == nil {
		t.Fatalf("no menu %s", menu)
	}
	a := m.Attr(name)
	if a == nil {
		t.Fatalf("%s: no attribute %s", menu, name)
	}
	return a
}

// The console quotes a completion that has spaces in it ("\"New Zealand\""); the value is the text
// between the quotes, which the API takes and prints.
func TestQuotedCompletionsAreUnquoted(t *testing.T) {
	s := importTest(t, map[string]tMenu{
		"/x/cfg": {args: map[string]tArg{"country": {comp: map[string]string{`"New Zealand"`: "none", "Latvia": "none"}}}},
	}, nil)
	a := attrOf(t, s, "/x/cfg", "country")
	if a.Type.Base != schema.Enum || len(a.Type.Values) != 2 || a.Type.Values[0] != "Latvia" || a.Type.Values[1] != "New Zealand" {
		t.Errorf("country: %+v, want enum [Latvia, New Zealand]", a.Type)
	}
}

// Only mac-address and *-mac-address are MAC addresses by name: addresses-per-mac counts, and a
// read-only *-mac without syntax text stays a string.
func TestMACByNameOnlyMACAddress(t *testing.T) {
	s := importTest(t, map[string]tMenu{
		"/x/hs": {
			args: map[string]tArg{"addresses-per-mac": {}, "src-mac-address": {}},
			ro:   map[string]string{"client-mac": "", "mac-address": ""},
		},
	}, nil)
	for name, want := range map[string]schema.Base{
		"addresses-per-mac": schema.String, "client-mac": schema.String,
		"src-mac-address": schema.MAC, "mac-address": schema.MAC,
	} {
		if got := attrOf(t, s, "/x/hs", name).Type.Base; got != want {
			t.Errorf("%s: %v, want %v", name, got, want)
		}
	}
}

// Completions that are all numbers are suggestions, not a closed enum: the attribute stays a
// string unless a name rule types it (line-count is a count); a syntax text that lists numbers
// is a closed set.
func TestNumberCompletionsAreNotAnEnum(t *testing.T) {
	nums := map[string]string{"10": "none", "100": "none", "1000": "none"}
	s := importTest(t, map[string]tMenu{
		"/x/bgp": {args: map[string]tArg{
			"input.limit-process-routes-ipv4": {comp: nums},
			"line-count":                      {comp: nums},
			"chains":                          {desc: "0|1|2[,Chains*]", comp: map[string]string{"0": "none", "1": "none", "2": "none"}},
		}},
	}, nil)
	if a := attrOf(t, s, "/x/bgp", "input.limit-process-routes-ipv4"); a.Type.Base != schema.String {
		t.Errorf("limit-process-routes-ipv4: %+v, want a plain string", a.Type)
	}
	if a := attrOf(t, s, "/x/bgp", "line-count"); a.Type.Base != schema.Int || len(a.Type.Values) != 0 {
		t.Errorf("line-count: %+v, want int", a.Type)
	}
	if a := attrOf(t, s, "/x/bgp", "chains"); a.Type.Base != schema.Enum || len(a.Type.Values) != 3 {
		t.Errorf("chains: %+v, want the syntax text's enum", a.Type)
	}
}

// A port completed with the router's service names takes those names and any port number.
func TestServiceNamePortsTakeNumbers(t *testing.T) {
	svc := map[string]string{"ftp": "none", "ssh": "none", "http": "none", "winbox": "none", "!": "syntax-meta"}
	s := importTest(t, map[string]tMenu{
		"/x/sniffer": {args: map[string]tArg{"filter-port": {comp: svc}, "mode": {comp: map[string]string{"ftp": "none", "other": "none"}}}},
	}, nil)
	a := attrOf(t, s, "/x/sniffer", "filter-port")
	if a.Type.Base != schema.Enum || !a.Type.HasMin || a.Type.Min != 0 || !a.Type.HasMax || a.Type.Max != 65535 || !a.Type.Negatable {
		t.Errorf("filter-port: %+v, want a negatable enum of names with numbers 0..65535", a.Type)
	}
	if b := attrOf(t, s, "/x/sniffer", "mode"); b.Type.HasMin || b.Type.HasMax {
		t.Errorf("mode: %+v, not a port: no numbers", b.Type)
	}
}

// A matcher that an override keeps a string in one menu of a firewall family is a string in the
// family's other menus too (ipsec-policy=in,ipsec: the completions give only the directions).
func TestFamilyFollowsReviewedDecision(t *testing.T) {
	pol := tArg{comp: map[string]string{"in": "none", "out": "none"}}
	menus := map[string]tMenu{
		"/ip/firewall/filter": {args: map[string]tArg{"ipsec-policy": pol}},
		"/ip/firewall/calea":  {args: map[string]tArg{"ipsec-policy": pol}},
	}
	s := importTest(t, menus, nil)
	if a := attrOf(t, s, "/ip/firewall/calea", "ipsec-policy"); a.Type.Base != schema.Enum {
		t.Fatalf("without the override: %+v, want the completions' enum", a.Type)
	}
	ov := fstest.MapFS{"ip.yaml": &fstest.MapFile{Data: []byte(`path: /ip
menus:
  - path: /ip/firewall/filter
    attrs:
      - {name: ipsec-policy, type: string}  # src: test
`)}}
	s = importTest(t, menus, ov)
	for _, p := range []string{"/ip/firewall/filter", "/ip/firewall/calea"} {
		if a := attrOf(t, s, p, "ipsec-policy"); a.Type.Base != schema.String {
			t.Errorf("%s ipsec-policy: %+v, want the reviewed string", p, a.Type)
		}
	}
}

// The integer name rules leave alone sizes RouterOS prints with their unit (cache-size=2048KiB),
// key sizes that may be curve names (prime256v1), and names that are flags, pairs or names in
// some menus (used, total, mss, resends, users); counters and sizes that are numbers stay integers.
func TestIntNameRuleExclusions(t *testing.T) {
	s := importTest(t, map[string]tMenu{
		"/x/dns": {
			args: map[string]tArg{"cache-size": {}, "max-cache-object-size": {}, "qkd-cache-size": {}, "key-size": {},
				"max-udp-packet-size": {}},
			ro: map[string]string{"cache-used": "", "used": "", "total": "", "size": "", "total-memory": "",
				"mss": "", "resends": "", "users": ""},
		},
	}, nil)
	for name, want := range map[string]schema.Base{
		"cache-size": schema.String, "max-cache-object-size": schema.String, "qkd-cache-size": schema.String,
		"cache-used": schema.String, "key-size": schema.String, "used": schema.String, "total": schema.String,
		"mss": schema.String, "resends": schema.String, "users": schema.String,
		"max-udp-packet-size": schema.Int, "size": schema.Int, "total-memory": schema.Int,
	} {
		if got := attrOf(t, s, "/x/dns", name).Type.Base; got != want {
			t.Errorf("%s: %v, want %v", name, got, want)
		}
	}
}

// A package's type layer may be split over several files; an attribute typed in two of them is
// an error that names both.
func TestTypeLayerSplitOverFiles(t *testing.T) {
	menus := map[string]tMenu{"/x/m": {ro: map[string]string{"a": "", "b": ""}}}
	ov := fstest.MapFS{
		"types/x.yaml":       {Data: []byte("path: /x\nmenus:\n  - path: /x/m\n    attrs:\n      - {name: a, type: int}  # src: test\n")},
		"types/x-other.yaml": {Data: []byte("path: /x\nmenus:\n  - path: /x/m\n    attrs:\n      - {name: b, type: bool}  # src: test\n")},
	}
	s := importTest(t, menus, ov)
	if got := attrOf(t, s, "/x/m", "a").Type.Base; got != schema.Int {
		t.Errorf("a: %s, want int", got)
	}
	if got := attrOf(t, s, "/x/m", "b").Type.Base; got != schema.Bool {
		t.Errorf("b: %s, want bool", got)
	}
	ov["types/x-other.yaml"] = &fstest.MapFile{Data: []byte("path: /x\nmenus:\n  - path: /x/m\n    attrs:\n      - {name: a, type: bool}  # src: test\n")}
	d := dumpOf(t, menus)
	_, err := Import(d, d, ov, Options{TreeVersion: "test"})
	if err == nil || !strings.Contains(err.Error(), "types/x-other.yaml:5") || !strings.Contains(err.Error(), "types/x.yaml:5") {
		t.Errorf("an attribute typed twice: err = %v, want one naming both entries", err)
	}
}
