package router

import (
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/rosgen/routeros/schema"
)

// item is one entry of a table. Attribute values are stored in their canonical form.
type item struct {
	id    uint64 // 0 for the single item of a settings menu
	attrs map[string]string
	// origin is the item this one is derived from (the address of a connected route), or nil.
	origin *item
}

func (it *item) clone() *item {
	c := &item{id: it.id, attrs: make(map[string]string, len(it.attrs)), origin: it.origin}
	for k, v := range it.attrs {
		c.attrs[k] = v
	}
	return c
}

// table holds the items of one or more menus in their order.
type table struct {
	items []*item
	next  uint64 // last id given
	// gen counts the changes of the table (insert, delete, changed); a key index built at an older
	// gen is rebuilt before use, so that only add keeps an index current (a bulk load is linear).
	gen uint64
	idx map[indexID]*keyIndex
}

// indexID names the uniqueness index of one key as seen by one menu (a view sees its own items).
type indexID struct {
	m *menuDef
	k *schema.Key
}

// keyIndex counts the items of a menu per value of a key's attributes.
type keyIndex struct {
	gen    uint64
	scoped scopedKey
	count  map[string]int
}

// formatID formats an item id the way RouterOS does: "*" and upper-case hex (*9 is followed by *A).
func formatID(id uint64) string { return "*" + strings.ToUpper(strconv.FormatUint(id, 16)) }

func parseID(s string) (uint64, bool) {
	if len(s) < 2 || s[0] != '*' {
		return 0, false
	}
	n, err := strconv.ParseUint(s[1:], 16, 64)
	return n, err == nil && n > 0
}

func (r *Router) tableOf(m *menuDef) *table {
	t := r.tables[m.table]
	if t == nil {
		t = &table{}
		r.tables[m.table] = t
	}
	return t
}

// view returns the items of menu m in order. Caller holds r.mu.
func (r *Router) view(m *menuDef) []*item {
	if m.kind == kindSettings {
		return []*item{r.settingsItem(m)}
	}
	t := r.tableOf(m)
	var out []*item
	for _, it := range t.items {
		if m.inView(it) {
			out = append(out, it)
		}
	}
	return out
}

// insert adds a new item to m's table with the next id, before the item before (at the end when
// nil). Caller holds r.mu.
func (r *Router) insert(m *menuDef, attrs map[string]string, before *item) *item {
	t := r.tableOf(m)
	t.next++
	it := &item{id: t.next, attrs: attrs}
	for k, v := range m.where {
		it.attrs[k] = v
	}
	if m.table != m.path {
		// Defaults of the view that its table also prints (mtu of a bridge in /interface).
		of := r.menus[m.table]
		for _, a := range m.attrs {
			if _, ok := it.attrs[a.Name]; !ok && a.HasDefault && of.attr(a.Name) != nil {
				it.attrs[a.Name] = a.Default
			}
		}
	}
	pos := len(t.items)
	if before != nil {
		if i := slices.Index(t.items, before); i >= 0 {
			pos = i
		}
	}
	t.items = slices.Insert(t.items, pos, it)
	t.gen++
	for id, x := range t.idx {
		if x.gen == t.gen-1 { // current before the insert: keep it current
			if x.scoped.table || id.m.inView(it) {
				x.count[joinKey(r.keyValues(id.m, it, nil, id.k))]++
			}
			x.gen = t.gen
		}
	}
	r.notify(m.table, it, false)
	if h := m.hook; h != nil && h.changed != nil {
		h.changed(r, m, it, false)
	}
	return it
}

// delete removes an item and what is derived from it. Caller holds r.mu.
func (r *Router) delete(m *menuDef, it *item) {
	t := r.tableOf(m)
	if i := slices.Index(t.items, it); i >= 0 {
		t.items = slices.Delete(t.items, i, i+1)
	}
	t.gen++
	r.notify(m.table, it, true)
	if h := m.hook; h != nil && h.changed != nil {
		h.changed(r, m, it, true)
	}
}

// changed tells watchers and hooks that an item's attributes changed. Caller holds r.mu.
func (r *Router) changed(m *menuDef, it *item) {
	r.tableOf(m).gen++
	r.notify(m.table, it, false)
	if h := m.hook; h != nil && h.changed != nil {
		h.changed(r, m, it, false)
	}
}

// findByKey returns the item of m's view whose name is name. Caller holds r.mu.
func (r *Router) findByKey(m *menuDef, name string) *item {
	if m.nameAttr == "" {
		return nil
	}
	for _, it := range r.tableOf(m).items {
		if m.inView(it) && it.attrs[m.nameAttr] == name {
			return it
		}
	}
	return nil
}

func (r *Router) findByID(m *menuDef, id uint64) *item {
	for _, it := range r.tableOf(m).items {
		if it.id == id && m.inView(it) {
			return it
		}
	}
	return nil
}

// refExists reports whether the menu at path has an item named (or with the id) name. Caller
// holds r.mu.
func (r *Router) refExists(path, name string) bool {
	m := r.menus[path]
	if m == nil {
		return true // a reference to a menu the router does not serve is not checked
	}
	if id, ok := parseID(name); ok && r.findByID(m, id) != nil {
		return true
	}
	return r.findByKey(m, name) != nil
}

// settingsItem returns the single item of a settings menu, creating it empty.
func (r *Router) settingsItem(m *menuDef) *item {
	t := r.tableOf(m)
	if len(t.items) == 0 {
		t.items = append(t.items, &item{attrs: map[string]string{}})
	}
	return t.items[0]
}

// prop returns the value of property name of it as menu m prints it: stored, computed by the
// menu's hook, or the schema's default. Caller holds r.mu.
func (r *Router) prop(m *menuDef, it *item, name string) (string, bool) {
	if name == ".id" {
		if m.kind == kindSettings {
			return "", false
		}
		return formatID(it.id), true
	}
	a := m.attr(name)
	if a == nil {
		return "", false
	}
	if v, ok := it.attrs[name]; ok {
		return v, true
	}
	if h := m.hook; h != nil && h.computed != nil {
		if v, ok := h.computed(r, m, it, name); ok {
			return v, true
		}
	}
	if a.HasDefault {
		return a.Default, true
	}
	return "", false
}

// flag reports whether the bool property name of it prints true. Caller holds r.mu.
func (r *Router) flag(m *menuDef, it *item, name string) bool {
	v, _ := r.prop(m, it, name)
	return v == "true"
}

// keyValues returns the values of key k's attributes for a new or changed item: vals first, then
// (it non-nil) the item's own properties, then the attributes' defaults. Caller holds r.mu.
func (r *Router) keyValues(m *menuDef, it *item, vals map[string]string, k *schema.Key) []string {
	out := make([]string, len(k.Attrs))
	for i, name := range k.Attrs {
		v, ok := vals[name]
		if !ok && it != nil {
			v, _ = r.prop(m, it, name)
		} else if !ok {
			if a := m.attr(name); a != nil && a.HasDefault {
				v = a.Default
			}
		}
		out[i] = v
	}
	return out
}

// keyCount returns how many items of m (of its whole table when sk.table) hold the values want
// for key sk, through an index kept per table (rebuilt when the table changed other than by an
// insert). A menu whose properties a hook computes is scanned instead. Caller holds r.mu.
func (r *Router) keyCount(m *menuDef, sk scopedKey, want []string) int {
	t := r.tableOf(m)
	if h := m.hook; h != nil && h.computed != nil {
		n := 0
		for _, it := range t.items {
			if (sk.table || m.inView(it)) && r.keyEqual(m, it, sk.Key, want) {
				n++
			}
		}
		return n
	}
	id := indexID{m, sk.Key}
	x := t.idx[id]
	if x == nil || x.gen != t.gen {
		x = &keyIndex{gen: t.gen, scoped: sk, count: make(map[string]int, len(t.items))}
		for _, it := range t.items {
			if sk.table || m.inView(it) {
				x.count[joinKey(r.keyValues(m, it, nil, sk.Key))]++
			}
		}
		if t.idx == nil {
			t.idx = map[indexID]*keyIndex{}
		}
		t.idx[id] = x
	}
	return x.count[joinKey(want)]
}

// joinKey joins key values into one map key; NUL never occurs in a RouterOS word we store.
func joinKey(vals []string) string { return strings.Join(vals, "\x00") }

// keyEqual reports whether item it holds exactly the values want for key k's attributes (a missing
// value counts as ""). It allocates nothing: the add path runs it once per item. Caller holds r.mu.
func (r *Router) keyEqual(m *menuDef, it *item, k *schema.Key, want []string) bool {
	for i, name := range k.Attrs {
		if v, _ := r.prop(m, it, name); v != want[i] {
			return false
		}
	}
	return true
}

// change is one event seen by listen and print follow=.
type change struct {
	it   *item // a copy
	dead bool
}

// maxWatchQueue bounds the changes waiting for one listener that does not read: past it the
// listen ends with a trap (a simulator choice: what RouterOS does is UNVERIFIED).
const maxWatchQueue = 1024

// watcher receives the changes of one table, without ever blocking the writer of the change.
type watcher struct {
	table    string
	mu       sync.Mutex
	q        []change
	overflow bool
	notify   chan struct{}
}

func (w *watcher) push(c change) {
	w.mu.Lock()
	if len(w.q) >= maxWatchQueue {
		w.overflow = true
		w.q = nil
	} else if !w.overflow {
		w.q = append(w.q, c)
	}
	w.mu.Unlock()
	select {
	case w.notify <- struct{}{}:
	default:
	}
}

func (w *watcher) take() ([]change, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	q := w.q
	w.q = nil
	return q, w.overflow
}

// watch registers a watcher of table. Caller holds r.mu.
func (r *Router) watch(table string) *watcher {
	w := &watcher{table: table, notify: make(chan struct{}, 1)}
	r.watchers[w] = struct{}{}
	return w
}

func (r *Router) unwatch(w *watcher) {
	r.mu.Lock()
	delete(r.watchers, w)
	r.mu.Unlock()
}

// Watchers returns the number of registered listen and follow watchers.
func (r *Router) Watchers() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.watchers)
}

// notify tells the watchers of table about a change of it. Caller holds r.mu.
func (r *Router) notify(table string, it *item, dead bool) {
	var c *item
	for w := range r.watchers {
		if w.table != table {
			continue
		}
		if c == nil {
			c = it.clone()
		}
		w.push(change{it: c, dead: dead})
	}
}

// QueuedChanges returns how many changes wait in the queues of every watcher.
func (r *Router) QueuedChanges() int {
	r.mu.Lock()
	ws := make([]*watcher, 0, len(r.watchers))
	for w := range r.watchers {
		ws = append(ws, w)
	}
	r.mu.Unlock()
	n := 0
	for _, w := range ws {
		w.mu.Lock()
		n += len(w.q)
		w.mu.Unlock()
	}
	return n
}
