// Command schemadraft drafts schema YAML files (schema/*.yaml) from a RouterOS deep-inspect dump
// (/console/inspect with completions: the tikoci/restraml project publishes one per RouterOS version,
// as deep-inspect.json, under The Unlicense; the repository does not carry it).
//
// It reads each menu's print proplist (or get value-name) completions for the readable properties,
// the add and set arguments for the writable ones, infers types from the argument descriptions and
// completions, and applies the hand-kept overrides in overrides.go for what the dump does not say
// (integers, references, required arguments, lists). Its output is a draft: review it, then commit it.
//
// Usage:
//
//	go run ./tools/schemadraft -inspect DUMP.json -pkg ip > schema/ip.yaml
//
// where DUMP.json is RouterOS 7.22.3's deep-inspect.json.
//
// This is a development tool; the full /console/inspect importer comes later.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"
)

type completion struct {
	Style      string `json:"style"`
	Preference int    `json:"preference"`
	Desc       string `json:"desc"`
}

func main() {
	inspect := flag.String("inspect", "", "deep-inspect JSON file")
	pkg := flag.String("pkg", "", "package to draft: one of "+strings.Join(pkgNames(), ", "))
	flag.Parse()
	if *inspect == "" || *pkg == "" {
		flag.Usage()
		os.Exit(2)
	}
	data, err := os.ReadFile(*inspect)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var root map[string]any
	if err := json.Unmarshal(data, &root); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	p, ok := packages[*pkg]
	if !ok {
		fmt.Fprintf(os.Stderr, "unknown package %q\n", *pkg)
		os.Exit(2)
	}
	if err := draft(os.Stdout, root, p); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func pkgNames() []string {
	var out []string
	for k := range packages {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func lookup(root map[string]any, path string) map[string]any {
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

func completions(n map[string]any) map[string]completion {
	out := map[string]completion{}
	c, ok := n["_completion"].(map[string]any)
	if !ok {
		return out
	}
	for k, v := range c {
		m, _ := v.(map[string]any)
		var cp completion
		cp.Style, _ = m["style"].(string)
		cp.Desc, _ = m["desc"].(string)
		out[k] = cp
	}
	return out
}

func args(cmd map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	for k, v := range cmd {
		m, ok := v.(map[string]any)
		if ok && m["_type"] == "arg" {
			out[k] = m
		}
	}
	return out
}

var notProps = map[string]bool{"numbers": true, "copy-from": true, "place-before": true, "as-value": true, ".id": true, "number": true}

type attr struct {
	name             string
	typ              string
	ro, wo           bool
	add, set         bool
	required, list   bool
	negatable        bool
	negateEach       bool
	values           []string
	sentinels        []string
	ref, doc, goName string
}

func draft(w io.Writer, root map[string]any, p pkgSpec) error {
	fmt.Fprintf(w, "# Drafted by tools/schemadraft from RouterOS 7.22.3 deep-inspect, then reviewed.\n")
	fmt.Fprintf(w, "package: %s\n", p.name)
	if p.dir != "" {
		fmt.Fprintf(w, "dir: %s\n", p.dir)
	}
	fmt.Fprintf(w, "path: %s\n", p.path)
	fmt.Fprintf(w, "doc: %s\n", q(p.doc))
	fmt.Fprintf(w, "menus:\n")
	for _, ms := range p.menus {
		if ms.literal != "" {
			io.WriteString(w, ms.literal)
			continue
		}
		n := lookup(root, ms.path)
		if n == nil {
			return fmt.Errorf("menu %s not in the dump", ms.path)
		}
		cmds := map[string]map[string]any{}
		for k, v := range n {
			if m, ok := v.(map[string]any); ok && m["_type"] == "cmd" {
				cmds[k] = m
			}
		}
		fmt.Fprintf(w, "  - path: %s\n", ms.path)
		if ms.goName != "" {
			fmt.Fprintf(w, "    go: %s\n", ms.goName)
		}
		if ms.field != "" {
			fmt.Fprintf(w, "    field: %s\n", ms.field)
		}
		fmt.Fprintf(w, "    kind: %s\n", ms.kind)
		var verbs []string
		for _, v := range []string{"print", "get", "add", "set", "unset", "remove", "enable", "disable", "move", "comment"} {
			if cmds[v] != nil {
				if v == "unset" && cmds["set"] == nil {
					continue
				}
				verbs = append(verbs, v)
			}
		}
		if cmds["print"] != nil && ms.kind != "settings" {
			verbs = append(verbs, "listen")
		}
		fmt.Fprintf(w, "    verbs: [%s]\n", strings.Join(verbs, ", "))
		fmt.Fprintf(w, "    doc: %s\n", q(ms.doc))
		// readable properties
		readable := map[string]completion{}
		if pr := cmds["print"]; pr != nil {
			if pl, ok := pr["proplist"].(map[string]any); ok {
				readable = completions(pl)
			}
		}
		if len(readable) == 0 {
			if g := cmds["get"]; g != nil {
				if vn, ok := g["value-name"].(map[string]any); ok {
					readable = completions(vn)
				}
			}
		}
		addArgs, setArgs := args(cmds["add"]), args(cmds["set"])
		names := map[string]bool{}
		for k := range readable {
			names[k] = true
		}
		for k := range addArgs {
			names[k] = true
		}
		for k := range setArgs {
			names[k] = true
		}
		for _, k := range ms.extra {
			names[k.name] = true
		}
		var sorted []string
		for k := range names {
			if !notProps[k] && !ms.skip[k] {
				sorted = append(sorted, k)
			}
		}
		sort.Strings(sorted)
		// name first, then the rest alphabetically
		sort.SliceStable(sorted, func(i, j int) bool { return sorted[i] == "name" && sorted[j] != "name" })
		fmt.Fprintf(w, "    attrs:\n")
		for _, k := range sorted {
			a := attr{name: k}
			_, rd := readable[k]
			argn := addArgs[k]
			if argn == nil {
				argn = setArgs[k]
			}
			a.add = addArgs[k] != nil
			a.set = setArgs[k] != nil
			a.ro = rd && !a.add && !a.set
			a.wo = !rd
			a.doc = readable[k].Desc
			infer(&a, argn, ms.path)
			for _, e := range ms.extra {
				if e.name == k {
					a = e
					if a.doc == "" {
						a.doc = readable[k].Desc
					}
				}
			}
			if ms.required[k] {
				a.required = true
			}
			if o, ok := ms.types[k]; ok {
				a.ref = ""
				if r, isRef := strings.CutPrefix(o, "ref:"); isRef {
					o, a.ref = "ref", r
				}
				a.typ = o
				if o != "enum" {
					a.values = nil
				}
				if o == "string" {
					a.sentinels = nil
				}
			}
			writeAttr(w, a, cmds["add"] != nil, cmds["set"] != nil)
		}
		if ms.commands != "" {
			io.WriteString(w, ms.commands)
		}
	}
	return nil
}

func writeAttr(w io.Writer, a attr, hasAdd, hasSet bool) {
	var parts []string
	parts = append(parts, "name: "+a.name)
	if a.goName != "" {
		parts = append(parts, "go: "+a.goName)
	}
	if a.typ != "" && a.typ != "string" {
		parts = append(parts, "type: "+a.typ)
	}
	if a.list {
		parts = append(parts, "list: true")
	}
	if a.negateEach {
		parts = append(parts, "negate-each: true")
	} else if a.negatable {
		parts = append(parts, "negatable: true")
	}
	if len(a.sentinels) > 0 {
		parts = append(parts, "sentinels: ["+strings.Join(quoteAll(a.sentinels), ", ")+"]")
	}
	if a.typ == "enum" {
		parts = append(parts, "values: ["+strings.Join(quoteAll(a.values), ", ")+"]")
	}
	if a.ref != "" {
		parts = append(parts, "ref: "+a.ref)
	}
	if a.ro {
		parts = append(parts, "ro: true")
	} else {
		if a.wo {
			parts = append(parts, "wo: true")
		}
		if hasAdd && !a.add {
			parts = append(parts, "add: false")
		}
		if hasSet && !a.set {
			parts = append(parts, "set: false")
		}
	}
	if a.required {
		parts = append(parts, "required: true")
	}
	if a.doc != "" {
		parts = append(parts, "doc: "+q(a.doc))
	}
	fmt.Fprintf(w, "      - {%s}\n", strings.Join(parts, ", "))
}

var plainRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/-]*$`)

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = q(s)
	}
	return out
}

// q quotes s for YAML flow context unless it is a plain safe word.
func q(s string) string {
	if plainRE.MatchString(s) && !isYAMLSpecial(s) {
		return s
	}
	b, _ := json.Marshal(s)
	return string(b)
}

func isYAMLSpecial(s string) bool {
	switch strings.ToLower(s) {
	case "yes", "no", "true", "false", "on", "off", "null", "y", "n", "~":
		return true
	}
	// numbers would decode fine as strings in our loader, but quote them to be clear
	if regexp.MustCompile(`^[0-9.]+$`).MatchString(s) {
		return true
	}
	return false
}

var descType = []struct {
	re  *regexp.Regexp
	typ string
}{
	{regexp.MustCompile(`\(IP address\)$`), "ip"},
	{regexp.MustCompile(`\(IP prefix\)$`), "prefix"},
	{regexp.MustCompile(`\(MAC address\)$`), "mac"},
	{regexp.MustCompile(`time interval`), "duration"},
	{regexp.MustCompile(`integer number`), "int"},
}

// infer fills the type from the argument's description and completions, then the global name tables.
func infer(a *attr, arg map[string]any, menu string) {
	a.typ = "string"
	if arg != nil {
		desc, _ := arg["desc"].(string)
		for _, d := range descType {
			if d.re.MatchString(desc) {
				a.typ = d.typ
			}
		}
		if m := regexp.MustCompile(`^([a-z0-9-]+(\|[a-z0-9-]+)+)\[,`).FindStringSubmatch(desc); m != nil {
			a.typ, a.list = "enum", true
			a.values = strings.Split(m[1], "|")
		}
		comp := completions(arg)
		var vals []string
		yn := 0
		for k, c := range comp {
			switch {
			case c.Style == "syntax-meta" && strings.HasPrefix(k, "!"):
				a.negatable = true
			case k == "yes" || k == "no":
				yn++
			case c.Style == "none" || c.Style == "arg":
				vals = append(vals, k)
			}
		}
		sort.Strings(vals)
		if yn == 2 && len(vals) == 0 {
			a.typ = "bool"
		} else if len(vals) > 0 && a.typ == "string" && !objectNames(vals) {
			a.typ, a.values = "enum", vals
			if yn > 0 {
				a.values = append(a.values, "yes", "no")
				sort.Strings(a.values)
			}
		}
		if a.typ == "enum" && len(a.values) == 1 && !a.list {
			// a lone completion is a special word of a free-form value (none, default, bottom)
			a.typ, a.values = "string", nil
		}
		if _, ok := comp["!,"]; ok {
			a.list, a.negateEach = true, true
		}
	}
	if g, ok := globalTypes[a.name]; ok {
		g.apply(a)
	}
	if l, ok := globalList[a.name]; ok {
		a.list = l
	}
	if negateEach[a.name] {
		a.list, a.negateEach = true, true
	}
	if a.ro && a.typ == "string" {
		if roBool[a.name] {
			a.typ = "bool"
		} else if roInt[a.name] || ((strings.HasPrefix(a.name, "rx-") || strings.HasPrefix(a.name, "tx-") ||
			strings.HasPrefix(a.name, "fc-fec-") || strings.HasPrefix(a.name, "rs-fec-")) && !strings.Contains(a.name, "status")) {
			a.typ = "int"
		} else if strings.HasSuffix(a.name, "-byte") || strings.HasSuffix(a.name, "-packet") || strings.HasSuffix(a.name, "-drop") ||
			strings.HasSuffix(a.name, "-error") || strings.HasSuffix(a.name, "-bytes") || strings.HasSuffix(a.name, "-packets") ||
			strings.HasSuffix(a.name, "-count") || strings.HasSuffix(a.name, "-memory") || strings.HasSuffix(a.name, "-space") {
			a.typ = "int"
		}
	}
}

// objectNames reports completions that are live object names of the CHR the dump came from.
func objectNames(vals []string) bool {
	for _, v := range vals {
		if v == "ether1" || v == "lo" || v == "admin" {
			return true
		}
	}
	return false
}
