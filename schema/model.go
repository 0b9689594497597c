// Package schema loads and validates the YAML description of RouterOS menus that rosgen turns into
// the typed packages under ros/, and that the simulator (package sim) builds its menus from.
//
// The format is documented in schema/README.md. [Load] decodes YAML strictly (unknown keys are
// errors) and returns a validated [Schema] in which every name is resolved: Go names are derived
// (and checked for clashes), references point at existing menus, enum values are known. Errors carry
// the file, line and column: "schema/ip.yaml:12:3: unknown type \"ipaddr\"".
//
// [Default] returns the schema embedded in this package (the YAML files beside this file).
package schema

import (
	"sort"
	"strings"
)

// Schema is a validated set of packages.
type Schema struct {
	// Packages in file order.
	Packages []*Package

	menus map[string]*Menu
}

// Menu returns the menu with the API path p ("/ip/address"), or nil.
func (s *Schema) Menu(p string) *Menu {
	if s == nil {
		return nil
	}
	return s.menus[p]
}

// Menus returns every menu of every package, sorted by path.
func (s *Schema) Menus() []*Menu {
	out := make([]*Menu, 0, len(s.menus))
	for _, m := range s.menus {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// Package is one generated Go package: one YAML file.
type Package struct {
	// Name is the Go package name ("ip", "iface").
	Name string
	// Dir is the directory under ros/ ("ip", "interface").
	Dir string
	// GoPackage is the import path suffix relative to the ros package ("ros/interface").
	GoPackage string
	// Path is the RouterOS path the package covers ("/ip", "/interface").
	Path string
	// File is the schema file name as given to Load ("schema/ip.yaml"); generated code cites it.
	File string
	// Doc is the package documentation (without the "Package x" prefix, which the generator adds).
	Doc string
	// Menus are the package's menus in file order.
	Menus []*Menu
	// Root is the tree of path elements below Path: the generated client's nested fields.
	Root *Node
}

// Node is one path element in a package tree. It has a Menu when the path is a menu; intermediate
// directories (/ip/firewall) have none.
type Node struct {
	// Path is the full API path of the node ("/ip/firewall").
	Path string
	// Elem is the last path element ("firewall").
	Elem string
	// Field is the Go field name of the node in its parent's client struct ("Firewall").
	Field string
	// GoName is the Go type-name stem of the node ("Firewall", "FirewallFilter").
	GoName string
	// ClientType is the Go name of the node's client type: "Client" for the package root, else
	// ClientTypeName(GoName): FirewallFilterClient, DHCPClientMenu.
	ClientType string
	// Menu is the menu at this path, or nil.
	Menu *Menu
	// Children in the order their menus appear in the file.
	Children []*Node
}

// Kind is what a menu holds.
type Kind int

const (
	// KindList is a list of items identified by .id, with add and remove.
	KindList Kind = iota + 1
	// KindSettings is a menu with exactly one item and no .id (/system/identity, /ip/dns).
	KindSettings
	// KindFixed is a list of entries the router owns: no add or remove, addressed by name or .id
	// (/interface/ethernet, /ip/service).
	KindFixed
	// KindNone is a path that is not a menu but carries commands (/system: reboot, shutdown).
	KindNone
)

func (k Kind) String() string {
	switch k {
	case KindList:
		return "list"
	case KindSettings:
		return "settings"
	case KindFixed:
		return "fixed"
	case KindNone:
		return "none"
	}
	return "Kind(?)"
}

// Verb is a standard menu command.
type Verb string

// The standard verbs a menu may have.
const (
	VerbPrint   Verb = "print"
	VerbGet     Verb = "get"
	VerbAdd     Verb = "add"
	VerbSet     Verb = "set"
	VerbUnset   Verb = "unset"
	VerbRemove  Verb = "remove"
	VerbEnable  Verb = "enable"
	VerbDisable Verb = "disable"
	VerbMove    Verb = "move"
	VerbListen  Verb = "listen"
	VerbComment Verb = "comment"
	VerbReset   Verb = "reset"
)

// AllVerbs lists every verb the schema knows, in canonical order.
var AllVerbs = []Verb{VerbPrint, VerbGet, VerbAdd, VerbSet, VerbUnset, VerbRemove, VerbEnable, VerbDisable,
	VerbMove, VerbListen, VerbComment, VerbReset}

// Menu is one RouterOS menu.
type Menu struct {
	// Path is the API path ("/ip/address").
	Path string
	// GoName is the Go name stem of the menu's types ("Address", "FirewallFilter").
	GoName string
	// Kind is list, settings, fixed or none.
	Kind Kind
	// Ordered reports whether item order matters (the menu has move).
	Ordered bool
	// Verbs are the standard commands the menu has, in AllVerbs order.
	Verbs []Verb
	// Attrs are the menu's properties in file order (.id is implicit for list and fixed menus).
	Attrs []*Attr
	// Commands are the menu's extra commands (/system reboot, /interface monitor-traffic).
	Commands []*Command
	// Doc is the menu documentation.
	Doc string
	// Package is the package the menu belongs to.
	Package *Package
	// Node is the menu's node in the package tree.
	Node *Node
	// Unique are the menu's uniqueness keys: no two items may share the values of all the key's
	// attributes. Empty when the router allows duplicates.
	Unique []*Key
	// Items are the entries the menu holds on a router with no configuration (built-in interface lists,
	// default logging rules), in print order.
	Items []*Item
	// Locked lists the flags that make an item unchangeable (builtin, dynamic), with the router's
	// refusal text.
	Locked []*Lock
	// View, when not nil, says that the menu's items are the items of another menu that match a
	// filter (/interface/bridge shows the /interface items with type=bridge).
	View *View
	// Pos is where the menu is declared.
	Pos Pos

	attrs map[string]*Attr
	field string
}

// Has reports whether the menu has the verb v.
func (m *Menu) Has(v Verb) bool {
	for _, x := range m.Verbs {
		if x == v {
			return true
		}
	}
	return false
}

// Attr returns the attribute named name ("address"), or nil.
func (m *Menu) Attr(name string) *Attr { return m.attrs[name] }

// Command returns the command named name, or nil.
func (m *Menu) Command(name string) *Command {
	for _, c := range m.Commands {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Readable returns the attributes print returns (all but write-only ones), in file order.
func (m *Menu) Readable() []*Attr {
	var out []*Attr
	for _, a := range m.Attrs {
		if a.Readable {
			out = append(out, a)
		}
	}
	return out
}

// Writable returns the attributes add or set accept, in file order.
func (m *Menu) Writable() []*Attr {
	var out []*Attr
	for _, a := range m.Attrs {
		if a.OnAdd || a.Settable {
			out = append(out, a)
		}
	}
	return out
}

// Proplist returns the names of the readable attributes, after .id for list and fixed menus and
// .about (the router's note on an item; a .proplist restricts print to the names it lists, so it
// names .about too): the .proplist the typed clients send.
func (m *Menu) Proplist() []string {
	var out []string
	if m.Kind == KindList || m.Kind == KindFixed {
		out = append(out, ".id")
	}
	out = append(out, ".about")
	for _, a := range m.Readable() {
		out = append(out, a.Name)
	}
	return out
}

// Key is a uniqueness key of a menu.
type Key struct {
	// Attrs are the attributes whose values together identify an item ("list", "address").
	Attrs []string
	// Error is the router's refusal text for a duplicate ("failure: already have such entry").
	Error string
	// Pos is where the key is declared.
	Pos Pos
}

// Item is an entry a menu holds on an unconfigured router.
type Item struct {
	// Values maps attribute names (and ".id" when the router's id is known) to their printed text.
	// Attributes not given take their defaults.
	Values map[string]string
	// Pos is where the item is declared.
	Pos Pos
}

// Lock says that items whose boolean attribute When is true refuse the verbs Verbs.
type Lock struct {
	// When is the name of a bool attribute of the menu ("builtin", "dynamic", "default").
	When string
	// Verbs are the refused verbs. Empty means every verb that changes an item: set, unset, remove,
	// enable, disable, comment, move.
	Verbs []Verb
	// Error is the router's refusal text ("failure: cannot change builtin").
	Error string
	// Pos is where the lock is declared.
	Pos Pos
}

// View describes a menu whose items live in another menu.
type View struct {
	// Of is the path of the menu that holds the items ("/interface").
	Of string
	// Where are the attribute values the items of this view have in Of ({type: bridge}); add sets
	// them, print shows only matching items.
	Where map[string]string
}

// Cond is a condition on another attribute of the same item.
type Cond struct {
	// Attr is the attribute's name ("action").
	Attr string
	// Values are the values that make the condition hold ("jump").
	Values []string
}

// NameAttr returns the attribute that names items ("name"), used by Get and references, or nil.
func (m *Menu) NameAttr() *Attr { return m.attrs["name"] }

// Attr is one menu property or command argument.
type Attr struct {
	// Name is the RouterOS name ("address", "rx-byte").
	Name string
	// GoName is the Go field name ("Address", "RxByte").
	GoName string
	// Type is the value type.
	Type Type
	// ReadOnly reports that the property is read but never written (not in add or set).
	ReadOnly bool
	// Readable reports that print returns the property (false for write-only ones such as passwords
	// that are never shown).
	Readable bool
	// OnAdd reports that add accepts the property.
	OnAdd bool
	// Settable reports that set accepts the property.
	Settable bool
	// RequiredOnAdd reports that add fails without it.
	RequiredOnAdd bool
	// Secret reports that the value must never appear in logs or errors.
	Secret bool
	// Default is the value RouterOS uses when the property is not given, as RouterOS prints it.
	// It is meaningful when HasDefault is set (a default may be the empty string).
	Default string
	// HasDefault reports that the schema records a default: print shows the attribute with Default
	// when an item has no value of its own. Without it an unset attribute is not printed.
	HasDefault bool
	// RequiredIf lists conditions under which add needs the attribute (jump-target when
	// action=jump); any one condition that holds makes it required.
	RequiredIf []Cond
	// Invalid is the router's refusal text for a value that does not parse, when it differs from the
	// generic "input does not match any value of NAME" ("invalid value for argument address").
	Invalid string
	// Doc is the documentation text.
	Doc string
	// Pos is where the attribute is declared.
	Pos Pos
}

// Sentinels returns the sentinel words of the attribute's type.
func (a *Attr) Sentinels() []string { return a.Type.Sentinels }

// EnumValues returns the known values of an enum attribute.
func (a *Attr) EnumValues() []string { return a.Type.Values }

// Negatable reports whether the value may be negated with '!'.
func (a *Attr) Negatable() bool { return a.Type.Negatable }

// RefMenu returns the path of the menu whose items a reference names ("/interface"), or "".
func (a *Attr) RefMenu() string { return a.Type.Ref }

// Command is an extra command of a menu.
type Command struct {
	// Name is the RouterOS command name ("reboot", "monitor-traffic").
	Name string
	// GoName is the Go method name ("Reboot", "MonitorTraffic").
	GoName string
	// Args are the command's arguments (RequiredOnAdd means required).
	Args []*Attr
	// ReplyFields are the attributes of the command's !re replies.
	ReplyFields []*Attr
	// Streaming reports that the command runs until cancelled (or until once/duration) and yields a
	// stream of replies.
	Streaming bool
	// Doc is the documentation text.
	Doc string
	// Pos is where the command is declared.
	Pos Pos
}

// Pos is a position in a schema file.
type Pos struct {
	File      string
	Line, Col int
}

func (p Pos) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		b.WriteString(":")
		b.WriteString(itoa(p.Line))
		b.WriteString(":")
		b.WriteString(itoa(p.Col))
	}
	return b.String()
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var buf [20]byte
	i := len(buf)
	for n > 0 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	return string(buf[i:])
}
