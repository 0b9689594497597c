package ros

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/rosgen/routeros/ros/value"
	"github.com/rosgen/routeros/wire"
)

// Options tune a typed client. The zero value is lenient decoding with no logging.
type Options struct {
	// Strict makes a reply value that does not parse for its declared type fail the call with an
	// error matching ErrDecode. By default such a value leaves the field at its zero value, the raw
	// words stay in the item's Raw field, and the problem goes to Logger and Tracer.
	Strict bool
	// Logger receives a warning per value that did not decode. nil discards.
	Logger *slog.Logger
	// Tracer, when it implements DecodeTracer, is told about every value that did not decode.
	Tracer any
}

// DecodeTracer is told about reply values that did not parse for their declared type.
type DecodeTracer interface {
	TraceDecodeError(ctx context.Context, err *DecodeError)
}

// DecodeError describes a reply value that did not parse for its declared type.
type DecodeError struct {
	// Path is the menu path, Attr the attribute name.
	Path, Attr string
	// Value is the raw value ("***" for secret attributes), truncated to 64 bytes.
	Value string
	// Err is the parser's error.
	Err error
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("ros: %s: attribute %s: cannot decode %q: %v", e.Path, e.Attr, e.Value, e.Err)
}

// Is matches ErrDecode.
func (e *DecodeError) Is(target error) bool { return target == ErrDecode }

// Unwrap returns the parser's error.
func (e *DecodeError) Unwrap() error { return e.Err }

// Raw is the complete attribute list of one reply item as the router sent it, in order, unknown
// attributes included: what a newer RouterOS adds is never lost.
type Raw []wire.Attr

// Get returns the raw value of the attribute name.
func (r Raw) Get(name string) (string, bool) {
	for _, a := range r {
		if a.Key == name {
			return a.Value, true
		}
	}
	return "", false
}

// Decoder reads one reply item. Generated decode functions call Decode for each field.
type Decoder struct {
	attrs []wire.Attr
	path  string
	errs  []*DecodeError
}

// NewDecoder returns a decoder of one item of the menu path.
func NewDecoder(path string, attrs []wire.Attr) *Decoder {
	return &Decoder{attrs: attrs, path: path}
}

// reset makes d a decoder of another item of the same menu, so that a list decodes every item with
// one Decoder.
func (d *Decoder) reset(attrs []wire.Attr) {
	clear(d.errs)
	d.attrs, d.errs = attrs, d.errs[:0]
}

// Lookup returns the raw value of name (the first attribute of that name).
//
// It scans: an item has tens of attributes at most, and comparing names (their lengths first) costs
// less than building an index per item.
func (d *Decoder) Lookup(name string) (string, bool) {
	for i := range d.attrs {
		if a := &d.attrs[i]; a.Key == name {
			return a.Value, true
		}
	}
	return "", false
}

// Raw returns the item's attributes. It shares the slice given to NewDecoder (capped, so that an
// append to the Raw copies): the decoded item owns the sentence it came from.
func (d *Decoder) Raw() Raw { return Raw(d.attrs[:len(d.attrs):len(d.attrs)]) }

// Errors returns the values that did not decode.
func (d *Decoder) Errors() []*DecodeError { return d.errs }

// Decode returns the value of the attribute name parsed with c, or the zero value when the
// attribute is absent, empty (for non-string types) or does not parse (recorded in d.Errors).
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
		d.errs = append(d.errs, &DecodeError{Path: d.path, Attr: name, Value: shown, Err: err})
		return zero
	}
	return v
}

// Encoder collects the words of an add or set. Generated encode functions call Encode per field.
type Encoder struct {
	words    []string
	unset    []string
	fields   []encField // the set attributes, for comparing with what the router prints
	required []string   // attributes Run refuses to send without (see Require)
}

// Words returns the =name=value words collected.
func (e *Encoder) Words() []string { return e.words }

// Unsets returns the names of the attributes to reset.
func (e *Encoder) Unsets() []string { return e.unset }

// Encode adds =name=value when o is set, or records name for unset when o is Unset.
func Encode[V any](e *Encoder, name string, o Opt[V], c value.Codec[V]) {
	switch o.state {
	case optSet:
		v := c.Format(o.v)
		e.words = append(e.words, "="+name+"="+v)
		e.fields = append(e.fields, encField{name: name, value: v, canon: canonical(c)})
	case optUnset:
		e.unset = append(e.unset, name)
	}
}

// EncodeFlag adds =name= when on is true (command flags such as once).
func EncodeFlag(e *Encoder, name string, on bool) {
	if on {
		e.words = append(e.words, "="+name+"=")
	}
}

// Redact returns "***" for a non-empty s, for the String methods of generated types.
func Redact(s string) string {
	if s == "" {
		return s
	}
	return "***"
}

// RedactOpt returns o with its value replaced by "***" when it is set.
func RedactOpt(o Opt[string]) Opt[string] {
	if o.state == optSet {
		o.v = Redact(o.v)
	}
	return o
}

// Redacted returns a copy of r in which the values of the named attributes are "***".
func (r Raw) Redacted(names ...string) Raw {
	out := append(Raw(nil), r...)
	for i, a := range out {
		for _, n := range names {
			if a.Key == n {
				out[i].Value = Redact(a.Value)
			}
		}
	}
	return out
}
