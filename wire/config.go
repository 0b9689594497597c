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
	// StreamBuffer is how many unread sentences a stream may hold before it fails with
	// ErrStreamOverflow. 0 means 4096.
	StreamBuffer int
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
