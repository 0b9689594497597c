package router

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/rosgen/routeros/schema"
	"github.com/rosgen/routeros/wire"
)

// printArgs are the arguments print, getall and listen accept.
type printArgs struct {
	proplist   []string
	hasProps   bool
	countOnly  bool
	follow     bool
	followOnly bool
	from       string
	query      query
}

func parsePrint(req wire.Sentence) printArgs {
	var p printArgs
	for _, a := range req.Attrs {
		switch a.Key {
		case ".proplist":
			p.hasProps = true
			p.proplist = splitList(a.Value)
		case "count-only":
			p.countOnly = true
		case "follow":
			p.follow = true
		case "follow-only":
			p.followOnly = true
		case "from":
			p.from = a.Value
		}
		// Other print arguments (detail, terse, without-paging, stats, interval...) change nothing here.
	}
	for _, w := range req.Words {
		switch {
		case strings.HasPrefix(w, "?"):
			p.query = append(p.query, w)
		case strings.HasPrefix(w, ".proplist="):
			p.hasProps = true
			p.proplist = splitList(w[len(".proplist="):])
		}
	}
	return p
}

func splitList(v string) []string {
	if v == "" {
		return nil
	}
	return strings.Split(v, ",")
}

// render returns the words of one !re for item it of menu m, restricted to the proplist when given.
// Caller holds r.mu.
func (r *Router) render(m *menuDef, it *item, p *printArgs) []string {
	var words []string
	if p != nil && p.hasProps {
		for _, name := range p.proplist {
			if v, ok := r.prop(m, it, name); ok {
				words = append(words, "="+name+"="+v)
			}
		}
		return words
	}
	if m.kind != kindSettings {
		words = append(words, "=.id="+formatID(it.id))
	}
	for _, a := range m.attrs {
		if !a.Readable {
			continue
		}
		if v, ok := r.prop(m, it, a.Name); ok {
			words = append(words, "="+a.Name+"="+v)
		}
	}
	return words
}

func (r *Router) matches(m *menuDef, it *item, q query) bool {
	if len(q) == 0 {
		return true
	}
	return q.match(func(name string) (string, bool) { return r.prop(m, it, name) },
		func(name, a, b string) int {
			if ad := m.attr(name); ad != nil && ad.Type.Base == schema.Bool {
				a, b = normBool(a), normBool(b)
			}
			return compareValues(a, b)
		})
}

func normBool(v string) string {
	switch strings.ToLower(v) {
	case "yes", "true":
		return "true"
	case "no", "false":
		return "false"
	}
	return v
}

// print serves print/getall (listen=false) and listen.
func (r *Router) print(rep Replier, m *menuDef, req wire.Sentence, listen bool) error {
	p := parsePrint(req)
	r.mu.Lock()
	items := r.view(m)
	if p.from != "" {
		sel, err := r.resolve(m, p.from)
		if err != nil {
			r.mu.Unlock()
			return err
		}
		items = slices.DeleteFunc(items, func(it *item) bool { return !slices.Contains(sel, it) })
	}
	var out [][]string
	for _, it := range items {
		if r.matches(m, it, p.query) {
			out = append(out, r.render(m, it, &p))
		}
	}
	var w *watcher
	if listen || p.follow || p.followOnly {
		w = r.watch(m.table)
	}
	r.mu.Unlock()

	send := rep.Send
	if w == nil {
		if p.countOnly {
			send("!done", "=ret="+itoa(len(out)))
			return nil
		}
		for _, words := range out {
			send("!re", words...)
		}
		if len(out) == 0 && r.sendsEmpty {
			send("!empty")
		}
		send("!done")
		return nil
	}
	initial := p.follow && !p.followOnly && !listen
	rep.Stream(req.Word, func(ctx context.Context, emit func(...string) bool) error {
		defer r.unwatch(w)
		if initial {
			for _, words := range out {
				if !emit(words...) {
					return nil
				}
			}
		}
		for {
			select {
			case <-ctx.Done():
				return nil
			case <-w.notify:
			}
			changes, overflow := w.take()
			if overflow {
				// UNVERIFIED: a simulator choice for a listener that stopped reading.
				return trapf(-1, "failure: too many changes not read, listen ended")
			}
			for _, c := range changes {
				if !m.inView(c.it) {
					continue
				}
				var words []string
				if c.dead {
					// RouterOS 7 reports a removal with .dead=true (RouterOS 6: yes).
					words = []string{"=.id=" + formatID(c.it.id), "=.dead=true"}
				} else {
					r.mu.Lock()
					if !r.matches(m, c.it, p.query) {
						r.mu.Unlock()
						continue
					}
					words = r.render(m, c.it, &p)
					if p.hasProps && m.kind != kindSettings && !slices.Contains(p.proplist, ".id") {
						words = append([]string{"=.id=" + formatID(c.it.id)}, words...)
					}
					r.mu.Unlock()
				}
				if !emit(words...) {
					return nil
				}
			}
		}
	})
	return nil
}

// resolve turns a numbers= / .id= value (a comma-separated list of ids and names) into items.
// Caller holds r.mu.
func (r *Router) resolve(m *menuDef, list string) ([]*item, error) {
	var out []*item
	for _, ref := range strings.Split(list, ",") {
		var it *item
		if id, ok := parseID(ref); ok {
			it = r.findByID(m, id)
		} else {
			it = r.findByKey(m, ref)
		}
		if it == nil {
			return nil, trapf(0, msgNoSuchItem)
		}
		if !slices.Contains(out, it) {
			out = append(out, it)
		}
	}
	return out, nil
}

// targets returns the items a set/remove/... names with .id= or numbers=. Caller holds r.mu.
func (r *Router) targets(m *menuDef, req wire.Sentence) ([]*item, error) {
	if m.kind == kindSettings {
		return []*item{r.settingsItem(m)}, nil
	}
	ref, ok := req.Get(".id")
	if !ok {
		ref, ok = req.Get("numbers")
	}
	if !ok {
		ref, ok = req.Get("number")
	}
	if !ok || ref == "" {
		return nil, trapf(1, "%s numbers", msgMissingValues)
	}
	return r.resolve(m, ref)
}

// checkTargets resolves the targets of a verb or command that changes nothing here (reset, the
// schema's own commands such as reset-counters): an item that does not exist is refused with "no
// such item", as a router does.
func (r *Router) checkTargets(m *menuDef, req wire.Sentence) error {
	if m.kind != kindList && m.kind != kindFixed {
		return nil
	}
	if _, ok := req.Get(".id"); !ok {
		if _, ok := req.Get("numbers"); !ok {
			return nil // reset of every item
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	_, err := r.targets(m, req)
	return err
}

func isTargetKey(k string) bool { return k == ".id" || k == "numbers" || k == "number" }

// locked returns the refusal of the first lock that holds for one of the items and verb. Caller
// holds r.mu.
func (r *Router) locked(m *menuDef, its []*item, verb string) error {
	for _, l := range m.locks {
		if len(l.Verbs) > 0 && !slices.Contains(l.Verbs, schema.Verb(verb)) {
			continue
		}
		for _, it := range its {
			if r.flag(m, it, l.When) {
				return trapf(-1, "%s", l.Error)
			}
		}
	}
	return nil
}

func (r *Router) get(m *menuDef, req wire.Sentence) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	its, err := r.targets(m, req)
	if err != nil {
		return "", err
	}
	name, ok := req.Get("value-name")
	if !ok {
		return "", trapf(1, "%s value-name", msgMissingValues)
	}
	if name != ".id" && m.attr(name) == nil {
		return "", trapf(1, msgUnknownParam)
	}
	v, _ := r.prop(m, its[0], name)
	return v, nil
}

// values validates the property words of add or set. Caller holds r.mu.
func (r *Router) values(m *menuDef, req wire.Sentence, add bool) (map[string]string, error) {
	vals := make(map[string]string, len(req.Attrs))
	for _, a := range req.Attrs {
		if !add && isTargetKey(a.Key) {
			continue
		}
		if add && a.Key == "place-before" && m.ordered {
			continue
		}
		d := m.attr(a.Key)
		if d == nil || d.ReadOnly || (!add && !d.Settable) || (add && !d.OnAdd) {
			return nil, trapf(1, msgUnknownParam)
		}
		v, err := r.normalize(m, d, a.Value)
		if err != nil {
			return nil, err
		}
		vals[a.Key] = v
	}
	return vals, nil
}

// checkItem refuses a new or changed item (self nil on add) that breaks a uniqueness key or the
// menu's own check. Caller holds r.mu.
func (r *Router) checkItem(m *menuDef, self *item, vals map[string]string) error {
	for _, k := range m.keys {
		want := r.keyValues(m, self, vals, k.Key)
		n := r.keyCount(m, k, want)
		if self != nil && (k.table || m.inView(self)) && r.keyEqual(m, self, k.Key, want) {
			n-- // the item being changed keeps its own values
		}
		if n > 0 {
			return trapf(-1, "%s", k.Error)
		}
	}
	if h := m.hook; h != nil && h.check != nil {
		return h.check(r, m, self, vals)
	}
	return nil
}

func (r *Router) add(m *menuDef, req wire.Sentence) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	vals, err := r.values(m, req, true)
	if err != nil {
		return "", err
	}
	var missing []string
	for _, a := range m.attrs {
		if _, ok := vals[a.Name]; ok {
			continue
		}
		if a.RequiredOnAdd || r.requiredIf(m, a, vals) {
			missing = append(missing, a.Name)
		}
	}
	if len(missing) > 0 {
		return "", trapf(1, "%s %s", msgMissingValues, strings.Join(missing, ","))
	}
	var before *item
	if pb, ok := req.Get("place-before"); ok && m.ordered {
		its, err := r.resolve(m, pb)
		if err != nil {
			return "", err
		}
		before = its[0]
	}
	if m.nameAttr == "name" && vals["name"] == "" && m.attr("name") != nil && m.attr("name").OnAdd {
		vals["name"] = r.autoName(m)
	}
	if h := m.hook; h != nil && h.create != nil {
		h.create(r, m, vals)
	}
	full := make(map[string]string, len(vals))
	for k, v := range vals {
		full[k] = v
	}
	for k, v := range m.where {
		full[k] = v
	}
	if err := r.checkItem(m, nil, full); err != nil {
		return "", err
	}
	it := r.insert(m, vals, before)
	return formatID(it.id), nil
}

// requiredIf reports whether a conditionally required attribute is required by vals.
func (r *Router) requiredIf(m *menuDef, a *schema.Attr, vals map[string]string) bool {
	for _, c := range a.RequiredIf {
		v, ok := vals[c.Attr]
		if !ok {
			if d := m.attr(c.Attr); d != nil && d.HasDefault {
				v = d.Default
			}
		}
		if slices.Contains(c.Values, v) {
			return true
		}
	}
	return false
}

// autoName names an item added without a name the way RouterOS does: bridge1, vlan2, pool1...
func (r *Router) autoName(m *menuDef) string {
	base := m.path[strings.LastIndexByte(m.path, '/')+1:]
	for i := 1; ; i++ {
		name := base + itoa(i)
		taken := false
		for _, it := range r.tableOf(m).items {
			if it.attrs[m.nameAttr] == name {
				taken = true
				break
			}
		}
		if !taken {
			return name
		}
	}
}

func (r *Router) set(m *menuDef, req wire.Sentence, verb string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	its, err := r.targets(m, req)
	if err != nil {
		return err
	}
	vals, err := r.values(m, req, false)
	if err != nil {
		return err
	}
	if err := r.locked(m, its, verb); err != nil {
		return err
	}
	for _, it := range its {
		next := it.clone().attrs
		for k, v := range vals {
			next[k] = v
		}
		for _, a := range m.attrs {
			if _, ok := next[a.Name]; !ok && r.requiredIf(m, a, next) {
				return trapf(1, "%s %s", msgMissingValues, a.Name)
			}
		}
		if err := r.checkItem(m, it, next); err != nil {
			return err
		}
	}
	for _, it := range its {
		for k, v := range vals {
			it.attrs[k] = v
		}
		r.changed(m, it)
	}
	return nil
}

func (r *Router) unset(m *menuDef, req wire.Sentence) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	its, err := r.targets(m, req)
	if err != nil {
		return err
	}
	names, ok := req.Get("value-name")
	if !ok {
		return trapf(1, "%s value-name", msgMissingValues)
	}
	list := splitList(names)
	for _, n := range list {
		a := m.attr(n)
		if a == nil || a.ReadOnly || a.RequiredOnAdd || !a.Settable {
			return trapf(1, msgUnknownParam)
		}
	}
	if err := r.locked(m, its, "unset"); err != nil {
		return err
	}
	for _, it := range its {
		for _, n := range list {
			delete(it.attrs, n)
		}
		r.changed(m, it)
	}
	return nil
}

func (r *Router) remove(m *menuDef, req wire.Sentence) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	its, err := r.targets(m, req)
	if err != nil {
		return err
	}
	if err := r.locked(m, its, "remove"); err != nil {
		return err
	}
	for _, it := range its {
		r.delete(m, it)
	}
	return nil
}

func (r *Router) enable(m *menuDef, req wire.Sentence, verb string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	its, err := r.targets(m, req)
	if err != nil {
		return err
	}
	if err := r.locked(m, its, verb); err != nil {
		return err
	}
	v := strconv.FormatBool(verb == "disable")
	for _, it := range its {
		it.attrs["disabled"] = v
		r.changed(m, it)
	}
	return nil
}

// move moves the items named by numbers= before the item named by destination= (to the end without
// one), keeping their relative order.
func (r *Router) move(m *menuDef, req wire.Sentence) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	its, err := r.targets(m, req)
	if err != nil {
		return err
	}
	if err := r.locked(m, its, "move"); err != nil {
		return err
	}
	var dest *item
	if d, ok := req.Get("destination"); ok && d != "" {
		ds, err := r.resolve(m, d)
		if err != nil {
			return err
		}
		dest = ds[0]
	}
	t := r.tableOf(m)
	rest := slices.DeleteFunc(slices.Clone(t.items), func(it *item) bool { return slices.Contains(its, it) })
	pos := len(rest)
	if dest != nil {
		if i := slices.Index(rest, dest); i >= 0 {
			pos = i
		}
	}
	t.items = slices.Concat(rest[:pos], its, rest[pos:])
	for _, it := range its {
		r.notify(m.table, it, false)
	}
	return nil
}
