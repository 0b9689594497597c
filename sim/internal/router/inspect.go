package router

import (
	"slices"
	"strconv"
	"strings"

	"github.com/rosgen/routeros/schema"
	"github.com/rosgen/routeros/wire"
)

// /console/inspect: the router's description of its own command tree (docs/protocol.md#console-inspect).
// The simulator builds the tree once from the schema it serves: one node per path element, a cmd
// node per verb and per declared command, an arg node per argument, each arg with the syntax text
// and completions a real RouterOS prints for a value of its type.

// inode is one node of the command tree.
type inode struct {
	name     string
	typ      string // dir, path, cmd or arg
	children map[string]*inode
	// args only
	text  string       // the syntax text ("" when RouterOS prints none)
	comps []completion // completion candidates, in the router's order
}

// completion is one completion candidate of an argument's value.
type completion struct {
	value, style, text string
	pref               string // "" means completionPref
}

// Completion styles and the preference RouterOS gives ordinary candidates (7.22.3 deep dump).
const (
	styleNone       = "none"        // an ordinary value (enum values, property names)
	styleArg        = "arg"         // a keyword of the argument's syntax (yes, no, auto)
	styleSyntaxMeta = "syntax-meta" // a syntax character ("!": value prefix)
	completionPref  = "96"
)

func (n *inode) child(name, typ string) *inode {
	if n.children == nil {
		n.children = map[string]*inode{}
	}
	c := n.children[name]
	if c == nil {
		c = &inode{name: name, typ: typ}
		n.children[name] = c
	}
	return c
}

func (n *inode) sortedChildren() []*inode {
	out := make([]*inode, 0, len(n.children))
	for _, c := range n.children {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b *inode) int { return strings.Compare(a.name, b.name) })
	return out
}

// buildInspect builds the command tree of the schema's menus and commands.
func buildInspect(s *schema.Schema) *inode {
	root := &inode{typ: "dir"}
	pkgRoots := map[string]bool{}
	for _, p := range s.Packages {
		pkgRoots[p.Path] = true
	}
	dir := func(p string) *inode {
		n := root
		cur := ""
		for _, el := range splitPath(strings.TrimPrefix(p, "/")) {
			cur += "/" + el
			typ := "dir"
			if pkgRoots[cur] {
				typ = "path" // 7.24 reports the top-level /interface, /ip, /system... as path
			}
			n = n.child(el, typ)
		}
		return n
	}
	for _, m := range s.Menus() {
		d := dir(m.Path)
		if m.Kind != schema.KindNone {
			addVerbs(d, m)
		}
		for _, c := range m.Commands {
			cmd := d.child(c.Name, "cmd")
			for _, a := range c.Args {
				addArg(cmd, a)
			}
			if len(c.ReplyFields) > 0 {
				cmd.child("proplist", "arg").comps = propComps(c.ReplyFields)
			}
		}
	}
	return root
}

// addVerbs adds the cmd nodes of a menu's standard verbs, with their arguments as RouterOS
// declares them (7.24 dump: numbers, copy-from, place-before, value-name, destination...).
func addVerbs(d *inode, m *schema.Menu) {
	items := m.Kind == schema.KindList || m.Kind == schema.KindFixed
	numbers := func(cmd *inode) {
		if items {
			cmd.child("numbers", "arg")
		}
	}
	var settable, addable []*schema.Attr
	for _, a := range m.Attrs {
		if a.Settable {
			settable = append(settable, a)
		}
		if a.OnAdd {
			addable = append(addable, a)
		}
	}
	for _, v := range m.Verbs {
		if v == schema.VerbListen {
			continue // API-only: inspect does not show it
		}
		cmd := d.child(string(v), "cmd")
		switch v {
		case schema.VerbPrint:
			for _, f := range []string{"as-value", "without-paging"} {
				cmd.child(f, "arg")
			}
			cmd.child("interval", "arg").text = "00:00:00.200..    (time interval)"
			if items {
				for _, f := range []string{"count-only", "detail", "follow", "follow-only", "where"} {
					cmd.child(f, "arg")
				}
			}
			// Readable properties: print's proplist on menus with items; get's value-name on a
			// settings menu, whose print has no proplist (unless the menu has no get).
			if items || !m.Has(schema.VerbGet) {
				cmd.child("proplist", "arg").comps = propComps(m.Readable())
			}
		case schema.VerbGet:
			if items {
				cmd.child("number", "arg")
			}
			cmd.child("value-name", "arg").comps = propComps(m.Readable())
		case schema.VerbAdd:
			for _, a := range addable {
				addArg(cmd, a)
			}
			if m.Kind == schema.KindList {
				cmd.child("copy-from", "arg")
			}
			if m.Ordered {
				cmd.child("place-before", "arg")
			}
		case schema.VerbSet, schema.VerbReset:
			numbers(cmd)
			for _, a := range settable {
				addArg(cmd, a)
			}
		case schema.VerbUnset:
			numbers(cmd)
			cmd.child("value-name", "arg").comps = propComps(settable)
		case schema.VerbRemove, schema.VerbEnable, schema.VerbDisable:
			numbers(cmd)
		case schema.VerbComment:
			numbers(cmd)
			cmd.child("comment", "arg").text = "string value"
		case schema.VerbMove:
			numbers(cmd)
			cmd.child("destination", "arg")
		}
	}
	if m.Has(schema.VerbPrint) {
		export := d.child("export", "cmd")
		for _, f := range []string{"compact", "file", "terse", "verbose"} {
			export.child(f, "arg")
		}
	}
}

// propComps lists property names as completions (print's proplist, get's value-name), in the
// schema's order (the router's own order, which the import keeps), after "about": RouterOS
// completes it in every menu (the 7.22.3 deep dump), for the note it may attach to an item (.about
// over the API), which the schema does not list as an attribute.
func propComps(attrs []*schema.Attr) []completion {
	out := make([]completion, 0, len(attrs)+1)
	out = append(out, completion{value: "about", style: styleNone})
	for _, a := range attrs {
		out = append(out, completion{value: a.Name, style: styleNone, text: a.Doc})
	}
	return out
}

func addArg(cmd *inode, a *schema.Attr) {
	n := cmd.child(a.Name, "arg")
	n.text = syntaxText(a)
	n.comps = valueComps(a.Type)
}

// syntaxText is the syntax text RouterOS prints for a value of the attribute's type. The texts are
// the ones of the 7.22.3 and 7.24 dumps; where RouterOS prints none for a type (booleans,
// references, open enums, flags, unbounded integers), so does the simulator.
func syntaxText(a *schema.Attr) string {
	t := a.Type
	if t.Pair {
		return "" // neither dump has syntax text for an upload/download pair (/queue/simple max-limit)
	}
	switch t.Base {
	case schema.String:
		if len(t.Sentinels) > 0 {
			return "" // RouterOS prints none for a string with keywords (7.24: bridge-horizon, ttl)
		}
		return "string value"
	case schema.Int:
		return intRange(t)
	case schema.Bool:
		return "" // RouterOS prints none: the completions yes and no say it (7.24: 0 of ~5,000 booleans)
	case schema.Duration:
		return "time interval"
	case schema.IP:
		return "A.B.C.D    (IP address)"
	case schema.Prefix:
		return "A.B.C.D/M    (IP prefix)"
	case schema.IPOrPrefix:
		if t.Range {
			return "A.B.C.D[-A.B.C.D |0..32 |/A.B.C.D ]    (IP address range)"
		}
		return "A.B.C.D[/M]    (IP address or prefix)" // UNVERIFIED: the simulator's own text
	case schema.MAC:
		return "AB[:|-|.]CD[:|-|.]EF[:|-|.]GH[:|-|.]IJ[:|-|.]KL    (MAC address)"
	case schema.Enum:
		if t.Open || len(t.Values) == 0 {
			return ""
		}
		s := strings.Join(t.Values, "|")
		if t.List {
			s += "[," + camel(a.Name) + "*]"
		}
		return s
	}
	// ref, flag, and the bases no dump (7.22.3, 7.24) prints a syntax text for: dates, data rates
	// and the firewall matchers with a syntax of their own
	return ""
}

// intRange is the text of an integer's bounds ("0..4294967295"), "" when it has none.
func intRange(t schema.Type) string {
	if !t.HasMin && !t.HasMax {
		return ""
	}
	var b strings.Builder
	if t.HasMin {
		b.WriteString(strconv.FormatInt(t.Min, 10))
	}
	b.WriteString("..")
	if t.HasMax {
		b.WriteString(strconv.FormatInt(t.Max, 10))
	}
	return b.String()
}

// camel turns "connection-state" into "ConnectionState" and "security.encryption" into
// "SecurityEncryption", the set name RouterOS prints after a set's values ("ip|ipv6[,Afi*]").
func camel(name string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '.' }) {
		if w == "" {
			continue
		}
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

// valueComps are the completions of a value of type t: "!" for a negatable value ("!," too when
// each element of a list is negated), "," for a list, the enum values, yes/no for a bool, the sentinel words.
// References complete to live item names on a real router; the simulator offers none (an importer
// drops them).
func valueComps(t schema.Type) []completion {
	var out []completion
	if t.NegateEach {
		out = append(out, completion{value: "!,", style: styleSyntaxMeta, text: "value prefix"})
	}
	if t.Negatable || t.NegateEach {
		out = append(out, completion{value: "!", style: styleSyntaxMeta, text: "value prefix"})
	}
	if t.List && !t.NegateEach {
		out = append(out, completion{value: ",", style: styleSyntaxMeta, text: "value separator", pref: "0"}) // 7.22.3: preference 0
	}
	switch t.Base {
	case schema.Enum:
		for _, v := range t.Values {
			out = append(out, completion{value: v, style: styleNone})
		}
	case schema.Bool:
		out = append(out, completion{value: "no", style: styleArg}, completion{value: "yes", style: styleArg})
	}
	for _, s := range t.Sentinels {
		out = append(out, completion{value: s, style: styleArg})
	}
	return out
}

// inspectRequests are the values of request= (7.22.3 dump of /console/inspect itself).
var inspectRequests = []string{"self", "child", "completion", "highlight", "syntax", "error"}

// consoleInspect serves /console/inspect: request= (a comma list of self, child, completion,
// highlight, syntax, error) about the node at path= (comma-separated elements from the root).
func consoleInspect(r *Router, rep Replier, req wire.Sentence) {
	send := func(err error) { WriteErr(rep.Send, err) }
	if err := checkArgs(req, "request", "path", "input", "as-value", "without-paging", ".proplist"); err != nil {
		send(err)
		return
	}
	reqs, _ := req.Get("request")
	if reqs == "" {
		send(trapf(1, "%s request", msgMissingValues))
		return
	}
	kinds := strings.Split(reqs, ",")
	for _, k := range kinds {
		if !slices.Contains(inspectRequests, k) {
			send(trapf(1, "input does not match any value of request"))
			return
		}
	}
	n := r.inspect
	var elems []string
	if p, _ := req.Get("path"); p != "" {
		elems = strings.Split(p, ",")
	}
	for _, el := range elems {
		c := n.children[el]
		if c == nil {
			send(&trapErr{category: 0, msg: "no such command or directory (" + el + ")", more: []string{msgNoSuchPrefix}})
			return
		}
		n = c
	}
	p := parsePrint(req)
	emit := func(attrs ...wire.Attr) {
		rep.Send("!re", filterProps(attrs, p)...)
	}
	for _, k := range kinds {
		switch k {
		case "self":
			emit(wire.Attr{Key: "type", Value: "self"}, wire.Attr{Key: "name", Value: n.name},
				wire.Attr{Key: "node-type", Value: n.typ})
		case "child":
			emit(wire.Attr{Key: "type", Value: "self"}, wire.Attr{Key: "name", Value: n.name},
				wire.Attr{Key: "node-type", Value: n.typ})
			for _, c := range n.sortedChildren() {
				emit(wire.Attr{Key: "type", Value: "child"}, wire.Attr{Key: "name", Value: c.name},
					wire.Attr{Key: "node-type", Value: c.typ})
			}
		case "syntax":
			switch n.typ {
			case "arg":
				emit(syntaxAttrs(n)...)
			case "cmd":
				for _, c := range n.sortedChildren() {
					emit(syntaxAttrs(c)...)
				}
			}
		case "completion":
			if n.typ == "arg" {
				comps := n.comps
				if drop := r.inspectDrop(); drop > 0 && !p.hasProps && len(comps) > drop &&
					r.fullCompletions.Add(1)%2 == 1 {
					comps = comps[:drop]
				}
				for _, c := range comps {
					pref := c.pref
					if pref == "" {
						pref = completionPref
					}
					attrs := []wire.Attr{{Key: "type", Value: "completion"}, {Key: "completion", Value: c.value},
						{Key: "style", Value: c.style}, {Key: "preference", Value: pref},
						{Key: "show", Value: "true"}}
					if c.text != "" {
						attrs = append(attrs, wire.Attr{Key: "text", Value: c.text})
					}
					emit(attrs...)
				}
				continue
			}
			for _, c := range n.sortedChildren() {
				emit(wire.Attr{Key: "type", Value: "completion"}, wire.Attr{Key: "completion", Value: c.name},
					wire.Attr{Key: "style", Value: c.typ}, wire.Attr{Key: "preference", Value: completionPref},
					wire.Attr{Key: "show", Value: "true"})
			}
		}
		// highlight and error describe the console's parse of input=, which the simulator does not
		// parse: no replies.
	}
	rep.Send("!done")
}

func (r *Router) inspectDrop() int {
	if r.cfg.InspectDrop == nil {
		return 0
	}
	return r.cfg.InspectDrop()
}

func syntaxAttrs(n *inode) []wire.Attr {
	return []wire.Attr{{Key: "type", Value: "syntax"}, {Key: "symbol", Value: n.name},
		{Key: "symbol-type", Value: "explanation"}, {Key: "nested", Value: "0"}, {Key: "nonorm", Value: "false"},
		{Key: "text", Value: n.text}}
}
