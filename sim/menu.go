package sim

import (
	"fmt"
	"net"
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// This file holds the simulator's own description of a menu. The engine depends only on these types;
// schema.go adapts the project's schema model to them, and builtin.go describes the few menus the
// simulator needs whatever the schema holds (the default state's menus and the streaming commands).

type menuKind int

const (
	kindList     menuKind = iota // items with .id: add/remove
	kindSettings                 // one unnamed item: print/get/set (no .id)
	kindFixed                    // items fixed by the router: print/get/set, no add/remove
)

// attrDef describes one property of a menu.
type attrDef struct {
	name     string
	typ      string   // "string", "bool", "int", "ip", "prefix", "mac", "duration", "enum", "ref", "list"
	enum     []string // allowed values for "enum"
	multi    bool     // a comma-separated list of enum values or references
	required bool     // add refuses an item without it
	readOnly bool     // computed or reported by the router; add/set refuse it
	ref      string   // path of the menu whose item names are the allowed values (typ "ref")
	def      string   // value printed when the item has none ("" prints nothing)
	// norm, when set, replaces the type rule: it checks a value and returns its canonical form (the
	// schema's per-type validation). References are still checked against the store.
	norm      func(string) (string, error)
	sentinels []string // words accepted instead of a value ("none", "auto")
	negatable bool     // the value may start with '!'
	writeOnly bool     // print never shows it (passwords)
	noAdd     bool     // add refuses it
	noSet     bool     // set refuses it
}

// menuDef describes one menu: what the simulator needs to serve its generic verbs.
type menuDef struct {
	path  string
	kind  menuKind
	verbs map[string]bool
	attrs []*attrDef
	// table is the path of the store table holding the items; several menus may share one (the
	// /interface family: /interface/ethernet shows the items of /interface whose type is "ether").
	table string
	// typeFilter, when set, restricts the menu to items whose "type" is this value, and is the type
	// of the items it adds.
	typeFilter string
	// key is the property that names an item and must be unique in the table ("" when none).
	key string
	// dupMsg is the trap message for a duplicate key.
	dupMsg string
	// ordered menus support move.
	ordered bool
	// computed returns the value of a read-only property computed from the item, or false.
	computed func(s *Server, it *item, name string) (string, bool)
	// validate checks a whole item before add (self nil) or set stores it; nil checks nothing more.
	validate func(s *Server, self *item, vals map[string]string) error

	byName map[string]*attrDef
}

func (m *menuDef) init() {
	m.byName = make(map[string]*attrDef, len(m.attrs))
	for _, a := range m.attrs {
		m.byName[a.name] = a
	}
	if m.table == "" {
		m.table = m.path
	}
}

func (m *menuDef) attr(name string) *attrDef { return m.byName[name] }

func verbSet(vs ...string) map[string]bool {
	m := make(map[string]bool, len(vs))
	for _, v := range vs {
		m[v] = true
	}
	return m
}

// Verbs of each menu kind, as RouterOS has them. listen exists where print does; getall is print.
var (
	listVerbs     = []string{"print", "getall", "listen", "get", "add", "set", "remove", "enable", "disable", "unset", "export"}
	settingsVerbs = []string{"print", "getall", "listen", "get", "set", "export"}
)

// normalize checks value v for attribute a and returns its canonical stored form. The error text is
// the router's trap message.
func (s *Server) normalize(m *menuDef, a *attrDef, v string) (string, error) {
	fail := func() (string, error) {
		// UNVERIFIED: the router's text for a malformed value of a typed argument.
		return "", fmt.Errorf("invalid value for argument %s", a.name)
	}
	if a.norm != nil {
		out, err := a.norm(v)
		if err != nil {
			return "", err
		}
		if a.typ == "ref" {
			if err := s.checkRefs(a, out); err != nil {
				return "", err
			}
		}
		return out, nil
	}
	if slices.Contains(a.sentinels, v) {
		return v, nil
	}
	switch a.typ {
	case "bool":
		switch strings.ToLower(v) {
		case "yes", "true":
			v = "true"
		case "no", "false":
			v = "false"
		default:
			return fail()
		}
	case "int":
		if _, err := strconv.ParseInt(v, 0, 64); err != nil {
			return fail()
		}
	case "ip":
		addr, err := netip.ParseAddr(v)
		if err != nil {
			return fail()
		}
		v = addr.String()
	case "prefix":
		if !strings.Contains(v, "/") {
			if addr, err := netip.ParseAddr(v); err == nil {
				v = addr.String() + "/" + strconv.Itoa(addr.BitLen())
			}
		}
		p, err := netip.ParsePrefix(v)
		if err != nil {
			return fail()
		}
		v = p.String()
	case "mac":
		hw, err := net.ParseMAC(v)
		if err != nil || len(hw) != 6 {
			return fail()
		}
		v = strings.ToUpper(hw.String())
	case "duration":
		if _, err := parseDuration(v); err != nil {
			return fail()
		}
	case "enum", "ref":
		parts := []string{v}
		if a.multi {
			parts = strings.Split(v, ",")
		}
		for _, p := range parts {
			ok := false
			if a.typ == "enum" {
				ok = slices.Contains(a.enum, p)
			} else {
				ok = slices.Contains(a.enum, p) || s.refExists(a.ref, p)
			}
			if !ok {
				return "", fmt.Errorf("input does not match any value of %s", a.name)
			}
		}
	}
	return v, nil
}

// checkRefs checks that every item a reference value names exists. Caller holds s.mu.
func (s *Server) checkRefs(a *attrDef, v string) error {
	if a.negatable {
		v = strings.TrimPrefix(v, "!")
	}
	parts := []string{v}
	if a.multi {
		parts = strings.Split(v, ",")
	}
	for _, p := range parts {
		if p == "" || slices.Contains(a.sentinels, p) || slices.Contains(a.enum, p) {
			continue
		}
		if !s.refExists(a.ref, p) {
			return fmt.Errorf("input does not match any value of %s", a.name)
		}
	}
	return nil
}

// parseDuration reads RouterOS durations: "1w2d3h4m5s", "500ms", "00:05:00", or plain seconds.
func parseDuration(v string) (d int64, err error) { // nanoseconds
	const (
		ms  = int64(1e6)
		sec = 1000 * ms
	)
	if v == "" {
		return 0, fmt.Errorf("empty duration")
	}
	if strings.Contains(v, ":") {
		parts := strings.Split(v, ":")
		if len(parts) != 3 {
			return 0, fmt.Errorf("bad duration")
		}
		h, e1 := strconv.Atoi(parts[0])
		m, e2 := strconv.Atoi(parts[1])
		sf, e3 := strconv.ParseFloat(parts[2], 64)
		if e1 != nil || e2 != nil || e3 != nil {
			return 0, fmt.Errorf("bad duration")
		}
		return int64(h)*3600*sec + int64(m)*60*sec + int64(sf*float64(sec)), nil
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return n * sec, nil
	}
	var total int64
	rest := v
	for rest != "" {
		i := 0
		for i < len(rest) && (rest[i] >= '0' && rest[i] <= '9' || rest[i] == '.') {
			i++
		}
		if i == 0 {
			return 0, fmt.Errorf("bad duration")
		}
		num, err := strconv.ParseFloat(rest[:i], 64)
		if err != nil {
			return 0, err
		}
		rest = rest[i:]
		j := 0
		for j < len(rest) && rest[j] >= 'a' && rest[j] <= 'z' {
			j++
		}
		unit := rest[:j]
		rest = rest[j:]
		var mult int64
		switch unit {
		case "ms":
			mult = ms
		case "s", "":
			mult = sec
		case "m":
			mult = 60 * sec
		case "h":
			mult = 3600 * sec
		case "d":
			mult = 86400 * sec
		case "w":
			mult = 7 * 86400 * sec
		default:
			return 0, fmt.Errorf("bad duration unit %q", unit)
		}
		total += int64(num * float64(mult))
	}
	return total, nil
}

// formatUptime formats a duration in seconds the way RouterOS prints uptime: 1w2d3h4m5s.
func formatUptime(secs int64) string {
	if secs <= 0 {
		return "0s"
	}
	var b strings.Builder
	for _, u := range []struct {
		n int64
		s string
	}{{604800, "w"}, {86400, "d"}, {3600, "h"}, {60, "m"}, {1, "s"}} {
		if secs >= u.n {
			b.WriteString(strconv.FormatInt(secs/u.n, 10))
			b.WriteString(u.s)
			secs %= u.n
		}
	}
	return b.String()
}
