// Package gentype is the plumbing of the typed clients rosgen generates: the menu description
// (MenuDesc) and the untyped client it becomes (NewCore), the verbs that need the menu's item
// type (List, Get, Add, Reconcile...: generic functions given the generated decode or encode
// function), the encoder and decoder generated code fills field by field (Encode, Decode), and
// the runners of a menu's own commands (Run, Stream, DecodeReply). Generated packages import it;
// code written by hand does not need it: package ros has everything a user calls. It is
// importable from any module, so a user can generate clients of their own menus (see rosgen)
// against the same runtime.
//
// Per menu, generated code declares a MenuDesc, the functions that decode an item and encode a
// spec, and a client whose methods are one call each:
//
//	var addressDesc = &gentype.MenuDesc{Path: "/ip/address", Proplist: []string{".id", "address", "interface"}}
//	func decodeAddress(d *gentype.Decoder) Address { ... gentype.Decode(d, "address", value.Prefix) ... }
//	func encodeAddressSpec(e *gentype.Encoder, s *AddressSpec) { gentype.Encode(e, "address", s.Address, value.Prefix) }
//
//	type AddressClient struct{ m gentype.Core } // m: gentype.NewCore(r, addressDesc, opts)
//	func (c *AddressClient) List(ctx context.Context, where ...ros.Filter) ([]Address, error) {
//		return gentype.List(ctx, c.m, decodeAddress, where)
//	}
//	func (c *AddressClient) Remove(ctx context.Context, ids ...string) error { return c.m.Remove(ctx, ids...) }
//
// A client calls only the verbs its menu has, so only those are compiled for its types (a
// ros.Menu compiles all of its methods for every menu that names it). Desc and NewMenu build a
// ros.Menu instead, which has every verb, for code written once for all menus.
package gentype

import (
	"context"
	"iter"

	"github.com/rosgen/routeros/ros"
	"github.com/rosgen/routeros/ros/internal/rt"
	"github.com/rosgen/routeros/ros/value"
	"github.com/rosgen/routeros/wire"
)

// Desc describes one menu to the generic client ros.Menu (see NewMenu): its path, the .proplist of its read
// type T, the attribute Get matches names on, the functions that decode a T and encode an S,
// the attributes add requires and whether the menu has an unset command.
type Desc[T, S any] = rt.Desc[T, S]

// Encoder collects the words of an add, a set or a command; Encode, EncodeFlag and Require fill it.
type Encoder = rt.Encoder

// Decoder reads one reply item; Decode reads a field, Decoder.Raw every attribute as sent.
type Decoder = rt.Decoder

// NewMenu returns the generic client of desc over r. opts may be nil (lenient, silent decoding).
func NewMenu[T, S any](r wire.Runner, desc *Desc[T, S], opts *ros.Options) ros.Menu[T, S] {
	var m ros.Menu[T, S]
	rt.BindMenu(&m, r, desc, opts)
	return m
}

// Encode adds =name=value when o is set, or records name for the unset command when o is Unset.
func Encode[V any](e *Encoder, name string, o ros.Opt[V], c value.Codec[V]) {
	switch {
	case o.IsSet():
		v, _ := o.Get()
		e.Set(name, c.Format(v), rt.Canonical(c))
	case o.IsUnset():
		e.Unset(name)
	}
}

// EncodeFlag adds =name= when on is true (command flags such as once).
func EncodeFlag(e *Encoder, name string, on bool) {
	if on {
		e.Flag(name)
	}
}

// Require marks command arguments as required: Run and Stream refuse, before sending anything,
// a command whose encoder lacks one (the error matches ros.ErrMissingRequired).
func Require(e *Encoder, names ...string) { e.Require(names...) }

// Decode returns the value of the attribute name parsed with c, or the zero value when the
// attribute is absent, empty (for non-string types) or does not parse (reported as the menu's
// options say: see ros.Options).
func Decode[V any](d *Decoder, name string, c value.Codec[V]) V { return rt.Decode(d, name, c) }

// Redact returns "***" for a non-empty s, for the String methods of generated types.
func Redact(s string) string {
	if s == "" {
		return s
	}
	return "***"
}

// RedactOpt returns o with its value replaced by "***" when it is set.
func RedactOpt(o ros.Opt[string]) ros.Opt[string] {
	if v, ok := o.Get(); ok {
		return ros.Some(Redact(v))
	}
	return o
}

// Run runs a command of the menu (path + "/" + name) with the encoded arguments (e may be nil) and
// returns its reply. A required argument left out (see Require) or an argument given as Unset
// fails the call before anything is sent; errors are *ros.Error like those of ros.Menu.
func Run(ctx context.Context, r wire.Runner, path, name string, e *Encoder) (*wire.Reply, error) {
	return rt.Run(ctx, r, path, name, e)
}

// Stream runs a streaming command and yields each reply decoded with decode. Single-use; breaking
// out of the loop cancels the command. Decoding is lenient or strict per opts (nil: lenient,
// silent).
func Stream[R any](ctx context.Context, r wire.Runner, path, name string, e *Encoder, opts *ros.Options, decode func(*Decoder) R) iter.Seq2[R, error] {
	return func(yield func(R, error) bool) {
		var v R
		err := rt.Stream(ctx, r, path, name, e, opts, func(d *Decoder) { v = decode(d) }, func() bool { return yield(v, nil) })
		if err != nil {
			var zero R
			yield(zero, err)
		}
	}
}

// DecodeReply decodes the attributes of a reply sentence with decode (for commands whose result
// is one !re or the !done), lenient or strict per opts.
func DecodeReply[R any](ctx context.Context, path string, s wire.Sentence, opts *ros.Options, decode func(*Decoder) R) (R, error) {
	var v R
	if err := rt.DecodeReply(ctx, path, s, opts, func(d *Decoder) { v = decode(d) }); err != nil {
		var zero R
		return zero, err
	}
	return v, nil
}
