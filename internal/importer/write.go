package importer

import (
	"sort"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// pkg, menu, attr and command mirror the schema file format (schema/README.md); the writer emits
// them in the house style: one flow mapping per attribute, keys in a fixed order.
type pkg struct {
	Name, Dir, Path, Doc string
	Header               []string // comment lines at the top, without "# "
	Menus                []*menu
}

type menu struct {
	Path, Go, Field, Kind string
	Verbs                 []string
	Doc                   string
	View                  *yaml.Node // raw, re-emitted in flow style
	Unique, Items, Locked *yaml.Node // block sequences of flow mappings
	Comments              map[string]string
	Attrs                 []*attr
	Commands              []*command
}

type attr struct {
	Name, Go, Type                           string
	List, NegateEach, Negatable, Open, Range bool
	Pair, OpenEnd                            bool
	Sentinels, Values                        []string
	Ref, OrRef                               string
	Min, Max                                 *int64
	RO, WO                                   bool
	Add, Set                                 *bool
	Required                                 bool
	RequiredIf                               *yaml.Node
	Invalid                                  string
	Secret                                   bool
	Default                                  *string
	Doc                                      string
	Comment                                  string
	// why records where the type came from (not written): "desc", "completion", "name", "override".
	why string
	// reason says why an attribute stayed a plain string (not written).
	reason string
	// desc and comps are the argument's syntax text and completion words, as the dumps give them
	// (not written): the family rule compares them.
	desc, comps string
}

type command struct {
	Name, Go, Doc string
	Streaming     bool
	Args, Reply   []*attr
	Comment       string
}

func (p *pkg) bytes() []byte {
	var b strings.Builder
	for _, h := range p.Header {
		b.WriteString("# " + h + "\n")
	}
	b.WriteString("package: " + scalar(p.Name) + "\n")
	if p.Dir != "" {
		b.WriteString("dir: " + scalar(p.Dir) + "\n")
	}
	b.WriteString("path: " + scalar(p.Path) + "\n")
	b.WriteString("doc: " + scalar(p.Doc) + "\n")
	b.WriteString("menus:\n")
	for _, m := range p.Menus {
		m.write(&b)
	}
	return []byte(b.String())
}

func line(b *strings.Builder, indent, text, comment string) {
	b.WriteString(indent)
	b.WriteString(text)
	if comment != "" {
		b.WriteString("  ")
		b.WriteString(comment)
	}
	b.WriteString("\n")
}

func (m *menu) write(b *strings.Builder) {
	c := func(k string) string { return m.Comments[k] }
	line(b, "  ", "- path: "+scalar(m.Path), c("path"))
	if m.Go != "" {
		line(b, "    ", "go: "+scalar(m.Go), c("go"))
	}
	if m.Field != "" {
		line(b, "    ", "field: "+scalar(m.Field), c("field"))
	}
	line(b, "    ", "kind: "+m.Kind, c("kind"))
	if len(m.Verbs) > 0 {
		line(b, "    ", "verbs: "+flowList(m.Verbs), c("verbs"))
	}
	if m.Doc != "" {
		line(b, "    ", "doc: "+scalar(m.Doc), c("doc"))
	}
	if m.View != nil {
		line(b, "    ", "view: "+flow(m.View), c("view"))
	}
	for _, k := range []struct {
		key string
		n   *yaml.Node
	}{{"unique", m.Unique}, {"items", m.Items}, {"locked", m.Locked}} {
		if k.n == nil {
			continue
		}
		line(b, "    ", k.key+":", c(k.key))
		for _, it := range k.n.Content {
			line(b, "      ", "- "+flow(it), it.LineComment)
		}
	}
	if len(m.Attrs) > 0 {
		line(b, "    ", "attrs:", c("attrs"))
		for _, a := range m.Attrs {
			line(b, "      ", "- "+a.flow(), a.Comment)
		}
	}
	if len(m.Commands) > 0 {
		line(b, "    ", "commands:", c("commands"))
		for _, cm := range m.Commands {
			cm.write(b)
		}
	}
}

func (cm *command) write(b *strings.Builder) {
	if !cm.Streaming && len(cm.Args) == 0 && len(cm.Reply) == 0 {
		var parts []string
		parts = append(parts, "name: "+scalar(cm.Name))
		if cm.Go != "" {
			parts = append(parts, "go: "+scalar(cm.Go))
		}
		if cm.Doc != "" {
			parts = append(parts, "doc: "+scalar(cm.Doc))
		}
		line(b, "      ", "- {"+strings.Join(parts, ", ")+"}", cm.Comment)
		return
	}
	line(b, "      ", "- name: "+scalar(cm.Name), cm.Comment)
	if cm.Go != "" {
		line(b, "        ", "go: "+scalar(cm.Go), "")
	}
	if cm.Streaming {
		line(b, "        ", "streaming: true", "")
	}
	if cm.Doc != "" {
		line(b, "        ", "doc: "+scalar(cm.Doc), "")
	}
	for _, part := range []struct {
		key string
		as  []*attr
	}{{"args", cm.Args}, {"reply", cm.Reply}} {
		if len(part.as) == 0 {
			continue
		}
		line(b, "        ", part.key+":", "")
		for _, a := range part.as {
			line(b, "          ", "- "+a.flow(), a.Comment)
		}
	}
}

func (a *attr) flow() string {
	var p []string
	add := func(k, v string) { p = append(p, k+": "+v) }
	add("name", scalar(a.Name))
	if a.Go != "" {
		add("go", scalar(a.Go))
	}
	if a.Type != "" && a.Type != "string" {
		add("type", a.Type)
	}
	if a.List {
		add("list", "true")
	}
	if a.NegateEach {
		add("negate-each", "true")
	} else if a.Negatable {
		add("negatable", "true")
	}
	if a.Open {
		add("open", "true")
	}
	if a.Range {
		add("range", "true")
	}
	if a.OpenEnd {
		add("open-end", "true")
	}
	if a.Pair {
		add("pair", "true")
	}
	if len(a.Sentinels) > 0 {
		add("sentinels", flowList(a.Sentinels))
	}
	if len(a.Values) > 0 {
		add("values", flowList(a.Values))
	}
	if a.Ref != "" {
		add("ref", scalar(a.Ref))
	}
	if a.OrRef != "" {
		add("or-ref", scalar(a.OrRef))
	}
	if a.Min != nil {
		add("min", strconv.FormatInt(*a.Min, 10))
	}
	if a.Max != nil {
		add("max", strconv.FormatInt(*a.Max, 10))
	}
	if a.RO {
		add("ro", "true")
	}
	if a.WO {
		add("wo", "true")
	}
	if a.Add != nil {
		add("add", strconv.FormatBool(*a.Add))
	}
	if a.Set != nil {
		add("set", strconv.FormatBool(*a.Set))
	}
	if a.Required {
		add("required", "true")
	}
	if a.RequiredIf != nil {
		add("required-if", flow(a.RequiredIf))
	}
	if a.Invalid != "" {
		add("invalid", scalar(a.Invalid))
	}
	if a.Secret {
		add("secret", "true")
	}
	if a.Default != nil {
		add("default", scalar(*a.Default))
	}
	if a.Doc != "" {
		add("doc", scalar(a.Doc))
	}
	return "{" + strings.Join(p, ", ") + "}"
}

func flowList(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = scalar(v)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// flow emits a yaml node in flow style with the writer's quoting.
func flow(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		var p []string
		for i := 0; i+1 < len(n.Content); i += 2 {
			p = append(p, scalar(n.Content[i].Value)+": "+flow(n.Content[i+1]))
		}
		return "{" + strings.Join(p, ", ") + "}"
	case yaml.SequenceNode:
		var p []string
		for _, c := range n.Content {
			p = append(p, flow(c))
		}
		return "[" + strings.Join(p, ", ") + "]"
	case yaml.AliasNode:
		return flow(n.Alias)
	}
	return scalar(n.Value)
}

// scalar quotes s when YAML would read it as something other than the same string, or when it
// holds a space, a colon or a character that means something in flow style.
func scalar(s string) string {
	if s == "" || strings.ContainsAny(s, " :#,[]{}&*!|>'\"%@`\\\t\n") || strings.ContainsAny(s[:1], "-?") {
		return strconv.Quote(s)
	}
	var v any
	if err := yaml.Unmarshal([]byte(s), &v); err != nil {
		return strconv.Quote(s)
	}
	if str, ok := v.(string); !ok || str != s {
		return strconv.Quote(s)
	}
	switch strings.ToLower(s) {
	case "yes", "no", "on", "off", "y", "n", "true", "false", "null", "~":
		return strconv.Quote(s)
	}
	return s
}

// sortAttrs orders attributes as the house style does: name first, then by name.
func sortAttrs(as []*attr) {
	sort.SliceStable(as, func(i, j int) bool {
		if (as[i].Name == "name") != (as[j].Name == "name") {
			return as[i].Name == "name"
		}
		return as[i].Name < as[j].Name
	})
}
