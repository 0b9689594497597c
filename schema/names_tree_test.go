package schema

import (
	"encoding/json"
	"fmt"
	"os"
	"path"
	"sort"
	"strings"
	"testing"
)

// inspect724 is RouterOS 7.24's /console/inspect dump of the whole command tree (see inspectDir).
func inspect724() string { return treeInspect }

// notCommands are the cmd nodes of a menu that do not become command methods: the standard verbs
// and the console-only commands.
var notCommands = map[string]bool{
	"print": true, "get": true, "add": true, "set": true, "unset": true, "remove": true, "enable": true,
	"disable": true, "move": true, "listen": true, "comment": true, "reset": true,
	"find": true, "export": true, "edit": true,
}

// notArgs are arguments that are not attributes.
var notArgs = map[string]bool{"numbers": true, "copy-from": true, "place-before": true, ".id": true, "as-value": true}

// TestNamesOfWholeTree derives the Go names of every menu of RouterOS 7.24 (one package per
// top-level menu, as the schema files do), with the rules rosgen applies to a schema without go:
// and field: names, and checks that none clashes and none stutters:
//
//   - package-level identifiers (read, spec, where and client types, enum types, command argument
//     and reply types) are unique in their package;
//   - field names of a type (attributes, command arguments) are unique and not ID or Raw;
//   - the fields of a client (child menus) differ from each other and from its methods;
//   - no identifier repeats a word ("DHCPClientClient").
func TestNamesOfWholeTree(t *testing.T) {
	data, err := os.ReadFile(inspect724())
	if err != nil {
		t.Skipf("reference dump not available: %v", err)
	}
	var root map[string]any
	if err := json.Unmarshal(data, &root); err != nil {
		t.Fatal(err)
	}
	menus := menuPaths(root, "")
	if len(menus) < 400 {
		t.Fatalf("only %d menus in the dump", len(menus))
	}
	byPkg := map[string][]string{}
	for _, m := range menus {
		top := "/" + strings.Split(m, "/")[1]
		byPkg[top] = append(byPkg[top], m)
	}
	var problems []string
	report := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	idents := 0
	for pkg, paths := range byPkg {
		declared := map[string]string{"Client": "package client", "New": "constructor", "NewWithOptions": "constructor"}
		var declare func(name, what string)
		enums := map[string]string{} // enum type name -> its values
		declareEnum := func(name, what, desc string) {
			vals, _, _ := strings.Cut(desc, "[")
			if prev, ok := enums[name]; ok && prev == vals {
				return // the same values under the same name: one shared type
			}
			enums[name] = vals
			declare(name, what)
		}
		declare = func(name, what string) {
			idents++
			if prev, ok := declared[name]; ok {
				report("%s: %s (%s) clashes with %s", pkg, name, what, prev)
			}
			declared[name] = what
			if w := stutter(name); w != "" {
				report("%s: %s (%s) repeats %q", pkg, name, what, w)
			}
		}
		// nodes: every menu and every path between it and the package root
		nodes := map[string]bool{}
		for _, m := range paths {
			for p := m; p != pkg && p != "/"; p = path.Dir(p) {
				nodes[p] = true
			}
		}
		isMenu := map[string]bool{}
		for _, m := range paths {
			isMenu[m] = true
		}
		nodeName := func(p string) string {
			if p == pkg {
				return goName(path.Base(p))
			}
			return pathName(strings.TrimPrefix(p, pkg+"/"))
		}
		children := map[string][]string{}
		for p := range nodes {
			children[path.Dir(p)] = append(children[path.Dir(p)], p)
		}
		all := append([]string{pkg}, sortedKeys(nodes)...)
		menuNames := map[string]bool{}
		for _, m := range paths {
			menuNames[nodeName(m)] = true
		}
		for _, p := range all {
			n := node(root, p)
			x := nodeName(p)
			stem := x
			if p == pkg {
				stem = ""
			}
			methods := map[string]string{}
			if p != pkg {
				declare(ClientTypeName(x, func(s string) bool { return menuNames[s] }), "client of "+p)
			}
			if isMenu[p] {
				declare(x, "read type of "+p)
				declare(x+"Spec", "spec of "+p)
				declare(x+"Where", "filters of "+p)
				for _, v := range []string{"List", "All", "Get", "Count", "Find", "One", "Watch", "Menu", "Add", "AddMany",
					"Ensure", "Reconcile", "Set", "SetMany", "Remove", "RemoveMany", "RemoveWhere", "Unset", "Enable",
					"Disable", "Comment", "Move", "Listen"} {
					methods[v] = "verb"
				}
				attrs := map[string]string{}
				for _, verb := range []string{"add", "set"} {
					for _, a := range argNames(n, verb) {
						if !notArgs[a] {
							attrs[a] = argDesc(n, verb, a)
						}
					}
				}
				checkFields(report, p, attrs, true)
				for _, a := range sortedKeys(attrs) {
					if isEnumDesc(attrs[a]) {
						declareEnum(JoinName(x, attrName(a)), "enum of "+p+" "+a, attrs[a])
					}
				}
				for verb := range n {
					if c, ok := n[verb].(map[string]any); ok && c["_type"] == "cmd" && !notCommands[verb] {
						cm := goName(verb)
						if prev, ok := methods[cm]; ok {
							report("%s: command %s (%s) clashes with %s", p, cm, verb, prev)
						}
						methods[cm] = "command " + verb
						cstem := JoinName(stem, cm)
						declare(cstem+"Args", "arguments of "+p+" "+verb)
						declare(cstem+"Reply", "replies of "+p+" "+verb)
						args := map[string]string{}
						for _, a := range argNames(n, verb) {
							if !notArgs[a] {
								args[a] = argDesc(n, verb, a)
							}
						}
						checkFields(report, p+" "+verb, args, false)
						for _, a := range sortedKeys(args) {
							if isEnumDesc(args[a]) {
								declareEnum(JoinName(cstem, attrName(a)), "enum of "+p+" "+verb+" "+a, args[a])
							}
						}
					}
				}
			}
			fields := map[string]string{}
			for _, c := range children[p] {
				f := goName(path.Base(c))
				if _, ok := methods[f]; ok {
					f += "Menu" // the rule of the loader's tree
				}
				if prev, ok := methods[f]; ok {
					report("%s: field %s for %s clashes with %s", p, f, c, prev)
				}
				if prev, ok := fields[f]; ok {
					report("%s: field %s for %s clashes with %s", p, f, c, prev)
				}
				fields[f] = c
			}
		}
	}
	sort.Strings(problems)
	for _, p := range problems {
		t.Error(p)
	}
	t.Logf("%d menus in %d packages, %d identifiers, %d problems", len(menus), len(byPkg), idents, len(problems))
}

func checkFields(report func(string, ...any), where string, attrs map[string]string, item bool) {
	seen := map[string]string{}
	if item {
		seen["ID"], seen["Raw"] = ".id", "the raw attributes"
	}
	for _, a := range sortedKeys(attrs) {
		f := attrName(a)
		if prev, ok := seen[f]; ok {
			report("%s: field %s of %q clashes with %q", where, f, a, prev)
		}
		seen[f] = a
		if w := stutter(f); w != "" {
			report("%s: field %s of %q repeats %q", where, f, a, w)
		}
	}
}

// isEnumDesc reports an argument whose syntax text lists values ("yes|no" excepted: a bool).
func isEnumDesc(desc string) bool {
	return strings.Contains(desc, "|") && !strings.HasPrefix(desc, "yes|no") && !strings.Contains(desc, " ")
}

func argDesc(n map[string]any, verb, arg string) string {
	c, _ := n[verb].(map[string]any)
	a, _ := c[arg].(map[string]any)
	d, _ := a["desc"].(string)
	return d
}

func menuPaths(n map[string]any, at string) []string {
	var out []string
	for _, k := range sortedKeys(n) {
		v, ok := n[k].(map[string]any)
		if !ok || (v["_type"] != "dir" && v["_type"] != "path") {
			continue
		}
		p := at + "/" + k
		if _, ok := v["print"]; ok {
			out = append(out, p)
		}
		out = append(out, menuPaths(v, p)...)
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
