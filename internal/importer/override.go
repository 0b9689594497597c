package importer

import (
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// An override file (schema/overrides/NAME.yaml) holds the human decisions about one package: what
// the dumps do not say (defaults, keys, references, untyped integers, required arguments, Go names,
// docs) and corrections of what they say wrongly. Its shape is the schema file's, partially:
//
//	package: iface            # package keys replace the derived ones
//	dir: interface
//	path: /interface          # required: the package the file is about
//	doc: "..."
//	menus:
//	  - path: /interface/bridge
//	    skip: "why"           # leave the menu out (reported by coverage)
//	    go: ..., field: ..., kind: ..., verbs: [...], doc: ..., view: {...}   # replace
//	    unique: [...], items: [...], locked: [...]                          # replace, comments kept
//	    attrs:                # merged by name with the imported attributes
//	      - {name: mtu, type: int, sentinels: [auto]}  # src: manual
//	      - {name: foo, drop: true}
//	    commands:             # merged by name; args:/reply: given replace the imported ones
//	      - {name: reset-counters, doc: "..."}
//
// An attribute entry's keys replace the imported attribute's; when it gives type:, the whole type
// (type, list, negatable, negate-each, open, range, sentinels, values, ref, min, max) is the
// entry's. Its line comment (# src: ..., # UNVERIFIED ...) is written after the attribute in the
// schema file. A menu entry for a path the dumps do not have is a whole menu (it needs kind:).

type ovFile struct {
	file                 string
	Name, Dir, Path, Doc string
	Header               []string
	menus                []*ovMenu
}

type ovMenu struct {
	path     string
	keys     map[string]*yaml.Node // menu keys other than attrs/commands
	comments map[string]string
	attrs    []*yaml.Node
	commands []*yaml.Node
	skip     string
	used     bool
	pos      string
}

func loadOverrides(fsys fs.FS) (map[string]*ovFile, error) {
	out := map[string]*ovFile{}
	if fsys == nil {
		return out, nil
	}
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	for _, n := range names {
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		f, err := parseOverride(n, data)
		if err != nil {
			return nil, err
		}
		if prev, ok := out[f.Path]; ok {
			return nil, fmt.Errorf("overrides: %s and %s are both about %s", prev.file, n, f.Path)
		}
		out[f.Path] = f
	}
	return out, nil
}

func parseOverride(name string, data []byte) (*ovFile, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("overrides/%s: %w", name, err)
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("overrides/%s: not a mapping", name)
	}
	root := doc.Content[0]
	f := &ovFile{file: name}
	for _, l := range strings.Split(doc.HeadComment+"\n"+root.HeadComment, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			f.Header = append(f.Header, strings.TrimSpace(strings.TrimPrefix(l, "#")))
		}
	}
	errf := func(n *yaml.Node, format string, a ...any) error {
		return fmt.Errorf("overrides/%s:%d:%d: %s", name, n.Line, n.Column, fmt.Sprintf(format, a...))
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "package":
			f.Name = v.Value
		case "dir":
			f.Dir = v.Value
		case "path":
			f.Path = v.Value
		case "doc":
			f.Doc = v.Value
		case "menus":
			if v.Kind != yaml.SequenceNode {
				return nil, errf(v, "menus must be a list")
			}
			for _, mn := range v.Content {
				m, err := parseOvMenu(mn, errf)
				if err != nil {
					return nil, err
				}
				m.pos = fmt.Sprintf("overrides/%s:%d", name, mn.Line)
				f.menus = append(f.menus, m)
			}
		default:
			return nil, errf(k, "unknown key %q", k.Value)
		}
	}
	if f.Path == "" {
		return nil, fmt.Errorf("overrides/%s: needs a path key", name)
	}
	return f, nil
}

var ovMenuKeys = set("path", "go", "field", "kind", "verbs", "doc", "view", "unique", "items", "locked", "attrs", "commands", "skip")

func parseOvMenu(n *yaml.Node, errf func(*yaml.Node, string, ...any) error) (*ovMenu, error) {
	if n.Kind != yaml.MappingNode {
		return nil, errf(n, "a menu must be a mapping")
	}
	m := &ovMenu{keys: map[string]*yaml.Node{}, comments: map[string]string{}}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !ovMenuKeys[k.Value] {
			return nil, errf(k, "unknown menu key %q", k.Value)
		}
		if k.LineComment != "" {
			m.comments[k.Value] = k.LineComment
		} else if v.LineComment != "" && v.Kind == yaml.ScalarNode {
			m.comments[k.Value] = v.LineComment
		} else if v.LineComment != "" && v.Style&yaml.FlowStyle != 0 {
			m.comments[k.Value] = v.LineComment
		}
		switch k.Value {
		case "path":
			m.path = v.Value
		case "skip":
			m.skip = v.Value
		case "attrs":
			if v.Kind != yaml.SequenceNode {
				return nil, errf(v, "attrs must be a list")
			}
			m.attrs = v.Content
		case "commands":
			if v.Kind != yaml.SequenceNode {
				return nil, errf(v, "commands must be a list")
			}
			m.commands = v.Content
		default:
			m.keys[k.Value] = v
		}
	}
	if m.path == "" {
		return nil, errf(n, "a menu needs path:")
	}
	return m, nil
}

// applyAttr merges an override entry into a (which may be new).
func applyAttr(a *attr, n *yaml.Node, where string) (drop bool, err error) {
	if n.Kind != yaml.MappingNode {
		return false, fmt.Errorf("%s: an attribute override must be a mapping", where)
	}
	vals := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		vals[n.Content[i].Value] = n.Content[i+1]
	}
	if d := vals["drop"]; d != nil && d.Value == "true" {
		return true, nil
	}
	if _, ok := vals["type"]; ok {
		*a = attr{Name: a.Name, Go: a.Go, RO: a.RO, WO: a.WO, Add: a.Add, Set: a.Set, Required: a.Required,
			RequiredIf: a.RequiredIf, Invalid: a.Invalid, Secret: a.Secret, Default: a.Default, Doc: a.Doc,
			Comment: a.Comment, desc: a.desc, comps: a.comps}
	}
	b := func(v *yaml.Node) bool { return v.Value == "true" }
	pb := func(v *yaml.Node) *bool { x := b(v); return &x }
	strs := func(v *yaml.Node) []string {
		var out []string
		for _, c := range v.Content {
			out = append(out, c.Value)
		}
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i].Value, n.Content[i+1]
		switch k {
		case "name", "drop":
		case "go":
			a.Go = v.Value
		case "type":
			a.Type = v.Value
		case "list":
			a.List = b(v)
		case "negatable":
			a.Negatable = b(v)
		case "negate-each":
			a.NegateEach = b(v)
		case "open":
			a.Open = b(v)
		case "range":
			a.Range = b(v)
		case "pair":
			a.Pair = b(v)
		case "open-end":
			a.OpenEnd = b(v)
		case "sentinels":
			a.Sentinels = strs(v)
		case "values":
			a.Values = strs(v)
		case "ref":
			a.Ref = v.Value
		case "or-ref":
			a.OrRef = v.Value
		case "min", "max":
			x, err := strconv.ParseInt(v.Value, 10, 64)
			if err != nil {
				return false, fmt.Errorf("%s: %s: %v", where, k, err)
			}
			if k == "min" {
				a.Min = &x
			} else {
				a.Max = &x
			}
		case "ro":
			a.RO = b(v)
			if a.RO {
				a.WO, a.Add, a.Set = false, nil, nil
			}
		case "wo":
			a.WO = b(v)
			if a.WO {
				a.RO = false
			}
		case "add":
			a.Add = pb(v)
			if b(v) {
				a.Add = nil
			}
		case "set":
			a.Set = pb(v)
			if b(v) {
				a.Set = nil
			}
		case "required":
			a.Required = b(v)
		case "required-if":
			a.RequiredIf = v
		case "invalid":
			a.Invalid = v.Value
		case "secret":
			a.Secret = b(v)
		case "default":
			s := v.Value
			a.Default = &s
		case "no-default":
			a.Default = nil
		case "doc":
			a.Doc = v.Value
		default:
			return false, fmt.Errorf("%s: unknown attribute key %q", where, k)
		}
	}
	if n.LineComment != "" {
		a.Comment = n.LineComment
	}
	a.why = "override"
	return false, nil
}

// applyCommand merges an override entry into c.
func applyCommand(c *command, n *yaml.Node, where string) (drop bool, err error) {
	if n.Kind != yaml.MappingNode {
		return false, fmt.Errorf("%s: a command override must be a mapping", where)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i].Value, n.Content[i+1]
		switch k {
		case "name":
		case "drop":
			if v.Value == "true" {
				return true, nil
			}
		case "go":
			c.Go = v.Value
		case "doc":
			c.Doc = v.Value
		case "streaming":
			c.Streaming = v.Value == "true"
		case "args", "reply":
			var out []*attr
			for _, an := range v.Content {
				a := &attr{}
				for j := 0; j+1 < len(an.Content); j += 2 {
					if an.Content[j].Value == "name" {
						a.Name = an.Content[j+1].Value
					}
				}
				if _, err := applyAttr(a, an, where); err != nil {
					return false, err
				}
				out = append(out, a)
			}
			if k == "args" {
				c.Args = out
			} else {
				c.Reply = out
			}
		default:
			return false, fmt.Errorf("%s: unknown command key %q", where, k)
		}
	}
	if n.LineComment != "" {
		c.Comment = n.LineComment
	}
	return false, nil
}

func nodeName(n *yaml.Node) string {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "name" {
			return n.Content[i+1].Value
		}
	}
	return ""
}
