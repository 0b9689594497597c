package schema

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"

	yaml "go.yaml.in/yaml/v3"

	"github.com/rosgen/routeros/wire"
)

//go:embed *.yaml
var embedded embed.FS

var (
	defaultOnce   sync.Once
	defaultSchema *Schema
	defaultErr    error
)

// Default returns the schema embedded in this package (schema/*.yaml of the module), loaded once.
// File names in the model and in errors read "schema/ip.yaml". The result is shared: do not modify it.
func Default() (*Schema, error) {
	defaultOnce.Do(func() {
		names, err := fs.Glob(embedded, "*.yaml")
		if err != nil {
			defaultErr = err
			return
		}
		sort.Strings(names)
		files := make([]string, len(names))
		for i, n := range names {
			files[i] = "schema/" + n
		}
		defaultSchema, defaultErr = Load(prefixFS{prefix: "schema/", fsys: embedded}, files...)
	})
	return defaultSchema, defaultErr
}

type prefixFS struct {
	prefix string
	fsys   fs.FS
}

func (p prefixFS) Open(name string) (fs.File, error) {
	if !strings.HasPrefix(name, p.prefix) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return p.fsys.Open(strings.TrimPrefix(name, p.prefix))
}

// LoadFile loads schema files from the operating system's file system. The names are kept as given
// in positions and in Package.File.
func LoadFile(files ...string) (*Schema, error) {
	return Load(osFS{}, files...)
}

type osFS struct{}

func (osFS) Open(name string) (fs.File, error) { return os.Open(name) }

// Error is one schema error at a position.
type Error struct {
	Pos Pos
	Msg string
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

// ErrorList is every error Load found, sorted by position. Its text is one error per line.
type ErrorList []*Error

func (l ErrorList) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// Unwrap returns the errors of the list.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// Load reads, decodes and validates the named files of fsys, one package per file. On any error it
// returns an ErrorList.
func Load(fsys fs.FS, files ...string) (*Schema, error) {
	l := &loader{s: &Schema{menus: map[string]*Menu{}}}
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		l.file(f, data)
	}
	l.resolve()
	if len(l.errs) > 0 {
		sort.SliceStable(l.errs, func(i, j int) bool {
			a, b := l.errs[i].Pos, l.errs[j].Pos
			if a.File != b.File {
				return a.File < b.File
			}
			if a.Line != b.Line {
				return a.Line < b.Line
			}
			return a.Col < b.Col
		})
		return nil, l.errs
	}
	return l.s, nil
}

type loader struct {
	s     *Schema
	errs  ErrorList
	cur   string
	refs  []*Attr
	views []*Menu
	pkgs  map[string]Pos
}

func (l *loader) errorf(n *yaml.Node, format string, args ...any) {
	p := Pos{File: l.cur}
	if n != nil {
		p.Line, p.Col = n.Line, n.Column
	}
	l.errs = append(l.errs, &Error{Pos: p, Msg: fmt.Sprintf(format, args...)})
}

func (l *loader) pos(n *yaml.Node) Pos { return Pos{File: l.cur, Line: n.Line, Col: n.Column} }

// fields walks a mapping node, calling set for each known key and reporting unknown and duplicate keys.
func (l *loader) fields(n *yaml.Node, what string, keys map[string]func(v *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		l.errorf(n, "%s must be a mapping", what)
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		f, ok := keys[k.Value]
		if !ok {
			known := make([]string, 0, len(keys))
			for key := range keys {
				known = append(known, key)
			}
			sort.Strings(known)
			l.errorf(k, "unknown key %q in %s (known: %s)", k.Value, what, strings.Join(known, ", "))
			continue
		}
		if seen[k.Value] {
			l.errorf(k, "duplicate key %q in %s", k.Value, what)
			continue
		}
		seen[k.Value] = true
		f(v)
	}
}

func (l *loader) str(n *yaml.Node, dst *string) {
	if n.Kind != yaml.ScalarNode {
		l.errorf(n, "expected a string")
		return
	}
	*dst = n.Value
}

func (l *loader) boolean(n *yaml.Node, dst *bool) {
	if n.Kind != yaml.ScalarNode {
		l.errorf(n, "expected true or false")
		return
	}
	switch n.Value {
	case "true":
		*dst = true
	case "false":
		*dst = false
	default:
		l.errorf(n, "expected true or false, got %q", n.Value)
	}
}

func (l *loader) integer(n *yaml.Node, dst *int64, has *bool) {
	v, err := strconv.ParseInt(n.Value, 10, 64)
	if n.Kind != yaml.ScalarNode || err != nil {
		l.errorf(n, "expected an integer")
		return
	}
	*dst, *has = v, true
}

// conds reads required-if: {attr: value} or {attr: [value, ...]}.
func (l *loader) conds(n *yaml.Node, dst *[]Cond) {
	if n.Kind != yaml.MappingNode {
		l.errorf(n, "expected a mapping {attribute: [values]}")
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		c := Cond{Attr: k.Value}
		if v.Kind == yaml.ScalarNode {
			c.Values = []string{v.Value}
		} else {
			l.strs(v, &c.Values)
		}
		*dst = append(*dst, c)
	}
}

// strMap reads a flow mapping of scalars ({type: bridge}) as text.
func (l *loader) strMap(n *yaml.Node, what string) map[string]string {
	if n.Kind != yaml.MappingNode {
		l.errorf(n, "%s must be a mapping", what)
		return nil
	}
	out := map[string]string{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if v.Kind != yaml.ScalarNode {
			l.errorf(v, "value of %q in %s must be a scalar", k.Value, what)
			continue
		}
		if _, dup := out[k.Value]; dup {
			l.errorf(k, "duplicate key %q in %s", k.Value, what)
			continue
		}
		out[k.Value] = v.Value
	}
	return out
}

// menuFacts reads a menu's unique, items, locked and view keys and checks them against its
// attributes (which are read by then).
func (l *loader) menuFacts(m *Menu, unique, items, locked, view *yaml.Node) {
	attrErr := func(n *yaml.Node, what, name string) bool {
		if m.attrs[name] == nil {
			l.errorf(n, "%s names %q, which is not an attribute of %s", what, name, m.Path)
			return true
		}
		return false
	}
	for _, a := range m.Attrs {
		for _, c := range a.RequiredIf {
			if m.attrs[c.Attr] == nil {
				l.errorf(nodeAt(a), "required-if of %q names %q, which is not an attribute of %s", a.Name, c.Attr, m.Path)
			}
		}
	}
	if unique != nil {
		if unique.Kind != yaml.SequenceNode {
			l.errorf(unique, "unique must be a list of {attrs: [...], error: ...}")
		} else {
			for _, kn := range unique.Content {
				k := &Key{Pos: l.pos(kn)}
				var attrsNode *yaml.Node
				l.fields(kn, "unique key", map[string]func(*yaml.Node){
					"attrs": func(v *yaml.Node) { attrsNode = v; l.strs(v, &k.Attrs) },
					"error": func(v *yaml.Node) { l.str(v, &k.Error) },
				})
				if len(k.Attrs) == 0 || k.Error == "" {
					l.errorf(kn, "a unique key needs attrs: and error:")
					continue
				}
				for i, a := range k.Attrs {
					attrErr(attrsNode.Content[i], "unique key", a)
				}
				m.Unique = append(m.Unique, k)
			}
		}
	}
	if items != nil {
		if items.Kind != yaml.SequenceNode {
			l.errorf(items, "items must be a list of mappings")
		} else if m.Kind != KindList && m.Kind != KindFixed {
			l.errorf(items, "items: is only for list and fixed menus (%s is %s)", m.Path, m.Kind)
		} else {
			for _, in := range items.Content {
				vals := l.strMap(in, "item")
				for i := 0; i+1 < len(in.Content); i += 2 {
					if k := in.Content[i].Value; k != ".id" {
						attrErr(in.Content[i], "item", k)
					}
				}
				if vals != nil {
					m.Items = append(m.Items, &Item{Values: vals, Pos: l.pos(in)})
				}
			}
		}
	}
	if locked != nil {
		if locked.Kind != yaml.SequenceNode {
			l.errorf(locked, "locked must be a list of {when: ATTR, error: ...}")
		} else {
			for _, ln := range locked.Content {
				k := &Lock{Pos: l.pos(ln)}
				var whenNode *yaml.Node
				l.fields(ln, "lock", map[string]func(*yaml.Node){
					"when": func(v *yaml.Node) { whenNode = v; l.str(v, &k.When) },
					"verbs": func(v *yaml.Node) {
						var vs []string
						l.strs(v, &vs)
						for i, x := range vs {
							if !slices.Contains(AllVerbs, Verb(x)) {
								l.errorf(v.Content[i], "unknown verb %q", x)
							}
							k.Verbs = append(k.Verbs, Verb(x))
						}
					},
					"error": func(v *yaml.Node) { l.str(v, &k.Error) },
				})
				if k.When == "" || k.Error == "" {
					l.errorf(ln, "a lock needs when: and error:")
					continue
				}
				if !attrErr(whenNode, "lock", k.When) && m.attrs[k.When].Type.Base != Bool {
					l.errorf(whenNode, "lock attribute %q of %s is not a bool", k.When, m.Path)
				}
				m.Locked = append(m.Locked, k)
			}
		}
	}
	if view != nil {
		v := &View{}
		l.fields(view, "view", map[string]func(*yaml.Node){
			"of":    func(n *yaml.Node) { l.str(n, &v.Of) },
			"where": func(n *yaml.Node) { v.Where = l.strMap(n, "view where") },
		})
		if v.Of == "" || v.Of == m.Path {
			l.errorf(view, "view needs of: the path of another menu")
		} else {
			m.View = v
			l.views = append(l.views, m)
		}
	}
}

func (l *loader) strs(n *yaml.Node, dst *[]string) {
	if n.Kind != yaml.SequenceNode {
		l.errorf(n, "expected a list")
		return
	}
	for _, c := range n.Content {
		if c.Kind != yaml.ScalarNode {
			l.errorf(c, "expected a string")
			continue
		}
		*dst = append(*dst, c.Value)
	}
}

func (l *loader) file(name string, data []byte) {
	l.cur = name
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := err.Error()
		line := 0
		// yaml.v3 errors read "yaml: line N: msg"
		if rest, ok := strings.CutPrefix(msg, "yaml: line "); ok {
			if i := strings.Index(rest, ": "); i > 0 {
				if n, err := strconv.Atoi(rest[:i]); err == nil {
					line, msg = n, rest[i+2:]
				}
			}
		}
		l.errs = append(l.errs, &Error{Pos: Pos{File: name, Line: line, Col: 1}, Msg: msg})
		return
	}
	if len(doc.Content) == 0 {
		l.errorf(nil, "empty schema file")
		return
	}
	root := doc.Content[0]
	p := &Package{File: name}
	var menusNode *yaml.Node
	l.fields(root, "package", map[string]func(*yaml.Node){
		"package": func(v *yaml.Node) { l.str(v, &p.Name) },
		"dir":     func(v *yaml.Node) { l.str(v, &p.Dir) },
		"path":    func(v *yaml.Node) { l.str(v, &p.Path) },
		"doc":     func(v *yaml.Node) { l.str(v, &p.Doc) },
		"menus":   func(v *yaml.Node) { menusNode = v },
	})
	if p.Path == "" || !validPath(p.Path) {
		l.errorf(root, "package path must be an absolute RouterOS path such as /ip, got %q", p.Path)
		return
	}
	if p.Name == "" {
		p.Name = path.Base(p.Path)
	}
	if !isIdent(p.Name) || isKeyword(p.Name) || strings.ToLower(p.Name) != p.Name {
		l.errorf(root, "package name %q is not a valid lower-case Go package name (set package:)", p.Name)
	}
	if p.Dir == "" {
		p.Dir = path.Base(p.Path)
	}
	p.GoPackage = "ros/" + p.Dir
	if l.pkgs == nil {
		l.pkgs = map[string]Pos{}
	}
	if prev, ok := l.pkgs[p.Dir]; ok {
		l.errorf(root, "package directory %q already declared at %s", p.Dir, prev)
	}
	l.pkgs[p.Dir] = l.pos(root)
	p.Root = &Node{Path: p.Path, Elem: path.Base(p.Path), GoName: goName(path.Base(p.Path))}
	if menusNode == nil || menusNode.Kind != yaml.SequenceNode {
		l.errorf(root, "package needs a menus: list")
		return
	}
	for _, mn := range menusNode.Content {
		if m := l.menu(p, mn); m != nil {
			p.Menus = append(p.Menus, m)
		}
	}
	l.s.Packages = append(l.s.Packages, p)
	l.tree(p)
}

func validPath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.HasSuffix(p, "/") || strings.Contains(p, "//") {
		return false
	}
	for _, r := range p[1:] {
		if !(r == '/' || r == '-' || r == '_' || r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}

var kinds = map[string]Kind{"list": KindList, "settings": KindSettings, "fixed": KindFixed, "none": KindNone}

func (l *loader) menu(p *Package, n *yaml.Node) *Menu {
	m := &Menu{Package: p, Pos: l.pos(n), attrs: map[string]*Attr{}}
	var kind, field string
	var verbs []string
	var verbsNode, attrsNode, cmdsNode, uniqueNode, itemsNode, lockedNode, viewNode *yaml.Node
	l.fields(n, "menu", map[string]func(*yaml.Node){
		"unique":   func(v *yaml.Node) { uniqueNode = v },
		"items":    func(v *yaml.Node) { itemsNode = v },
		"locked":   func(v *yaml.Node) { lockedNode = v },
		"view":     func(v *yaml.Node) { viewNode = v },
		"path":     func(v *yaml.Node) { l.str(v, &m.Path) },
		"go":       func(v *yaml.Node) { l.str(v, &m.GoName) },
		"field":    func(v *yaml.Node) { l.str(v, &field) },
		"kind":     func(v *yaml.Node) { l.str(v, &kind) },
		"doc":      func(v *yaml.Node) { l.str(v, &m.Doc) },
		"verbs":    func(v *yaml.Node) { verbsNode = v; l.strs(v, &verbs) },
		"attrs":    func(v *yaml.Node) { attrsNode = v },
		"commands": func(v *yaml.Node) { cmdsNode = v },
	})
	if n.Kind != yaml.MappingNode {
		return nil
	}
	if m.Path == "" {
		l.errorf(n, "menu needs a path")
		return nil
	}
	if !validPath(m.Path) || !(m.Path == p.Path || strings.HasPrefix(m.Path, p.Path+"/")) {
		l.errorf(n, "menu path %q is not a path under the package path %s", m.Path, p.Path)
		return nil
	}
	if prev := l.s.menus[m.Path]; prev != nil {
		l.errorf(n, "menu %s already declared at %s", m.Path, prev.Pos)
		return nil
	}
	k, ok := kinds[kind]
	if !ok {
		l.errorf(n, "menu %s: kind must be list, settings, fixed or none, got %q", m.Path, kind)
	}
	m.Kind = k
	// verbs
	has := map[Verb]bool{}
	for i, v := range verbs {
		vb := Verb(v)
		known := false
		for _, x := range AllVerbs {
			known = known || x == vb
		}
		if !known {
			l.errorf(verbsNode.Content[i], "unknown verb %q", v)
			continue
		}
		if has[vb] {
			l.errorf(verbsNode.Content[i], "duplicate verb %q", v)
		}
		has[vb] = true
	}
	for _, x := range AllVerbs {
		if has[x] {
			m.Verbs = append(m.Verbs, x)
		}
	}
	m.Ordered = has[VerbMove]
	switch m.Kind {
	case KindList:
		if !has[VerbAdd] || !has[VerbRemove] || !has[VerbPrint] {
			l.errorf(n, "menu %s: a list menu has print, add and remove", m.Path)
		}
	case KindSettings:
		if has[VerbAdd] || has[VerbRemove] || has[VerbMove] {
			l.errorf(n, "menu %s: a %s menu has no add, remove or move", m.Path, m.Kind)
		}
		if !has[VerbPrint] {
			l.errorf(n, "menu %s: a %s menu has print", m.Path, m.Kind)
		}
	case KindFixed:
		// remove is allowed: entries the router makes that a user may delete but not create
		// (/ip/firewall/connection, /ip/hotspot/active)
		if has[VerbAdd] || has[VerbMove] {
			l.errorf(n, "menu %s: a %s menu has no add or move", m.Path, m.Kind)
		}
		if !has[VerbPrint] {
			l.errorf(n, "menu %s: a %s menu has print", m.Path, m.Kind)
		}
	case KindNone:
		if len(m.Verbs) > 0 {
			l.errorf(n, "menu %s: a menu of kind none has no verbs", m.Path)
		}
	}
	if attrsNode != nil {
		if attrsNode.Kind != yaml.SequenceNode {
			l.errorf(attrsNode, "attrs must be a list")
		} else {
			for _, an := range attrsNode.Content {
				a := l.attr(an, "attribute", false)
				if a == nil {
					continue
				}
				if prev := m.attrs[a.Name]; prev != nil {
					l.errorf(an, "attribute %q already declared at %s", a.Name, prev.Pos)
					continue
				}
				if a.OnAdd && !has[VerbAdd] {
					a.OnAdd = false
				}
				if a.Settable && !has[VerbSet] {
					a.Settable = false
				}
				if a.RequiredOnAdd && !a.OnAdd {
					l.errorf(an, "attribute %q is required on add but the menu has no add or the attribute is not writable on add", a.Name)
				}
				m.attrs[a.Name] = a
				m.Attrs = append(m.Attrs, a)
			}
		}
	}
	if cmdsNode != nil {
		if cmdsNode.Kind != yaml.SequenceNode {
			l.errorf(cmdsNode, "commands must be a list")
		} else {
			for _, cn := range cmdsNode.Content {
				if c := l.command(cn); c != nil {
					if m.Command(c.Name) != nil {
						l.errorf(cn, "command %q already declared", c.Name)
						continue
					}
					m.Commands = append(m.Commands, c)
				}
			}
		}
	}
	l.menuFacts(m, uniqueNode, itemsNode, lockedNode, viewNode)
	// Go names
	rel := strings.TrimPrefix(strings.TrimPrefix(m.Path, p.Path), "/")
	if m.GoName == "" {
		if rel == "" {
			m.GoName = goName(path.Base(m.Path))
		} else {
			m.GoName = pathName(rel)
		}
	} else if !isExportedIdent(m.GoName) {
		l.errorf(n, "go name %q of menu %s is not an exported Go identifier", m.GoName, m.Path)
	}
	if field != "" && !isExportedIdent(field) {
		l.errorf(n, "field name %q of menu %s is not an exported Go identifier", field, m.Path)
	}
	m.field = field
	fieldNames := map[string]*Attr{}
	for _, a := range m.Attrs {
		if prev := fieldNames[a.GoName]; prev != nil {
			l.errorf(nodeAt(a), "Go name %s of attribute %q clashes with attribute %q (set go:)", a.GoName, a.Name, prev.Name)
		}
		fieldNames[a.GoName] = a
		if a.GoName == "ID" || a.GoName == "Raw" {
			l.errorf(nodeAt(a), "Go name %s of attribute %q is reserved (set go:)", a.GoName, a.Name)
		}
	}
	l.s.menus[m.Path] = m
	return m
}

func nodeAt(a *Attr) *yaml.Node { return &yaml.Node{Line: a.Pos.Line, Column: a.Pos.Col} }

func (l *loader) attr(n *yaml.Node, what string, command bool) *Attr {
	a := &Attr{Pos: l.pos(n), Readable: true}
	var typ string
	var ro, wo bool
	add, set := true, true
	var addSet, setSet bool
	var typeNode *yaml.Node
	l.fields(n, what, map[string]func(*yaml.Node){
		"name":        func(v *yaml.Node) { l.str(v, &a.Name) },
		"go":          func(v *yaml.Node) { l.str(v, &a.GoName) },
		"type":        func(v *yaml.Node) { typeNode = v; l.str(v, &typ) },
		"ro":          func(v *yaml.Node) { l.boolean(v, &ro) },
		"wo":          func(v *yaml.Node) { l.boolean(v, &wo) },
		"add":         func(v *yaml.Node) { addSet = true; l.boolean(v, &add) },
		"set":         func(v *yaml.Node) { setSet = true; l.boolean(v, &set) },
		"required":    func(v *yaml.Node) { l.boolean(v, &a.RequiredOnAdd) },
		"secret":      func(v *yaml.Node) { l.boolean(v, &a.Secret) },
		"default":     func(v *yaml.Node) { a.HasDefault = true; l.str(v, &a.Default) },
		"open":        func(v *yaml.Node) { l.boolean(v, &a.Type.Open) },
		"range":       func(v *yaml.Node) { l.boolean(v, &a.Type.Range) },
		"pair":        func(v *yaml.Node) { l.boolean(v, &a.Type.Pair) },
		"open-end":    func(v *yaml.Node) { l.boolean(v, &a.Type.OpenEnd) },
		"required-if": func(v *yaml.Node) { l.conds(v, &a.RequiredIf) },
		"invalid":     func(v *yaml.Node) { l.str(v, &a.Invalid) },
		"doc":         func(v *yaml.Node) { l.str(v, &a.Doc) },
		"list":        func(v *yaml.Node) { l.boolean(v, &a.Type.List) },
		"negatable":   func(v *yaml.Node) { l.boolean(v, &a.Type.Negatable) },
		"negate-each": func(v *yaml.Node) { l.boolean(v, &a.Type.NegateEach) },
		"sentinels":   func(v *yaml.Node) { l.strs(v, &a.Type.Sentinels) },
		"values":      func(v *yaml.Node) { l.strs(v, &a.Type.Values) },
		"ref":         func(v *yaml.Node) { l.str(v, &a.Type.Ref) },
		"or-ref":      func(v *yaml.Node) { l.str(v, &a.Type.OrRef) },
		"min":         func(v *yaml.Node) { l.integer(v, &a.Type.Min, &a.Type.HasMin) },
		"max":         func(v *yaml.Node) { l.integer(v, &a.Type.Max, &a.Type.HasMax) },
	})
	if n.Kind != yaml.MappingNode {
		return nil
	}
	if a.Name == "" {
		l.errorf(n, "%s needs a name", what)
		return nil
	}
	if typ == "" {
		typ = string(String)
	}
	a.Type.Base = Base(typ)
	known := false
	for _, b := range bases {
		known = known || b == a.Type.Base
	}
	if !known {
		l.errorf(typeNode, "unknown type %q", typ)
	}
	if a.Type.Base == Flag && !command {
		l.errorf(typeNode, "type flag is only for command arguments")
	}
	if a.Type.Base == Enum && len(a.Type.Values) == 0 && !a.Type.Open {
		l.errorf(n, "enum %q needs values:", a.Name)
	}
	if a.Type.Base != Enum && len(a.Type.Values) > 0 {
		l.errorf(n, "values: is only for type enum (attribute %q)", a.Name)
	}
	if a.Type.Base == Ref && a.Type.Ref == "" {
		l.errorf(n, "ref %q needs ref: /menu/path", a.Name)
	}
	if a.Type.Base != Ref && a.Type.OrRef != "" {
		l.errorf(n, "or-ref: is only for type ref (attribute %q)", a.Name)
	}
	if a.Type.Base != Ref && a.Type.Ref != "" {
		l.errorf(n, "ref: is only for type ref (attribute %q)", a.Name)
	}
	if (a.Type.HasMin || a.Type.HasMax) && a.Type.Base != Int && a.Type.Base != Enum {
		l.errorf(n, "min:/max: are only for type int or enum (attribute %q)", a.Name)
	}
	if a.Type.Open && a.Type.Base != Enum {
		l.errorf(n, "open: is only for type enum (attribute %q)", a.Name)
	}
	if a.Type.Open && (a.Type.HasMin || a.Type.HasMax) {
		l.errorf(n, "an open enum accepts any text: min:/max: mean nothing (attribute %q)", a.Name)
	}
	if a.Type.Range && a.Type.Base != Int && a.Type.Base != Rate && a.Type.Base != IP && a.Type.Base != IPOrPrefix {
		l.errorf(n, "range: is only for type int, rate, ip or ip-prefix (attribute %q)", a.Name)
	}
	if a.Type.OpenEnd && (!a.Type.Range || a.Type.Base != Int) {
		l.errorf(n, "open-end: is only for an int range (attribute %q)", a.Name)
	}
	if a.Type.Pair && (a.Type.List || a.Type.Range || a.Type.Negatable || a.Type.NegateEach) {
		l.errorf(n, "pair: takes no list, range or negation (attribute %q)", a.Name)
	}
	if len(a.RequiredIf) > 0 && (a.RequiredOnAdd || command) {
		l.errorf(n, "required-if: is for menu attributes that are not always required (attribute %q)", a.Name)
	}
	if a.Type.NegateEach {
		if !a.Type.List {
			l.errorf(n, "negate-each: needs list: true (attribute %q)", a.Name)
		}
		a.Type.Negatable = true
	}
	if ro && wo {
		l.errorf(n, "attribute %q cannot be both ro and wo", a.Name)
	}
	a.ReadOnly = ro
	a.Readable = !wo
	if ro {
		if (addSet && add) || (setSet && set) {
			l.errorf(n, "read-only attribute %q cannot be add: or set:", a.Name)
		}
		add, set = false, false
	}
	a.OnAdd, a.Settable = add, set
	if a.GoName == "" {
		a.GoName = attrName(a.Name)
	} else if !isExportedIdent(a.GoName) {
		l.errorf(n, "go name %q is not an exported Go identifier", a.GoName)
	}
	if !a.Secret {
		a.Secret = wire.IsSecretName(a.Name)
	}
	if a.Type.Base == Ref {
		l.refs = append(l.refs, a)
	}
	return a
}

func (l *loader) command(n *yaml.Node) *Command {
	c := &Command{Pos: l.pos(n)}
	var args, reply *yaml.Node
	l.fields(n, "command", map[string]func(*yaml.Node){
		"name":      func(v *yaml.Node) { l.str(v, &c.Name) },
		"go":        func(v *yaml.Node) { l.str(v, &c.GoName) },
		"doc":       func(v *yaml.Node) { l.str(v, &c.Doc) },
		"streaming": func(v *yaml.Node) { l.boolean(v, &c.Streaming) },
		"args":      func(v *yaml.Node) { args = v },
		"reply":     func(v *yaml.Node) { reply = v },
	})
	if n.Kind != yaml.MappingNode {
		return nil
	}
	if c.Name == "" {
		l.errorf(n, "command needs a name")
		return nil
	}
	if c.GoName == "" {
		c.GoName = goName(c.Name)
	}
	for _, part := range []struct {
		n   *yaml.Node
		dst *[]*Attr
		cmd bool
	}{{args, &c.Args, true}, {reply, &c.ReplyFields, false}} {
		if part.n == nil {
			continue
		}
		if part.n.Kind != yaml.SequenceNode {
			l.errorf(part.n, "expected a list")
			continue
		}
		seen := map[string]bool{}
		for _, an := range part.n.Content {
			a := l.attr(an, "argument", part.cmd)
			if a == nil {
				continue
			}
			if seen[a.Name] {
				l.errorf(an, "%q already declared", a.Name)
				continue
			}
			seen[a.Name] = true
			if part.cmd {
				a.Readable, a.OnAdd, a.Settable = false, true, false
			} else {
				a.OnAdd, a.Settable, a.RequiredOnAdd = false, false, false
			}
			*part.dst = append(*part.dst, a)
		}
	}
	return c
}

// tree builds the package's node tree from its menus' paths.
func (l *loader) tree(p *Package) {
	nodes := map[string]*Node{p.Path: p.Root}
	var get func(string) *Node
	get = func(pth string) *Node {
		if n := nodes[pth]; n != nil {
			return n
		}
		parent := get(path.Dir(pth))
		rel := strings.TrimPrefix(pth, p.Path+"/")
		n := &Node{Path: pth, Elem: path.Base(pth), Field: goName(path.Base(pth)), GoName: pathName(rel)}
		parent.Children = append(parent.Children, n)
		nodes[pth] = n
		return n
	}
	for _, m := range p.Menus {
		n := get(m.Path)
		n.Menu = m
		m.Node = n
		n.GoName = m.GoName
		if m.field != "" {
			n.Field = m.field
		}
	}
	// clashes between fields, and between fields and client methods
	var check func(n *Node)
	check = func(n *Node) {
		seen := map[string]string{}
		if n.Menu != nil {
			for _, v := range n.Menu.Verbs {
				for _, name := range verbMethods(v) {
					seen[name] = "verb " + string(v)
				}
			}
			for _, c := range n.Menu.Commands {
				if prev, ok := seen[c.GoName]; ok {
					l.errs = append(l.errs, &Error{Pos: c.Pos, Msg: fmt.Sprintf("command %s of %s clashes with %s (set go:)", c.GoName, n.Path, prev)})
				}
				seen[c.GoName] = "command " + c.Name
			}
		}
		for _, c := range n.Children {
			if _, ok := seen[c.Field]; ok && (c.Menu == nil || c.Menu.field == "") {
				// A child named like a method of its parent (the menu /interface/list beside the
				// verb List) is reached as ListMenu.
				c.Field += "Menu"
			}
			if prev, ok := seen[c.Field]; ok {
				pos := Pos{File: p.File}
				if c.Menu != nil {
					pos = c.Menu.Pos
				}
				l.errs = append(l.errs, &Error{Pos: pos, Msg: fmt.Sprintf("field %s for %s clashes with %s of %s (set field:)", c.Field, c.Path, prev, n.Path)})
			}
			seen[c.Field] = "menu " + c.Path
			check(c)
		}
	}
	check(p.Root)
	// client type names
	menuNames := map[string]bool{}
	for _, m := range p.Menus {
		menuNames[m.GoName] = true
	}
	var clients func(n *Node)
	clients = func(n *Node) {
		n.ClientType = ClientTypeName(n.GoName, func(s string) bool { return menuNames[s] })
		if n == p.Root {
			n.ClientType = "Client"
		}
		for _, c := range n.Children {
			clients(c)
		}
	}
	clients(p.Root)
	// type-name clashes across the package
	types := map[string]string{}
	for _, m := range p.Menus {
		if prev, ok := types[m.GoName]; ok {
			l.errs = append(l.errs, &Error{Pos: m.Pos, Msg: fmt.Sprintf("go name %s of %s clashes with %s (set go:)", m.GoName, m.Path, prev)})
		}
		types[m.GoName] = m.Path
	}
}

// verbMethods are the Go method names a verb gives a generated client.
func verbMethods(v Verb) []string {
	switch v {
	case VerbPrint:
		return []string{"List", "All", "Get", "Count", "Find", "One", "Watch", "Menu"}
	case VerbAdd:
		return []string{"Add", "AddMany", "Ensure", "Reconcile"}
	case VerbSet:
		return []string{"Set", "SetMany"}
	case VerbRemove:
		return []string{"Remove", "RemoveMany", "RemoveWhere"}
	case VerbGet, VerbReset:
		return nil
	}
	return []string{goName(string(v))}
}

func (l *loader) resolve() {
	for _, m := range l.views {
		of := l.s.menus[m.View.Of]
		switch {
		case of == nil:
			l.errs = append(l.errs, &Error{Pos: m.Pos, Msg: fmt.Sprintf("menu %s is a view of unknown menu %s", m.Path, m.View.Of)})
		case of.View != nil:
			l.errs = append(l.errs, &Error{Pos: m.Pos, Msg: fmt.Sprintf("menu %s is a view of %s, which is itself a view", m.Path, m.View.Of)})
		default:
			for k := range m.View.Where {
				if of.attrs[k] == nil {
					l.errs = append(l.errs, &Error{Pos: m.Pos, Msg: fmt.Sprintf("view of %s filters on %q, which is not an attribute of %s", m.Path, k, of.Path)})
				}
			}
		}
	}
	for _, a := range l.refs {
		if l.s.menus[a.Type.Ref] == nil {
			l.errs = append(l.errs, &Error{Pos: a.Pos, Msg: fmt.Sprintf("attribute %q refers to unknown menu %s", a.Name, a.Type.Ref)})
		}
		if a.Type.OrRef != "" && l.s.menus[a.Type.OrRef] == nil {
			l.errs = append(l.errs, &Error{Pos: a.Pos, Msg: fmt.Sprintf("attribute %q refers to unknown menu %s", a.Name, a.Type.OrRef)})
		}
	}
}

// WithFiles returns the embedded schema (Default) together with more schema files from the
// operating system's file system: each name is a YAML file or a directory whose *.yaml files are
// read (sorted). Their menus are validated with the embedded ones, so they may refer to them
// (ref: /interface). Use it for menus generated in another module.
func WithFiles(names ...string) (*Schema, error) {
	if len(names) == 0 {
		return Default()
	}
	emb, err := fs.Glob(embedded, "*.yaml")
	if err != nil {
		return nil, err
	}
	sort.Strings(emb)
	var files []string
	for _, n := range emb {
		files = append(files, "schema/"+n)
	}
	own := map[string]bool{}
	for _, n := range names {
		st, err := os.Stat(n)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			files = append(files, n)
			own[n] = true
			continue
		}
		ms, err := filepathGlob(n)
		if err != nil {
			return nil, err
		}
		files = append(files, ms...)
		for _, m := range ms {
			own[m] = true
		}
	}
	return Load(mixedFS{own: own}, files...)
}

// mixedFS reads the caller's files from the OS and every other "schema/NAME" from the embedded
// files: a user's own schema/NAME.yaml is read from their disk even when the SDK embeds a file of
// that name.
type mixedFS struct{ own map[string]bool }

func (m mixedFS) Open(name string) (fs.File, error) {
	if m.own[name] {
		return os.Open(name)
	}
	if rest, ok := strings.CutPrefix(name, "schema/"); ok && !strings.Contains(rest, "/") {
		if f, err := embedded.Open(rest); err == nil {
			return f, nil
		}
	}
	return os.Open(name)
}

func filepathGlob(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".yaml") {
			out = append(out, path.Join(filepathToSlash(dir), e.Name()))
		}
	}
	sort.Strings(out)
	return out, nil
}
