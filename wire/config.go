package wire

import (
	"context"
	"crypto/tls"
	"iter"
	"log/slog"
	"time"
)

// Default ports of the RouterOS api and api-ssl services.
const (
	DefaultPort    = "8728"
	DefaultTLSPort = "8729"
)

// LoginMode selects which login methods Dial may use.
type LoginMode int

const (
	// LoginAuto sends the plain login (RouterOS 6.43+) and answers the MD5 challenge of older routers
	// only when the router sends one.
	LoginAuto LoginMode = iota
	// LoginPlain sends the plain login and refuses the MD5 challenge step.
	LoginPlain
)

func (m LoginMode) String() string {
	switch m {
	case LoginAuto:
		return "auto"
	case LoginPlain:
		return "plain"
	}
	return "LoginMode(?)"
}

// Config describes how to reach and log in to a router. The zero value of every field but Address
// works.
type Config struct {
	// Address is "host" or "host:port". The port is 8728 by default, 8729 when TLS is used.
	Address string
	// Username and Password are the router user's credentials. The password never appears in errors,
	// logs, traces or String output.
	Username string
	Password string
	// TLS, when not nil, makes the connection use TLS with this configuration (clone it freely: Dial
	// does not modify it; ServerName defaults to the host of Address). When nil, the connection is
	// plain TCP, except that port 8729 means TLS with default certificate verification.
	TLS *tls.Config
	// Login selects the login methods allowed.
	Login LoginMode

	// DialTimeout bounds connecting, the TLS handshake and login together, on top of Dial's context.
	// 0 means 30 seconds.
	DialTimeout time.Duration
	// CancelGrace is how long the router may take to finish a command after /cancel (its context ended
	// or its stream stopped). A router that takes longer is treated as hung: the connection is closed
	// and every request in flight fails with an error matching ErrUnresponsive. 0 means 10 seconds.
	CancelGrace time.Duration
	// WriteTimeout bounds one write to the socket; a router that stops reading for longer has the
	// connection closed. 0 means 30 seconds.
	WriteTimeout time.Duration
	// MaxWordSize is the largest word accepted from the router; 0 means DefaultMaxWordSize.
	MaxWordSize int

	// Memory is bounded in bytes. Every budget below counts a reply as its size once decoded (its
	// bytes on the wire plus some 50 bytes a word), so many tiny words cost what they weigh. Besides
	// these, one sentence may not exceed 4 × MaxWordSize (at least 64 MiB), and the replies to the
	// login before its !done are limited to 64 KiB: a router flooding the login with traps gets an
	// error, not the heap.

	// MaxReplyBytes bounds what one Run collects. A command whose replies grow past it fails with an
	// error matching ErrReplyTooLarge (which says to use Stream) and is cancelled on the router; the
	// connection goes on. 0 means DefaultMaxReplyBytes (1 GiB): enough for the largest tables a
	// router holds, such as a full BGP table of about a million routes, an address list of a million
	// entries or a busy connection-tracking table, at a few hundred bytes a row; it exists to stop a
	// reply that never ends (a follow or listen command given to Run) before it exhausts memory.
	// Tables that large are better read with Stream or a typed All, which hold only the unread rows.
	MaxReplyBytes int
	// StreamBufferBytes bounds the replies a stream holds that its consumer has not taken yet; 0 means
	// DefaultStreamBufferBytes (1 MiB). When the buffer is full, the connection stops reading from
	// the socket until the consumer has taken half of it: TCP then makes the router wait, nothing is
	// lost, and a consumer slower than the router only slows the command down. Meanwhile the replies
	// to the connection's other requests wait too (see the package documentation, and HeldBack; a
	// Pool sends new commands to other connections). A buffer may exceed this by one sentence.
	StreamBufferBytes int
	// StreamBuffer, when > 0, also bounds the number of unread sentences a stream holds; the buffer
	// is full when either bound is reached. 0 means no bound but StreamBufferBytes.
	StreamBuffer int
	// StreamStallTimeout is how long a stream whose full buffer holds back the connection may take
	// nothing before it is given up: it then ends with an error matching ErrStreamStalled, its
	// buffer is freed, the command is cancelled on the router, and the connection reads on. A
	// consumer that is slow but keeps taking sentences is never stalled. 0 means 30 seconds.
	StreamStallTimeout time.Duration
	// StreamFailFast makes streams fail with ErrStreamOverflow as soon as their buffer is full,
	// instead of holding back the connection: for live monitoring, where a consumer that cannot keep
	// up should learn it at once and the connection's other requests must never wait.
	// WithStreamFailFast chooses per stream.
	StreamFailFast bool
	// KeepAlive is the TCP keep-alive period: 0 means the operating system's default (15 s in Go),
	// negative disables it.
	KeepAlive time.Duration

	// Logger receives debug and warning records (dial, login, dropped replies, closes). nil discards.
	Logger *slog.Logger
	// Tracer receives the events of every command. It may also implement DialTracer, LoginTracer,
	// StreamTracer and PoolTracer, found by type assertion. Combine several with MultiTracer.
	Tracer CommandTracer
}

// Runner runs RouterOS commands. *Conn and *Pool implement it; the typed clients take a Runner.
type Runner interface {
	// Run sends one command and waits for its !done. See Conn.Run.
	Run(ctx context.Context, words ...string) (*Reply, error)
	// Stream sends one command when iteration starts and yields its !re sentences. See Conn.Stream.
	Stream(ctx context.Context, words ...string) iter.Seq2[Sentence, error]
}

// QueuedStreamer is implemented by a Runner that can say when a stream's command has been queued
// on its connection (Conn and Pool do). A router reads a connection's commands in order, so a
// command sent on same after queued is called reaches the router after the stream's command: its
// answer proves the router has taken the stream's command (a listen or print =follow-only= is
// registered from then on), even when the stream itself sends nothing. ros.Menu.Listen uses it to
// report itself registered exactly.
type QueuedStreamer interface {
	// StreamQueued is Stream that calls queued with the connection the command was queued on, once
	// it is queued ahead of every later command there (before the first sentence is yielded; not
	// at all when the command fails before it is queued).
	StreamQueued(ctx context.Context, queued func(same Runner), words ...string) iter.Seq2[Sentence, error]
}

// QueuedRunner is implemented by a Runner on one connection that can say when a command has been
// queued on it (Conn does; Pool does not, since it spreads commands over connections). Commands
// are written to the connection in the order they are queued, and a router reads a connection's
// commands in order (UNVERIFIED beyond the manual's /cancel example; see docs/protocol.md), so
// commands queued one after another are taken in that order even when many are in flight. The bulk
// calls of package ros use it to keep the order of their items (AddMany on an ordered menu).
type QueuedRunner interface {
	// RunQueued is Run that calls queued once the command is queued ahead of every later command
	// (before its reply is awaited; not at all when the command fails before it is queued).
	RunQueued(ctx context.Context, queued func(), words ...string) (*Reply, error)
}

// DialTracer traces Dial.
type DialTracer interface {
	TraceDialStart(ctx context.Context, data TraceDialStartData) context.Context
	TraceDialEnd(ctx context.Context, data TraceDialEndData)
}

// TraceDialStartData describes a dial about to start.
type TraceDialStartData struct {
	Address string // host:port
	TLS     bool
}

// TraceDialEndData describes the outcome of a dial (connect, handshake and login).
type TraceDialEndData struct {
	Conn *Conn // nil on error
	Err  error
}

// LoginTracer traces the login exchange inside Dial.
type LoginTracer interface {
	TraceLoginStart(ctx context.Context, data TraceLoginStartData) context.Context
	TraceLoginEnd(ctx context.Context, data TraceLoginEndData)
}

// TraceLoginStartData describes a login about to start. It never carries the password.
type TraceLoginStartData struct {
	Username string
}

// TraceLoginEndData describes the outcome of a login.
type TraceLoginEndData struct {
	// Method is "plain" or "md5" (the pre-6.43 challenge was answered).
	Method string
	Err    error
}

// CommandTracer traces each Run and each Stream. It is the type of Config.Tracer, as pgx's
// QueryTracer is of its ConnConfig.Tracer: the optional DialTracer, LoginTracer, StreamTracer and
// PoolTracer are found by type assertion, so assert them at compile time in your own package
// (var _ wire.PoolTracer = (*myTracer)(nil)) or a method with a wrong signature is never called.
type CommandTracer interface {
	TraceCommandStart(ctx context.Context, conn *Conn, data TraceCommandStartData) context.Context
	TraceCommandEnd(ctx context.Context, conn *Conn, data TraceCommandEndData)
}

// TraceCommandStartData describes a command about to be sent.
type TraceCommandStartData struct {
	// Words are the request words with secret values redacted (see RedactWords).
	Words []string
	// Tag is the tag the connection gave the request.
	Tag    string
	Stream bool
}

// TraceCommandEndData describes how a command ended.
type TraceCommandEndData struct {
	Command  string // the command word
	Tag      string
	Replies  int // !re sentences received
	Duration time.Duration
	Err      error
}

// StreamTracer traces the sentences of streams as they are handed to the consumer.
type StreamTracer interface {
	TraceStreamSentence(ctx context.Context, conn *Conn, data TraceStreamSentenceData)
}

// TraceStreamSentenceData describes one !re of a stream.
type TraceStreamSentenceData struct {
	Tag      string
	Sentence Sentence
}
