package ros

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"strconv"
	"strings"

	"github.com/rosgen/routeros/ros/internal/rt"
	"github.com/rosgen/routeros/wire"
)

// Menu is the generic client of one menu: T is the read type, S the write (spec) type. Generated
// per-menu clients wrap it and expose only the verbs the menu has; their Menu method returns it,
// for code written once for every menu. It is safe for concurrent use if
// its Runner is.
type Menu[T, S any] struct {
	r    wire.Runner
	desc *rt.Desc[T, S]
	opts *Options
}

// bind makes m the client of desc over r (rt.BindMenu, for gentype.NewMenu).
func (m *Menu[T, S]) bind(r wire.Runner, desc any, opts *Options) {
	if opts == nil {
		opts = &Options{}
	}
	m.r, m.desc, m.opts = r, desc.(*rt.Desc[T, S]), opts
}

// Path returns the menu path.
func (m Menu[T, S]) Path() string { return m.desc.Path }

// Runner returns the runner the menu uses.
func (m Menu[T, S]) Runner() wire.Runner { return m.r }

func (m Menu[T, S]) decode(ctx context.Context, s wire.Sentence) (T, error) {
	return m.decodeWith(ctx, rt.NewDecoder(nil), s)
}

// decodeWith decodes s with d, reset for it: a list decodes all its items with one Decoder.
func (m Menu[T, S]) decodeWith(ctx context.Context, d *rt.Decoder, s wire.Sentence) (T, error) {
	d.Reset(s.Attrs)
	v := m.desc.Decode(d)
	for _, b := range d.BadValues() {
		e := &DecodeError{Path: m.desc.Path, Attr: b.Attr, Value: b.Value, Err: b.Err}
		if m.opts.Strict {
			var zero T
			return zero, e
		}
		if m.opts.Logger != nil {
			m.opts.Logger.LogAttrs(ctx, slog.LevelWarn, "ros: value does not decode",
				slog.String("path", e.Path), slog.String("attr", e.Attr), slog.String("value", e.Value), slog.Any("err", e.Err))
		}
		if m.opts.Tracer != nil {
			m.opts.Tracer.TraceDecodeError(ctx, e)
		}
	}
	return v, nil
}

func (m Menu[T, S]) printWords(filters []Filter, extra ...string) ([]string, error) {
	q, err := Compile(filters...)
	if err != nil {
		return nil, err
	}
	words := make([]string, 0, 2+len(extra)+len(q))
	words = append(words, m.desc.Path+"/print")
	if m.desc.Proplist != "" {
		words = append(words, "=.proplist="+m.desc.Proplist)
	}
	words = append(words, extra...)
	return append(words, q...), nil
}

// List returns the items matching every filter.
func (m Menu[T, S]) List(ctx context.Context, filters ...Filter) ([]T, error) {
	words, err := m.printWords(filters)
	if err != nil {
		return nil, &Error{Op: "list", Path: m.desc.Path, Kind: ErrNotSupported, Err: bare(err)}
	}
	reply, err := m.r.Run(ctx, words...)
	if err != nil {
		return nil, wrap("list", m.desc.Path, err)
	}
	out := make([]T, 0, len(reply.Re))
	d := rt.NewDecoder(nil)
	for _, s := range reply.Re {
		v, err := m.decodeWith(ctx, d, s)
		if err != nil {
			return nil, &Error{Op: "list", Path: m.desc.Path, Kind: ErrDecode, Err: err}
		}
		out = append(out, v)
	}
	return out, nil
}

// All yields the items matching every filter as they arrive. It is single-use; breaking out of the
// loop cancels the command on the router.
func (m Menu[T, S]) All(ctx context.Context, filters ...Filter) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		words, err := m.printWords(filters)
		if err != nil {
			yield(zero, &Error{Op: "list", Path: m.desc.Path, Kind: ErrNotSupported, Err: bare(err)})
			return
		}
		d := rt.NewDecoder(nil)
		for s, err := range m.r.Stream(ctx, words...) {
			if err != nil {
				yield(zero, wrap("list", m.desc.Path, err))
				return
			}
			v, err := m.decodeWith(ctx, d, s)
			if err != nil {
				yield(zero, &Error{Op: "list", Path: m.desc.Path, Kind: ErrDecode, Err: err})
				return
			}
			if !yield(v, nil) {
				return
			}
		}
	}
}

// Get returns the item whose .id (when idOrName starts with '*') or name is idOrName. It fails with
// an error matching ErrNotFound when there is none.
func (m Menu[T, S]) Get(ctx context.Context, idOrName string) (T, error) {
	var zero T
	name := ".id"
	if !strings.HasPrefix(idOrName, "*") && m.desc.NameAttr != "" {
		name = m.desc.NameAttr
	}
	items, err := m.List(ctx, Filter{op: opEq, name: name, value: idOrName})
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			e.Op = "get"
		}
		return zero, err
	}
	if len(items) == 0 {
		return zero, &Error{Op: "get " + idOrName, Path: m.desc.Path, Kind: ErrNotFound}
	}
	return items[0], nil
}

// GetSettings returns the single item of a settings menu.
func (m Menu[T, S]) GetSettings(ctx context.Context) (T, error) {
	var zero T
	items, err := m.List(ctx)
	if err != nil {
		return zero, err
	}
	if len(items) == 0 {
		return zero, &Error{Op: "get", Path: m.desc.Path, Kind: ErrNotFound}
	}
	return items[0], nil
}

// Count returns how many items match every filter (print =count-only=).
func (m Menu[T, S]) Count(ctx context.Context, filters ...Filter) (int, error) {
	q, err := Compile(filters...)
	if err != nil {
		return 0, &Error{Op: "count", Path: m.desc.Path, Kind: ErrNotSupported, Err: bare(err)}
	}
	words := append([]string{m.desc.Path + "/print", "=count-only="}, q...)
	reply, err := m.r.Run(ctx, words...)
	if err != nil {
		return 0, wrap("count", m.desc.Path, err)
	}
	n, err := strconv.Atoi(reply.Ret())
	if err != nil {
		return 0, &Error{Op: "count", Path: m.desc.Path, Kind: ErrDecode, Err: fmt.Errorf("count-only returned %q", reply.Ret())}
	}
	return n, nil
}

// Add creates an item and returns its .id. Unset fields of s are ignored (the item gets defaults).
// An add that lacks a required attribute is refused before anything is sent, with an error
// matching ErrMissingRequired.
func (m Menu[T, S]) Add(ctx context.Context, s S) (string, error) {
	var e rt.Encoder
	m.desc.Encode(&e, &s)
	if err := m.checkAdd(&e); err != nil {
		return "", err
	}
	reply, err := m.r.Run(ctx, append([]string{m.desc.Path + "/add"}, e.Words()...)...)
	if err != nil {
		return "", wrap("add", m.desc.Path, err)
	}
	return reply.Ret(), nil
}

// Set changes the item id (a .id, or a name where the menu accepts one). Fields set with Unset are
// reset with the menu's unset command after the set; on a menu without one, such a Set is refused
// before anything is sent, with an error matching ErrNotSupported.
func (m Menu[T, S]) Set(ctx context.Context, id string, s S) error {
	return m.set(ctx, []string{"=.id=" + id}, "=numbers="+id, s)
}

// SetSettings changes a settings menu.
func (m Menu[T, S]) SetSettings(ctx context.Context, s S) error {
	return m.set(ctx, nil, "", s)
}

func (m Menu[T, S]) set(ctx context.Context, idWords []string, numbers string, s S) error {
	var e rt.Encoder
	m.desc.Encode(&e, &s)
	if err := m.checkSet(&e); err != nil {
		return err
	}
	if len(e.Words()) > 0 || len(e.Unsets()) == 0 {
		words := append(append([]string{m.desc.Path + "/set"}, idWords...), e.Words()...)
		if _, err := m.r.Run(ctx, words...); err != nil {
			return wrap("set", m.desc.Path, err)
		}
	}
	for _, name := range e.Unsets() {
		if err := m.unset(ctx, numbers, name); err != nil {
			return err
		}
	}
	return nil
}

func (m Menu[T, S]) unset(ctx context.Context, numbers, name string) error {
	words := []string{m.desc.Path + "/unset"}
	if numbers != "" {
		words = append(words, numbers)
	}
	words = append(words, "=value-name="+name)
	if _, err := m.r.Run(ctx, words...); err != nil {
		return wrap("unset "+name, m.desc.Path, err)
	}
	return nil
}

// Unset resets the named attributes of item id to their defaults. On a menu without an unset
// command it fails with an error matching ErrNotSupported and sends nothing.
func (m Menu[T, S]) Unset(ctx context.Context, id string, fields ...Named) error {
	if err := m.checkUnset(fields); err != nil {
		return err
	}
	for _, f := range fields {
		if err := m.unset(ctx, "=numbers="+id, f.Name()); err != nil {
			return err
		}
	}
	return nil
}

// UnsetSettings resets the named attributes of a settings menu.
func (m Menu[T, S]) UnsetSettings(ctx context.Context, fields ...Named) error {
	if err := m.checkUnset(fields); err != nil {
		return err
	}
	for _, f := range fields {
		if err := m.unset(ctx, "", f.Name()); err != nil {
			return err
		}
	}
	return nil
}

func (m Menu[T, S]) numbers(ctx context.Context, op string, ids []string, extra ...string) error {
	if len(ids) == 0 {
		return nil
	}
	words := append([]string{m.desc.Path + "/" + op, "=numbers=" + strings.Join(ids, ",")}, extra...)
	if _, err := m.r.Run(ctx, words...); err != nil {
		return wrap(op, m.desc.Path, err)
	}
	return nil
}

// Remove removes the items ids (one command). No ids is a no-op.
func (m Menu[T, S]) Remove(ctx context.Context, ids ...string) error {
	return m.numbers(ctx, "remove", ids)
}

// Enable enables the items ids.
func (m Menu[T, S]) Enable(ctx context.Context, ids ...string) error {
	return m.numbers(ctx, "enable", ids)
}

// Disable disables the items ids.
func (m Menu[T, S]) Disable(ctx context.Context, ids ...string) error {
	return m.numbers(ctx, "disable", ids)
}

// Comment sets the comment of the items ids.
func (m Menu[T, S]) Comment(ctx context.Context, comment string, ids ...string) error {
	return m.numbers(ctx, "comment", ids, "=comment="+comment)
}

// Move moves the items ids before the item destination; an empty destination moves them to the end.
func (m Menu[T, S]) Move(ctx context.Context, ids []string, destination string) error {
	var extra []string
	if destination != "" {
		extra = append(extra, "=destination="+destination)
	}
	return m.numbers(ctx, "move", ids, extra...)
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

// stream runs the streaming command name of the menu (rt.Stream, for gentype.Stream).
func (m *Menu[T, S]) stream(ctx context.Context, name string, e *rt.Encoder) iter.Seq2[any, error] {
	path := m.desc.Path
	return func(yield func(any, error) bool) {
		if err := checkCommand(path, name, e); err != nil {
			yield(nil, err)
			return
		}
		words := []string{path + "/" + name}
		if e != nil {
			words = append(words, e.Words()...)
		}
		for s, err := range m.r.Stream(ctx, words...) {
			if err != nil {
				yield(nil, wrap(name, path, err))
				return
			}
			v, err := m.decode(ctx, s)
			if err != nil {
				yield(nil, &Error{Op: name, Path: path, Kind: ErrDecode, Err: err})
				return
			}
			if !yield(v, nil) {
				return
			}
		}
	}
}

// decodeAny decodes one reply sentence (rt.DecodeReply, for gentype.DecodeReply).
func (m *Menu[T, S]) decodeAny(ctx context.Context, s wire.Sentence) (any, error) {
	return m.decode(ctx, s)
}

// boundMenu is what every *Menu[T, S] is to the hooks of package rt.
type boundMenu interface {
	bind(r wire.Runner, desc any, opts *Options)
	stream(ctx context.Context, name string, e *rt.Encoder) iter.Seq2[any, error]
	decodeAny(ctx context.Context, s wire.Sentence) (any, error)
}

func init() {
	rt.BindMenu = func(m any, r wire.Runner, desc any, opts any) {
		o, _ := opts.(*Options)
		m.(boundMenu).bind(r, desc, o)
	}
	rt.Run = run
	rt.Stream = func(ctx context.Context, m any, name string, e *rt.Encoder) iter.Seq2[any, error] {
		return m.(boundMenu).stream(ctx, name, e)
	}
	rt.DecodeReply = func(ctx context.Context, m any, s wire.Sentence) (any, error) {
		return m.(boundMenu).decodeAny(ctx, s)
	}
}

func (m Menu[T, S]) checkUnset(fields []Named) error {
	if !m.desc.NoUnset || len(fields) == 0 {
		return nil
	}
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.Name()
	}
	return refuse("unset", m.desc.Path, []*checkError{m.noUnset(names)})
}
