package gentype

import (
	"context"
	"iter"

	"github.com/rosgen/routeros/ros"
	"github.com/rosgen/routeros/ros/internal/rt"
	"github.com/rosgen/routeros/wire"
)

// MenuDesc describes one menu to NewCore: what a generated client's verbs need besides the
// functions that decode its items and encode its specs, which each verb is given.
type MenuDesc struct {
	// Path is the menu's API path ("/ip/address").
	Path string
	// Proplist are the attributes of the read type: the .proplist sent with print and listen.
	Proplist []string
	// NameAttr is the attribute Get matches when given a name ("name"), or "".
	NameAttr string
	// Required are the attributes add fails without: Add refuses to send an add that lacks one.
	Required []string
	// NoUnset reports that the menu has no unset command: a Set with an Unset field is refused
	// before anything is sent.
	NoUnset bool
}

// Core is the untyped client of one menu that a generated client holds. Its methods are the verbs
// that need no item type; the functions of this package that take a Core (List, Get, Add,
// Reconcile...) are the others, given the generated functions that decode an item or encode a
// spec. A generated client calls exactly the verbs its menu has, so only those are compiled for
// its types (a ros.Menu compiles all of them for every menu). Behaviour and errors are those of
// the ros.Menu method of the same name.
type Core struct{ c engine }

// engine is what package ros implements for Core (see ros/core.go).
type engine interface {
	Path() string
	Runner() wire.Runner
	List(ctx context.Context, filters []ros.Filter, alloc func(n int), decode func(*rt.Decoder)) error
	All(ctx context.Context, filters []ros.Filter, decode func(*rt.Decoder), emit func() bool) error
	Get(ctx context.Context, idOrName string, decode func(*rt.Decoder)) error
	GetSettings(ctx context.Context, decode func(*rt.Decoder)) error
	Find(ctx context.Context, filters []ros.Filter, decode func(*rt.Decoder)) (bool, error)
	One(ctx context.Context, filters []ros.Filter, decode func(*rt.Decoder)) error
	Count(ctx context.Context, filters ...ros.Filter) (int, error)
	Add(ctx context.Context, e *rt.Encoder) (string, error)
	Set(ctx context.Context, id string, e *rt.Encoder) error
	SetSettings(ctx context.Context, e *rt.Encoder) error
	Unset(ctx context.Context, id string, fields ...ros.Named) error
	UnsetSettings(ctx context.Context, fields ...ros.Named) error
	Remove(ctx context.Context, ids ...string) error
	Enable(ctx context.Context, ids ...string) error
	Disable(ctx context.Context, ids ...string) error
	Comment(ctx context.Context, comment string, ids ...string) error
	Move(ctx context.Context, ids []string, destination string) error
	AddMany(ctx context.Context, es []rt.Encoder, opts *ros.BulkOptions) ([]ros.Result, error)
	SetMany(ctx context.Context, ids []string, es []rt.Encoder, opts *ros.BulkOptions) ([]ros.Result, error)
	RemoveMany(ctx context.Context, ids []string, opts *ros.BulkOptions) ([]ros.Result, error)
	RemoveWhere(ctx context.Context, filters ...ros.Filter) (int, error)
	Ensure(ctx context.Context, e *rt.Encoder, key []ros.Named) (ros.Ensured, error)
	Watch(ctx context.Context, filters []ros.Filter, decode func(*rt.Decoder), emit func(kind ros.WatchKind, id string, item, snapshot bool) bool) error
	Listen(ctx context.Context, filters []ros.Filter, decode func(*rt.Decoder), emit func(id string, dead, registered, item bool) bool) error
	Reconcile(ctx context.Context, es []rt.Encoder, opts ros.ReconcileOptions, plan, desired any) (bool, error)
}

// NewCore returns the untyped client of the menu desc describes over r. opts may be nil (lenient,
// silent decoding).
func NewCore(r wire.Runner, desc *MenuDesc, opts *ros.Options) Core {
	var o any
	if opts != nil {
		o = opts
	}
	return Core{c: rt.NewCore(r, desc.Path, desc.Proplist, desc.NameAttr, desc.Required, desc.NoUnset, o).(engine)}
}

// Path returns the menu path.
func (m Core) Path() string { return m.c.Path() }

// Runner returns the runner the menu uses.
func (m Core) Runner() wire.Runner { return m.c.Runner() }

// Count is ros.Menu.Count.
func (m Core) Count(ctx context.Context, where ...ros.Filter) (int, error) {
	return m.c.Count(ctx, where...)
}

// Unset is ros.Menu.Unset.
func (m Core) Unset(ctx context.Context, id string, fields ...ros.Named) error {
	return m.c.Unset(ctx, id, fields...)
}

// UnsetSettings is ros.Menu.UnsetSettings.
func (m Core) UnsetSettings(ctx context.Context, fields ...ros.Named) error {
	return m.c.UnsetSettings(ctx, fields...)
}

// Remove is ros.Menu.Remove.
func (m Core) Remove(ctx context.Context, ids ...string) error { return m.c.Remove(ctx, ids...) }

// Enable is ros.Menu.Enable.
func (m Core) Enable(ctx context.Context, ids ...string) error { return m.c.Enable(ctx, ids...) }

// Disable is ros.Menu.Disable.
func (m Core) Disable(ctx context.Context, ids ...string) error { return m.c.Disable(ctx, ids...) }

// Comment is ros.Menu.Comment.
func (m Core) Comment(ctx context.Context, comment string, ids ...string) error {
	return m.c.Comment(ctx, comment, ids...)
}

// Move is ros.Menu.Move.
func (m Core) Move(ctx context.Context, ids []string, destination string) error {
	return m.c.Move(ctx, ids, destination)
}

// RemoveMany is ros.Menu.RemoveMany.
func (m Core) RemoveMany(ctx context.Context, ids []string, opts *ros.BulkOptions) ([]ros.Result, error) {
	return m.c.RemoveMany(ctx, ids, opts)
}

// RemoveWhere is ros.Menu.RemoveWhere.
func (m Core) RemoveWhere(ctx context.Context, where ...ros.Filter) (int, error) {
	return m.c.RemoveWhere(ctx, where...)
}

// keepFirst returns a decode function for the core that decodes every item and keeps the first
// in v.
func keepFirst[T any](v *T, decode func(*Decoder) T) func(*rt.Decoder) {
	got := false
	return func(d *rt.Decoder) {
		x := decode(d)
		if !got {
			*v, got = x, true
		}
	}
}

// List is ros.Menu.List for the menu of m, whose items decode decodes.
func List[T any](ctx context.Context, m Core, decode func(*Decoder) T, where []ros.Filter) ([]T, error) {
	var out []T
	err := m.c.List(ctx, where, func(n int) { out = make([]T, 0, n) },
		func(d *rt.Decoder) { out = append(out, decode(d)) })
	if err != nil {
		return nil, err
	}
	return out, nil
}

// All is ros.Menu.All.
func All[T any](ctx context.Context, m Core, decode func(*Decoder) T, where []ros.Filter) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var v T
		err := m.c.All(ctx, where, func(d *rt.Decoder) { v = decode(d) }, func() bool { return yield(v, nil) })
		if err != nil {
			var zero T
			yield(zero, err)
		}
	}
}

// Get is ros.Menu.Get.
func Get[T any](ctx context.Context, m Core, decode func(*Decoder) T, idOrName string) (T, error) {
	var v T
	if err := m.c.Get(ctx, idOrName, keepFirst(&v, decode)); err != nil {
		var zero T
		return zero, err
	}
	return v, nil
}

// GetSettings is ros.Menu.GetSettings.
func GetSettings[T any](ctx context.Context, m Core, decode func(*Decoder) T) (T, error) {
	var v T
	if err := m.c.GetSettings(ctx, keepFirst(&v, decode)); err != nil {
		var zero T
		return zero, err
	}
	return v, nil
}

// Find is ros.Menu.Find.
func Find[T any](ctx context.Context, m Core, decode func(*Decoder) T, where []ros.Filter) (T, bool, error) {
	var v T
	if ok, err := m.c.Find(ctx, where, keepFirst(&v, decode)); !ok {
		var zero T
		return zero, false, err
	}
	return v, true, nil
}

// One is ros.Menu.One.
func One[T any](ctx context.Context, m Core, decode func(*Decoder) T, where []ros.Filter) (T, error) {
	var v T
	if err := m.c.One(ctx, where, keepFirst(&v, decode)); err != nil {
		var zero T
		return zero, err
	}
	return v, nil
}

// Watch is ros.Menu.Watch.
func Watch[T any](ctx context.Context, m Core, decode func(*Decoder) T, where []ros.Filter) iter.Seq2[ros.WatchEvent[T], error] {
	return func(yield func(ros.WatchEvent[T], error) bool) {
		var item T
		err := m.c.Watch(ctx, where, func(d *rt.Decoder) { item = decode(d) }, func(kind ros.WatchKind, id string, decoded, snapshot bool) bool {
			e := ros.WatchEvent[T]{Kind: kind, ID: id, Snapshot: snapshot}
			if decoded {
				e.Item = item
			}
			return yield(e, nil)
		})
		if err != nil {
			yield(ros.WatchEvent[T]{}, err)
		}
	}
}

// Listen is ros.Menu.Listen.
func Listen[T any](ctx context.Context, m Core, decode func(*Decoder) T, where []ros.Filter) iter.Seq2[ros.Event[T], error] {
	return func(yield func(ros.Event[T], error) bool) {
		var item T
		err := m.c.Listen(ctx, where, func(d *rt.Decoder) { item = decode(d) }, func(id string, dead, registered, decoded bool) bool {
			e := ros.Event[T]{ID: id, Dead: dead, Registered: registered}
			if decoded {
				e.Item = item
			}
			return yield(e, nil)
		})
		if err != nil {
			yield(ros.Event[T]{}, err)
		}
	}
}

// Add is ros.Menu.Add for the menu of m, whose specs encode encodes.
func Add[S any](ctx context.Context, m Core, encode func(*Encoder, *S), s S) (string, error) {
	var e rt.Encoder
	encode(&e, &s)
	return m.c.Add(ctx, &e)
}

// Set is ros.Menu.Set.
func Set[S any](ctx context.Context, m Core, encode func(*Encoder, *S), id string, s S) error {
	var e rt.Encoder
	encode(&e, &s)
	return m.c.Set(ctx, id, &e)
}

// SetSettings is ros.Menu.SetSettings.
func SetSettings[S any](ctx context.Context, m Core, encode func(*Encoder, *S), s S) error {
	var e rt.Encoder
	encode(&e, &s)
	return m.c.SetSettings(ctx, &e)
}

func encodeAll[S any](encode func(*Encoder, *S), ss []S) []rt.Encoder {
	es := make([]rt.Encoder, len(ss))
	for i := range ss {
		encode(&es[i], &ss[i])
	}
	return es
}

// AddMany is ros.Menu.AddMany.
func AddMany[S any](ctx context.Context, m Core, encode func(*Encoder, *S), specs []S, opts *ros.BulkOptions) ([]ros.Result, error) {
	return m.c.AddMany(ctx, encodeAll(encode, specs), opts)
}

// SetMany is ros.Menu.SetMany.
func SetMany[S any](ctx context.Context, m Core, encode func(*Encoder, *S), updates []ros.Update[S], opts *ros.BulkOptions) ([]ros.Result, error) {
	ids := make([]string, len(updates))
	es := make([]rt.Encoder, len(updates))
	for i := range updates {
		ids[i] = updates[i].ID
		encode(&es[i], &updates[i].Spec)
	}
	return m.c.SetMany(ctx, ids, es, opts)
}

// Ensure is ros.Menu.Ensure.
func Ensure[S any](ctx context.Context, m Core, encode func(*Encoder, *S), s S, key []ros.Named) (ros.Ensured, error) {
	var e rt.Encoder
	encode(&e, &s)
	return m.c.Ensure(ctx, &e, key)
}

// Reconcile is ros.Menu.Reconcile.
func Reconcile[S any](ctx context.Context, m Core, encode func(*Encoder, *S), desired []S, opts ros.ReconcileOptions) (*ros.Plan[S], error) {
	p := new(ros.Plan[S])
	planned, err := m.c.Reconcile(ctx, encodeAll(encode, desired), opts, p, desired)
	if !planned {
		return nil, err
	}
	return p, err
}
