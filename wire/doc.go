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
// Protocol facts this package relies on are collected in docs/protocol.md: lengths are
// big-endian prefixes of one to five bytes, a first byte 0xF8..0xFF is a fatal control byte, a
// sentence ends with an empty word, and every request's last reply is !done (a !trap is not terminal).
package wire
