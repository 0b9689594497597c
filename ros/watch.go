package ros

import (
	"context"
	"iter"
	"strconv"
	"sync"

	"github.com/rosgen/routeros/ros/internal/rt"
	"github.com/rosgen/routeros/wire"
)

// WatchKind is the kind of a WatchEvent.
type WatchKind uint8

const (
	// Added: an item of the snapshot (Snapshot is true), or one that appeared after it.
	Added WatchKind = iota + 1
	// Changed: an item already reported changed; Item is its new state.
	Changed
	// Removed: an item already reported was removed; only ID is set.
	Removed
	// Synced: the snapshot is complete. Every item that existed when it was taken has been
	// reported (some may already carry changes made since); what follows are changes.
	Synced
)

func (k WatchKind) String() string {
	switch k {
	case Added:
		return "added"
	case Changed:
		return "changed"
	case Removed:
		return "removed"
	case Synced:
		return "synced"
	}
	return "WatchKind(" + strconv.Itoa(int(k)) + ")"
}

// WatchEvent is one event of Watch.
type WatchEvent[T any] struct {
	Kind WatchKind
	// ID is the item's .id (empty for Synced).
	ID string
	// Item is the item's state (zero for Removed and Synced).
	Item T
	// Snapshot reports an item of the snapshot, before Synced.
	Snapshot bool
}

// Watch yields the items matching every filter, then one Synced event, then every change to
// them, until ctx ends or the loop breaks (which cancels the command on the router). Single-use.
//
// What the router offers, and why Watch is built this way:
//
//   - print with =follow= sends the current items and then, in the same reply stream, every
//     change (a removed item as .id with =.dead=true, =.dead=yes before RouterOS 7); =follow-only=
//     and listen send only the changes (MikroTik wiki "API command notes"; MikroTik forum thread
//     126522 "API. Listening interfaces and bridges doesn't report deletions": listen and print
//     =follow= behave the same, queries work with both). Because the snapshot and the changes come
//     from one command, the router orders them: nothing is missed between the two and nothing is
//     reported twice. A listen plus a separate print cannot promise that: a change made between
//     the listen taking effect and the print would come twice, one made before the listen not at
//     all.
//   - Neither listen nor print =follow= says when it has taken effect or where the current items
//     end: a listen on a menu that does not change stays silent, and !empty comes only when the
//     command ends (wire traces from RouterOS 7.24 published in a client's verification notes);
//     the manual shows no separator. So Watch finds the end of the snapshot itself: it counts
//     the matching items first; when there are none, the snapshot is empty and Synced comes at
//     once. Otherwise, after the first reply of the follow (which proves the router has taken
//     the snapshot) it prints the matching .ids once more; Synced comes when each of those has
//     been reported, or earlier when a reply can only be a change (a .dead, or an .id already
//     reported: the snapshot lists each item once). In the rare case that an item is removed
//     between the snapshot and that second print, it may be reported after Synced as Added and
//     then Removed; the sequence stays gap-free and duplicate-free.
//
// An item that stops matching the filters is not reported (the router sends nothing for it).
// Decoding follows the menu's Options. Events are delivered as the consumer asks for them; a
// consumer that falls behind by more than the connection's StreamBuffer ends the watch with
// wire.ErrStreamOverflow.
//
//go:noinline
func (m Menu[T, S]) Watch(ctx context.Context, filters ...Filter) iter.Seq2[WatchEvent[T], error] {
	return func(yield func(WatchEvent[T], error) bool) {
		var item T
		err := m.c.watch(ctx, filters, func(d *rt.Decoder) { item = m.desc.Decode(d) }, func(ev watchEvent) bool {
			e := WatchEvent[T]{Kind: ev.kind, ID: ev.id, Snapshot: ev.snapshot}
			if ev.item {
				e.Item = item
			}
			return yield(e, nil)
		})
		if err != nil {
			yield(WatchEvent[T]{}, err)
		}
	}
}

// watchEvent is a WatchEvent without its item: item reports that the item was just decoded.
type watchEvent struct {
	kind     WatchKind
	id       string
	item     bool
	snapshot bool
}

// Event is one change reported by Listen.
type Event[T any] struct {
	// ID is the item's .id.
	ID string
	// Dead reports that the item was removed; Item is then mostly empty.
	Dead bool
	// Item is the item's new state.
	Item T
	// Registered marks the first event of every Listen, which carries nothing else: from this
	// moment on, every change is reported.
	Registered bool
}

// Listen first yields an event with Registered set, once the router is reporting changes, and
// then an event whenever an item matching the filters is added, changed or removed. It runs until
// ctx ends or the loop breaks (which cancels the command). Single-use.
//
// Every change the router makes after Registered is yielded exactly once, in the router's order;
// a change made before it may be yielded too (after Registered), never twice. Nothing else is
// yielded: no snapshot of the current items (use Watch for that).
//
// How Registered is known: Listen sends print =follow-only= (changes only) and, once that command
// is queued on its connection, a print of the matching .ids on the same connection. A router
// reads a connection's commands in order (the manual's /cancel example shows a listen reporting a
// set sent after it on the same connection; UNVERIFIED beyond that example), so when that print
// is answered the follow has been taken, and Registered is yielded. The print's .ids are the items
// that match at that moment: a removal is reported for them and for items reported since, which is
// how a removal (reported by the router as a bare .id) is matched against the filters. Changes
// that arrive before the print's answer are held and yielded after Registered.
//
// This order is certain when the runner implements wire.QueuedStreamer (wire.Conn and wire.Pool
// do). With another runner, Listen sends the print twice, on the runner, after starting the
// follow: Registered is then best effort only, since nothing says when the follow was queued.
//
//go:noinline
func (m Menu[T, S]) Listen(ctx context.Context, filters ...Filter) iter.Seq2[Event[T], error] {
	return func(yield func(Event[T], error) bool) {
		var item T
		err := m.c.listen(ctx, filters, func(d *rt.Decoder) { item = m.desc.Decode(d) }, func(ev listenEvent) bool {
			e := Event[T]{ID: ev.id, Dead: ev.dead, Registered: ev.registered}
			if ev.item {
				e.Item = item
			}
			return yield(e, nil)
		})
		if err != nil {
			yield(Event[T]{}, err)
		}
	}
}

// listenEvent is an Event without its item: item reports that the item was just decoded.
type listenEvent struct {
	id                     string
	dead, registered, item bool
}

// listen runs Listen: decode decodes an item into the caller's variable, emit yields an event; it
// returns the error that ended it, nil when emit returned false or the router ended the follow.
func (c *menuCore) listen(ctx context.Context, filters []Filter, decode func(*rt.Decoder), emit func(listenEvent) bool) error {
	const op = "listen"
	q, err := Compile(filters...)
	if err != nil {
		return &Error{Op: op, Path: c.path, Kind: ErrNotSupported, Err: bare(err)}
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()

	words := []string{c.path + "/print", "=follow-only="}
	if c.proplist != "" {
		words = append(words, "=.proplist="+c.proplist+",.dead")
	}
	words = append(words, q...)
	idsWords := append([]string{c.path + "/print", "=.proplist=.id"}, q...)

	// barrier prints the matching .ids on r, rounds times; the last answer arrives on idsCh.
	idsCh := make(chan idsMsg, 1)
	barrier := func(r wire.Runner, rounds int) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var msg idsMsg
			for range rounds {
				reply, err := r.Run(ctx, idsWords...)
				if err != nil {
					msg = idsMsg{err: wrap(op, c.path, err)}
					break
				}
				msg.ids = msg.ids[:0]
				for _, s := range reply.Re {
					if id, ok := s.Get(".id"); ok {
						msg.ids = append(msg.ids, id)
					}
				}
			}
			idsCh <- msg
		}()
	}
	var stream iter.Seq2[wire.Sentence, error]
	if qs, ok := c.r.(wire.QueuedStreamer); ok {
		stream = qs.StreamQueued(ctx, func(same wire.Runner) { barrier(same, 1) }, words...)
	} else {
		barrier(c.r, 2) // best effort: the follow is most likely queued before the second print
		stream = c.r.Stream(ctx, words...)
	}
	msgs := make(chan streamMsg)
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(msgs)
		for s, err := range stream {
			select {
			case msgs <- streamMsg{s, err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()

	live := map[string]bool{} // items that match (as far as the router told), whose removal is reported
	registered := false
	var held []wire.Sentence // changes that arrived before the barrier's answer
	d := rt.NewDecoder(nil)
	// event turns a change into an event; ok is false for a removal of an item not known to match.
	event := func(s wire.Sentence) (ev listenEvent, ok bool, err error) {
		id, _ := s.Get(".id")
		if v, _ := s.Get(".dead"); v == "true" || v == "yes" {
			if !live[id] {
				return ev, false, nil
			}
			delete(live, id)
			return listenEvent{id: id, dead: true}, true, nil
		}
		d.Reset(s.Attrs)
		decode(d)
		if err := c.decoded(ctx, d); err != nil {
			return ev, false, &Error{Op: op, Path: c.path, Kind: ErrDecode, Err: err}
		}
		live[id] = true
		return listenEvent{id: id, item: true}, true, nil
	}
	// send yields the event of s; stop reports the end of the listen, with its error or nil.
	send := func(s wire.Sentence) (stop bool, err error) {
		ev, ok, err := event(s)
		if err != nil {
			return true, err
		}
		return ok && !emit(ev), nil
	}
	for {
		select {
		case b := <-idsCh:
			if b.err != nil {
				return b.err
			}
			registered = true
			// The held changes were made before the print: an item they removed was matched
			// against the filters only if they reported it before (it is not among the .ids).
			for _, id := range b.ids {
				live[id] = true
			}
			if !emit(listenEvent{registered: true}) {
				return nil
			}
			for _, s := range held {
				if stop, err := send(s); stop {
					return err
				}
			}
			held = nil
		case msg, ok := <-msgs:
			if !ok {
				return nil // the router ended the follow (never, on a real router, unless cancelled)
			}
			if msg.err != nil {
				return wrap(op, c.path, msg.err)
			}
			if !registered {
				held = append(held, msg.s)
				continue
			}
			if stop, err := send(msg.s); stop {
				return err
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

type streamMsg struct {
	s   wire.Sentence
	err error
}

type idsMsg struct {
	ids []string
	err error
}

// watch runs Watch: decode decodes an item into the caller's variable, emit yields an event; it
// returns the error that ended it, nil when emit returned false or the router ended the follow.
func (c *menuCore) watch(ctx context.Context, filters []Filter, decode func(*rt.Decoder), emit func(watchEvent) bool) error {
	op := "watch"
	q, err := Compile(filters...)
	if err != nil {
		return &Error{Op: op, Path: c.path, Kind: ErrNotSupported, Err: bare(err)}
	}
	count, err := c.count(ctx, filters)
	if err != nil {
		return renameOp(err, op)
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()

	words := []string{c.path + "/print", "=follow="}
	if c.proplist != "" {
		words = append(words, "=.proplist="+c.proplist+",.dead")
	}
	words = append(words, q...)
	msgs := make(chan streamMsg)
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(msgs)
		for s, err := range c.r.Stream(ctx, words...) {
			select {
			case msgs <- streamMsg{s, err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()

	// barrier prints the matching .ids; its result arrives on idsCh.
	idsCh := make(chan idsMsg, 1)
	barrierSent := false
	barrier := func() {
		if barrierSent {
			return
		}
		barrierSent = true
		wg.Add(1)
		go func() {
			defer wg.Done()
			var msg idsMsg
			reply, err := c.r.Run(ctx, append([]string{c.path + "/print", "=.proplist=.id"}, q...)...)
			if err != nil {
				msg = idsMsg{err: wrap(op, c.path, err)}
			} else {
				msg.ids = []string{}
				for _, s := range reply.Re {
					if id, ok := s.Get(".id"); ok {
						msg.ids = append(msg.ids, id)
					}
				}
			}
			idsCh <- msg
		}()
	}

	seen := map[string]bool{} // reported at least once (live or dead)
	live := map[string]bool{}
	synced := false
	var want []string // the barrier's ids, nil until it answered
	markSynced := func() bool {
		synced = true
		return emit(watchEvent{kind: Synced})
	}
	complete := func() bool {
		if want == nil {
			return false
		}
		for _, id := range want {
			if !seen[id] {
				return false
			}
		}
		return true
	}
	first := true
	d := rt.NewDecoder(nil)
	if count == 0 {
		// The snapshot was empty when counted; whatever appears from now on is reported by the
		// follow (as its snapshot or as changes), so nothing is missed by calling it synced.
		if !markSynced() {
			return nil
		}
	}
	for {
		var msg streamMsg
		var ok bool
		select {
		case msg, ok = <-msgs:
		case b := <-idsCh:
			if b.err != nil {
				return b.err
			}
			want = b.ids
			if !synced && complete() {
				if !markSynced() {
					return nil
				}
			}
			continue
		case <-ctx.Done():
			return ctx.Err()
		}
		if !ok {
			return nil // the router ended the follow (never, on a real router, unless cancelled)
		}
		if msg.err != nil {
			return wrap(op, c.path, msg.err)
		}
		if first {
			first = false
			if !synced {
				barrier()
			}
		}
		s := msg.s
		id, _ := s.Get(".id")
		dead := false
		if v, ok := s.Get(".dead"); ok && (v == "true" || v == "yes") {
			dead = true
		}
		if !synced && (dead || seen[id]) {
			// Only a change can be a .dead or name an .id twice: the snapshot has ended.
			if !markSynced() {
				return nil
			}
		}
		seen[id] = true
		var ev watchEvent
		switch {
		case dead:
			if !live[id] {
				continue // an item never reported (it did not match the filters)
			}
			delete(live, id)
			ev = watchEvent{kind: Removed, id: id}
		default:
			d.Reset(s.Attrs)
			decode(d)
			if err := c.decoded(ctx, d); err != nil {
				return &Error{Op: op, Path: c.path, Kind: ErrDecode, Err: err}
			}
			kind := Added
			if live[id] {
				kind = Changed
			}
			live[id] = true
			ev = watchEvent{kind: kind, id: id, item: true, snapshot: !synced}
		}
		if !emit(ev) {
			return nil
		}
		if !synced && complete() {
			if !markSynced() {
				return nil
			}
		}
	}
}
