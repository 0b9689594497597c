package router

import (
	"fmt"
	"slices"
	"strings"

	"github.com/rosgen/routeros/schema"
	"github.com/rosgen/routeros/schema/check"
)

type menuKind int

const (
	kindList     menuKind = iota // items with .id: add/remove
	kindSettings                 // one unnamed item: print/get/set (no .id)
	kindFixed                    // items fixed by the router: print/get/set, no add/remove
)

// menuDef is a schema menu as the router serves it: the schema's facts, resolved.
type menuDef struct {
	sm    *schema.Menu
	path  string
	kind  menuKind
	verbs map[string]bool
	attrs []*schema.Attr
	// table is the path of the menu holding the items: the menu itself, or the menu it is a view
	// of (/interface/bridge shows the /interface items with type=bridge).
	table string
	where map[string]string // a view's filter, set on the items it adds
	// keys are the uniqueness keys checked on add and set: the menu's own (over its items) and,
	// for a view, the table menu's (over every item of the table).
	keys []scopedKey
	// nameAttr names items for numbers=, .id= and references ("" when items have no name).
	nameAttr string
	ordered  bool
	locks    []*schema.Lock
	hook     *hook
}

type scopedKey struct {
	*schema.Key
	table bool // checked over the whole table, not only the view
}

func (m *menuDef) attr(name string) *schema.Attr { return m.sm.Attr(name) }

// inView reports whether an item of the table belongs to the menu.
func (m *menuDef) inView(it *item) bool {
	for k, v := range m.where {
		if it.attrs[k] != v {
			return false
		}
	}
	return true
}

func newMenu(sm *schema.Menu) *menuDef {
	m := &menuDef{sm: sm, path: sm.Path, ordered: sm.Ordered, verbs: map[string]bool{}, attrs: sm.Attrs,
		table: sm.Path, locks: sm.Locked, hook: hooks[sm.Path]}
	switch sm.Kind {
	case schema.KindList:
		m.kind = kindList
	case schema.KindSettings:
		m.kind = kindSettings
	case schema.KindFixed:
		m.kind = kindFixed
	default:
		return nil // a path with commands only (/system)
	}
	for _, v := range sm.Verbs {
		m.verbs[string(v)] = true
	}
	if m.verbs["print"] {
		m.verbs["getall"] = true // the API alias of print
		m.verbs["listen"] = true // API-only: exists wherever print does
		m.verbs["export"] = true
	}
	if v := sm.View; v != nil {
		m.table, m.where = v.Of, v.Where
	}
	for _, k := range sm.Unique {
		m.keys = append(m.keys, scopedKey{Key: k})
	}
	if sm.NameAttr() != nil && m.kind != kindSettings {
		m.nameAttr = "name"
	}
	return m
}

// loadMenus builds the menus of the schema, the views' shared keys and the command table.
func (r *Router) loadMenus() error {
	r.menus = map[string]*menuDef{}
	r.commands = map[string]*command{}
	r.dirs = map[string]bool{}
	for _, sm := range r.cfg.Schema.Menus() {
		if m := newMenu(sm); m != nil {
			r.menus[m.path] = m
		}
		r.addDirs(sm.Path)
		for _, c := range sm.Commands {
			word := sm.Path + "/" + c.Name
			r.commands[word] = declared(sm.Path, c)
			r.addDirs(word)
		}
	}
	for _, m := range r.menus {
		if m.table == m.path {
			continue
		}
		of := r.menus[m.table]
		if of == nil {
			return fmt.Errorf("menu %s: view of %s, which is not a menu", m.path, m.table)
		}
		for _, k := range of.sm.Unique {
			m.keys = append(m.keys, scopedKey{Key: k, table: true})
		}
		if m.nameAttr == "" {
			m.nameAttr = of.nameAttr
		}
	}
	for word, c := range handWritten {
		r.commands[word] = c
		r.addDirs(word)
	}
	r.inspect = buildInspect(r.cfg.Schema)
	return nil
}

func (r *Router) addDirs(p string) {
	for i := 1; i <= len(p); i++ {
		if i == len(p) || p[i] == '/' {
			r.dirs[p[:i]] = true
		}
	}
}

// loadItems adds the entries RouterOS itself owns: the schema's items of every menu.
func (r *Router) loadItems() error {
	for _, p := range r.Menus() {
		m := r.menus[p]
		for _, si := range m.sm.Items {
			vals := map[string]string{}
			for k, v := range si.Values {
				if k == ".id" {
					continue
				}
				a := m.attr(k)
				nv, err := check.Value(a, v)
				if err != nil && a.Type.Base != schema.Ref {
					return fmt.Errorf("%s: item %s=%s: %v", si.Pos, k, v, err)
				}
				if err == nil {
					v = nv
				}
				vals[k] = v
			}
			r.insert(m, vals, nil)
		}
	}
	return nil
}

// normalize checks value v of attribute a of menu m and returns its canonical stored form; the
// error is the router's trap. References must name an existing item. Caller holds r.mu.
func (r *Router) normalize(m *menuDef, a *schema.Attr, v string) (string, error) {
	out, err := check.Value(a, v)
	if err != nil {
		return "", trapf(1, "%s", err.Error())
	}
	if a.Type.Base == schema.Ref {
		if err := r.checkRefs(a, out); err != nil {
			return "", err
		}
	}
	if h := m.hook; h != nil && h.value != nil {
		if err := h.value(r, a, out); err != nil {
			return "", err
		}
	}
	return out, nil
}

// checkRefs checks that every item a reference value names exists. Caller holds r.mu.
func (r *Router) checkRefs(a *schema.Attr, v string) error {
	if a.Type.Negatable {
		v = strings.TrimPrefix(v, "!")
	}
	parts := []string{v}
	if a.Type.List {
		parts = strings.Split(v, ",")
	}
	for _, p := range parts {
		p = strings.TrimPrefix(p, "!")
		if p == "" || slices.Contains(a.Type.Sentinels, p) {
			continue
		}
		if !r.refExists(a.Type.Ref, p) && (a.Type.OrRef == "" || !r.refExists(a.Type.OrRef, p)) {
			if a.Invalid != "" {
				return trapf(1, "%s", a.Invalid)
			}
			return trapf(1, "input does not match any value of %s", a.Name)
		}
	}
	return nil
}
