// Package rt holds what package ros and package ros/gentype share: the menu description, the
// encoder and decoder generated code fills, and the hooks through which ros/gentype reaches the
// unexported state of ros.Menu. It lets ros export only what users call while generated code
// (in this module or in a user's own) builds its clients with ros/gentype.
//
// Package ros fills the hooks in its init function; ros/gentype imports ros, so the hooks are set
// before any of its functions can run.
package rt

import (
	"context"

	"github.com/rosgen/routeros/ros/value"
	"github.com/rosgen/routeros/wire"
)

// Desc describes one menu to the generic client: what generated code emits per menu.
type Desc[T, S any] struct {
	// Path is the menu's API path ("/ip/address").
	Path string
	// Proplist are the attributes of the read type: the .proplist sent with print and listen.
	Proplist []string
	// NameAttr is the attribute Get matches when given a name ("name"), or "".
	NameAttr string
	// Decode builds a read value from a decoder.
	Decode func(d *Decoder) T
	// Encode writes a spec's fields to an encoder.
	Encode func(e *Encoder, s *S)
	// Required are the attributes add fails without: Add refuses to send an add that lacks one.
	Required []string
	// NoUnset reports that the menu has no unset command: a Set with an Unset field is refused
	// before anything is sent.
	NoUnset bool
}

// Hooks set by package ros (see the package doc). m is always a *ros.Menu[T, S]; desc a
// *Desc[T, S] of the same T and S; opts a *ros.Options or nil.
//
// Stream and DecodeReply take closures instead of a type parameter: decode decodes one item into
// the caller's variable, emit hands it on. Their work is compiled once in package ros, not once
// per reply type.
var (
	// BindMenu makes the zero ros.Menu m the client of desc over r.
	BindMenu func(m any, r wire.Runner, desc any, opts any)
	// NewCore returns the non-generic client of a menu (a *ros.menuCore, which ros/gentype
	// calls through an interface); opts is a *ros.Options or nil.
	NewCore func(r wire.Runner, path string, props []string, nameAttr string, required []string, noUnset bool, opts any) any
	// Run runs path/name with the encoded arguments, checked and with errors as ros reports them.
	Run func(ctx context.Context, r wire.Runner, path, name string, e *Encoder) (*wire.Reply, error)
	// Stream runs the streaming command path/name with the encoded arguments: each reply is
	// decoded with decode (lenient or strict per opts) and handed on with emit, until emit returns
	// false (Stream then returns nil), the command ends (nil) or an error ends it (the error).
	Stream func(ctx context.Context, r wire.Runner, path, name string, e *Encoder, opts any, decode func(*Decoder), emit func() bool) error
	// DecodeReply decodes one sentence with decode, lenient or strict per opts: under strict
	// decoding a value that does not parse is the error.
	DecodeReply func(ctx context.Context, path string, s wire.Sentence, opts any, decode func(*Decoder)) error
)

// Field is one attribute an Encoder set: its name, its formatted value and the function that
// brings a value the router prints into the same canonical form (for comparing).
type Field struct {
	Name, Value string
	Canon       func(string) string
}

// Encoder collects the words of an add, a set or a command.
type Encoder struct {
	words    []string
	unset    []string
	fields   []Field
	required []string
}

// Words returns the =name=value words collected.
func (e *Encoder) Words() []string { return e.words }

// Unsets returns the names of the attributes to reset.
func (e *Encoder) Unsets() []string { return e.unset }

// Fields returns the attributes set, in order.
func (e *Encoder) Fields() []Field { return e.fields }

// Required returns the command arguments the call is refused without (see Require).
func (e *Encoder) Required() []string { return e.required }

// Set adds =name=value; canon canonicalises a printed value of the attribute.
func (e *Encoder) Set(name, v string, canon func(string) string) {
	e.words = append(e.words, "="+name+"="+v)
	e.fields = append(e.fields, Field{Name: name, Value: v, Canon: canon})
}

// Unset records name for the menu's unset command.
func (e *Encoder) Unset(name string) { e.unset = append(e.unset, name) }

// Flag adds =name= (a command flag such as once).
func (e *Encoder) Flag(name string) { e.words = append(e.words, "="+name+"=") }

// Require records command arguments the call is refused without.
func (e *Encoder) Require(names ...string) { e.required = append(e.required, names...) }

// Has reports whether name was set (as a field or a flag).
func (e *Encoder) Has(name string) bool {
	if _, ok := e.Field(name); ok {
		return true
	}
	for _, w := range e.words { // flags are words without a field
		if w == "="+name+"=" {
			return true
		}
	}
	return false
}

// Field returns the attribute name as set.
func (e *Encoder) Field(name string) (Field, bool) {
	for _, f := range e.fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// Canonical returns the function that parses a printed value with c and formats it again.
func Canonical[V any](c value.Codec[V]) func(string) string {
	return func(raw string) string {
		v, err := c.Parse(raw)
		if err != nil {
			return raw
		}
		return c.Format(v)
	}
}

// BadValue is a reply value that did not parse for its declared type.
type BadValue struct {
	// Attr is the attribute name; Value the raw value ("***" for secret attributes), truncated to
	// 64 bytes; Err the parser's error.
	Attr, Value string
	Err         error
}

// Decoder reads one reply item.
type Decoder struct {
	attrs []wire.Attr
	bad   []BadValue
}

// NewDecoder returns a decoder of one item.
func NewDecoder(attrs []wire.Attr) *Decoder { return &Decoder{attrs: attrs} }

// Reset makes d a decoder of another item, so that a list decodes every item with one Decoder.
func (d *Decoder) Reset(attrs []wire.Attr) {
	clear(d.bad)
	d.attrs, d.bad = attrs, d.bad[:0]
}

// About returns the router's notes on the item, its .about attributes: RouterOS may send more than
// one ("=.about=" twice), and they are joined by newlines. It is "" when the item has none.
func (d *Decoder) About() string {
	var out string
	for i := range d.attrs {
		if a := &d.attrs[i]; a.Key == ".about" && a.Value != "" {
			if out != "" {
				out += "\n"
			}
			out += a.Value
		}
	}
	return out
}

// Lookup returns the raw value of name (the first attribute of that name).
//
// It scans: an item has tens of attributes at most, and comparing names costs less than building
// an index per item (the profile of a 10,000-row typed List: the index was a third of its CPU).
func (d *Decoder) Lookup(name string) (string, bool) {
	for i := range d.attrs {
		if a := &d.attrs[i]; a.Key == name {
			return a.Value, true
		}
	}
	return "", false
}

// Raw returns the item's attributes (assignable to a ros.Raw field). It shares the slice given to
// NewDecoder or Reset, capped so that an append copies: the decoded item owns the sentence it came
// from.
func (d *Decoder) Raw() []wire.Attr { return d.attrs[:len(d.attrs):len(d.attrs)] }

// BadValues returns the values that did not decode.
func (d *Decoder) BadValues() []BadValue { return d.bad }

// Decode returns the value of the attribute name parsed with c, or the zero value when the
// attribute is absent, empty (for non-string types) or does not parse (recorded in BadValues).
func Decode[V any](d *Decoder, name string, c value.Codec[V]) V {
	var zero V
	s, ok := d.Lookup(name)
	if !ok {
		return zero
	}
	v, err := c.Parse(s)
	if err != nil {
		if s == "" {
			return zero
		}
		shown := s
		if wire.IsSecretName(name) {
			shown = "***"
		} else if len(shown) > 64 {
			shown = shown[:64]
		}
		d.bad = append(d.bad, BadValue{Attr: name, Value: shown, Err: err})
		return zero
	}
	return v
}
