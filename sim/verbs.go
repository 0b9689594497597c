package sim

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/rosgen/routeros/wire"
)

// trapErr is a refusal sent as !trap (one per message) then !done.
type trapErr struct {
	category int // -1: none
	msg      string
	more     []string // further traps, without category
}

func (e *trapErr) Error() string { return e.msg }

func trapf(category int, format string, args ...any) *trapErr {
	return &trapErr{category: category, msg: fmt.Sprintf(format, args...)}
}

// Router texts (docs/protocol.md#router-texts) and the simulator's choices where the real text is unknown.
const (
	msgNoSuchItem    = "no such item (4)"
	msgUnknownParam  = "unknown parameter"
	msgNoPermission  = "not enough permissions (9)"
	msgEntryExists   = "failure: entry already exists"
	msgInterfaceDup  = "failure: already have interface with such name"
	msgNoSuchPrefix  = "no such command prefix"
	msgInterrupted   = "interrupted"
	msgMissingValues = "missing value(s) of argument(s)" // UNVERIFIED text
)

func (r replier) sendErr(err error) {
	var te *trapErr
	if !errors.As(err, &te) {
		te = &trapErr{category: 4, msg: "failure: " + err.Error()} // UNVERIFIED: general failure
	}
	r.trapOnly(te.category, te.msg)
	for _, m := range te.more {
		r.trapOnly(-1, m)
	}
	r.done()
}

func itoa(n int) string { return strconv.Itoa(n) }

// writeVerbs need the write policy.
var writeVerbs = map[string]bool{
	"add": true, "set": true, "unset": true, "remove": true, "enable": true, "disable": true,
	"move": true, "comment": true, "reset-counters": true,
}

// command is a command that is not a generic menu verb.
type command struct {
	policy string
	run    func(s *Server, ss *session, r replier, req wire.Sentence)
}

func (s *Server) dispatch(ss *session, r replier, req wire.Sentence) {
	word := req.Word
	if c, ok := s.commandFor(word); ok {
		if !ss.user.can(c.policy) {
			r.trap(-1, msgNoPermission)
			return
		}
		c.run(s, ss, r, req)
		return
	}
	i := strings.LastIndexByte(word, '/')
	var m *menuDef
	var verb string
	if i > 0 {
		m, verb = s.menus[word[:i]], word[i+1:]
	}
	if m == nil || !m.verbs[verb] {
		r.sendErr(s.unknownCommand(word))
		return
	}
	policy := "read"
	if writeVerbs[verb] {
		policy = "write"
	}
	if !ss.user.can(policy) {
		r.trap(-1, msgNoPermission)
		return
	}
	var err error
	switch verb {
	case "print", "getall":
		err = s.print(ss, r, m, req, false)
		if err == nil {
			return
		}
	case "listen":
		err = s.print(ss, r, m, req, true)
		if err == nil {
			return
		}
	case "get":
		var v string
		if v, err = s.get(m, req); err == nil {
			r.done("=ret=" + v)
			return
		}
	case "add":
		var id string
		if id, err = s.add(m, req); err == nil {
			r.done("=ret=" + id)
			return
		}
	case "set", "comment":
		err = s.set(m, req)
	case "unset":
		err = s.unset(m, req)
	case "remove":
		err = s.remove(m, req)
	case "enable", "disable":
		err = s.enable(m, req, verb == "enable")
	case "move":
		err = s.move(m, req)
	case "export":
		err = nil // nothing useful to print: the export is text for the console
	default:
		err = nil // a verb the schema lists and the simulator does nothing for (reset-counters...)
	}
	if err != nil {
		r.sendErr(err)
		return
	}
	r.done()
}

// unknownCommand builds the router's two traps for a path or verb it does not have:
// "no such command or directory (X)" with the first part that does not resolve, then "no such
// command prefix".
func (s *Server) unknownCommand(word string) *trapErr {
	bad := word
	if strings.HasPrefix(word, "/") {
		segs := strings.Split(word[1:], "/")
		prefix := ""
		bad = segs[len(segs)-1]
		for i, seg := range segs {
			prefix += "/" + seg
			if s.dirs[prefix] {
				continue
			}
			if i == len(segs)-1 {
				if m := s.menus[strings.TrimSuffix(prefix, "/"+seg)]; m != nil && m.verbs[seg] {
					continue
				}
			}
			bad = seg
			break
		}
	}
	return &trapErr{category: 0, msg: "no such command or directory (" + bad + ")", more: []string{msgNoSuchPrefix}}
}

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
// Caller holds s.mu.
func (s *Server) render(m *menuDef, it *item, p *printArgs) []string {
	var words []string
	if p != nil && p.hasProps {
		for _, name := range p.proplist {
			if v, ok := s.prop(m, it, name); ok {
				words = append(words, "="+name+"="+v)
			}
		}
		return words
	}
	if m.kind != kindSettings {
		words = append(words, "=.id="+formatID(it.id))
	}
	for _, a := range m.attrs {
		if a.writeOnly {
			continue
		}
		if v, ok := s.prop(m, it, a.name); ok {
			words = append(words, "="+a.name+"="+v)
		}
	}
	return words
}

func (s *Server) matches(m *menuDef, it *item, q query) bool {
	if len(q) == 0 {
		return true
	}
	return q.match(func(name string) (string, bool) { return s.prop(m, it, name) },
		func(name, a, b string) int {
			if ad := m.attr(name); ad != nil && ad.typ == "bool" {
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
func (s *Server) print(ss *session, r replier, m *menuDef, req wire.Sentence, listen bool) error {
	p := parsePrint(req)
	s.mu.Lock()
	var items []*item
	if m.kind == kindSettings {
		items = []*item{s.settingsItem(m)}
	} else {
		items = s.view(m)
	}
	if p.from != "" {
		sel, err := s.resolve(m, p.from)
		if err != nil {
			s.mu.Unlock()
			return err
		}
		items = slices.DeleteFunc(items, func(it *item) bool { return !slices.Contains(sel, it) })
	}
	var out [][]string
	for _, it := range items {
		if s.matches(m, it, p.query) {
			out = append(out, s.render(m, it, &p))
		}
	}
	var w *watcher
	if listen || p.follow || p.followOnly {
		w = s.watch(m.table)
	}
	s.mu.Unlock()

	if w == nil {
		if p.countOnly {
			r.done("=ret=" + itoa(len(out)))
			return nil
		}
		for _, words := range out {
			r.send("!re", words...)
		}
		if len(out) == 0 && s.sendsEmpty() {
			r.send("!empty")
		}
		r.done()
		return nil
	}
	initial := p.follow && !p.followOnly && !listen
	ss.stream(r, req.Word, func(ctx context.Context, emit func(...string) bool) error {
		defer s.unwatch(w)
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
			for _, c := range w.take() {
				if !m.inView(c.it) {
					continue
				}
				var words []string
				if c.dead {
					words = []string{"=.id=" + formatID(c.it.id), "=.dead=yes"}
				} else {
					s.mu.Lock()
					if !s.matches(m, c.it, p.query) {
						s.mu.Unlock()
						continue
					}
					words = s.render(m, c.it, &p)
					if p.hasProps && m.kind != kindSettings && !slices.Contains(p.proplist, ".id") {
						words = append([]string{"=.id=" + formatID(c.it.id)}, words...)
					}
					s.mu.Unlock()
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
// Caller holds s.mu.
func (s *Server) resolve(m *menuDef, list string) ([]*item, error) {
	var out []*item
	for _, ref := range strings.Split(list, ",") {
		var it *item
		if id, ok := parseID(ref); ok {
			it = s.findByID(m, id)
		} else {
			it = s.findByKey(m, ref)
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

// targets returns the items a set/remove/... names with .id= or numbers=. Caller holds s.mu.
func (s *Server) targets(m *menuDef, req wire.Sentence) ([]*item, error) {
	if m.kind == kindSettings {
		return []*item{s.settingsItem(m)}, nil
	}
	ref, ok := req.Get(".id")
	if !ok {
		ref, ok = req.Get("numbers")
	}
	if !ok {
		ref, ok = req.Get("number")
	}
	if !ok || ref == "" {
		return nil, trapf(0, msgNoSuchItem) // UNVERIFIED: the router's text for a missing numbers=
	}
	return s.resolve(m, ref)
}

func isTargetKey(k string) bool { return k == ".id" || k == "numbers" || k == "number" }

func (s *Server) get(m *menuDef, req wire.Sentence) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	its, err := s.targets(m, req)
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
	v, _ := s.prop(m, its[0], name)
	return v, nil
}

// values validates the property words of add or set. Caller holds s.mu.
func (s *Server) values(m *menuDef, req wire.Sentence, set bool) (map[string]string, error) {
	vals := make(map[string]string, len(req.Attrs))
	for _, a := range req.Attrs {
		if set && isTargetKey(a.Key) {
			continue
		}
		d := m.attr(a.Key)
		if d == nil || d.readOnly || (set && d.noSet) || (!set && d.noAdd) {
			return nil, trapf(1, msgUnknownParam)
		}
		v, err := s.normalize(m, d, a.Value)
		if err != nil {
			return nil, trapf(1, "%s", err.Error())
		}
		vals[a.Key] = v
	}
	return vals, nil
}

// checkUnique refuses a duplicate of the menu's unique properties. Caller holds s.mu.
func (s *Server) checkUnique(m *menuDef, self *item, attrs map[string]string) error {
	if m.key == "" || attrs[m.key] == "" {
		return nil
	}
	for _, it := range s.tableOf(m).items { // unique across the whole table (every interface type)
		if it != self && it.attrs[m.key] == attrs[m.key] {
			return trapf(-1, "%s", m.dupMsg)
		}
	}
	return nil
}

func (s *Server) add(m *menuDef, req wire.Sentence) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	vals, err := s.values(m, req, false)
	if err != nil {
		return "", err
	}
	var missing []string
	for _, a := range m.attrs {
		if a.required {
			if _, ok := vals[a.name]; !ok {
				missing = append(missing, a.name)
			}
		}
	}
	if len(missing) > 0 {
		return "", trapf(1, "%s %s", msgMissingValues, strings.Join(missing, ","))
	}
	if m.key == "name" && vals["name"] == "" && m.attr("name") != nil {
		vals["name"] = s.autoName(m)
	}
	if err := s.checkUnique(m, nil, vals); err != nil {
		return "", err
	}
	if m.validate != nil {
		if err := m.validate(s, nil, vals); err != nil {
			return "", err
		}
	}
	it := s.insert(m, vals)
	return formatID(it.id), nil
}

// autoName names an item added without a name the way RouterOS does: bridge1, vlan2, pool1...
func (s *Server) autoName(m *menuDef) string {
	base := m.typeFilter
	if base == "" {
		base = m.path[strings.LastIndexByte(m.path, '/')+1:]
	}
	for i := 1; ; i++ {
		name := base + itoa(i)
		taken := false
		for _, it := range s.tableOf(m).items {
			if it.attrs[m.key] == name {
				taken = true
				break
			}
		}
		if !taken {
			return name
		}
	}
}

func (s *Server) set(m *menuDef, req wire.Sentence) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	its, err := s.targets(m, req)
	if err != nil {
		return err
	}
	vals, err := s.values(m, req, true)
	if err != nil {
		return err
	}
	for _, it := range its {
		next := it.clone().attrs
		for k, v := range vals {
			next[k] = v
		}
		if err := s.checkUnique(m, it, next); err != nil {
			return err
		}
		if m.validate != nil {
			if err := m.validate(s, it, next); err != nil {
				return err
			}
		}
	}
	for _, it := range its {
		for k, v := range vals {
			it.attrs[k] = v
		}
		s.notify(m.table, it, false)
	}
	return nil
}

func (s *Server) unset(m *menuDef, req wire.Sentence) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	its, err := s.targets(m, req)
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
		if a == nil || a.readOnly || a.required {
			return trapf(1, msgUnknownParam)
		}
	}
	for _, it := range its {
		for _, n := range list {
			delete(it.attrs, n)
		}
		s.notify(m.table, it, false)
	}
	return nil
}

func (s *Server) remove(m *menuDef, req wire.Sentence) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	its, err := s.targets(m, req)
	if err != nil {
		return err
	}
	for _, it := range its {
		if it.attrs["default"] == "true" || it.attrs["builtin"] == "true" {
			return trapf(-1, "failure: cannot remove builtin item") // UNVERIFIED text
		}
	}
	for _, it := range its {
		s.delete(m, it)
	}
	return nil
}

func (s *Server) enable(m *menuDef, req wire.Sentence, on bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	its, err := s.targets(m, req)
	if err != nil {
		return err
	}
	v := strconv.FormatBool(!on)
	for _, it := range its {
		it.attrs["disabled"] = v
		s.notify(m.table, it, false)
	}
	return nil
}

// move moves the items named by numbers= before the item named by destination= (to the end without
// one), keeping their relative order.
func (s *Server) move(m *menuDef, req wire.Sentence) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	its, err := s.targets(m, req)
	if err != nil {
		return err
	}
	var dest *item
	if d, ok := req.Get("destination"); ok && d != "" {
		ds, err := s.resolve(m, d)
		if err != nil {
			return err
		}
		dest = ds[0]
	}
	t := s.tableOf(m)
	rest := slices.DeleteFunc(slices.Clone(t.items), func(it *item) bool { return slices.Contains(its, it) })
	pos := len(rest)
	if dest != nil {
		if i := slices.Index(rest, dest); i >= 0 {
			pos = i
		}
	}
	t.items = slices.Concat(rest[:pos], its, rest[pos:])
	for _, it := range its {
		s.notify(m.table, it, false)
	}
	return nil
}
