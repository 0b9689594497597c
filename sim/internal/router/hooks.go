package router

import "github.com/rosgen/routeros/schema"

// hook is the behaviour of one menu that is not a fact of the schema: derived items, computed
// properties, cross-item checks. Each concern lives in its own hooks_*.go file and registers the
// menus it serves in an init function. Every field may be nil.
type hook struct {
	// computed returns the value of a property the item does not store (counters, uptime), or
	// false to fall back to the schema's default.
	computed func(r *Router, m *menuDef, it *item, name string) (string, bool)
	// value checks one canonical value beyond its type (a time zone name). Caller holds r.mu.
	value func(r *Router, a *schema.Attr, v string) error
	// create completes the stored values of an item being added (creation-time, keys). Caller
	// holds r.mu.
	create func(r *Router, m *menuDef, vals map[string]string)
	// check refuses an item before add (self nil) or set stores it. Caller holds r.mu.
	check func(r *Router, m *menuDef, self *item, vals map[string]string) error
	// changed runs after an item was added, changed or (dead) removed. Caller holds r.mu.
	changed func(r *Router, m *menuDef, it *item, dead bool)
}

// hooks are the per-menu behaviours, by menu path.
var hooks = map[string]*hook{}

// register adds the behaviour h to the menus at paths; a menu gets at most one hook.
func register(h *hook, paths ...string) {
	for _, p := range paths {
		if hooks[p] != nil {
			panic("router: two hooks for " + p)
		}
		hooks[p] = h
	}
}
