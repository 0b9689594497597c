package ros

import (
	"context"

	"github.com/rosgen/routeros/ros/internal/rt"
	"github.com/rosgen/routeros/wire"
)

// The exported methods of *menuCore are every verb of a menu with its item types taken out: an
// item is decoded by a closure the caller passes, a spec arrives encoded. Generated clients
// reach them through ros/gentype (gentype.Core, which gets a *menuCore from rt.NewCore and calls
// it through an interface of its own), so that a generated menu compiles only the few generic
// lines of the verbs it has instead of every method of Menu[T, S]. menuCore is unexported: these
// methods are not part of the API users see. Menu[T, S] is built on the same methods.

// Path returns the menu path.
func (c *menuCore) Path() string { return c.path }

// Runner returns the runner the menu uses.
func (c *menuCore) Runner() wire.Runner { return c.r }

// List prints the items matching every filter: alloc is told how many came, decode decodes each.
func (c *menuCore) List(ctx context.Context, filters []Filter, alloc func(n int), decode func(*rt.Decoder)) error {
	return c.list(ctx, "list", filters, alloc, decode)
}

// All streams the items matching every filter: each is decoded with decode and handed on with
// emit until emit returns false.
func (c *menuCore) All(ctx context.Context, filters []Filter, decode func(*rt.Decoder), emit func() bool) error {
	return c.all(ctx, filters, decode, emit)
}

// decodeEach prints the items matching every filter, decoding each with decode, and returns how many
// there were. Errors name op.
func (c *menuCore) decodeEach(ctx context.Context, op string, filters []Filter, decode func(*rt.Decoder)) (int, error) {
	n := 0
	err := c.list(ctx, op, filters, nil, func(d *rt.Decoder) {
		decode(d)
		n++
	})
	return n, err
}

// Get decodes the items whose .id or name is idOrName (the caller keeps the first); none is an
// error matching ErrNotFound.
func (c *menuCore) Get(ctx context.Context, idOrName string, decode func(*rt.Decoder)) error {
	n, err := c.decodeEach(ctx, "get", c.idOrName(idOrName), decode)
	if err == nil && n == 0 {
		err = &Error{Op: "get " + idOrName, Path: c.path, Kind: ErrNotFound}
	}
	return err
}

// GetSettings decodes the item of a settings menu.
func (c *menuCore) GetSettings(ctx context.Context, decode func(*rt.Decoder)) error {
	n, err := c.decodeEach(ctx, "list", nil, decode)
	if err == nil && n == 0 {
		err = &Error{Op: "get", Path: c.path, Kind: ErrNotFound}
	}
	return err
}

// Find decodes the items matching every filter (the caller keeps the first): ok is false when
// there is none; more than one is an error matching ErrNotUnique.
func (c *menuCore) Find(ctx context.Context, filters []Filter, decode func(*rt.Decoder)) (ok bool, err error) {
	n, err := c.decodeEach(ctx, "find", filters, decode)
	if err = c.unique("find", n, err, filters); err != nil {
		return false, err
	}
	return n == 1, nil
}

// One is Find where none is an error matching ErrNotFound.
func (c *menuCore) One(ctx context.Context, filters []Filter, decode func(*rt.Decoder)) error {
	n, err := c.decodeEach(ctx, "one", filters, decode)
	if err = c.unique("one", n, err, filters); err == nil && n == 0 {
		err = &Error{Op: "one", Path: c.path, Kind: ErrNotFound,
			Err: &checkError{kind: ErrNotFound, msg: "no item matches " + filterText(filters)}}
	}
	return err
}

// Count returns how many items match every filter.
func (c *menuCore) Count(ctx context.Context, filters ...Filter) (int, error) {
	return c.count(ctx, filters)
}

// Add adds the item e encodes and returns its .id.
func (c *menuCore) Add(ctx context.Context, e *rt.Encoder) (string, error) { return c.add(ctx, e) }

// Set changes the item id as e says.
func (c *menuCore) Set(ctx context.Context, id string, e *rt.Encoder) error {
	return c.set(ctx, []string{"=.id=" + id}, "=numbers="+id, e)
}

// SetSettings changes a settings menu as e says.
func (c *menuCore) SetSettings(ctx context.Context, e *rt.Encoder) error {
	return c.set(ctx, nil, "", e)
}

// Unset resets the named attributes of the item id.
func (c *menuCore) Unset(ctx context.Context, id string, fields ...Named) error {
	return c.unsetFields(ctx, "=numbers="+id, fields)
}

// UnsetSettings resets the named attributes of a settings menu.
func (c *menuCore) UnsetSettings(ctx context.Context, fields ...Named) error {
	return c.unsetFields(ctx, "", fields)
}

// Remove removes the items ids in one command.
func (c *menuCore) Remove(ctx context.Context, ids ...string) error {
	return c.numbers(ctx, "remove", ids)
}

// Enable enables the items ids.
func (c *menuCore) Enable(ctx context.Context, ids ...string) error {
	return c.numbers(ctx, "enable", ids)
}

// Disable disables the items ids.
func (c *menuCore) Disable(ctx context.Context, ids ...string) error {
	return c.numbers(ctx, "disable", ids)
}

// Comment sets the comment of the items ids.
func (c *menuCore) Comment(ctx context.Context, comment string, ids ...string) error {
	return c.numbers(ctx, "comment", ids, "=comment="+comment)
}

// Move moves the items ids before destination (to the end when it is empty).
func (c *menuCore) Move(ctx context.Context, ids []string, destination string) error {
	return c.move(ctx, ids, destination)
}

// AddMany adds the items es encodes, pipelined.
func (c *menuCore) AddMany(ctx context.Context, es []rt.Encoder, opts *BulkOptions) ([]Result, error) {
	return c.addMany(ctx, es, opts)
}

// SetMany changes the items ids as es says, pipelined.
func (c *menuCore) SetMany(ctx context.Context, ids []string, es []rt.Encoder, opts *BulkOptions) ([]Result, error) {
	return c.setMany(ctx, ids, es, opts)
}

// RemoveMany removes the items ids with one command each, pipelined.
func (c *menuCore) RemoveMany(ctx context.Context, ids []string, opts *BulkOptions) ([]Result, error) {
	return c.removeMany(ctx, ids, opts)
}

// RemoveWhere removes every item matching the filters and returns how many.
func (c *menuCore) RemoveWhere(ctx context.Context, filters ...Filter) (int, error) {
	return c.removeWhere(ctx, filters)
}

// Ensure makes the item e encodes exist with the key attributes key.
func (c *menuCore) Ensure(ctx context.Context, e *rt.Encoder, key []Named) (Ensured, error) {
	return c.ensure(ctx, e, key)
}

// Watch runs Menu.Watch: decode decodes an item into the caller's variable; emit yields an event
// (item reports that the item was just decoded).
func (c *menuCore) Watch(ctx context.Context, filters []Filter, decode func(*rt.Decoder),
	emit func(kind WatchKind, id string, item, snapshot bool) bool) error {
	return c.watch(ctx, filters, decode, func(ev watchEvent) bool { return emit(ev.kind, ev.id, ev.item, ev.snapshot) })
}

// Listen runs Menu.Listen: decode decodes an item into the caller's variable; emit yields an
// event (item reports that the item was just decoded).
func (c *menuCore) Listen(ctx context.Context, filters []Filter, decode func(*rt.Decoder),
	emit func(id string, dead, registered, item bool) bool) error {
	return c.listen(ctx, filters, decode, func(ev listenEvent) bool { return emit(ev.id, ev.dead, ev.registered, ev.item) })
}

// Reconcile runs Menu.Reconcile for the desired items encoded as es: plan is a new *Plan[S] and
// desired the []S, which the plan is filled from. planned reports that plan was filled (the
// router could be read); err is then the outcome of applying it.
func (c *menuCore) Reconcile(ctx context.Context, es []rt.Encoder, opts ReconcileOptions, plan, desired any) (planned bool, err error) {
	p, ok := plan.(plannedPlan)
	if !ok {
		return false, &Error{Op: "reconcile", Path: c.path, Kind: ErrNotSupported}
	}
	v, err := c.plan(ctx, es, opts)
	if err != nil {
		return false, err
	}
	if err := p.fill(v, desired); err != nil {
		return false, &Error{Op: "reconcile", Path: c.path, Kind: ErrNotSupported, Err: err}
	}
	if opts.DryRun || v.empty() {
		return true, nil
	}
	return true, c.applyPlan(ctx, p, opts.Bulk)
}

// applyPlan applies p and copies each step's outcome back into it.
func (c *menuCore) applyPlan(ctx context.Context, p plannedPlan, opts *BulkOptions) error {
	v := p.view()
	v.applied = true
	err := c.apply(ctx, v, opts)
	p.results(v)
	return err
}
