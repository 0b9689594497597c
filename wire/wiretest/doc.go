// Package wiretest provides RouterOS API servers for tests: loopback TCP or TLS servers that play a
// scripted transcript on every connection, or run a handler function, in the manner of
// net/http/httptest and pgx's pgmock. Use it to test code that speaks the API (package wire, the
// typed layer, applications) against a real socket without a router.
//
//	srv := wiretest.NewServer(t, wiretest.NewScript().
//		Login("admin", "secret").
//		Expect("/ip/address/add", "=address=192.168.1.1/24", "=interface=ether1", ".tag={t}").
//		Send("!done", "=ret=*3", ".tag={t}"))
//	conn, err := wire.Dial(ctx, wire.Config{Address: srv.Addr, Username: "admin", Password: "secret"})
//
// # Matching
//
// Clients choose tags at run time, so Expect words may hold {name} placeholders that match any text
// and bind it; Send words substitute bound values, and a placeholder already bound must match the
// same text again. Attribute words (=name=value) and the .tag= word match in any order, as RouterOS
// does not care; the command word must come first and other words (queries) keep their order. See
// [Script.Expect].
//
// A mismatch, or the client hanging up while a sentence is expected, fails the test through
// t.Errorf from the server goroutine, with the expected and received words (secret values such as
// passwords redacted), and closes that connection. After the last step the connection stays open
// until the client closes it. [Server.Close], registered with t.Cleanup, closes everything and waits
// for the server's goroutines.
//
// # Transcript format
//
// [ParseTranscript] reads scripts written as text, one step a line:
//
//	> WORDS              expect this sentence from the client
//	< WORDS              send this sentence ("<" alone sends an empty sentence)
//	<raw HEX             send raw bytes, hex digits, spaces allowed ("<raw 00 f8")
//	stall DURATION       wait, in time.ParseDuration form ("stall 200ms")
//	stall forever        answer nothing more; discard what the client sends until it closes
//	close                close the connection
//	eof                  expect the client to close the connection
//	login USER PASSWORD  expect the plain /login with these credentials (any .tag) and send !done
//	# comment            blank lines and comment lines are ignored
//
// Words are separated by spaces. A word holding spaces is written as a Go string literal
// ("session terminated on request"); a word starting with '#' starts a comment that runs to the end
// of the line, so "> /ip/address/print   # all of them" expects a single word. Placeholders work as
// with Expect and Send. The transcripts of docs/protocol.md#transcripts read:
//
//	# /ip/address/add: !done carries the new .id
//	> /ip/address/add =address=192.168.1.1/24 =interface=ether1
//	< !done =ret=*3
//
//	# listen, then cancel it from another tag
//	> /ip/address/listen .tag={l}
//	< !re =.id=*A =address=192.168.1.1/24 .tag={l}
//	< !re =.id=*A =.dead=true .tag={l}
//	> /cancel =tag={l} .tag={c}
//	< !trap =category=2 =message=interrupted .tag={l}
//	< !done .tag={c}
//	< !done .tag={l}
//
//	# /quit: the reason is a bare word, then the router hangs up
//	> /quit
//	< !fatal "session terminated on request"
//	close
//
// # Handlers
//
// [NewHandlerServer] runs a function per connection for behaviour a script cannot express
// (concurrent replies, state); it reads with [ServerConn.ReadSentence] and writes with
// [ServerConn.WriteSentence], which is safe for concurrent use, and may mix in scripts with
// [ServerConn.Play]. [NewHandshakeFailServer] imitates an api-ssl service that has no certificate,
// [NewClientCertServer] a TLS server that demands a client certificate, and [NewRawServer] hands
// over the bare TCP connection for what happens below the protocol (a TLS client at a plain port).
//
// Failure reports redact secrets as wire.RedactWords does: values of secret attributes and queries
// (=password=, ?password=, ?=secret=...) and the passwords of URLs with credentials.
package wiretest
