package gen

import (
	"bufio"
	"io/fs"
	"path"
	"strings"

	"github.com/rosgen/routeros/schema"
)

// ReviewedMenus returns the menu paths the override files of dir (relative to fsys) name: the
// menus a human has reviewed (`  - path: /ip/address` entries).
func ReviewedMenus(fsys fs.FS, dir string) (map[string]bool, error) {
	files, err := fs.Glob(fsys, path.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(strings.NewReader(string(b)))
		sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
		for sc.Scan() {
			if p, ok := strings.CutPrefix(sc.Text(), "  - path: "); ok {
				p, _, _ = strings.Cut(p, "#")
				out[strings.Trim(strings.TrimSpace(p), `"'`)] = true
			}
		}
		if err := sc.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Narrow keeps, in every package of s, only the menus keep names and the menus they refer to, so that typed code is generated
// for them alone while every menu stays in the schema (references resolve, the simulator serves
// all). A menu left out whose path has kept menus below it stays as a grouping node; packages left
// with no menu are dropped. The names of what is kept do not change: they were derived from the
// whole schema.
func Narrow(s *schema.Schema, keep map[string]bool) *schema.Schema {
	keep = withReferenced(s, keep)
	n := *s
	n.Packages = nil
	for _, p := range s.Packages {
		q := *p
		q.Menus = nil
		nodes := map[string]*schema.Node{}
		if q.Root = prune(p.Root, keep, nodes); q.Root == nil {
			continue
		}
		for _, m := range p.Menus {
			if keep[m.Path] {
				c := *m
				c.Node = nodes[m.Path] // the pruned node: its children are the kept ones
				nodes[m.Path].Menu = &c
				q.Menus = append(q.Menus, &c)
			}
		}
		if len(q.Menus) == 0 {
			continue
		}
		n.Packages = append(n.Packages, &q)
	}
	return &n
}

// withReferenced returns keep plus every menu a kept menu's attributes or command arguments refer
// to, transitively: a typed client of a route can then create the VRF or routing table it names.
func withReferenced(s *schema.Schema, keep map[string]bool) map[string]bool {
	out := make(map[string]bool, len(keep))
	var add func(p string)
	add = func(p string) {
		m := s.Menu(p)
		if m == nil || out[p] {
			return
		}
		out[p] = true
		attrs := append([]*schema.Attr(nil), m.Attrs...)
		for _, c := range m.Commands {
			attrs = append(attrs, c.Args...)
		}
		for _, a := range attrs {
			if a.Type.Base == schema.Ref && a.Type.Ref != "" {
				add(a.Type.Ref)
			}
			if a.Type.OrRef != "" {
				add(a.Type.OrRef)
			}
		}
	}
	for p := range keep {
		add(p)
	}
	return out
}

// prune copies the tree below nd without the nodes that neither are a kept menu nor have one
// below them; a node whose own menu is not kept loses it. nodes receives the kept nodes by path.
func prune(nd *schema.Node, keep map[string]bool, nodes map[string]*schema.Node) *schema.Node {
	c := *nd
	c.Children = nil
	for _, ch := range nd.Children {
		if p := prune(ch, keep, nodes); p != nil {
			c.Children = append(c.Children, p)
		}
	}
	if c.Menu != nil && !keep[c.Menu.Path] {
		c.Menu = nil
	}
	if c.Menu == nil && len(c.Children) == 0 && nd.Path != "" {
		return nil
	}
	nodes[c.Path] = &c
	return &c
}
