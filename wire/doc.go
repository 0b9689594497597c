// Package wire is the RouterOS API protocol layer: the word and sentence codec, and [Conn], a complete
// client connection (TCP 8728 or TLS 8729, both login methods) that multiplexes any number of tagged
// commands from any number of goroutines.
//
// Most programs use the typed packages under ros/ and never touch this package beyond [Dial]. Use it
// directly when you need a command the typed layer does not cover, or full control of the words sent:
//
//	conn, err := wire.Dial(ctx, wire.Config{Address: "192.168.88.1", Username: "admin", Password: pw})
//	if err != nil { ... }
//	defer conn.Close()
//	reply, err := conn.Run(ctx, "/ip/address/print", "=.proplist=address,interface", "?interface=bridge")
//	for _, s := range reply.Re {
//		addr, _ := s.Get("address")
//		...
//	}
//
// The codec half ([AppendWord], [AppendSentence], [Reader]) is a pure value API with no I/O policy;
// the simulator and the scripted test server (package wiretest) use it for the server side too.
//
// # Flow control and memory
//
// One reader goroutine reads the socket and routes replies by tag. A stream keeps the replies its
// consumer has not taken yet, up to Config.StreamBufferBytes. When that buffer is full, the reader
// stops reading the socket until the consumer has taken half of it: TCP backpressure then makes the
// router wait, so a consumer slower than the router only slows its command down and never loses a
// row or fails for being slower. The cost is that the replies to every other request on the same
// connection wait too, because they arrive on the same socket behind the stream's rows; the
// alternatives were unbounded memory or failing the slow stream, which the old fail-fast behaviour
// did. So:
//
//   - [Conn.HeldBack] reports the state, and a [Pool] sends new commands to connections that are not
//     held back (it dials one when it has room);
//   - a consumer that stops consuming altogether cannot hold a connection forever: after
//     Config.StreamStallTimeout without taking anything, its stream ends with ErrStreamStalled, its
//     buffer is freed, the command is cancelled, and the connection reads on;
//   - Config.CancelGrace does not count time spent held back;
//   - do not consume two streams of one connection from one goroutine in lockstep: the reader may be
//     waiting for the stream you are not reading (the stall limit ends it); use a Pool or two Conns;
//   - live monitoring that prefers to fail fast sets Config.StreamFailFast or uses
//     [WithStreamFailFast]: a full buffer then ends the stream with ErrStreamOverflow at once.
//
// Every buffer is bounded in bytes: one sentence (4 × MaxWordSize, at least 64 MiB), the login
// replies (64 KiB), one Run's replies (Config.MaxReplyBytes, ErrReplyTooLarge), one request's traps
// (64 KiB) and each stream's buffer.
//
// Protocol facts this package relies on are collected in docs/protocol.md: lengths are
// big-endian prefixes of one to five bytes, a first byte 0xF8..0xFF is a fatal control byte, a
// sentence ends with an empty word, and every request's last reply is !done (a !trap is not terminal).
package wire
