package ros

import (
	"context"
	"fmt"
	"iter"
	"log/slog"
	"strconv"
	"strings"

	"github.com/rosgen/routeros/ros/internal/rt"
	"github.com/rosgen/routeros/wire"
)

// Menu is the generic client of one menu: T is the read type, S the write (spec) type. It has
// every verb, also those a given menu lacks (the router refuses them); build one with
// gentype.NewMenu from a gentype.Desc. The generated per-menu clients do not hold one: they call
// the same runtime through gentype.Core and expose only the verbs the menu has, with the
// behaviour documented here. It is safe for concurrent use if its Runner is.
type Menu[T, S any] struct {
	// Every method is a thin shell over the non-generic menuCore. T and S are distinct struct
	// types per menu (distinct GC shapes), and an instantiated type gets all its methods: each
	// method is compiled once per menu, as a shape body, a wrapper and a pointer wrapper. The
	// shells only encode an S, decode a T (through closures the core calls) and build the generic
	// results; the work is compiled once. They are go:noinline so that the wrappers call the
	// shape body instead of each compiling a copy of it (a third less compile time for a package
	// of 200 menus); a call costs a few nanoseconds against the round trip each verb makes.
	c    *menuCore
	desc *rt.Desc[T, S]
}

// menuCore is a Menu without its types: the runner, what the description says of the menu, and
// every verb, given closures that decode a T or hold encoded S values.
type menuCore struct {
	r    wire.Runner
	path string
	// props are the attributes of the read type (Desc.Proplist), proplist the same joined with
	// commas.
	props    []string
	proplist string
	nameAttr string
	required []string
	noUnset  bool
	opts     *Options
}

// bind makes m the client of desc over r (rt.BindMenu, for gentype.NewMenu).
func (m *Menu[T, S]) bind(r wire.Runner, desc any, opts *Options) {
	m.desc = desc.(*rt.Desc[T, S])
	m.c = newCore(r, m.desc.Path, m.desc.Proplist, m.desc.NameAttr, m.desc.Required, m.desc.NoUnset, opts)
}

func newCore(r wire.Runner, path string, props []string, nameAttr string, required []string, noUnset bool, opts *Options) *menuCore {
	if opts == nil {
		opts = &Options{}
	}
	return &menuCore{r: r, path: path, props: props, proplist: strings.Join(props, ","), nameAttr: nameAttr,
		required: required, noUnset: noUnset, opts: opts}
}

// Path returns the menu path.
func (m Menu[T, S]) Path() string { return m.c.path }

// Runner returns the runner the menu uses.
func (m Menu[T, S]) Runner() wire.Runner { return m.c.r }

// decoded handles the values of the item d decoded that did not parse: under Options.Strict the
// first is the error, else each is logged and traced.
func (c *menuCore) decoded(ctx context.Context, d *rt.Decoder) error {
	for _, b := range d.BadValues() {
		e := &DecodeError{Path: c.path, Attr: b.Attr, Value: b.Value, Err: b.Err}
		if c.opts.Strict {
			return e
		}
		if c.opts.Logger != nil {
			c.opts.Logger.LogAttrs(ctx, slog.LevelWarn, "ros: value does not decode",
				slog.String("path", e.Path), slog.String("attr", e.Attr), slog.String("value", e.Value), slog.Any("err", e.Err))
		}
		if c.opts.Tracer != nil {
			c.opts.Tracer.TraceDecodeError(ctx, e)
		}
	}
	return nil
}

func (c *menuCore) printWords(filters []Filter, extra ...string) ([]string, error) {
	q, err := Compile(filters...)
	if err != nil {
		return nil, err
	}
	words := make([]string, 0, 2+len(extra)+len(q))
	words = append(words, c.path+"/print")
	if c.proplist != "" {
		words = append(words, "=.proplist="+c.proplist)
	}
	words = append(words, extra...)
	return append(words, q...), nil
}

// list prints the items matching every filter: alloc (when not nil) is told how many came, decode
// decodes each with one Decoder, reset for it. Errors name op.
func (c *menuCore) list(ctx context.Context, op string, filters []Filter, alloc func(n int), decode func(*rt.Decoder)) error {
	words, err := c.printWords(filters)
	if err != nil {
		return &Error{Op: op, Path: c.path, Kind: ErrNotSupported, Err: bare(err)}
	}
	reply, err := c.r.Run(ctx, words...)
	if err != nil {
		return wrap(op, c.path, err)
	}
	if alloc != nil {
		alloc(len(reply.Re))
	}
	d := rt.NewDecoder(nil)
	for _, s := range reply.Re {
		d.Reset(s.Attrs)
		decode(d)
		if err := c.decoded(ctx, d); err != nil {
			return &Error{Op: op, Path: c.path, Kind: ErrDecode, Err: err}
		}
	}
	return nil
}

// keepFirst returns a decode function for the core that keeps the first item in v.
//
//go:noinline
func (m Menu[T, S]) keepFirst(v *T) func(*rt.Decoder) {
	got := false
	return func(d *rt.Decoder) {
		x := m.desc.Decode(d)
		if !got {
			*v, got = x, true
		}
	}
}

// List returns the items matching every filter.
//
//go:noinline
func (m Menu[T, S]) List(ctx context.Context, filters ...Filter) ([]T, error) {
	var out []T
	err := m.c.list(ctx, "list", filters, func(n int) { out = make([]T, 0, n) },
		func(d *rt.Decoder) { out = append(out, m.desc.Decode(d)) })
	if err != nil {
		return nil, err
	}
	return out, nil
}

// stream runs words as a streaming command: each item is decoded with decode and handed on with
// emit, until emit returns false (then stream returns nil) or an error ends it. Errors name op.
func (c *menuCore) stream(ctx context.Context, op string, words []string, decode func(*rt.Decoder), emit func() bool) error {
	d := rt.NewDecoder(nil)
	for s, err := range c.r.Stream(ctx, words...) {
		if err != nil {
			return wrap(op, c.path, err)
		}
		d.Reset(s.Attrs)
		decode(d)
		if err := c.decoded(ctx, d); err != nil {
			return &Error{Op: op, Path: c.path, Kind: ErrDecode, Err: err}
		}
		if !emit() {
			return nil
		}
	}
	return nil
}

func (c *menuCore) all(ctx context.Context, filters []Filter, decode func(*rt.Decoder), emit func() bool) error {
	words, err := c.printWords(filters)
	if err != nil {
		return &Error{Op: "list", Path: c.path, Kind: ErrNotSupported, Err: bare(err)}
	}
	return c.stream(ctx, "list", words, decode, emit)
}

// All yields the items matching every filter as they arrive. It is single-use; breaking out of the
// loop cancels the command on the router.
//
//go:noinline
func (m Menu[T, S]) All(ctx context.Context, filters ...Filter) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var v T
		err := m.c.all(ctx, filters, func(d *rt.Decoder) { v = m.desc.Decode(d) }, func() bool { return yield(v, nil) })
		if err != nil {
			var zero T
			yield(zero, err)
		}
	}
}

// idOrName is the filter Get matches idOrName with.
func (c *menuCore) idOrName(idOrName string) []Filter {
	name := ".id"
	if !strings.HasPrefix(idOrName, "*") && c.nameAttr != "" {
		name = c.nameAttr
	}
	return []Filter{{op: opEq, name: name, value: idOrName}}
}

// Get returns the item whose .id (when idOrName starts with '*') or name is idOrName. It fails with
// an error matching ErrNotFound when there is none.
//
//go:noinline
func (m Menu[T, S]) Get(ctx context.Context, idOrName string) (T, error) {
	var v T
	if err := m.c.Get(ctx, idOrName, m.keepFirst(&v)); err != nil {
		var zero T
		return zero, err
	}
	return v, nil
}

// GetSettings returns the single item of a settings menu.
//
//go:noinline
func (m Menu[T, S]) GetSettings(ctx context.Context) (T, error) {
	var v T
	if err := m.c.GetSettings(ctx, m.keepFirst(&v)); err != nil {
		var zero T
		return zero, err
	}
	return v, nil
}

// Count returns how many items match every filter (print =count-only=).
//
//go:noinline
func (m Menu[T, S]) Count(ctx context.Context, filters ...Filter) (int, error) {
	return m.c.count(ctx, filters)
}

func (c *menuCore) count(ctx context.Context, filters []Filter) (int, error) {
	q, err := Compile(filters...)
	if err != nil {
		return 0, &Error{Op: "count", Path: c.path, Kind: ErrNotSupported, Err: bare(err)}
	}
	words := append([]string{c.path + "/print", "=count-only="}, q...)
	reply, err := c.r.Run(ctx, words...)
	if err != nil {
		return 0, wrap("count", c.path, err)
	}
	n, err := strconv.Atoi(reply.Ret())
	if err != nil {
		return 0, &Error{Op: "count", Path: c.path, Kind: ErrDecode, Err: fmt.Errorf("count-only returned %q", reply.Ret())}
	}
	return n, nil
}

// Add creates an item and returns its .id. Unset fields of s are ignored (the item gets defaults).
// An add that lacks a required attribute is refused before anything is sent, with an error
// matching ErrMissingRequired.
//
//go:noinline
func (m Menu[T, S]) Add(ctx context.Context, s S) (string, error) {
	var e rt.Encoder
	m.desc.Encode(&e, &s)
	return m.c.add(ctx, &e)
}

func (c *menuCore) add(ctx context.Context, e *rt.Encoder) (string, error) {
	if err := c.checkAdd(e); err != nil {
		return "", err
	}
	reply, err := c.r.Run(ctx, append([]string{c.path + "/add"}, e.Words()...)...)
	if err != nil {
		return "", wrap("add", c.path, err)
	}
	return reply.Ret(), nil
}

// Set changes the item id (a .id, or a name where the menu accepts one). Fields set with Unset are
// reset with the menu's unset command after the set; on a menu without one, such a Set is refused
// before anything is sent, with an error matching ErrNotSupported.
//
//go:noinline
func (m Menu[T, S]) Set(ctx context.Context, id string, s S) error {
	var e rt.Encoder
	m.desc.Encode(&e, &s)
	return m.c.set(ctx, []string{"=.id=" + id}, "=numbers="+id, &e)
}

// SetSettings changes a settings menu.
//
//go:noinline
func (m Menu[T, S]) SetSettings(ctx context.Context, s S) error {
	var e rt.Encoder
	m.desc.Encode(&e, &s)
	return m.c.set(ctx, nil, "", &e)
}

func (c *menuCore) set(ctx context.Context, idWords []string, numbers string, e *rt.Encoder) error {
	if err := c.checkSet(e); err != nil {
		return err
	}
	if len(e.Words()) > 0 || len(e.Unsets()) == 0 {
		words := append(append([]string{c.path + "/set"}, idWords...), e.Words()...)
		if _, err := c.r.Run(ctx, words...); err != nil {
			return wrap("set", c.path, err)
		}
	}
	for _, name := range e.Unsets() {
		if err := c.unset(ctx, numbers, name); err != nil {
			return err
		}
	}
	return nil
}

func (c *menuCore) unset(ctx context.Context, numbers, name string) error {
	words := []string{c.path + "/unset"}
	if numbers != "" {
		words = append(words, numbers)
	}
	words = append(words, "=value-name="+name)
	if _, err := c.r.Run(ctx, words...); err != nil {
		return wrap("unset "+name, c.path, err)
	}
	return nil
}

// unsetFields runs an unset of each field (numbers names the item, "" for a settings menu).
func (c *menuCore) unsetFields(ctx context.Context, numbers string, fields []Named) error {
	if err := c.checkUnset(fields); err != nil {
		return err
	}
	for _, f := range fields {
		if err := c.unset(ctx, numbers, f.Name()); err != nil {
			return err
		}
	}
	return nil
}

// Unset resets the named attributes of item id to their defaults. On a menu without an unset
// command it fails with an error matching ErrNotSupported and sends nothing.
//
//go:noinline
func (m Menu[T, S]) Unset(ctx context.Context, id string, fields ...Named) error {
	return m.c.unsetFields(ctx, "=numbers="+id, fields)
}

// UnsetSettings resets the named attributes of a settings menu.
//
//go:noinline
func (m Menu[T, S]) UnsetSettings(ctx context.Context, fields ...Named) error {
	return m.c.unsetFields(ctx, "", fields)
}

func (c *menuCore) numbers(ctx context.Context, op string, ids []string, extra ...string) error {
	if len(ids) == 0 {
		return nil
	}
	words := append([]string{c.path + "/" + op, "=numbers=" + strings.Join(ids, ",")}, extra...)
	if _, err := c.r.Run(ctx, words...); err != nil {
		return wrap(op, c.path, err)
	}
	return nil
}

// Remove removes the items ids (one command). No ids is a no-op.
//
//go:noinline
func (m Menu[T, S]) Remove(ctx context.Context, ids ...string) error {
	return m.c.numbers(ctx, "remove", ids)
}

// Enable enables the items ids.
//
//go:noinline
func (m Menu[T, S]) Enable(ctx context.Context, ids ...string) error {
	return m.c.numbers(ctx, "enable", ids)
}

// Disable disables the items ids.
//
//go:noinline
func (m Menu[T, S]) Disable(ctx context.Context, ids ...string) error {
	return m.c.numbers(ctx, "disable", ids)
}

// Comment sets the comment of the items ids.
//
//go:noinline
func (m Menu[T, S]) Comment(ctx context.Context, comment string, ids ...string) error {
	return m.c.numbers(ctx, "comment", ids, "=comment="+comment)
}

// Move moves the items ids before the item destination; an empty destination moves them to the end.
//
//go:noinline
func (m Menu[T, S]) Move(ctx context.Context, ids []string, destination string) error {
	return m.c.move(ctx, ids, destination)
}

func (c *menuCore) move(ctx context.Context, ids []string, destination string) error {
	var extra []string
	if destination != "" {
		extra = append(extra, "=destination="+destination)
	}
	return c.numbers(ctx, "move", ids, extra...)
}

func run(ctx context.Context, r wire.Runner, path, name string, e *rt.Encoder) (*wire.Reply, error) {
	if err := checkCommand(path, name, e); err != nil {
		return nil, err
	}
	words := []string{path + "/" + name}
	if e != nil {
		words = append(words, e.Words()...)
	}
	reply, err := r.Run(ctx, words...)
	if err != nil {
		return reply, wrap(name, path, err)
	}
	return reply, nil
}

// streamCommand runs the streaming command path/name (rt.Stream, for gentype.Stream).
func streamCommand(ctx context.Context, r wire.Runner, path, name string, e *rt.Encoder, opts any, decode func(*rt.Decoder), emit func() bool) error {
	if err := checkCommand(path, name, e); err != nil {
		return err
	}
	words := []string{path + "/" + name}
	if e != nil {
		words = append(words, e.Words()...)
	}
	o, _ := opts.(*Options)
	return newCore(r, path, nil, "", nil, false, o).stream(ctx, name, words, decode, emit)
}

// decodeReply decodes one reply sentence (rt.DecodeReply, for gentype.DecodeReply).
func decodeReply(ctx context.Context, path string, s wire.Sentence, opts any, decode func(*rt.Decoder)) error {
	o, _ := opts.(*Options)
	d := rt.NewDecoder(s.Attrs)
	decode(d)
	return newCore(nil, path, nil, "", nil, false, o).decoded(ctx, d)
}

// boundMenu is what every *Menu[T, S] is to rt.BindMenu.
type boundMenu interface {
	bind(r wire.Runner, desc any, opts *Options)
}

func init() {
	rt.BindMenu = func(m any, r wire.Runner, desc any, opts any) {
		o, _ := opts.(*Options)
		m.(boundMenu).bind(r, desc, o)
	}
	rt.NewCore = func(r wire.Runner, path string, props []string, nameAttr string, required []string, noUnset bool, opts any) any {
		o, _ := opts.(*Options)
		return newCore(r, path, props, nameAttr, required, noUnset, o)
	}
	rt.Run = run
	rt.Stream = streamCommand
	rt.DecodeReply = decodeReply
}
