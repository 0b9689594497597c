package ros

import (
	"context"
	"iter"
	"strconv"
	"sync"

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
func (m Menu[T, S]) Watch(ctx context.Context, filters ...Filter) iter.Seq2[WatchEvent[T], error] {
	return func(yield func(WatchEvent[T], error) bool) {
		w := watcher[T, S]{m: m, snapshotMarker: true}
		w.run(ctx, filters, yield)
	}
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
// The router's listen command says nothing when it takes effect (see Watch), so Listen is Watch
// without the snapshot: Registered comes once the snapshot Watch takes is complete; since that
// needs a reply of the follow, the router has taken the follow by then and reports every change
// from that moment on. When nothing matches at the start, the router sends nothing that proves
// it: Registered then comes after a command queued behind the follow on the same connection has
// been answered (a router reads a connection's commands in order, as the manual's /cancel example
// shows a listen reporting a set sent after it; UNVERIFIED beyond that example). That order is
// certain when the runner implements QueuedStreamer; otherwise Listen waits two round trips and
// it is best effort only, since nothing in wire.Runner says when a stream's request is queued
// and a starved goroutine can queue it later (seen once in 50 runs under the race detector on a
// loaded machine).
func (m Menu[T, S]) Listen(ctx context.Context, filters ...Filter) iter.Seq2[Event[T], error] {
	return func(yield func(Event[T], error) bool) {
		w := watcher[T, S]{m: m}
		w.run(ctx, filters, func(ev WatchEvent[T], err error) bool {
			if err != nil {
				return yield(Event[T]{}, err)
			}
			switch ev.Kind {
			case Synced:
				return yield(Event[T]{Registered: true}, nil)
			case Removed:
				return yield(Event[T]{ID: ev.ID, Dead: true}, nil)
			}
			if ev.Snapshot {
				return true
			}
			return yield(Event[T]{ID: ev.ID, Item: ev.Item}, nil)
		})
	}
}

// QueuedStreamer is implemented by a wire.Runner that can say when a stream's request has been
// queued on its connection, ahead of any request made after that. With it, Listen's Registered is
// exact even when nothing matches at the start: the command sent after queued returns is answered
// only after the router has taken the follow. (A proposed addition to wire.Conn and wire.Pool.)
type QueuedStreamer interface {
	// StreamQueued is Stream that calls queued once the request has been queued (before the first
	// sentence is yielded; not at all when the request fails before it is queued).
	StreamQueued(ctx context.Context, queued func(), words ...string) iter.Seq2[wire.Sentence, error]
}

type watcher[T, S any] struct {
	m              Menu[T, S]
	snapshotMarker bool
}

type streamMsg struct {
	s   wire.Sentence
	err error
}

type idsMsg struct {
	ids []string
	err error
}

func (w *watcher[T, S]) run(ctx context.Context, filters []Filter, yield func(WatchEvent[T], error) bool) {
	m := w.m
	op := "watch"
	q, err := Compile(filters...)
	if err != nil {
		yield(WatchEvent[T]{}, &Error{Op: op, Path: m.desc.Path, Kind: ErrNotSupported, Err: bare(err)})
		return
	}
	count, err := m.Count(ctx, filters...)
	if err != nil {
		yield(WatchEvent[T]{}, renameOp(err, op))
		return
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()

	words := []string{m.desc.Path + "/print", "=follow="}
	if m.proplist != "" {
		words = append(words, "=.proplist="+m.proplist+",.dead")
	}
	words = append(words, q...)
	started := make(chan struct{})
	var queuedOnce sync.Once
	queued := func() { queuedOnce.Do(func() { close(started) }) }
	qs, ordered := m.r.(QueuedStreamer)
	stream := func() iter.Seq2[wire.Sentence, error] {
		if ordered {
			return qs.StreamQueued(ctx, queued, words...)
		}
		queued() // best effort: the stream is queued right after this
		return m.r.Stream(ctx, words...)
	}
	msgs := make(chan streamMsg)
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(msgs)
		defer queued() // the stream failed before it was queued: do not wait for it
		for s, err := range stream() {
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
	barrier := func(rounds int) {
		if barrierSent {
			return
		}
		barrierSent = true
		wg.Add(1)
		go func() {
			defer wg.Done()
			var msg idsMsg
			for range rounds {
				reply, err := m.r.Run(ctx, append([]string{m.desc.Path + "/print", "=.proplist=.id"}, q...)...)
				if err != nil {
					msg = idsMsg{err: wrap(op, m.desc.Path, err)}
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

	seen := map[string]bool{} // reported at least once (live or dead)
	live := map[string]bool{}
	synced := false
	var want []string // the barrier's ids, nil until it answered
	markSynced := func() bool {
		synced = true
		return yield(WatchEvent[T]{Kind: Synced}, nil)
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
	if count == 0 {
		if w.snapshotMarker {
			// The snapshot was empty when counted; whatever appears from now on is reported by the
			// follow (as its snapshot or as changes), so nothing is missed by calling it synced.
			if !markSynced() {
				return
			}
		} else {
			<-started
			if ordered {
				barrier(1) // queued after the follow: answered after the router has taken it
			} else {
				barrier(2)
			}
		}
	}
	for {
		var msg streamMsg
		var ok bool
		select {
		case msg, ok = <-msgs:
		case b := <-idsCh:
			if b.err != nil {
				yield(WatchEvent[T]{}, b.err)
				return
			}
			want = b.ids
			if want == nil {
				want = []string{}
			}
			if !synced && (complete() || !w.snapshotMarker && count == 0) {
				if !markSynced() {
					return
				}
			}
			continue
		case <-ctx.Done():
			yield(WatchEvent[T]{}, ctx.Err())
			return
		}
		if !ok {
			return // the router ended the follow (never, on a real router, unless cancelled)
		}
		if msg.err != nil {
			yield(WatchEvent[T]{}, wrap(op, m.desc.Path, msg.err))
			return
		}
		if first {
			first = false
			if !synced {
				barrier(1)
			}
		}
		s := msg.s
		id, _ := s.Get(".id")
		dead := false
		if d, ok := s.Get(".dead"); ok && (d == "true" || d == "yes") {
			dead = true
		}
		if !synced && (dead || seen[id]) {
			// Only a change can be a .dead or name an .id twice: the snapshot has ended.
			if !markSynced() {
				return
			}
		}
		seen[id] = true
		var ev WatchEvent[T]
		switch {
		case dead:
			if !live[id] {
				continue // an item never reported (it did not match the filters)
			}
			delete(live, id)
			ev = WatchEvent[T]{Kind: Removed, ID: id}
		default:
			v, err := m.decode(ctx, s)
			if err != nil {
				yield(WatchEvent[T]{}, &Error{Op: op, Path: m.desc.Path, Kind: ErrDecode, Err: err})
				return
			}
			kind := Added
			if live[id] {
				kind = Changed
			}
			live[id] = true
			ev = WatchEvent[T]{Kind: kind, ID: id, Item: v, Snapshot: !synced}
		}
		if !yield(ev, nil) {
			return
		}
		if !synced && complete() {
			if !markSynced() {
				return
			}
		}
	}
}
