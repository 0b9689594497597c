package ros

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/rosgen/routeros/ros/internal/rt"
)

// Find returns the one item matching every filter: ok is false when there is none, and the error
// matches ErrNotUnique when there is more than one.
//
//go:noinline
func (m Menu[T, S]) Find(ctx context.Context, filters ...Filter) (item T, ok bool, err error) {
	if ok, err = m.c.Find(ctx, filters, m.keepFirst(&item)); !ok {
		var zero T
		return zero, false, err
	}
	return item, true, nil
}

// One returns the item matching every filter when there is exactly one; otherwise the error
// matches ErrNotFound (none) or ErrNotUnique (more than one).
//
//go:noinline
func (m Menu[T, S]) One(ctx context.Context, filters ...Filter) (T, error) {
	var v T
	if err := m.c.One(ctx, filters, m.keepFirst(&v)); err != nil {
		var zero T
		return zero, err
	}
	return v, nil
}

// unique returns err, or when it is nil and more than one item matched (n), the error of op
// matching ErrNotUnique.
func (c *menuCore) unique(op string, n int, err error, filters []Filter) error {
	if err != nil || n <= 1 {
		return err
	}
	return &Error{Op: op, Path: c.path, Kind: ErrNotUnique,
		Err: &checkError{kind: ErrNotUnique, msg: strconv.Itoa(n) + " items match " + filterText(filters)}}
}

func renameOp(err error, op string) error {
	var e *Error
	if errors.As(err, &e) {
		e.Op = op
	}
	return err
}

func filterText(fs []Filter) string {
	q, err := Compile(fs...)
	if err != nil || len(q) == 0 {
		return "(all)"
	}
	return strings.Join(q, " ")
}

// EnsureAction is what Ensure did.
type EnsureAction uint8

const (
	// Unchanged: an item with the key existed and already matched.
	Unchanged EnsureAction = iota
	// Created: no item had the key; one was added.
	Created
	// Updated: the item with the key differed; the differing attributes were set.
	Updated
)

func (a EnsureAction) String() string {
	switch a {
	case Created:
		return "created"
	case Updated:
		return "updated"
	}
	return "unchanged"
}

// Ensured is the outcome of Ensure.
type Ensured struct {
	// ID is the item's .id.
	ID string
	// Action is what Ensure did; Changes the attributes it set (Updated only).
	Action  EnsureAction
	Changes []AttrChange
}

// Ensure makes one item with the key of s exist and match s: it looks the item up by the values s
// gives the key attributes (one print), adds s when there is none, sets only the attributes
// that differ when there is one, and sends nothing more when it already matches, so running it
// again changes nothing. More than one item with the key is an error matching ErrNotUnique; a
// key attribute s does not set, one matching ErrMissingRequired. Items the router owns (dynamic,
// builtin) are not considered.
//
//go:noinline
func (m Menu[T, S]) Ensure(ctx context.Context, s S, key ...Named) (Ensured, error) {
	var e rt.Encoder
	m.desc.Encode(&e, &s)
	return m.c.ensure(ctx, &e, key)
}

func (c *menuCore) ensure(ctx context.Context, e *rt.Encoder, key []Named) (Ensured, error) {
	if len(key) == 0 {
		return Ensured{}, &Error{Op: "ensure", Path: c.path, Kind: ErrNotSupported,
			Err: &checkError{kind: ErrNotSupported, msg: "no key attributes"}}
	}
	filters := make([]Filter, len(key))
	var miss []string
	for i, k := range key {
		f, ok := e.Field(k.Name())
		if !ok {
			miss = append(miss, k.Name())
			continue
		}
		filters[i] = Filter{op: opEq, name: f.Name, value: f.Value}
	}
	if len(miss) > 0 {
		return Ensured{}, refuse("ensure", c.path, []*checkError{{kind: ErrMissingRequired,
			msg: "no value for key attribute " + strings.Join(miss, ", ")}})
	}
	words, err := c.printWords(filters)
	if err != nil {
		return Ensured{}, &Error{Op: "ensure", Path: c.path, Kind: ErrNotSupported, Err: bare(err)}
	}
	reply, err := c.r.Run(ctx, words...)
	if err != nil {
		return Ensured{}, wrap("ensure", c.path, err)
	}
	var found []int
	for i, s := range reply.Re {
		if o, _ := owned(s.Attrs); !o {
			found = append(found, i)
		}
	}
	switch len(found) {
	case 0:
		if err := c.checkAdd(e); err != nil {
			return Ensured{}, renameOp(err, "ensure")
		}
		reply, err := c.r.Run(ctx, append([]string{c.path + "/add"}, e.Words()...)...)
		if err != nil {
			return Ensured{}, wrap("ensure: add", c.path, err)
		}
		return Ensured{ID: reply.Ret(), Action: Created}, nil
	case 1:
	default:
		return Ensured{}, &Error{Op: "ensure", Path: c.path, Kind: ErrNotUnique,
			Err: &checkError{kind: ErrNotUnique, msg: strconv.Itoa(len(found)) + " items match " + filterText(filters)}}
	}
	it := reply.Re[found[0]]
	id, _ := it.Get(".id")
	changes, ws, us := diff(e, it.Attrs, c.readable())
	out := Ensured{ID: id, Action: Unchanged}
	if len(changes) == 0 {
		return out, nil
	}
	if len(us) > 0 && c.noUnset {
		return out, refuse("ensure", c.path, []*checkError{c.noUnsetError(us)})
	}
	st := step{id: id, ops: []string{}}
	if len(ws) > 0 {
		st.cmds = append(st.cmds, append([]string{c.path + "/set", "=.id=" + id}, ws...))
		st.ops = append(st.ops, "ensure: set")
	}
	for _, n := range us {
		st.cmds = append(st.cmds, []string{c.path + "/unset", "=numbers=" + id, "=value-name=" + n})
		st.ops = append(st.ops, "ensure: unset "+n)
	}
	if r := runStep(ctx, c.r, nil, nil, 0, c.path, &st); r.State != Applied {
		return out, r.Err
	}
	out.Action, out.Changes = Updated, changes
	return out, nil
}

// RemoveWhere removes every item matching the filters and returns how many it removed. The API
// accepts query words (?name=value) only on print, and does not evaluate console expressions
// such as [find ...] in arguments, so this is the shortest exchange a router accepts: one print
// of the matching .ids, then one remove naming them all (=numbers=*1,*2,...). Nothing is removed
// (and no remove sent) when nothing matches. An item removed by someone else in between makes
// the remove fail with an error matching ErrNotFound. RemoveWhere with no filter is refused with
// an error matching ErrNotSupported (use List and Remove to empty a menu on purpose).
//
//go:noinline
func (m Menu[T, S]) RemoveWhere(ctx context.Context, filters ...Filter) (int, error) {
	return m.c.removeWhere(ctx, filters)
}

func (c *menuCore) removeWhere(ctx context.Context, filters []Filter) (int, error) {
	q, err := Compile(filters...)
	if err != nil {
		return 0, &Error{Op: "remove where", Path: c.path, Kind: ErrNotSupported, Err: bare(err)}
	}
	if len(q) == 0 {
		return 0, refuse("remove where", c.path, []*checkError{{kind: ErrNotSupported,
			msg: "a filter that matches every item: refusing to remove them all"}})
	}
	reply, err := c.r.Run(ctx, append([]string{c.path + "/print", "=.proplist=.id"}, q...)...)
	if err != nil {
		return 0, wrap("remove where", c.path, err)
	}
	ids := make([]string, 0, len(reply.Re))
	for _, s := range reply.Re {
		if id, ok := s.Get(".id"); ok && id != "" {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return 0, nil
	}
	if _, err := c.r.Run(ctx, c.path+"/remove", "=numbers="+strings.Join(ids, ",")); err != nil {
		return 0, wrap("remove where", c.path, err)
	}
	return len(ids), nil
}
