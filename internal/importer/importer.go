// Package importer turns RouterOS /console/inspect output into the schema files of package schema
// (schema/*.yaml): `rosgen import` is a thin command around [Import].
//
// # API
//
// [Import] takes the bytes of two dumps in the restraml inspect format (nested objects keyed by
// name with _type dir|path|cmd|arg, desc, and in deep dumps _completion) and the override layer as
// an fs.FS holding NAME.yaml files:
//
//	res, err := importer.Import(tree, completions, os.DirFS("schema/overrides"), importer.Options{TreeVersion: "7.24"})
//
// tree is the dump whose menus, commands and arguments are imported (RouterOS 7.24's inspect.json,
// or the output of a live walk); completions is a dump with completions (RouterOS 7.22.3's
// deep-inspect.json) read for what tree lacks: print's .proplist completions (the readable
// properties and their docs), enum values, argument syntax texts. Either may be the same dump;
// completions may be nil. The result holds one file per top-level path (Files["ip.yaml"]), the
// menus left out with the reason, a report of what each dump contributed and a readable list of
// the differences between the two dumps. The same input gives the same bytes.
//
// The mapping rules (menu kinds, types from syntax texts and completions, open enums, sentinels,
// references, negation, the override layer) are documented in schema/README.md.
package importer

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/rosgen/routeros/schema"
)

// Options configure Import.
type Options struct {
	// TreeVersion and CompletionsVersion name the RouterOS versions of the two dumps in the
	// report and the file headers; a dump's _meta.version wins when present.
	TreeVersion, CompletionsVersion string
}

// Result is what Import produced.
type Result struct {
	// Files maps a schema file name ("ip.yaml") to its bytes.
	Files map[string][]byte
	// Skipped lists the menus (paths with print) of the tree that are not in any file, with why.
	Skipped []Skipped
	// Report says what each dump and the overrides contributed.
	Report string
	// Changes lists, in Markdown, the menus, arguments and properties that differ between the
	// completion dump and the tree.
	Changes string
	// Menus is the number of menus (paths with print) in the tree.
	Menus int
	// Untyped lists, in Markdown, the plain-string attributes that are not free text (IsFreeText),
	// with the reason the import left them plain.
	Untyped string
}

// Skipped is a menu left out of the schema.
type Skipped struct {
	Path, Reason string
}

// standard are the commands that are verbs or console-only: not extra commands.
var standard = set("print", "get", "add", "set", "unset", "remove", "enable", "disable", "move", "comment",
	"reset", "export", "edit", "find", "listen", "cancel",
	// interactive console commands, of no use over the API
	"recursive-print", "shell", "ssh", "telnet", "serial-terminal", "mac-telnet")

var notProps = set("numbers", "number", "copy-from", "place-before", "as-value", ".id")

type importer struct {
	tree, comp       *node
	treeVer, compVer string
	ov               map[string]*ovFile
	types            map[string]*ovFile // the type layer (schema/overrides/types)
	menus            map[string]bool    // every menu path imported (for references)
	report           stats
	changes          []string
	skipped          []Skipped
	treeMenus        int
	pkgs             map[string]*pkg
	curMenu          string
	added            []string // attributes an override adds to a menu of the dumps
}

type stats struct {
	menus, menusNoComp, args, argsDescTree, argsDescComp, argsComp, readableFromComp, typedByName,
	typedByOverride, attrs, removed, typedBySibling, typedByLayer, typedByCommand, typedByFamily int
}

// Import builds the schema files. See the package documentation.
func Import(tree, completions []byte, overrides fs.FS, opt Options) (*Result, error) {
	t, tv, err := parseDump(tree)
	if err != nil {
		return nil, fmt.Errorf("tree %w", err)
	}
	im := &importer{tree: t, treeVer: firstNonEmpty(tv, opt.TreeVersion, "?"), menus: map[string]bool{}}
	if completions != nil {
		c, cv, err := parseDump(completions)
		if err != nil {
			return nil, fmt.Errorf("completions %w", err)
		}
		im.comp, im.compVer = c, firstNonEmpty(cv, opt.CompletionsVersion, "?")
	}
	im.ov, err = loadOverrides(overrides)
	if err != nil {
		return nil, err
	}
	im.types, err = loadTypeLayer(overrides)
	if err != nil {
		return nil, err
	}
	return im.run()
}

func firstNonEmpty(v ...string) string {
	for _, s := range v {
		if s != "" {
			return s
		}
	}
	return ""
}

// menuPaths returns the menus (paths with print) and command-only dirs under n, sorted.
func menuPaths(n *node, p string, out *[]string, cmdDirs *[]string) {
	for _, k := range sortedKeys(n.Children) {
		c := n.Children[k]
		if !c.isDir() {
			continue
		}
		cp := p + "/" + k
		if c.cmd("print") != nil {
			*out = append(*out, cp)
		} else if len(extraCommands(c)) > 0 {
			*cmdDirs = append(*cmdDirs, cp)
		}
		menuPaths(c, cp, out, cmdDirs)
	}
}

func extraCommands(n *node) []string {
	var out []string
	for _, k := range sortedKeys(n.Children) {
		if n.Children[k].Type == "cmd" && !standard[k] {
			out = append(out, k)
		}
	}
	return out
}

func (im *importer) run() (*Result, error) {
	var paths, cmdDirs []string
	menuPaths(im.tree, "", &paths, &cmdDirs)
	im.treeMenus = len(paths)
	for _, p := range paths {
		im.menus[p] = true
	}
	for _, f := range im.ov {
		for _, m := range f.menus {
			if m.keys["kind"] != nil && m.skip == "" {
				im.menus[m.path] = true
			}
		}
	}
	isMenu := func(p string) bool { return im.menus[p] }
	// packages: one per top-level element
	pkgs := map[string]*pkg{}
	var order []string
	getPkg := func(top string) *pkg {
		if p := pkgs[top]; p != nil {
			return p
		}
		name := strings.ReplaceAll(top, "-", "")
		p := &pkg{Name: name, Path: "/" + top, Doc: fmt.Sprintf("The RouterOS menus under /%s.", top)}
		if name != top {
			p.Dir = name
		}
		pkgs[top] = p
		order = append(order, top)
		return p
	}
	all := append(append([]string{}, paths...), cmdDirs...)
	sort.Strings(all)
	isCmdDir := set(cmdDirs...)
	for _, p := range all {
		top := strings.Split(p, "/")[1]
		ov := im.ovMenu(p)
		if ov != nil && ov.skip != "" {
			ov.used = true
			im.skipped = append(im.skipped, Skipped{p, ov.skip})
			continue
		}
		if reason := autoSkip(p); reason != "" {
			if !isCmdDir[p] {
				im.skipped = append(im.skipped, Skipped{p, reason})
			}
			continue
		}
		var m *menu
		if isCmdDir[p] {
			m = im.commandDir(p, isMenu)
		} else {
			m = im.menu(p, isMenu)
		}
		if m == nil {
			continue
		}
		pk := getPkg(top)
		pk.Menus = append(pk.Menus, m)
	}
	// overrides: package keys, menus, attributes
	res := &Result{Files: map[string][]byte{}, Menus: im.treeMenus}
	for _, top := range sortedKeys(im.ov) {
		f := im.ov[top]
		t := strings.TrimPrefix(f.Path, "/")
		if strings.Contains(t, "/") {
			return nil, fmt.Errorf("overrides/%s: path %s is not a top-level path", f.file, f.Path)
		}
		getPkg(t)
	}
	sort.Strings(order)
	im.pkgs = pkgs
	im.siblings(pkgs)
	for _, top := range order {
		p := pkgs[top]
		if f := im.types["/"+top]; f != nil {
			if err := im.applyTypes(p, f); err != nil {
				return nil, err
			}
		}
		if f := im.ov["/"+top]; f != nil {
			if err := im.applyPkg(p, f, isMenu); err != nil {
				return nil, err
			}
		}
		im.families(p)
		if len(p.Menus) == 0 {
			continue
		}
		sort.SliceStable(p.Menus, func(i, j int) bool { return p.Menus[i].Path < p.Menus[j].Path })
		fixNames(p)
		p.Header = append([]string{fmt.Sprintf("Generated by rosgen import from RouterOS %s /console/inspect (completions: %s) and schema/overrides/%s.yaml.", im.treeVer, im.compVer, top),
			"Do not edit: change the override file and re-import (see schema/README.md)."}, p.Header...)
		res.Files[top+".yaml"] = p.bytes()
	}
	for _, f := range im.ov {
		for _, m := range f.menus {
			if !m.used {
				return nil, fmt.Errorf("%s: override for %s matches no menu (give kind: for a menu the dumps lack)", m.pos, m.path)
			}
		}
	}
	for top, f := range im.types {
		if pkgs[strings.TrimPrefix(top, "/")] == nil {
			return nil, fmt.Errorf("overrides/%s: no package %s", f.file, top)
		}
	}
	sort.Slice(im.skipped, func(i, j int) bool { return im.skipped[i].Path < im.skipped[j].Path })
	res.Skipped = im.skipped
	res.Report = im.reportText()
	res.Changes = im.changesText()
	res.Untyped = untypedText(order, pkgs)
	return res, nil
}

// boolArgOfCommand reports whether an extra command of the menu (not add, set or another verb) in
// either dump takes an argument name whose syntax text is yes|no or whose completions are only yes
// and no.
func boolArgOfCommand(name string, dumps ...*node) bool {
	for _, n := range dumps {
		if n == nil {
			continue
		}
		for _, cn := range sortedKeys(n.Children) {
			c := n.Children[cn]
			if c.Type != "cmd" || standard[cn] {
				continue
			}
			a := c.arg(name)
			if a == nil {
				continue
			}
			if t, ok := fromDesc(a.Desc); ok && t.Type == "bool" {
				return true
			}
			var words []string
			for w, cp := range a.Comp {
				if cp.Style != "syntax-meta" {
					words = append(words, w)
				}
			}
			if isYesNo(words) {
				return true
			}
		}
	}
	return false
}

// autoSkip gives the reason a menu is left out by rule, or "".
func autoSkip(p string) string {
	switch p {
	case "/environment", "/safe-mode", "/task":
		return "a console facility, not configuration (scripting environment, safe mode, console tasks)"
	case "/terminal":
		return "terminal control of the interactive console"
	}
	return ""
}

func (im *importer) ovMenu(p string) *ovMenu {
	top := "/" + strings.Split(p, "/")[1]
	f := im.ov[top]
	if f == nil {
		return nil
	}
	for _, m := range f.menus {
		if m.path == p {
			return m
		}
	}
	return nil
}

// kindOf derives the menu kind from the commands a menu has.
func kindOf(n *node) string {
	switch {
	case n.cmd("add") != nil && n.cmd("remove") != nil && hasProps(n.cmd("add")):
		return "list"
	case n.cmd("set") != nil && n.cmd("set").arg("numbers") != nil,
		n.cmd("get") != nil && n.cmd("get").arg("number") != nil,
		n.cmd("remove") != nil, n.cmd("enable") != nil, n.cmd("disable") != nil:
		return "fixed"
	}
	return "settings"
}

func verbsOf(n *node, kind string) []string {
	var out []string
	for _, v := range schema.AllVerbs {
		s := string(v)
		switch {
		case s == "listen":
			if n.cmd("print") != nil {
				out = append(out, s)
			}
		case s == "unset" && n.cmd("set") == nil:
		case (s == "add" || s == "move") && kind != "list":
		case s == "remove" && kind == "settings":
		case kind == "settings" && (s == "enable" || s == "disable" || s == "comment"):
		case n.cmd(s) != nil:
			out = append(out, s)
		}
	}
	return out
}

func (im *importer) commandDir(p string, isMenu func(string) bool) *menu {
	im.curMenu = p
	t := im.tree.lookup(p)
	m := &menu{Path: p, Kind: "none", Comments: map[string]string{}}
	m.Commands = im.commands(p, t, isMenu)
	return m
}

func (im *importer) menu(p string, isMenu func(string) bool) *menu {
	t := im.tree.lookup(p)
	c := im.comp.lookup(p)
	im.report.menus++
	im.curMenu = p
	m := &menu{Path: p, Kind: kindOf(t), Comments: map[string]string{}}
	m.Verbs = verbsOf(t, m.Kind)
	// readable properties and their docs
	readable := map[string]string{}
	var haveReadable bool
	for _, src := range []*node{t, c} {
		if src == nil || haveReadable {
			continue
		}
		for _, pc := range [][2]string{{"print", "proplist"}, {"get", "value-name"}} {
			if a := src.cmd(pc[0]).arg(pc[1]); a != nil && len(a.Comp) > 0 && !haveReadable {
				haveReadable = true
				for k, v := range a.Comp {
					// "about" is the API's .about, a note RouterOS may attach to any item ("managed
					// by CAPsMAN"): not a property of the menu, so gen gives every read type an
					// About field of its own, as it does for .id.
					if v.Style == "syntax-meta" || strings.HasPrefix(k, ".") || k == "about" {
						continue
					}
					readable[k] = v.Desc
				}
				if src == c {
					im.report.readableFromComp++
				}
			}
		}
	}
	if c == nil {
		im.report.menusNoComp++
		im.changes = append(im.changes, fmt.Sprintf("- new menu `%s` (%s)", p, m.Kind))
	}
	writable := map[string]bool{}
	inAdd, inSet := map[string]bool{}, map[string]bool{}
	for _, v := range []string{"add", "set"} {
		for _, a := range t.cmd(v).args() {
			if notProps[a] {
				continue
			}
			writable[a] = true
			if v == "add" {
				inAdd[a] = true
			} else {
				inSet[a] = true
			}
		}
	}
	if c != nil {
		for _, v := range []string{"add", "set"} {
			cc := c.cmd(v)
			for _, a := range cc.args() {
				if notProps[a] || writable[a] {
					continue
				}
				if t.cmd(v) != nil {
					im.changes = append(im.changes, fmt.Sprintf("- `%s`: `%s` argument `%s` removed", p, v, a))
					if _, ok := readable[a]; ok {
						delete(readable, a)
						im.report.removed++
					}
				}
			}
		}
		for _, v := range []string{"add", "set"} {
			cc := c.cmd(v)
			if cc == nil {
				continue
			}
			for _, a := range t.cmd(v).args() {
				if !notProps[a] && cc.arg(a) == nil {
					im.changes = append(im.changes, fmt.Sprintf("- `%s`: `%s` argument `%s` added", p, v, a))
				}
			}
		}
	}
	names := map[string]bool{}
	for k := range readable {
		names[k] = true
	}
	for k := range writable {
		names[k] = true
	}
	for _, name := range sortedKeys(names) {
		_, isReadable := readable[name]
		a := &attr{Name: name, Doc: readable[name]}
		im.report.attrs++
		switch {
		case !writable[name]:
			a.RO = true
		case haveReadable && !isReadable && name != "comment" && name != "disabled":
			// (print shows comment and the disabled flag wherever they can be set, listed or not)
			a.WO = true
		}
		if writable[name] && m.Kind == "list" && t.cmd("set") != nil {
			if !inAdd[name] {
				f := false
				a.Add = &f
			} else if !inSet[name] {
				f := false
				a.Set = &f
			}
		}
		var targ, carg *node
		for _, v := range []string{"add", "set"} {
			if targ == nil {
				targ = t.cmd(v).arg(name)
			}
			if carg == nil {
				carg = c.cmd(v).arg(name)
			}
		}
		im.typeAttr(a, targ, carg, isMenu)
		if a.RO && a.Type == "" && targ == nil && carg == nil && boolArgOfCommand(name, t, c) {
			// a read-only flag that another command of the menu sets with yes|no
			// (/system/device-mode's container, which update takes)
			a.Type, a.why, a.reason = "bool", "command", ""
			im.report.typedByCommand++
		}
		if a.Doc == "" && carg != nil {
			// value-name completion docs of the edit command
		}
		m.Attrs = append(m.Attrs, a)
	}
	if (t.cmd("disable") != nil || t.cmd("enable") != nil) && (m.Kind == "list" || m.Kind == "fixed") && !names["disabled"] {
		// the X flag: print shows disabled on every menu with enable/disable, even where the
		// completion dump does not list it (/ip/ipsec/mode-config)
		m.Attrs = append(m.Attrs, &attr{Name: "disabled", Type: "bool", RO: true, why: "name"})
	}
	sortAttrs(m.Attrs)
	m.Commands = im.commands(p, t, isMenu)
	return m
}

// typeAttr fills a's type from the tree's argument, the completion dump's, and the name rules.
func (im *importer) typeAttr(a *attr, targ, carg *node, isMenu func(string) bool) {
	var ti typeInfo
	desc := ""
	if targ != nil {
		im.report.args++
		desc = targ.Desc
		if desc != "" {
			im.report.argsDescTree++
		}
	}
	if desc == "" && carg != nil && carg.Desc != "" {
		desc = carg.Desc
		im.report.argsDescComp++
	}
	ti, haveDesc := fromDesc(desc)
	comp := map[string]completion(nil)
	if targ != nil && targ.Comp != nil {
		comp = targ.Comp
	} else if carg != nil && carg.Comp != nil {
		comp = carg.Comp
		if len(comp) > 0 {
			im.report.argsComp++
		}
	}
	ti = fromCompletions(ti, haveDesc, comp)
	a.desc, a.comps = desc, strings.Join(sortedKeys(comp), " ")
	if ti.Type == "" || ti.Type == "string" && !haveDesc || ti.Type == "enum" && ti.Open && len(ti.Values) == 0 {
		if nt, ok := byName(a.Name, a.RO, isMenu); ok {
			nt.Sentinels = ti.Sentinels
			if nt.Type == "ref" || nt.Type == "int" {
				nt.List = ti.List
			}
			nt.Negatable = ti.Negatable
			ti = nt
			im.report.typedByName++
		}
	}
	if (ti.Type == "" || ti.Type == "string" && !haveDesc || ti.Type == "enum" && ti.Open && len(ti.Values) == 0) && a.Name != "name" {
		if r := im.refByMenu(a.Name); r != "" || !a.RO && im.refByGlobal(a.Name) != "" {
			if r == "" {
				r = im.refByGlobal(a.Name)
			}
			ti = typeInfo{Type: "ref", Ref: r, List: ti.List, Negatable: ti.Negatable, Sentinels: ti.Sentinels, why: "menu"}
		}
	}
	if (ti.Type == "" || ti.Type == "string") && ti.why == "completion" {
		ti.Sentinels = nil // a plain string accepts the word anyway
	}
	if ti.Type == "int" && (portRanges[a.Name] || a.Name == "port" && ti.List) {
		// port matchers take ranges (dst-port=1000-2000; a firewall rule's port list) whatever
		// the syntax text says (manual:Firewall "dst-port": port numbers or ranges)
		ti.Range = true
	}
	if ti.Type == "enum" && !ti.Open && ti.Min == nil && isPortName(a.Name) && serviceNames(ti.Values) {
		// a port given by its service name (sniffer filter-port, torch port: ftp, http...) or by
		// its number (manual:Packet Sniffer "filter-port (name | port)"): the names are the
		// router's table of services, and every port number is a value too
		ti.Min, ti.Max = i64(0), i64(65535)
	}
	if ti.Type == "enum" && !ti.Open && openByName(a.Name) {
		ti.Open = true
	}
	if ti.Type == "enum" && ti.Open && len(ti.Values) == 0 {
		// live names only: an open enum without values is a plain string
		ti.Type, ti.Open = "string", false
	}
	if ti.Type == "enum" && len(ti.Values) == 0 && !ti.Open {
		ti.Type = "string"
	}
	if ti.Type == "ref" {
		// a reference stays a plain name in Go; "none" passes as a name (an override may declare
		// sentinels where the Go API should show them)
		ti.Sentinels = nil
	}
	if ti.Negatable && ti.Type == "bool" {
		ti.Negatable = false
	}
	if ti.Type == "ip-prefix" && !ti.Range {
		ti.Range = false
	}
	if ti.Type != "int" && ti.Type != "ip" && ti.Type != "ip-prefix" {
		ti.Range = false
	}
	if ti.Type != "int" && ti.Type != "enum" {
		ti.Min, ti.Max = nil, nil
	}
	if ti.Type == "string" {
		ti.Type = ""
	}
	a.Type, a.List, a.Negatable, a.Open, a.Range = ti.Type, ti.List, ti.Negatable, ti.Open, ti.Range
	a.Sentinels, a.Values, a.Ref, a.Min, a.Max = ti.Sentinels, ti.Values, ti.Ref, ti.Min, ti.Max
	a.why = ti.why
	if a.Type == "" {
		switch {
		case haveDesc:
			a.reason = fmt.Sprintf("RouterOS's syntax text is %q", desc)
		case desc != "":
			a.reason = fmt.Sprintf("syntax text %q names no type", desc)
		case ti.why == "numbers":
			a.reason = "completions are numbers only (suggestions of an integer, not a closed set); no syntax text"
		case len(comp) > 0 && onlyMeta(comp):
			a.reason = "completions only say it is a list or negatable; no syntax text"
		case len(comp) > 0:
			a.reason = "completions are only object names or paths (a reference the importer cannot name)"
		case targ == nil && carg == nil:
			a.reason = "read-only: print shows it, inspect gives no syntax for it"
		default:
			a.reason = "neither dump has syntax text or completions for it"
		}
	}
}

var flagArgs = set("once", "detail", "brief", "terse", "verbose", "stats", "follow", "follow-only", "count-only",
	"without-paging", "dry-run", "force")

func (im *importer) commands(p string, t *node, isMenu func(string) bool) []*command {
	var out []*command
	for _, name := range extraCommands(t) {
		cn := t.cmd(name)
		c := &command{Name: name}
		var carg *node
		cc := im.comp.lookup(p).cmd(name)
		for _, an := range cn.args() {
			if an == "as-value" || an == "without-paging" {
				continue
			}
			a := &attr{Name: an}
			if an == "numbers" {
				a.List = true
				a.Doc = "Items to act on: .id or name"
				out2 := a
				c.Args = append(c.Args, out2)
				continue
			}
			carg = cc.arg(an)
			targ := cn.arg(an)
			if flagArgs[an] && targ.Desc == "" && len(targ.Comp) == 0 && (carg == nil || len(carg.Comp) == 0) {
				a.Type = "flag"
			} else {
				im.typeAttr(a, targ, carg, isMenu)
				a.RO = false
			}
			c.Args = append(c.Args, a)
		}
		out = append(out, c)
	}
	return out
}

// applyPkg applies an override file to its package.
func (im *importer) applyPkg(p *pkg, f *ovFile, isMenu func(string) bool) error {
	if f.Name != "" {
		p.Name = f.Name
	}
	if f.Dir != "" {
		p.Dir = f.Dir
	}
	if p.Dir == path.Base(p.Path) {
		p.Dir = ""
	}
	if f.Doc != "" {
		p.Doc = f.Doc
	}
	byPath := map[string]*menu{}
	for _, m := range p.Menus {
		byPath[m.Path] = m
	}
	for _, om := range f.menus {
		if om.skip != "" {
			continue
		}
		om.used = true
		m := byPath[om.path]
		fromDump := m != nil
		if m == nil {
			if om.keys["kind"] == nil {
				continue // reported as unused
			}
			m = &menu{Path: om.path, Comments: map[string]string{}}
			p.Menus = append(p.Menus, m)
			byPath[om.path] = m
		}
		for k, c := range om.comments {
			m.Comments[k] = c
		}
		for k, v := range om.keys {
			switch k {
			case "go":
				m.Go = v.Value
			case "field":
				m.Field = v.Value
			case "kind":
				m.Kind = v.Value
			case "doc":
				m.Doc = v.Value
			case "verbs":
				m.Verbs = nil
				for _, c := range v.Content {
					m.Verbs = append(m.Verbs, c.Value)
				}
			case "view":
				m.View = v
			case "unique":
				m.Unique = v
			case "items":
				m.Items = v
			case "locked":
				m.Locked = v
			}
		}
		idx := map[string]int{}
		for i, a := range m.Attrs {
			idx[a.Name] = i
		}
		var drop = map[string]bool{}
		for _, an := range om.attrs {
			name := nodeName(an)
			where := fmt.Sprintf("%s: %s attribute %q", om.pos, om.path, name)
			if name == "" {
				return fmt.Errorf("%s: attribute override without name", om.pos)
			}
			i, ok := idx[name]
			a := &attr{Name: name}
			if ok {
				a = m.Attrs[i]
			}
			d, err := applyAttr(a, an, where)
			if err != nil {
				return err
			}
			im.report.typedByOverride++
			if d {
				drop[name] = true
				continue
			}
			if !ok {
				m.Attrs = append(m.Attrs, a)
				idx[name] = len(m.Attrs) - 1
				if fromDump {
					im.added = append(im.added, om.path+" "+name)
				}
			}
		}
		if len(drop) > 0 {
			var keep []*attr
			for _, a := range m.Attrs {
				if !drop[a.Name] {
					keep = append(keep, a)
				}
			}
			m.Attrs = keep
		}
		// a menu the dumps lack is sorted too: a walk of a router that has it (rossim serves
		// /system/routerboard) imports it from the dump, sorted
		sortAttrs(m.Attrs)
		cidx := map[string]*command{}
		for _, c := range m.Commands {
			cidx[c.Name] = c
		}
		var cdrop = map[string]bool{}
		for _, cn := range om.commands {
			name := nodeName(cn)
			c := cidx[name]
			if c == nil {
				c = &command{Name: name}
				m.Commands = append(m.Commands, c)
				cidx[name] = c
			}
			d, err := applyCommand(c, cn, fmt.Sprintf("%s: %s command %q", om.pos, om.path, name))
			if err != nil {
				return err
			}
			if d {
				cdrop[name] = true
			}
		}
		if len(cdrop) > 0 {
			var keep []*command
			for _, c := range m.Commands {
				if !cdrop[c.Name] {
					keep = append(keep, c)
				}
			}
			m.Commands = keep
		}
	}
	return nil
}

// fixNames applies the Go name rules that keep a package free of clashes (schema/README.md, "Go
// names"), in this order:
//   - the names the generator declares for grouping nodes (TClient) are reserved first, then for
//     menus in path order (T, TSpec, TWhere, TClient): a menu whose names are taken gets "Menu"
//     appended (/interface/dot1x/client is Dot1xClientMenu beside Dot1xClient, the client of
//     /interface/dot1x); then, deepest menus first, each enum attribute's type (menu type + field)
//     and each command's Args/Reply types: an attribute whose enum type name is taken gets "Value"
//     appended to its Go name, a command "Cmd" (so /interface/wifi/security keeps
//     WifiSecurityEncryption and the inline security.encryption of /interface/wifi yields);
//   - an attribute whose Go name is another attribute's of the menu, or ID or Raw, gets "Value";
//   - a command whose method name is a verb's method (List, Get, Add...) gets "Cmd";
//   - a child menu whose field name is a method of its parent, or another child's field, gets "Menu".
func fixNames(p *pkg) {
	declared := map[string]bool{"Client": true, "New": true}
	isMenu := map[string]bool{}
	for _, m := range p.Menus {
		isMenu[m.Path] = true
	}
	for _, m := range p.Menus {
		// grouping nodes between the package path and the menu
		for d := path.Dir(m.Path); strings.HasPrefix(d, p.Path+"/"); d = path.Dir(d) {
			if !isMenu[d] {
				declared[schema.GoName(strings.TrimPrefix(d, p.Path+"/"))+"Client"] = true
			}
		}
	}
	goOf := map[string]string{}
	suffixes := []string{"", "Spec", "Where", "Client"}
	taken := func(g string) bool {
		for _, sfx := range suffixes {
			if declared[g+sfx] {
				return true
			}
		}
		return false
	}
	for _, m := range p.Menus {
		g := m.Go
		if g == "" {
			rel := strings.TrimPrefix(strings.TrimPrefix(m.Path, p.Path), "/")
			if rel == "" {
				rel = path.Base(m.Path)
			}
			g = schema.GoName(rel)
		}
		for taken(g) {
			g += "Menu"
			m.Go = g
		}
		for _, sfx := range suffixes {
			declared[g+sfx] = true
		}
		goOf[m.Path] = g
	}
	byDepth := append([]*menu{}, p.Menus...)
	sort.SliceStable(byDepth, func(i, j int) bool {
		return strings.Count(byDepth[i].Path, "/") > strings.Count(byDepth[j].Path, "/")
	})
	for _, m := range byDepth {
		stem := goOf[m.Path]
		// attributes: unique field names, enum type names
		seen := map[string]bool{"ID": true, "Raw": true}
		for _, a := range m.Attrs {
			g := a.Go
			if g == "" {
				g = schema.GoName(a.Name)
			}
			for seen[g] || a.Type == "enum" && declared[stem+g] {
				g += "Value"
			}
			if g != schema.GoName(a.Name) {
				a.Go = g
			}
			seen[g] = true
			if a.Type == "enum" {
				declared[stem+g] = true
			}
		}
		methods := map[string]bool{}
		for _, v := range m.Verbs {
			for _, name := range verbMethods(v) {
				methods[name] = true
			}
		}
		cstem := stem
		if m.Path == p.Path {
			cstem = ""
		}
		for _, c := range m.Commands {
			g := c.Go
			if g == "" {
				g = schema.GoName(c.Name)
			}
			for methods[g] || declared[cstem+g+"Args"] || declared[cstem+g+"Reply"] {
				g += "Cmd"
			}
			if g != schema.GoName(c.Name) {
				c.Go = g
			}
			methods[g] = true
			declared[cstem+g+"Args"], declared[cstem+g+"Reply"] = true, true
			cseen := map[string]bool{}
			for _, as := range [][]*attr{c.Args, c.Reply} {
				for _, a := range as {
					g2 := a.Go
					if g2 == "" {
						g2 = schema.GoName(a.Name)
					}
					for cseen[g2] || a.Type == "enum" && declared[cstem+g+g2] {
						g2 += "Value"
					}
					if g2 != schema.GoName(a.Name) {
						a.Go = g2
					}
					cseen[g2] = true
					if a.Type == "enum" {
						declared[cstem+g+g2] = true
					}
				}
				cseen = map[string]bool{}
			}
		}
		// children's fields vs this menu's methods
		for _, o := range p.Menus {
			if path.Dir(o.Path) != m.Path || o.Field != "" {
				continue
			}
			f := schema.GoName(path.Base(o.Path))
			if methods[f] {
				o.Field = f + "Menu"
			}
		}
	}
	// fields of one node must differ (two elements may camel-case alike)
	fields := map[string]string{}
	for _, m := range p.Menus {
		if m.Path == p.Path {
			continue
		}
		parent := path.Dir(m.Path)
		f := m.Field
		if f == "" {
			f = schema.GoName(path.Base(m.Path))
		}
		key := parent + " " + f
		if prev, ok := fields[key]; ok && prev != m.Path {
			m.Field = f + "Menu"
			key = parent + " " + m.Field
		}
		fields[key] = m.Path
	}
}

func verbMethods(v string) []string {
	switch v {
	case "print":
		return []string{"List", "All", "Get", "Count"}
	case "get", "reset":
		return nil
	}
	return []string{schema.GoName(v)}
}

// refByMenu returns the menu an attribute named name of the current menu refers to by the menu
// rule (schema/README.md, "References"): a menu whose last path element is the name, looked for
// under the current menu, beside it, beside its parent, and under the package path, whose items
// have names (add or set takes name=). "" when there is none.
func (im *importer) refByMenu(name string) string {
	if im.curMenu == "" || strings.ContainsAny(name, ".") {
		return ""
	}
	top := "/" + strings.Split(im.curMenu, "/")[1]
	p := im.curMenu
	cands := []string{p + "/" + name, path.Dir(p) + "/" + name, path.Dir(path.Dir(p)) + "/" + name, top + "/" + name}
	for _, c := range cands {
		if c == p || !strings.HasPrefix(c, top) {
			continue
		}
		n := im.tree.lookup(c)
		if n == nil || n.cmd("print") == nil || !im.menus[c] {
			continue
		}
		if n.cmd("add").arg("name") != nil || n.cmd("set").arg("name") != nil && n.cmd("add") != nil {
			return c
		}
	}
	return ""
}

// siblings types the attributes that are still plain strings from attributes of the same name
// elsewhere in the package that the dumps do type (by syntax text or completions), when all of
// those agree (schema/README.md, "Types from other menus").
// rangeMatchers are the firewall matchers that take an integer or a range, with their bounds
// (manual:IP/Firewall/Filter: packet-size and tcp-mss "integer[-integer]: 0..65535",
// connection-bytes "integer-integer", where an upper end 0 "means infinity": 2000000-0).
var rangeMatchers = map[string]struct {
	min, max *int64
	openEnd  bool
}{
	"packet-size":      {i64(0), i64(65535), false},
	"tcp-mss":          {i64(0), i64(65535), false},
	"connection-bytes": {i64(0), nil, true},
}

// portRanges are the port matchers, whose values may be ranges.
var portRanges = set("dst-port", "src-port", "any-port")

// matcherFamilies are menus whose rules share one set of matchers, documented once for all of them
// (manual:Firewall "Matchers" for filter, nat, mangle and raw; manual:Bridge Firewall for the
// bridge's filter and nat; calea takes the same matchers as its table's siblings).
var matcherFamilies = [][]string{
	{"/ip/firewall/filter", "/ip/firewall/nat", "/ip/firewall/mangle", "/ip/firewall/raw", "/ip/firewall/calea"},
	{"/ipv6/firewall/filter", "/ipv6/firewall/nat", "/ipv6/firewall/mangle", "/ipv6/firewall/raw"},
	{"/interface/bridge/filter", "/interface/bridge/nat", "/interface/bridge/calea"},
}

// families types a plain-string matcher of a menu of a matcher family with the type the same
// matcher has in the family's other menus, after the overrides: when the dumps give the argument
// the same syntax in each, and every typed one agrees. A matcher an override keeps a string stays
// one.
func (im *importer) families(p *pkg) {
	byPath := map[string]*menu{}
	for _, m := range p.Menus {
		byPath[m.Path] = m
	}
	typed := im.overrideTyped()
	for _, fam := range matcherFamilies {
		for _, mp := range fam {
			m := byPath[mp]
			if m == nil {
				continue
			}
			for _, a := range m.Attrs {
				if r, ok := rangeMatchers[a.Name]; ok && a.why != "override" && (a.Type == "" || a.Type == "int") {
					// a size or count matcher is a value or a range (packet-size=100-200,
					// connection-bytes=0-500000), whatever the name rules made of it
					a.Type, a.Range, a.Min, a.Max, a.OpenEnd, a.reason, a.why = "int", true, r.min, r.max, r.openEnd, "", "family"
					im.report.typedByFamily++
					continue
				}
				if !a.RO && !typed[mp+" "+a.Name] {
					// a matcher a reviewed decision types in another menu of the family (an
					// override or the type layer: /ip/firewall/filter's ipsec-policy is a string
					// where inspect's completions would make it a closed enum) has that type here
					// too, when the dumps give both the same syntax and the decisions agree
					if from := im.familyDecision(fam, mp, a, byPath, typed); from != nil {
						if typeKey(from) != typeKey(a) {
							copyType(a, from)
							a.why, a.reason = "family", from.reason
							if a.Type == "" || a.Type == "string" {
								a.reason = "a string in the family's other menus by their override"
								if c := strings.TrimSpace(strings.TrimPrefix(from.Comment, "#")); c != "" {
									a.reason += " (" + strings.ReplaceAll(c, "|", `\|`) + ")"
								}
							}
							im.report.typedByFamily++
						}
						continue
					}
				}
				if a.Type != "" || a.why == "override" || a.RO || isFreeText(a.Name) {
					continue
				}
				var from *attr
				agree := true
				for _, op := range fam {
					o := byPath[op]
					if o == nil || op == mp {
						continue
					}
					for _, b := range o.Attrs {
						if b.Name != a.Name || b.Type == "" || b.RO {
							continue
						}
						if !sameSyntax(a, b) {
							agree = false
						} else if from == nil {
							from = b
						} else if typeKey(from) != typeKey(b) {
							agree = false
						}
					}
				}
				if from == nil || !agree {
					continue
				}
				copyType(a, from)
				a.why, a.reason = "family", ""
				im.report.typedByFamily++
			}
		}
	}
}

// familyDecision returns the matcher a of menu mp as an override or the type layer types it in the
// family's other menus, when the dumps give them the same syntax and every such decision agrees;
// nil otherwise.
func (im *importer) familyDecision(fam []string, mp string, a *attr, byPath map[string]*menu, typed map[string]bool) *attr {
	var from *attr
	for _, op := range fam {
		o := byPath[op]
		if o == nil || op == mp || !typed[op+" "+a.Name] {
			continue
		}
		for _, b := range o.Attrs {
			if b.Name != a.Name || b.RO {
				continue
			}
			if !sameSyntax(a, b) || from != nil && typeKey(from) != typeKey(b) {
				return nil
			}
			from = b
		}
	}
	return from
}

func copyType(a, from *attr) {
	a.Type, a.List, a.NegateEach, a.Negatable, a.Open, a.Range = from.Type, from.List, from.NegateEach, from.Negatable, from.Open, from.Range
	a.Pair, a.OrRef, a.OpenEnd = from.Pair, from.OrRef, from.OpenEnd
	a.Sentinels, a.Values, a.Ref, a.Min, a.Max = from.Sentinels, from.Values, from.Ref, from.Min, from.Max
}

// sameSyntax reports arguments the dumps do not tell apart: the same completions, and the same
// syntax text where both have one (the tree lacks the text of some arguments it has elsewhere).
func sameSyntax(a, b *attr) bool {
	return a.comps == b.comps && (a.desc == b.desc || a.desc == "" || b.desc == "")
}

func typeKey(a *attr) string {
	i := func(p *int64) string {
		if p == nil {
			return "-"
		}
		return fmt.Sprint(*p)
	}
	return fmt.Sprintf("%s|%v|%v|%v|%v|%v|%v|%v|%v|%v|%s|%s|%s", a.Type, a.List, a.NegateEach, a.Negatable, a.Open, a.Range,
		a.OpenEnd, a.Pair, a.Sentinels, a.Values, a.Ref+"|"+a.OrRef, i(a.Min), i(a.Max))
}

func (im *importer) siblings(pkgs map[string]*pkg) {
	type sig struct {
		t   typeInfo
		key string
	}
	by := map[string][]sig{}
	typed := im.overrideTyped()
	// the matchers of a firewall family are typed by the family rule (families), after this one
	inFamily := map[string]bool{}
	for _, fam := range matcherFamilies {
		for _, p := range fam {
			inFamily[p] = true
		}
	}
	for top, p := range pkgs {
		for _, m := range p.Menus {
			for _, a := range m.Attrs {
				if a.why != "desc" && a.why != "completion" || a.Type != "bool" && a.Type != "int" && a.Type != "duration" && a.Type != "mac" {
					continue
				}
				if typed[m.Path+" "+a.Name] || inFamily[m.Path] {
					// an override (or the type layer) decides this attribute's type: a walk of a
					// simulator serving the schema shows it as syntax text the dumps lacked, so
					// counting it would make the two imports type the same names differently; the
					// same holds for a firewall family's matchers
					continue
				}
				key0 := top + " " + a.Name
				t := typeInfo{Type: a.Type, List: a.List, Negatable: a.Negatable, Open: a.Open, Range: a.Range,
					Sentinels: a.Sentinels, Values: a.Values, Ref: a.Ref, Min: a.Min, Max: a.Max}
				key := fmt.Sprintf("%s|%v|%v|%v|%v|%v|%s", t.Type, t.List, t.Negatable, t.Open, t.Values, t.Sentinels, t.Ref)
				by[key0] = append(by[key0], sig{t, key})
			}
		}
	}
	for _, top := range sortedKeys(pkgs) {
		for _, m := range pkgs[top].Menus {
			for _, a := range m.Attrs {
				if a.Type != "" || a.reason == "" || isFreeText(a.Name) || a.Negatable || a.List {
					continue
				}
				ss := by[top+" "+a.Name]
				if len(ss) == 0 {
					continue
				}
				agree := true
				for _, s := range ss[1:] {
					if s.key != ss[0].key {
						agree = false
					}
				}
				if !agree || len(ss) < 2 {
					continue
				}
				t := ss[0].t
				a.Type, a.List, a.Negatable, a.Open, a.Range = t.Type, t.List, t.Negatable, t.Open, t.Range
				a.Sentinels, a.Values, a.Ref, a.Min, a.Max = t.Sentinels, t.Values, t.Ref, t.Min, t.Max
				if a.RO {
					a.Negatable = false
				}
				a.why, a.reason = "sibling", ""
				im.report.typedBySibling++
			}
		}
	}
}

// overrideTyped returns "path name" of every attribute whose type an override entry or the type
// layer gives (any of its type keys).
func (im *importer) overrideTyped() map[string]bool {
	out := map[string]bool{}
	for _, files := range []map[string]*ovFile{im.types, im.ov} {
		for _, f := range files {
			for _, m := range f.menus {
				for _, n := range m.attrs {
					for i := 0; i+1 < len(n.Content); i += 2 {
						if typeKeys[n.Content[i].Value] {
							out[m.path+" "+nodeName(n)] = true
						}
					}
				}
			}
		}
	}
	return out
}

func onlyMeta(comp map[string]completion) bool {
	for _, c := range comp {
		if c.Style != "syntax-meta" {
			return false
		}
	}
	return true
}

// openByName reports an enum whose completions are only suggestions by its name: marks, chains,
// lists, parents and queues are names the user makes up (schema/README.md, "Open enums").
func openByName(name string) bool {
	switch name {
	case "chain", "list", "jump-target", "parent", "queue", "queue-type", "target", "mark", "incoming-filter", "outgoing-filter",
		// interface names beside special words (in-interface: all-ethernet, all-ppp... or an
		// interface's name; interfaces: all, dynamic, static... or names)
		"interface", "interfaces", "in-bridge-port", "out-bridge-port":
		return true
	}
	return hasSuffix(name, []string{"-mark", "-marks", "-chain", "-list", "-lists", "-queue", "-interface", "-interfaces"})
}

// refByGlobal returns the menu an attribute refers to by the global name rules (schema/README.md,
// "Types from names"): certificates, and address pools (of /ipv6 in the /ipv6 package).
func (im *importer) refByGlobal(name string) string {
	var r string
	switch {
	case name == "certificate" || strings.HasSuffix(name, "-certificate") && !strings.HasPrefix(name, "verify-") && !strings.HasPrefix(name, "check-"):
		r = "/certificate"
	case name == "address-pool" || name == "pool" || name == "prefix-pool" || strings.HasSuffix(name, "-prefix-pool") || strings.HasSuffix(name, "-pd-pool"):
		r = "/ip/pool"
		if strings.HasPrefix(im.curMenu, "/ipv6") || strings.Contains(name, "prefix") || strings.Contains(name, "pd-") {
			r = "/ipv6/pool"
		}
	}
	if r != "" && im.menus[r] {
		return r
	}
	return ""
}

// hasProps reports whether a command takes an argument that is a property (add with only copy-from
// creates nothing: /interface/dot1x/server/active is a fixed menu with remove).
func hasProps(c *node) bool {
	for _, a := range c.args() {
		if !notProps[a] {
			return true
		}
	}
	return false
}
