package ros

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rosgen/routeros/ros/internal/rt"
	"github.com/rosgen/routeros/wire"
)

// DefaultInFlight is how many commands a bulk call keeps in flight when BulkOptions.InFlight is 0.
// A *wire.Conn tags every request, so one connection carries them all; at 64 in flight a link with
// a 10 ms round trip carries about 6,000 adds a second instead of 100.
const DefaultInFlight = 64

// DefaultDrain is how long a bulk call waits, after its context ends, for the replies of commands
// already sent, when BulkOptions.Drain is 0.
const DefaultDrain = 10 * time.Second

// BulkOptions tune AddMany, SetMany, RemoveMany and the application of a reconcile Plan. nil
// means the defaults.
type BulkOptions struct {
	// InFlight is the most commands sent and not yet answered at any time (DefaultInFlight when 0).
	// On one connection they are queued in the items' order; over a *wire.Pool they are spread
	// over its connections, in no set order.
	InFlight int
	// StopOnError stops sending after the first item the router refuses; items not sent yet are
	// reported NotSent.
	StopOnError bool
	// Drain is how long, once the context ends, the commands already sent may take to answer
	// before they are given up on and reported Unknown (DefaultDrain when 0; negative: not at all).
	// No new command is sent after the context ends.
	Drain time.Duration
}

func (o *BulkOptions) inFlight() int {
	if o == nil || o.InFlight <= 0 {
		return DefaultInFlight
	}
	return o.InFlight
}

func (o *BulkOptions) drain() time.Duration {
	if o == nil || o.Drain == 0 {
		return DefaultDrain
	}
	return max(o.Drain, 0)
}

// State is what became of one item of a bulk call.
type State uint8

const (
	// NotSent: the item's command was never sent (the context ended or the call stopped first,
	// or it was refused by a check before sending: then Err says why).
	NotSent State = iota
	// Applied: the router carried the command out.
	Applied
	// Failed: the router refused the command (Err is its error, often a *wire.TrapError).
	Failed
	// Unknown: the command was sent but its reply never came (the context ended and the drain
	// time ran out, or the connection broke): the router may or may not have carried it out.
	Unknown
)

func (s State) String() string {
	switch s {
	case NotSent:
		return "not sent"
	case Applied:
		return "applied"
	case Failed:
		return "failed"
	case Unknown:
		return "unknown"
	}
	return fmt.Sprintf("State(%d)", uint8(s))
}

// Result is the outcome of one item of a bulk call, at the item's index.
type Result struct {
	// ID is the item's .id: the one the router gave an added item, or the one a set or remove
	// named.
	ID string
	// State is what became of the item.
	State State
	// Err is why the item was not applied (nil when Applied).
	Err error
}

// Update is one item of SetMany: the .id of the item and what to change.
type Update[S any] struct {
	ID   string
	Spec S
}

// BulkError is the error of a bulk call in which not every item was applied. The call's results
// say which item got what; the error counts them, and matches (errors.Is) the error of the first
// item that failed and the context's error when the context stopped the call.
type BulkError struct {
	// Op is "add", "set" or "remove"; Path the menu path.
	Op, Path string
	// Applied, Failed, NotSent and Unknown count the items by State.
	Applied, Failed, NotSent, Unknown int
	// First is the index of the first item that was not applied, FirstErr its error.
	First    int
	FirstErr error
	// Cause is the context's error when the context ended the call, else nil.
	Cause error
}

func (e *BulkError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "ros: %s %s: %d applied", e.Path, e.Op, e.Applied)
	for _, c := range []struct {
		n    int
		what string
	}{{e.Failed, "failed"}, {e.NotSent, "not sent"}, {e.Unknown, "unknown (sent, no reply)"}} {
		if c.n > 0 {
			fmt.Fprintf(&b, ", %d %s", c.n, c.what)
		}
	}
	if e.Cause != nil {
		fmt.Fprintf(&b, "; stopped: %v", e.Cause)
	}
	if e.FirstErr != nil {
		fmt.Fprintf(&b, "; item %d: %v", e.First, bareText(e.FirstErr))
	}
	return b.String()
}

// Unwrap returns the context's error and the first item's error.
func (e *BulkError) Unwrap() []error {
	var out []error
	if e.Cause != nil {
		out = append(out, e.Cause)
	}
	if e.FirstErr != nil {
		out = append(out, e.FirstErr)
	}
	return out
}

// bareText is the text of an item's error without the "ros: path op: " the BulkError already says.
func bareText(err error) string {
	var re *Error
	if errors.As(err, &re) && re == err {
		if re.Err != nil {
			return re.Err.Error()
		}
		if re.Kind != nil {
			return strings.TrimPrefix(re.Kind.Error(), "ros: ")
		}
	}
	return err.Error()
}

// step is the work of one item: commands run one after the other; refused is set when a check
// refused the item before sending.
type step struct {
	id      string
	cmds    [][]string
	refused error
	// cmdOp names each command for errors ("set", "unset comment").
	ops []string
}

// pipeline runs the steps with at most opts.InFlight commands in flight and returns one Result
// per step, in order, and a *BulkError unless every step was applied.
func pipeline(ctx context.Context, r wire.Runner, op, path string, steps []step, opts *BulkOptions) ([]Result, error) {
	res := make([]Result, len(steps))
	for i := range steps {
		res[i].ID = steps[i].id
	}
	// runCtx carries the commands already sent through a cancellation of ctx for the drain time,
	// so that their outcome is known instead of guessed.
	runCtx, cancelRun := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelRun()
	stopDrain := context.AfterFunc(ctx, func() {
		if d := opts.drain(); d > 0 {
			t := time.AfterFunc(d, cancelRun)
			context.AfterFunc(runCtx, func() { t.Stop() })
		} else {
			cancelRun()
		}
	})
	defer stopDrain()

	var next atomic.Int64
	var stop atomic.Bool
	var wg sync.WaitGroup
	// On one connection that says when a command is queued, the steps' first commands are queued
	// in the steps' order, one after another, while their replies are awaited together: the
	// router takes them in order (an ordered menu keeps the order of AddMany's specs).
	qr, _ := r.(wire.QueuedRunner)
	var order *turns
	if qr != nil {
		order = newTurns()
	}
	workers := min(opts.inFlight(), len(steps))
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				if stop.Load() || ctx.Err() != nil {
					return
				}
				i := int(next.Add(1) - 1)
				if i >= len(steps) {
					return
				}
				st := &steps[i]
				if st.refused != nil {
					order.pass(i)
					res[i].State, res[i].Err = Failed, st.refused
					if opts != nil && opts.StopOnError {
						stop.Store(true)
					}
					continue
				}
				if order != nil {
					// Waiting for the turn may outlast ctx or a refusal under StopOnError: the
					// step is then not sent, like the steps no worker has taken.
					order.wait(i)
					if stop.Load() || ctx.Err() != nil {
						order.pass(i)
						continue
					}
				}
				res[i] = runStep(runCtx, r, qr, order, i, path, st)
				if res[i].State != Applied && opts != nil && opts.StopOnError {
					stop.Store(true)
				}
			}
		}()
	}
	wg.Wait()
	return res, bulkError(ctx, op, path, res)
}

// runStep runs the commands of step i one after the other. With order (and qr, the runner that
// says when a command is queued), it is step i's turn: the first command passes the turn on once
// it is queued, or once it failed without being queued.
func runStep(ctx context.Context, r wire.Runner, qr wire.QueuedRunner, order *turns, i int, path string, st *step) Result {
	out := Result{ID: st.id}
	for k, words := range st.cmds {
		var reply *wire.Reply
		var err error
		if k == 0 && order != nil {
			reply, err = qr.RunQueued(ctx, func() { order.pass(i) }, words...)
			order.pass(i)
		} else {
			reply, err = r.Run(ctx, words...)
		}
		if err == nil {
			if k == 0 && st.id == "" && reply != nil {
				out.ID = reply.Ret()
			}
			continue
		}
		out.Err = wrap(st.ops[k], path, err)
		var trap *wire.TrapError
		switch {
		case errors.As(err, &trap), errors.Is(err, wire.ErrBadRequest):
			out.State = Failed
		case k == 0 && wire.SafeToRetry(err):
			out.State = NotSent
		default:
			// No reply (or, for a later command of the item, the first one went through and this
			// one's fate is unknown): the item is not known to be applied.
			out.State = Unknown
		}
		return out
	}
	out.State = Applied
	return out
}

func bulkError(ctx context.Context, op, path string, res []Result) error {
	e := &BulkError{Op: op, Path: path, First: -1}
	for i, r := range res {
		switch r.State {
		case Applied:
			e.Applied++
			continue
		case Failed:
			e.Failed++
		case NotSent:
			e.NotSent++
		case Unknown:
			e.Unknown++
		}
		if e.First < 0 && r.Err != nil {
			e.First, e.FirstErr = i, r.Err
		}
	}
	if e.Applied == len(res) {
		return nil
	}
	if ctx.Err() != nil && (e.NotSent > 0 || e.Unknown > 0) {
		e.Cause = ctx.Err()
	}
	if e.First < 0 {
		e.First = 0
	}
	return e
}

// AddMany adds the items specs with up to opts.InFlight commands in flight at once (pipelined on
// one connection, or spread over a pool) and returns one Result per spec, in order: the new .id
// of each item added, the error of each one refused. One refused item does not stop the others
// (unless opts.StopOnError). When ctx ends, no further add is sent; the adds already sent are
// waited for (opts.Drain) so that every Result says exactly whether the item was added (Applied),
// refused (Failed), never sent (NotSent) or sent with no reply (Unknown). The error is nil when
// every item was added, else a *BulkError. An item that lacks a required attribute is Failed
// without being sent.
//
// On one connection (a *wire.Conn, or any wire.QueuedRunner) the adds are queued in the order of
// specs, so an ordered menu (firewall rules) holds the items in that order; over a *wire.Pool
// they are spread over connections and may be taken in another order (use a Conn for an ordered
// menu).
//
//go:noinline
func (m Menu[T, S]) AddMany(ctx context.Context, specs []S, opts *BulkOptions) ([]Result, error) {
	return m.c.addMany(ctx, m.encodeAll(specs), opts)
}

func (c *menuCore) addMany(ctx context.Context, es []rt.Encoder, opts *BulkOptions) ([]Result, error) {
	steps := make([]step, len(es))
	for i := range es {
		steps[i] = c.addStep(&es[i])
	}
	return pipeline(ctx, c.r, "add", c.path, steps, opts)
}

func (c *menuCore) addStep(e *rt.Encoder) step {
	if err := c.checkAdd(e); err != nil {
		return step{refused: err}
	}
	return step{cmds: [][]string{append([]string{c.path + "/add"}, e.Words()...)}, ops: []string{"add"}}
}

// SetMany changes many items as AddMany adds them: one Result per update, in order. An update
// with Unset fields sends its set and then its unset commands, in that order.
//
//go:noinline
func (m Menu[T, S]) SetMany(ctx context.Context, updates []Update[S], opts *BulkOptions) ([]Result, error) {
	ids := make([]string, len(updates))
	es := make([]rt.Encoder, len(updates))
	for i := range updates {
		ids[i] = updates[i].ID
		m.desc.Encode(&es[i], &updates[i].Spec)
	}
	return m.c.setMany(ctx, ids, es, opts)
}

func (c *menuCore) setMany(ctx context.Context, ids []string, es []rt.Encoder, opts *BulkOptions) ([]Result, error) {
	steps := make([]step, len(es))
	for i := range es {
		steps[i] = c.setStep(ids[i], &es[i])
	}
	return pipeline(ctx, c.r, "set", c.path, steps, opts)
}

func (c *menuCore) setStep(id string, e *rt.Encoder) step {
	st := step{id: id}
	if err := c.checkSet(e); err != nil {
		st.refused = err
		return st
	}
	if len(e.Words()) > 0 || len(e.Unsets()) == 0 {
		st.cmds = append(st.cmds, append([]string{c.path + "/set", "=.id=" + id}, e.Words()...))
		st.ops = append(st.ops, "set")
	}
	for _, n := range e.Unsets() {
		st.cmds = append(st.cmds, []string{c.path + "/unset", "=numbers=" + id, "=value-name=" + n})
		st.ops = append(st.ops, "unset "+n)
	}
	return st
}

// RemoveMany removes the items ids with one remove per item, pipelined like AddMany, so that each
// item gets its own Result (Remove removes many items in one command, but one missing item fails
// the whole command).
//
//go:noinline
func (m Menu[T, S]) RemoveMany(ctx context.Context, ids []string, opts *BulkOptions) ([]Result, error) {
	return m.c.removeMany(ctx, ids, opts)
}

func (c *menuCore) removeMany(ctx context.Context, ids []string, opts *BulkOptions) ([]Result, error) {
	steps := make([]step, len(ids))
	for i, id := range ids {
		steps[i] = step{id: id, cmds: [][]string{{c.path + "/remove", "=numbers=" + id}}, ops: []string{"remove"}}
	}
	return pipeline(ctx, c.r, "remove", c.path, steps, opts)
}

// turns hands the right to queue a command to the steps of a pipeline in their order.
type turns struct {
	mu   sync.Mutex
	cond *sync.Cond
	next int          // the step whose turn it is
	done map[int]bool // later steps whose turn has ended already (refused before their turn)
}

func newTurns() *turns {
	t := &turns{done: map[int]bool{}}
	t.cond = sync.NewCond(&t.mu)
	return t
}

// wait returns when it is step i's turn.
func (t *turns) wait(i int) {
	t.mu.Lock()
	for t.next < i {
		t.cond.Wait()
	}
	t.mu.Unlock()
}

// pass ends step i's turn, also before it has come (a step refused without sending), and gives
// the turn to the first step after it whose turn has not ended. Passing twice is a no-op; so is
// passing on a nil t.
func (t *turns) pass(i int) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if i < t.next {
		return
	}
	t.done[i] = true
	for t.done[t.next] {
		delete(t.done, t.next)
		t.next++
	}
	t.cond.Broadcast()
}
