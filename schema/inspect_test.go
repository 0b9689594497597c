package schema

import (
	"encoding/json"
	"os"
	"sort"
	"strings"
	"testing"
)

// inspectDir holds the /console/inspect dumps tikoci/restraml publishes (The Unlicense), which the
// repository does not carry: the workspace's shared reference data beside the checkout, or
// $ROUTEROS_INSPECT_DIR. Tests that need them are skipped where they are absent.
var inspectDir = func() string {
	if d := os.Getenv("ROUTEROS_INSPECT_DIR"); d != "" {
		return d
	}
	return "../../shared/reference/inspect"
}()

// deepInspect is RouterOS 7.22.3's dump with completions; treeInspect is RouterOS 7.24's tree, the
// version the schema is imported from.
var (
	deepInspect = inspectDir + "/routeros-7.22.3-deep-inspect.json"
	treeInspect = inspectDir + "/routeros-7.24-inspect.json"
)

// notInDump are menus of the schema the CHR dump cannot have.
var notInDump = map[string]bool{"/system/routerboard": true}

// TestMenusCompleteAgainstInspect checks every menu of the embedded schema against the dumps:
// every add and set argument of 7.24 is in the schema, every readable property of 7.22.3 (print's
// .proplist completions, or get's value-name for settings menus) that 7.24 did not drop is, and
// the verbs are the ones the menu has in 7.24.
func TestMenusCompleteAgainstInspect(t *testing.T) {
	data, err := os.ReadFile(deepInspect)
	if err != nil {
		t.Skipf("reference dump not available: %v", err)
	}
	var croot map[string]any
	if err := json.Unmarshal(data, &croot); err != nil {
		t.Fatal(err)
	}
	data, err = os.ReadFile(treeInspect)
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
			cn := node(croot, m.Path)
			readable := completionKeys(cn, "print", "proplist")
			if len(readable) == 0 {
				readable = completionKeys(cn, "get", "value-name")
			}
			dropped := map[string]bool{}
			for _, verb := range []string{"add", "set"} {
				if _, ok := n[verb].(map[string]any); !ok {
					continue
				}
				now := map[string]bool{}
				for _, a := range argNames(n, verb) {
					now[a] = true
				}
				for _, a := range argNames(cn, verb) {
					if !now[a] {
						dropped[a] = true
					}
				}
			}
			for _, p := range readable {
				if dropped[p] || strings.HasPrefix(p, ".") || p == "about" {
					continue
				}
				a := m.Attr(p)
				// A secret the schema records as write-only (a user's password: print's proplist
				// completes it, but RouterOS never prints it; ansible marks it write_only) is a
				// reviewed decision of the overrides, not a missing property.
				if a == nil || !a.Readable && !a.Secret {
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
					if v == "add" && len(argNames(n, "add")) == 1 && argNames(n, "add")[0] == "copy-from" {
						continue // an add that takes no property creates nothing: a fixed menu
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
