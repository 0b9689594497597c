package ros

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/rosgen/routeros/ros/internal/rt"
	"github.com/rosgen/routeros/wire"
)

// ReconcileOptions say how Reconcile matches and what it may do.
type ReconcileOptions struct {
	// Key names the attributes that identify an item (for /ip/firewall/address-list: list and
	// address). Every desired item must set them. Required.
	Key []Named
	// Where limits the items of the router that take part: only items matching every filter are
	// compared and may be removed (for example one address list of many). Desired items should
	// match it too, or every run adds them again.
	Where []Filter
	// DryRun returns the plan without sending any change.
	DryRun bool
	// KeepExtra keeps the router's items that no desired item matches instead of removing them.
	KeepExtra bool
	// Bulk tunes how the plan is applied (nil: defaults).
	Bulk *BulkOptions
}

// Plan is what Reconcile found to do, and after it ran, what became of each step. Its String is
// a readable listing of the steps.
type Plan[S any] struct {
	// Path is the menu path; Key the key attribute names.
	Path string
	Key  []string
	// Add are the desired items the router lacks, in desired order.
	Add []PlanAdd[S]
	// Set are the router's items whose attributes differ from the desired item with the same key,
	// with only the differing attributes.
	Set []PlanSet
	// Remove are the router's items no desired item matches (none with KeepExtra), and duplicates
	// of a key beyond the first.
	Remove []PlanRemove
	// Skip are the desired items whose key matches an item the router owns (dynamic or builtin),
	// which Reconcile never touches.
	Skip []PlanSkip
	// Unchanged counts the items that already match.
	Unchanged int
	// Applied reports that the plan was applied (not a dry run); each step's Result says how.
	Applied bool
}

// PlanAdd is an item to add.
type PlanAdd[S any] struct {
	Key  string
	Spec S
	// Result is the outcome once applied (the new .id in Result.ID).
	Result Result

	words []string
}

// PlanSet is an item to change.
type PlanSet struct {
	ID, Key string
	// Changes are the attributes that differ, with the router's and the desired values.
	Changes []AttrChange
	Result  Result

	words  []string
	unsets []string
}

// AttrChange is one attribute of a PlanSet. Secret values are shown as "***".
type AttrChange struct {
	Name string
	// From is the value the router has ("" when absent), To the desired one.
	From, To string
	// Unset reports a reset to the default (To is then "").
	Unset bool
}

// PlanRemove is an item to remove.
type PlanRemove struct {
	ID, Key string
	Result  Result
}

// PlanSkip is a desired item Reconcile leaves alone.
type PlanSkip struct {
	ID, Key, Reason string
}

// Len returns the number of changes (adds, sets and removes).
func (p *Plan[S]) Len() int { return len(p.Add) + len(p.Set) + len(p.Remove) }

// Empty reports whether the router already matches.
func (p *Plan[S]) Empty() bool { return p.Len() == 0 }

// Err returns nil when the plan was applied fully (or is a dry run), else a *BulkError over all
// steps.
//
//go:noinline
func (p *Plan[S]) Err() error { return p.view().err() }

// view returns the plan without its specs, for the non-generic code that reads and applies it.
//
//go:noinline
func (p *Plan[S]) view() *planView {
	adds := make([]planAdd, len(p.Add))
	for i := range p.Add {
		adds[i] = planAdd{key: p.Add[i].Key, words: p.Add[i].words, result: p.Add[i].Result}
	}
	return &planView{path: p.Path, key: p.Key, add: adds, set: p.Set, remove: p.Remove, skip: p.Skip,
		unchanged: p.Unchanged, applied: p.Applied}
}

func (p *planView) empty() bool { return len(p.add)+len(p.set)+len(p.remove) == 0 }

// planView is a Plan without its type parameter. Its set, remove and skip share the Plan's
// slices; add is a copy, whose results the caller copies back.
type planView struct {
	path      string
	key       []string
	add       []planAdd
	set       []PlanSet
	remove    []PlanRemove
	skip      []PlanSkip
	unchanged int
	applied   bool
}

// planAdd is a PlanAdd without its spec.
type planAdd struct {
	key    string
	words  []string
	result Result
	i      int // the index of the desired item (plan only)
}

func (p *planView) err() error {
	if !p.applied {
		return nil
	}
	var res []Result
	for _, a := range p.add {
		res = append(res, a.result)
	}
	for _, s := range p.set {
		res = append(res, s.Result)
	}
	for _, r := range p.remove {
		res = append(res, r.Result)
	}
	return bulkError(context.Background(), "reconcile", p.path, res)
}

// String lists the plan: one line per step, "+" add, "~" set (with each attribute's change), "-"
// remove, "=" skipped, then a summary line; after Apply each line ends with its outcome when
// the step was not applied.
//
//go:noinline
func (p *Plan[S]) String() string { return p.view().String() }

func (p *planView) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (key %s): %d to add, %d to change, %d to remove, %d unchanged",
		p.path, strings.Join(p.key, ","), len(p.add), len(p.set), len(p.remove), p.unchanged)
	if len(p.skip) > 0 {
		fmt.Fprintf(&b, ", %d skipped", len(p.skip))
	}
	b.WriteByte('\n')
	outcome := func(r Result) string {
		if !p.applied || r.State == Applied {
			return ""
		}
		if r.Err != nil {
			return "  [" + r.State.String() + ": " + bareText(r.Err) + "]"
		}
		return "  [" + r.State.String() + "]"
	}
	for _, a := range p.add {
		fmt.Fprintf(&b, "+ %s %s%s\n", a.key, redactWords(a.words), outcome(a.result))
	}
	for _, s := range p.set {
		fmt.Fprintf(&b, "~ %s %s", s.Key, s.ID)
		for _, c := range s.Changes {
			if c.Unset {
				fmt.Fprintf(&b, " %s: %s -> (unset)", c.Name, strconv.Quote(c.From))
			} else {
				fmt.Fprintf(&b, " %s: %s -> %s", c.Name, strconv.Quote(c.From), strconv.Quote(c.To))
			}
		}
		b.WriteString(outcome(s.Result))
		b.WriteByte('\n')
	}
	for _, r := range p.remove {
		fmt.Fprintf(&b, "- %s %s%s\n", r.Key, r.ID, outcome(r.Result))
	}
	for _, s := range p.skip {
		fmt.Fprintf(&b, "= %s %s: %s\n", s.Key, s.ID, s.Reason)
	}
	return b.String()
}

func redactWords(words []string) string {
	out := make([]string, len(words))
	for i, w := range words {
		name, v, _ := strings.Cut(strings.TrimPrefix(w, "="), "=")
		if wire.IsSecretName(name) {
			v = redact(v)
		}
		out[i] = name + "=" + strconv.Quote(v)
	}
	return strings.Join(out, " ")
}

// owned reports an item the router manages itself (dynamic, builtin), which Reconcile and
// Ensure never change.
func owned(raw []wire.Attr) (bool, string) {
	for _, a := range raw {
		if (a.Key == "dynamic" || a.Key == "builtin") && (a.Value == "true" || a.Value == "yes") {
			return true, a.Key
		}
	}
	return false, ""
}

func rawGet(raw []wire.Attr, name string) (string, bool) {
	for _, a := range raw {
		if a.Key == name {
			return a.Value, true
		}
	}
	return "", false
}

// keyOf returns the key of a desired item, or an error naming the key attributes it lacks.
func keyOf(e *rt.Encoder, key []string) (string, error) {
	parts := make([]string, len(key))
	for i, k := range key {
		f, ok := e.Field(k)
		if !ok {
			return "", fmt.Errorf("no value for key attribute %s", k)
		}
		parts[i] = k + "=" + f.Canon(f.Value)
	}
	return strings.Join(parts, " "), nil
}

// routerKey returns the key of a router item, canonicalised with the desired items' codecs.
func routerKey(raw []wire.Attr, key []string, canon map[string]func(string) string) string {
	parts := make([]string, len(key))
	for i, k := range key {
		v, _ := rawGet(raw, k)
		if c := canon[k]; c != nil && v != "" {
			v = c(v)
		}
		parts[i] = k + "=" + v
	}
	return strings.Join(parts, " ")
}

// diff returns the changes that make the router's item raw look like e: only attributes e sets
// (or unsets) and print shows are compared.
func diff(e *rt.Encoder, raw []wire.Attr, readable map[string]bool) (changes []AttrChange, words, unsets []string) {
	for _, f := range e.Fields() {
		if !readable[f.Name] {
			continue // write-only: print never shows it, so it cannot be compared
		}
		have, _ := rawGet(raw, f.Name)
		if have != "" && f.Canon(have) == f.Canon(f.Value) || have == "" && f.Value == "" {
			continue
		}
		from, to := have, f.Value
		if wire.IsSecretName(f.Name) {
			from, to = redact(from), redact(to)
		}
		changes = append(changes, AttrChange{Name: f.Name, From: from, To: to})
		words = append(words, "="+f.Name+"="+f.Value)
	}
	for _, n := range e.Unsets() {
		have, ok := rawGet(raw, n)
		if !ok || have == "" || !readable[n] {
			continue
		}
		if wire.IsSecretName(n) {
			have = redact(have)
		}
		changes = append(changes, AttrChange{Name: n, From: have, Unset: true})
		unsets = append(unsets, n)
	}
	return changes, words, unsets
}

func (c *menuCore) readable() map[string]bool {
	out := map[string]bool{}
	for _, n := range c.props {
		out[n] = true
	}
	return out
}

// Plan reads the router's items (one print) and returns what Reconcile would do to make them
// equal desired; it sends no change.
//
//go:noinline
func (m Menu[T, S]) Plan(ctx context.Context, desired []S, opts ReconcileOptions) (*Plan[S], error) {
	v, err := m.c.plan(ctx, m.encodeAll(desired), opts)
	if err != nil {
		return nil, err
	}
	p := new(Plan[S])
	if err := p.fill(v, desired); err != nil {
		return nil, err
	}
	return p, nil
}

// encodeAll encodes the specs ss.
//
//go:noinline
func (m Menu[T, S]) encodeAll(ss []S) []rt.Encoder {
	es := make([]rt.Encoder, len(ss))
	for i := range ss {
		m.desc.Encode(&es[i], &ss[i])
	}
	return es
}

// plannedPlan is what a *Plan[S] is to the non-generic code that fills and applies it.
type plannedPlan interface {
	fill(v *planView, desired any) error
	view() *planView
	results(v *planView)
}

// fill makes p the plan v for the desired items ([]S) v was planned from.
//
//go:noinline
func (p *Plan[S]) fill(v *planView, desired any) error {
	ds, ok := desired.([]S)
	if !ok {
		return fmt.Errorf("desired items are %T, not %T", desired, ds)
	}
	*p = Plan[S]{Path: v.path, Key: v.key, Set: v.set, Remove: v.remove, Skip: v.skip, Unchanged: v.unchanged}
	if len(v.add) > 0 {
		p.Add = make([]PlanAdd[S], len(v.add))
		for i, a := range v.add {
			p.Add[i] = PlanAdd[S]{Key: a.key, Spec: ds[a.i], words: a.words}
		}
	}
	return nil
}

// results marks p applied and copies the outcomes of v's adds (a view of p) back into it.
//
//go:noinline
func (p *Plan[S]) results(v *planView) {
	p.Applied = true
	for i := range p.Add {
		p.Add[i].Result = v.add[i].result
	}
}

// plan is Plan for the desired items encoded as es.
func (c *menuCore) plan(ctx context.Context, es []rt.Encoder, opts ReconcileOptions) (*planView, error) {
	fail := func(err error) (*planView, error) {
		return nil, &Error{Op: "reconcile", Path: c.path, Kind: ErrNotSupported, Err: err}
	}
	if len(opts.Key) == 0 {
		return fail(errors.New("no key attributes"))
	}
	key := make([]string, len(opts.Key))
	for i, k := range opts.Key {
		key[i] = k.Name()
	}
	p := &planView{path: c.path, key: key}
	readable := c.readable()

	// Desired items by key, in order.
	type want struct {
		e   *rt.Encoder
		key string
		i   int
	}
	wants := make([]*want, len(es))
	byKey := make(map[string]*want, len(es))
	canon := map[string]func(string) string{}
	for i := range es {
		w := &want{e: &es[i], i: i}
		k, err := keyOf(w.e, key)
		if err != nil {
			return nil, &Error{Op: "reconcile", Path: c.path, Kind: ErrMissingRequired,
				Err: fmt.Errorf("desired item %d: %w", i, &checkError{kind: ErrMissingRequired, msg: err.Error()})}
		}
		if prev, dup := byKey[k]; dup {
			return nil, &Error{Op: "reconcile", Path: c.path, Kind: ErrNotUnique,
				Err: fmt.Errorf("desired items %d and %d have the same key %s", prev.i, i, k)}
		}
		if len(w.e.Unsets()) > 0 && c.noUnset {
			return fail(errors.New(c.noUnsetError(w.e.Unsets()).msg))
		}
		for _, kn := range key {
			if _, ok := canon[kn]; !ok {
				f, _ := w.e.Field(kn)
				canon[kn] = f.Canon
			}
		}
		w.key = k
		wants[i] = w
		byKey[k] = w
	}

	// The router's items, in its order.
	q, err := Compile(opts.Where...)
	if err != nil {
		return nil, &Error{Op: "reconcile", Path: c.path, Kind: ErrNotSupported, Err: bare(err)}
	}
	words := append([]string{c.path + "/print", "=.proplist=" + c.proplist}, q...)
	reply, err := c.r.Run(ctx, words...)
	if err != nil {
		return nil, wrap("reconcile", c.path, err)
	}
	matched := make(map[string]bool, len(reply.Re))
	for _, s := range reply.Re {
		id, _ := s.Get(".id")
		k := routerKey(s.Attrs, key, canon)
		if isOwned, why := owned(s.Attrs); isOwned {
			if w := byKey[k]; w != nil && !matched[k] {
				matched[k] = true
				p.skip = append(p.skip, PlanSkip{ID: id, Key: k, Reason: "owned by the router (" + why + ")"})
			}
			continue
		}
		w := byKey[k]
		switch {
		case w == nil && opts.KeepExtra:
		case w == nil:
			p.remove = append(p.remove, PlanRemove{ID: id, Key: k})
		case matched[k]:
			p.remove = append(p.remove, PlanRemove{ID: id, Key: k}) // a duplicate of the key
		default:
			matched[k] = true
			changes, ws, us := diff(w.e, s.Attrs, readable)
			if len(changes) == 0 {
				p.unchanged++
				continue
			}
			p.set = append(p.set, PlanSet{ID: id, Key: k, Changes: changes, words: ws, unsets: us})
		}
	}
	for _, w := range wants {
		if !matched[w.key] {
			p.add = append(p.add, planAdd{key: w.key, words: w.e.Words(), i: w.i})
		}
	}
	return p, nil
}

// Apply carries a plan out: the removes as one command (falling back to one command per item
// when it is refused, so that each item gets its own outcome), then the sets and adds pipelined
// as by AddMany. Each step's Result is filled in; the error is nil when every step was applied,
// else a *BulkError.
//
//go:noinline
func (m Menu[T, S]) Apply(ctx context.Context, p *Plan[S], opts *BulkOptions) error {
	return m.c.applyPlan(ctx, p, opts)
}

// apply is Apply of the plan p: it fills in the results of p's steps.
func (c *menuCore) apply(ctx context.Context, p *planView, opts *BulkOptions) error {
	if len(p.remove) > 0 && ctx.Err() == nil {
		ids := make([]string, len(p.remove))
		for i, r := range p.remove {
			ids[i] = r.ID
		}
		_, err := c.r.Run(ctx, c.path+"/remove", "=numbers="+strings.Join(ids, ","))
		var trap *wire.TrapError
		switch {
		case err == nil:
			for i := range p.remove {
				p.remove[i].Result = Result{ID: p.remove[i].ID, State: Applied}
			}
		case errors.As(err, &trap):
			res, _ := c.removeMany(ctx, ids, opts)
			for i := range p.remove {
				p.remove[i].Result = res[i]
				// Gone either way: removed by the refused command before it stopped, or already.
				if res[i].State == Failed && errors.Is(res[i].Err, ErrNotFound) {
					p.remove[i].Result = Result{ID: res[i].ID, State: Applied}
				}
			}
		default:
			state := Unknown // sent, or perhaps sent: not known to be applied
			if wire.SafeToRetry(err) {
				state = NotSent
			}
			for i := range p.remove {
				p.remove[i].Result = Result{ID: p.remove[i].ID, State: state, Err: wrap("remove", c.path, err)}
			}
		}
	}
	steps := make([]step, 0, len(p.set)+len(p.add))
	for _, s := range p.set {
		st := step{id: s.ID}
		if len(s.words) > 0 {
			st.cmds = append(st.cmds, append([]string{c.path + "/set", "=.id=" + s.ID}, s.words...))
			st.ops = append(st.ops, "set")
		}
		for _, n := range s.unsets {
			st.cmds = append(st.cmds, []string{c.path + "/unset", "=numbers=" + s.ID, "=value-name=" + n})
			st.ops = append(st.ops, "unset "+n)
		}
		steps = append(steps, st)
	}
	for _, a := range p.add {
		steps = append(steps, step{cmds: [][]string{append([]string{c.path + "/add"}, a.words...)}, ops: []string{"add"}})
	}
	res, _ := pipeline(ctx, c.r, "reconcile", c.path, steps, opts)
	for i := range p.set {
		p.set[i].Result = res[i]
	}
	for i := range p.add {
		p.add[i].result = res[len(p.set)+i]
	}
	if err := p.err(); err != nil {
		if be, ok := err.(*BulkError); ok && ctx.Err() != nil && (be.NotSent > 0 || be.Unknown > 0) {
			be.Cause = ctx.Err()
		}
		return err
	}
	return nil
}

// Reconcile makes the router's items of the menu (those matching opts.Where) equal desired:
// items are matched by opts.Key; a desired item the router lacks is added, one that differs is
// set (only the attributes that differ, compared as typed values: "true" equals "yes"), and a
// router item no desired item matches is removed (unless opts.KeepExtra). Items the router owns
// (dynamic=true or builtin=true) are never touched. Only the attributes a desired item sets are
// compared; a field left out means "don't care", ros.Unset means "must be unset".
//
// It reads the router with one print, then sends one command per change (all removes in one
// command), pipelined as AddMany; a second Reconcile with the same desired items sends only the
// print. With opts.DryRun it returns the plan without changing anything. The plan is returned in
// either case (with each step's outcome after applying); the error is nil when every step was
// applied, else a *BulkError. Mind that desired is the whole truth for the items in scope: an
// empty desired list without opts.Where removes every item of the menu the router does not own.
//
//go:noinline
func (m Menu[T, S]) Reconcile(ctx context.Context, desired []S, opts ReconcileOptions) (*Plan[S], error) {
	p := new(Plan[S])
	planned, err := m.c.Reconcile(ctx, m.encodeAll(desired), opts, p, desired)
	if !planned {
		return nil, err
	}
	return p, err
}
