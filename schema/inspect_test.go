package schema

import (
	"encoding/json"
	"os"
	"sort"
	"strings"
	"testing"
)

// deepInspect is RouterOS 7.22.3's /console/inspect dump with completions (published by the
// tikoci/restraml project as its 7.22.3 deep-inspect.json, under The Unlicense). The repository does
// not carry it: the test reads it from the workspace's shared reference data beside the checkout and
// is skipped where that is absent.
const deepInspect = "../../shared/reference/inspect/routeros-7.22.3-deep-inspect.json"

// notInDump are menus of the schema the CHR dump cannot have.
var notInDump = map[string]bool{"/system/routerboard": true}

// TestMenusCompleteAgainstInspect checks every menu of the embedded schema against the dump: every
// readable property (print's .proplist completions, or get's value-name for settings menus) and
// every add and set argument is in the schema, and the verbs are the ones the menu has.
func TestMenusCompleteAgainstInspect(t *testing.T) {
	data, err := os.ReadFile(deepInspect)
	if err != nil {
		t.Skipf("reference dump not available: %v", err)
	}
	var root map[string]any
	if err := json.Unmarshal(data, &root); err != nil {
		t.Fatal(err)
	}
	s, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	skip := map[string]bool{"numbers": true, "copy-from": true, "place-before": true, ".id": true}
	for _, m := range s.Menus() {
		if m.Kind == KindNone || notInDump[m.Path] {
			continue
		}
		t.Run(m.Path, func(t *testing.T) {
			n := node(root, m.Path)
			if n == nil {
				t.Fatalf("not in the dump")
			}
			readable := completionKeys(n, "print", "proplist")
			if len(readable) == 0 {
				readable = completionKeys(n, "get", "value-name")
			}
			for _, p := range readable {
				a := m.Attr(p)
				if a == nil || !a.Readable {
					t.Errorf("readable property %q missing", p)
				}
			}
			for _, verb := range []string{"add", "set"} {
				for _, arg := range argNames(n, verb) {
					if skip[arg] {
						continue
					}
					a := m.Attr(arg)
					switch {
					case a == nil:
						t.Errorf("%s argument %q missing", verb, arg)
					case verb == "add" && !a.OnAdd:
						t.Errorf("%s argument %q not writable on add", verb, arg)
					case verb == "set" && !a.Settable:
						t.Errorf("%s argument %q not settable", verb, arg)
					}
				}
			}
			var want []string
			for _, v := range []string{"print", "get", "add", "set", "unset", "remove", "enable", "disable", "move", "comment"} {
				if c, ok := n[v].(map[string]any); ok && c["_type"] == "cmd" {
					if v == "unset" && n["set"] == nil {
						continue // /ip/neighbor has an unset without a set: nothing to reset
					}
					want = append(want, v)
				}
			}
			var got []string
			for _, v := range m.Verbs {
				if v != VerbListen && v != VerbReset {
					got = append(got, string(v))
				}
			}
			sort.Strings(want)
			sort.Strings(got)
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("verbs %v, the dump has %v", got, want)
			}
		})
	}
}

func node(root map[string]any, path string) map[string]any {
	cur := root
	for _, e := range strings.Split(strings.TrimPrefix(path, "/"), "/") {
		next, ok := cur[e].(map[string]any)
		if !ok {
			return nil
		}
		cur = next
	}
	return cur
}

func completionKeys(n map[string]any, cmd, arg string) []string {
	c, _ := n[cmd].(map[string]any)
	a, _ := c[arg].(map[string]any)
	comp, _ := a["_completion"].(map[string]any)
	var out []string
	for k := range comp {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func argNames(n map[string]any, cmd string) []string {
	c, _ := n[cmd].(map[string]any)
	var out []string
	for k, v := range c {
		if m, ok := v.(map[string]any); ok && m["_type"] == "arg" {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
