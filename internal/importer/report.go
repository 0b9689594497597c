package importer

import (
	"fmt"
	"sort"
	"strings"
)

func (im *importer) reportText() string {
	r := im.report
	var b strings.Builder
	fmt.Fprintf(&b, "tree (RouterOS %s): %d menus with print, %d imported, %d left out; %d properties; %d add/set arguments, %d with syntax text\n",
		im.treeVer, im.treeMenus, r.menus, len(im.skipped), r.attrs, r.args, r.argsDescTree)
	if im.comp != nil {
		fmt.Fprintf(&b, "completions (RouterOS %s): readable properties of %d menus, syntax text of %d arguments the tree lacks, completions of %d arguments; %d menus not in it; %d properties dropped as removed\n",
			im.compVer, r.readableFromComp, r.argsDescComp, r.argsComp, r.menusNoComp, r.removed)
	}
	fmt.Fprintf(&b, "name rules typed %d attributes, the same name elsewhere %d, another command's yes|no argument %d, the same matcher in a sibling firewall menu %d; the type layer typed %d; overrides touched %d attributes\n", r.typedByName, r.typedBySibling, r.typedByCommand, r.typedByFamily, r.typedByLayer, r.typedByOverride)
	sort.Strings(im.added)
	for _, a := range im.added {
		fmt.Fprintf(&b, "override adds %s, which the dumps do not have\n", a)
	}
	return b.String()
}

// changesText lists what differs between the completion dump and the tree, in Markdown.
func (im *importer) changesText() string {
	if im.comp == nil {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# RouterOS %s -> %s\n\n", im.compVer, im.treeVer)
	fmt.Fprintf(&b, "What changed in the menus between the two `/console/inspect` dumps the schema is imported from\n"+
		"(written by `rosgen import -changes`). Only menus (paths with `print`) and their `add`/`set`\n"+
		"arguments are compared; commands and completions are not.\n\n")
	var removedMenus []string
	var walk func(n *node, p string)
	walk = func(n *node, p string) {
		for _, k := range sortedKeys(n.Children) {
			c := n.Children[k]
			if !c.isDir() {
				continue
			}
			cp := p + "/" + k
			if c.cmd("print") != nil && im.tree.lookup(cp).cmd("print") == nil {
				removedMenus = append(removedMenus, fmt.Sprintf("- menu `%s` removed", cp))
			}
			walk(c, cp)
		}
	}
	walk(im.comp, "")
	lines := append(append([]string{}, im.changes...), removedMenus...)
	sort.Strings(lines)
	var menus, args []string
	for _, l := range lines {
		if strings.HasPrefix(l, "- new menu") || strings.HasPrefix(l, "- menu ") {
			menus = append(menus, l)
		} else {
			args = append(args, l)
		}
	}
	fmt.Fprintf(&b, "## Menus (%d)\n\n%s\n\n## Arguments (%d)\n\n%s\n", len(menus), strings.Join(menus, "\n"), len(args), strings.Join(args, "\n"))
	return b.String()
}

// IsFreeText reports whether an attribute named name is text by nature (a name, comment, script,
// key, password, path...), so that a plain string is its right type. The coverage report counts
// the other plain-string attributes as untyped and lists them.
func IsFreeText(name string) bool { return isFreeText(name) }

func untypedText(order []string, pkgs map[string]*pkg) string {
	var b strings.Builder
	b.WriteString("# Plain-string attributes that are not free text\n\n")
	b.WriteString("Written by `rosgen import -untyped`: every menu attribute the import left a plain string although\n" +
		"its name does not say it is free text (names, comments, scripts, keys, passwords, paths; see\n" +
		"`importer.IsFreeText`), with the reason. Give it a type in `schema/overrides/` once a source\n" +
		"settles it.\n")
	for _, top := range order {
		p := pkgs[top]
		if len(p.Menus) == 0 {
			continue
		}
		var lines []string
		for _, m := range p.Menus {
			for _, a := range m.Attrs {
				if (a.Type == "" || a.Type == "string") && !isFreeText(a.Name) {
					r := a.reason
					if r == "" {
						r = "kept a plain string by the override layer"
					}
					lines = append(lines, fmt.Sprintf("| `%s` | `%s` | %s |", m.Path, a.Name, r))
				}
			}
		}
		if len(lines) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n## %s (%d)\n\n| menu | attribute | reason |\n|---|---|---|\n%s\n", p.Path, len(lines), strings.Join(lines, "\n"))
	}
	return b.String()
}
