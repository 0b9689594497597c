package sim

import (
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"
)

// item is one entry of a table. Attribute values are stored in their canonical form.
type item struct {
	id    uint64 // 0 for the single item of a settings menu
	attrs map[string]string
}

func (it *item) clone() *item {
	c := &item{id: it.id, attrs: make(map[string]string, len(it.attrs))}
	for k, v := range it.attrs {
		c.attrs[k] = v
	}
	return c
}

// table holds the items of one or more menus in their order.
type table struct {
	items []*item
	next  uint64 // last id given
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

func (s *Server) tableOf(m *menuDef) *table {
	t := s.tables[m.table]
	if t == nil {
		t = &table{}
		s.tables[m.table] = t
	}
	return t
}

func (m *menuDef) inView(it *item) bool {
	return m.typeFilter == "" || it.attrs["type"] == m.typeFilter
}

// view returns the items of menu m in order. Caller holds s.mu.
func (s *Server) view(m *menuDef) []*item {
	t := s.tableOf(m)
	if m.typeFilter == "" {
		return append([]*item(nil), t.items...)
	}
	var out []*item
	for _, it := range t.items {
		if m.inView(it) {
			out = append(out, it)
		}
	}
	return out
}

// insert adds a new item to m's table with the next id. Caller holds s.mu.
func (s *Server) insert(m *menuDef, attrs map[string]string) *item {
	t := s.tableOf(m)
	t.next++
	it := &item{id: t.next, attrs: attrs}
	if m.typeFilter != "" {
		it.attrs["type"] = m.typeFilter
	}
	t.items = append(t.items, it)
	s.notify(m.table, it, false)
	return it
}

func (s *Server) delete(m *menuDef, it *item) {
	t := s.tableOf(m)
	for i, x := range t.items {
		if x == it {
			t.items = append(t.items[:i], t.items[i+1:]...)
			break
		}
	}
	s.notify(m.table, it, true)
}

// findByKey returns the item of m's view whose key property is name. Caller holds s.mu.
func (s *Server) findByKey(m *menuDef, name string) *item {
	if m.key == "" {
		return nil
	}
	for _, it := range s.tableOf(m).items {
		if m.inView(it) && it.attrs[m.key] == name {
			return it
		}
	}
	return nil
}

func (s *Server) findByID(m *menuDef, id uint64) *item {
	for _, it := range s.tableOf(m).items {
		if it.id == id && m.inView(it) {
			return it
		}
	}
	return nil
}

// refExists reports whether the menu at path has an item named name. Caller holds s.mu.
func (s *Server) refExists(path, name string) bool {
	m := s.menus[path]
	if m == nil {
		return true // a reference to a menu the simulator does not know is not checked
	}
	if m.key == "" {
		if id, ok := parseID(name); ok {
			return s.findByID(m, id) != nil
		}
		return false
	}
	return s.findByKey(m, name) != nil
}

// settingsItem returns the single item of a settings menu, creating it empty.
func (s *Server) settingsItem(m *menuDef) *item {
	t := s.tableOf(m)
	if len(t.items) == 0 {
		t.items = append(t.items, &item{attrs: map[string]string{}})
	}
	return t.items[0]
}

// change is one event seen by listen and print follow=.
type change struct {
	it   *item // a copy
	dead bool
}

// watcher receives the changes of one table, without ever blocking the writer of the change.
type watcher struct {
	table  string
	mu     sync.Mutex
	q      []change
	notify chan struct{}
}

func (w *watcher) push(c change) {
	w.mu.Lock()
	w.q = append(w.q, c)
	w.mu.Unlock()
	select {
	case w.notify <- struct{}{}:
	default:
	}
}

func (w *watcher) take() []change {
	w.mu.Lock()
	defer w.mu.Unlock()
	q := w.q
	w.q = nil
	return q
}

// watch registers a watcher of table. Caller holds s.mu.
func (s *Server) watch(table string) *watcher {
	w := &watcher{table: table, notify: make(chan struct{}, 1)}
	s.watchers[w] = struct{}{}
	return w
}

func (s *Server) unwatch(w *watcher) {
	s.mu.Lock()
	delete(s.watchers, w)
	s.mu.Unlock()
}

// notify tells the watchers of table about a change of it. Caller holds s.mu.
func (s *Server) notify(table string, it *item, dead bool) {
	var c *item
	for w := range s.watchers {
		if w.table != table {
			continue
		}
		if c == nil {
			c = it.clone()
		}
		w.push(change{it: c, dead: dead})
	}
}

// prop returns the value of property name of it as menu m prints it: stored, computed or default.
// Caller holds s.mu.
func (s *Server) prop(m *menuDef, it *item, name string) (string, bool) {
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
	if m.computed != nil {
		if v, ok := m.computed(s, it, name); ok {
			return v, true
		}
	}
	if v, ok := s.computeGeneric(m, it, name); ok {
		return v, true
	}
	if a.def != "" {
		return a.def, true
	}
	return "", false
}

// computeGeneric computes the read-only properties RouterOS reports on many menus, by name.
func (s *Server) computeGeneric(m *menuDef, it *item, name string) (string, bool) {
	disabled := it.attrs["disabled"] == "true"
	switch name {
	case "disabled":
		return "false", true
	case "running":
		return strconv.FormatBool(!disabled), true
	case "dynamic", "invalid", "inactive", "slave", "builtin", "default":
		return "false", true
	case "network":
		if p, err := netip.ParsePrefix(it.attrs["address"]); err == nil {
			return p.Masked().Addr().String(), true
		}
	case "actual-interface":
		if v, ok := it.attrs["interface"]; ok {
			return v, true
		}
	case "actual-mtu":
		if v, ok := it.attrs["mtu"]; ok {
			if _, err := strconv.Atoi(v); err == nil {
				return v, true
			}
		}
		return "1500", true // mtu "auto" and unset mtu run at 1500
	case "rx-byte", "tx-byte", "rx-packet", "tx-packet":
		rx, tx := s.counters(it)
		switch name {
		case "rx-byte":
			return strconv.FormatUint(rx, 10), true
		case "tx-byte":
			return strconv.FormatUint(tx, 10), true
		case "rx-packet":
			return strconv.FormatUint(rx/packetSize, 10), true
		default:
			return strconv.FormatUint(tx/packetSize, 10), true
		}
	}
	return "", false
}

// packetSize is the size of every simulated packet, in bytes.
const packetSize = 500

// rates returns an interface's simulated receive and transmit rates in bytes per second: steady,
// different per interface, zero when it is disabled.
func rates(it *item) (rx, tx uint64) {
	if it.attrs["disabled"] == "true" {
		return 0, 0
	}
	rx = 125_000 * (it.id%8 + 1) // 1..8 Mbit/s
	tx = rx / 4
	return rx, tx
}

// counters returns the byte counters of an interface: its rates times the router's uptime, so they
// grow consistently with what monitor-traffic reports.
func (s *Server) counters(it *item) (rx, tx uint64) {
	r, t := rates(it)
	el := uint64(time.Since(s.started) / time.Millisecond)
	return r * el / 1000, t * el / 1000
}
