// Package otel reports the commands, dials, logins and pools of package wire to OpenTelemetry:
// one span per command and per dial, and metrics for command durations, commands in flight, dials,
// dial failures and pool connections. It lives in its own module, so the SDK itself never imports
// OpenTelemetry.
//
// Put a Tracer in the Config of a Conn or Pool:
//
//	tr, err := rosotel.NewTracer() // the global TracerProvider and MeterProvider
//	cfg := wire.Config{Address: "192.0.2.1", Username: "api", Password: pw, Tracer: tr}
//
// Spans carry the command's path, verb, tag, the names of its arguments, the number of rows and, on
// a !trap, its category; argument values are recorded only with WithArgumentValues, and values of
// secret attributes (passwords, keys) never are. To keep another tracer as well, combine them with
// wire.MultiTracer.
package otel

import (
	"context"
	"errors"
	"net"
	"strconv"
	"strings"
	"sync"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/rosgen/routeros/ros"
	"github.com/rosgen/routeros/wire"
)

// ScopeName is the instrumentation scope of the spans and metrics.
const ScopeName = "github.com/rosgen/routeros/otel"

// Metric names.
const (
	MetricCommandDuration  = "routeros.client.command.duration"   // histogram, seconds
	MetricCommandsInFlight = "routeros.client.commands.in_flight" // up-down counter
	MetricDials            = "routeros.client.dials"              // counter: every dial
	MetricDialFailures     = "routeros.client.dial.failures"      // counter: dials that failed
	MetricPoolConnections  = "routeros.pool.connections"          // gauge: state=open|dialing
	MetricPoolDropped      = "routeros.pool.connections.dropped"  // counter: closed connections dropped
	MetricPoolAcquire      = "routeros.pool.acquire.duration"     // histogram, seconds
	MetricDecodeErrors     = "routeros.client.decode.errors"      // counter: reply values that did not parse (package ros)
)

// Attribute keys.
const (
	AttrCommand       = attribute.Key("routeros.command")         // /ip/address/print
	AttrPath          = attribute.Key("routeros.command.path")    // /ip/address
	AttrVerb          = attribute.Key("routeros.command.verb")    // print
	AttrArgs          = attribute.Key("routeros.command.args")    // argument names, never values
	AttrQuery         = attribute.Key("routeros.command.query")   // query words (WithArgumentValues)
	AttrArgPrefix     = "routeros.command.arg."                   // + name: value (WithArgumentValues)
	AttrTag           = attribute.Key("routeros.tag")             // the request's .tag
	AttrStream        = attribute.Key("routeros.stream")          // Stream rather than Run
	AttrRows          = attribute.Key("routeros.rows")            // !re sentences received
	AttrTrapCategory  = attribute.Key("routeros.trap.category")   // =category= of a !trap
	AttrTLS           = attribute.Key("routeros.tls")             // api-ssl
	AttrLoginMethod   = attribute.Key("routeros.login.method")    // plain or md5
	AttrPoolConnState = attribute.Key("routeros.pool.conn.state") // open or dialing
	AttrAttribute     = attribute.Key("routeros.attribute")       // attribute whose value did not decode
	AttrValue         = attribute.Key("routeros.value")           // that value (WithArgumentValues)
	AttrErrorType     = attribute.Key("error.type")
	AttrServerAddress = attribute.Key("server.address")
	AttrServerPort    = attribute.Key("server.port")
)

// Option configures NewTracer.
type Option func(*options)

type options struct {
	tp         trace.TracerProvider
	mp         metric.MeterProvider
	argValues  bool
	noAcquires bool
}

// WithTracerProvider sets the TracerProvider; the default is the global one.
func WithTracerProvider(tp trace.TracerProvider) Option { return func(o *options) { o.tp = tp } }

// WithMeterProvider sets the MeterProvider; the default is the global one.
func WithMeterProvider(mp metric.MeterProvider) Option { return func(o *options) { o.mp = mp } }

// WithArgumentValues records the value of each attribute word (routeros.command.arg.NAME) and the
// query words (routeros.command.query) on command spans. Values of secret attributes (password,
// secret, private-key and the like, see wire.RedactWords) are replaced by "***". Off by default:
// values can identify customers and addresses.
func WithArgumentValues() Option { return func(o *options) { o.argValues = true } }

// WithoutAcquireSpans stops the span per pool acquire; the acquire duration metric stays.
func WithoutAcquireSpans() Option { return func(o *options) { o.noAcquires = true } }

// Tracer is a wire tracer that reports to OpenTelemetry. It implements wire.CommandTracer,
// wire.DialTracer, wire.LoginTracer and wire.PoolTracer, and ros.DecodeTracer for the
// ros.Options of the typed clients. It is safe for concurrent use; one Tracer
// may serve any number of connections and pools.
type Tracer struct {
	o      options
	tracer trace.Tracer

	duration  metric.Float64Histogram
	inFlight  metric.Int64UpDownCounter
	dials     metric.Int64Counter
	dialFails metric.Int64Counter
	dropped   metric.Int64Counter
	acquire   metric.Float64Histogram
	decode    metric.Int64Counter

	mu    sync.Mutex
	pools map[*wire.Pool]struct{} // pools seen, observed by the connections gauge until closed
}

var (
	_ wire.CommandTracer = (*Tracer)(nil)
	_ wire.DialTracer    = (*Tracer)(nil)
	_ wire.LoginTracer   = (*Tracer)(nil)
	_ wire.PoolTracer    = (*Tracer)(nil)
	_ ros.DecodeTracer   = (*Tracer)(nil)
)

// durationBuckets suit commands that take from a millisecond to a minute.
var durationBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60}

// NewTracer creates the instruments and returns the tracer. It fails only when the MeterProvider
// refuses an instrument.
func NewTracer(opts ...Option) (*Tracer, error) {
	t := &Tracer{pools: make(map[*wire.Pool]struct{})}
	for _, opt := range opts {
		opt(&t.o)
	}
	if t.o.tp == nil {
		t.o.tp = otel.GetTracerProvider()
	}
	if t.o.mp == nil {
		t.o.mp = otel.GetMeterProvider()
	}
	t.tracer = t.o.tp.Tracer(ScopeName)
	m := t.o.mp.Meter(ScopeName)
	var err error
	var errs []error
	t.duration, err = m.Float64Histogram(MetricCommandDuration, metric.WithUnit("s"),
		metric.WithDescription("Duration of RouterOS API commands, from sending to the final reply."),
		metric.WithExplicitBucketBoundaries(durationBuckets...))
	errs = append(errs, err)
	t.inFlight, err = m.Int64UpDownCounter(MetricCommandsInFlight, metric.WithUnit("{command}"),
		metric.WithDescription("RouterOS API commands sent and not finished."))
	errs = append(errs, err)
	t.dials, err = m.Int64Counter(MetricDials, metric.WithUnit("{dial}"),
		metric.WithDescription("Connections dialed (connect, TLS handshake and login)."))
	errs = append(errs, err)
	t.dialFails, err = m.Int64Counter(MetricDialFailures, metric.WithUnit("{dial}"),
		metric.WithDescription("Dials that failed."))
	errs = append(errs, err)
	t.dropped, err = m.Int64Counter(MetricPoolDropped, metric.WithUnit("{connection}"),
		metric.WithDescription("Closed connections dropped by a pool, to be replaced on demand."))
	errs = append(errs, err)
	t.acquire, err = m.Float64Histogram(MetricPoolAcquire, metric.WithUnit("s"),
		metric.WithDescription("Time a command waited for a pool connection."),
		metric.WithExplicitBucketBoundaries(durationBuckets...))
	errs = append(errs, err)
	t.decode, err = m.Int64Counter(MetricDecodeErrors, metric.WithUnit("{value}"),
		metric.WithDescription("Reply values that did not parse for their declared type (typed clients of package ros)."))
	errs = append(errs, err)
	conns, err := m.Int64ObservableGauge(MetricPoolConnections, metric.WithUnit("{connection}"),
		metric.WithDescription("Connections of the open pools, by state (open, dialing)."))
	errs = append(errs, err)
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	open := metric.WithAttributeSet(attribute.NewSet(AttrPoolConnState.String("open")))
	dialing := metric.WithAttributeSet(attribute.NewSet(AttrPoolConnState.String("dialing")))
	if _, err := m.RegisterCallback(func(_ context.Context, o metric.Observer) error {
		var s wire.PoolStats
		t.mu.Lock()
		for p := range t.pools {
			ps := p.Stats()
			s.Conns += ps.Conns
			s.Dialing += ps.Dialing
		}
		t.mu.Unlock()
		o.ObserveInt64(conns, int64(s.Conns), open)
		o.ObserveInt64(conns, int64(s.Dialing), dialing)
		return nil
	}, conns); err != nil {
		return nil, err
	}
	return t, nil
}

// command is what a command's start hands to its end, through the context.
type command struct {
	metricAttrs metric.MeasurementOption
	inFlight    metric.MeasurementOption
}

type commandKey struct{}

// TraceCommandStart implements wire.CommandTracer: it starts the command's span.
func (t *Tracer) TraceCommandStart(ctx context.Context, conn *wire.Conn, d wire.TraceCommandStartData) context.Context {
	var word string
	if len(d.Words) > 0 {
		word = d.Words[0]
	}
	path, verb := splitCommand(word)
	server := serverAttrs(conn)
	attrs := make([]attribute.KeyValue, 0, 8+len(d.Words))
	attrs = append(attrs, AttrCommand.String(word), AttrPath.String(path), AttrVerb.String(verb),
		AttrTag.String(d.Tag), AttrStream.Bool(d.Stream))
	attrs = append(attrs, server...)
	attrs = append(attrs, t.argAttrs(d.Words)...)
	ctx, _ = t.tracer.Start(ctx, "routeros "+word, trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(attrs...))

	base := append([]attribute.KeyValue{AttrPath.String(path), AttrVerb.String(verb)}, server...)
	inFlight := metric.WithAttributeSet(attribute.NewSet(append(base, AttrStream.Bool(d.Stream))...))
	t.inFlight.Add(ctx, 1, inFlight)
	return context.WithValue(ctx, commandKey{}, &command{
		metricAttrs: metric.WithAttributes(base...),
		inFlight:    inFlight,
	})
}

// TraceCommandEnd implements wire.CommandTracer: it ends the span and records the duration.
func (t *Tracer) TraceCommandEnd(ctx context.Context, _ *wire.Conn, d wire.TraceCommandEndData) {
	span := trace.SpanFromContext(ctx)
	span.SetAttributes(AttrRows.Int(d.Replies))
	var extra []attribute.KeyValue
	if d.Err != nil {
		extra = append(extra, AttrErrorType.String(errorType(d.Err)))
		var trap *wire.TrapError
		if errors.As(d.Err, &trap) && trap.Category >= 0 {
			extra = append(extra, AttrTrapCategory.Int(trap.Category))
		}
		span.SetAttributes(extra...)
		span.RecordError(d.Err)
		span.SetStatus(codes.Error, d.Err.Error())
	}
	span.End()
	if c, ok := ctx.Value(commandKey{}).(*command); ok {
		t.inFlight.Add(ctx, -1, c.inFlight)
		opts := []metric.RecordOption{c.metricAttrs}
		if len(extra) > 0 {
			opts = append(opts, metric.WithAttributes(extra...))
		}
		t.duration.Record(ctx, d.Duration.Seconds(), opts...)
	}
}

// TraceDialStart implements wire.DialTracer: it starts the dial's span (the login's span is its
// child).
func (t *Tracer) TraceDialStart(ctx context.Context, d wire.TraceDialStartData) context.Context {
	attrs := append(hostPort(d.Address), AttrTLS.Bool(d.TLS))
	ctx, _ = t.tracer.Start(ctx, "routeros dial", trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(attrs...))
	return context.WithValue(ctx, dialKey{}, attrs)
}

type dialKey struct{}

// TraceDialEnd implements wire.DialTracer.
func (t *Tracer) TraceDialEnd(ctx context.Context, d wire.TraceDialEndData) {
	span := trace.SpanFromContext(ctx)
	attrs, _ := ctx.Value(dialKey{}).([]attribute.KeyValue)
	t.dials.Add(ctx, 1, metric.WithAttributes(attrs...))
	if d.Err != nil {
		et := AttrErrorType.String(errorType(d.Err))
		t.dialFails.Add(ctx, 1, metric.WithAttributes(append(attrs[:len(attrs):len(attrs)], et)...))
		span.SetAttributes(et)
		span.RecordError(d.Err)
		span.SetStatus(codes.Error, d.Err.Error())
	}
	span.End()
}

// TraceLoginStart implements wire.LoginTracer. The user name is not recorded.
func (t *Tracer) TraceLoginStart(ctx context.Context, _ wire.TraceLoginStartData) context.Context {
	ctx, _ = t.tracer.Start(ctx, "routeros login", trace.WithSpanKind(trace.SpanKindClient))
	return ctx
}

// TraceLoginEnd implements wire.LoginTracer.
func (t *Tracer) TraceLoginEnd(ctx context.Context, d wire.TraceLoginEndData) {
	span := trace.SpanFromContext(ctx)
	span.SetAttributes(AttrLoginMethod.String(d.Method))
	if d.Err != nil {
		span.SetAttributes(AttrErrorType.String(errorType(d.Err)))
		span.RecordError(d.Err)
		span.SetStatus(codes.Error, d.Err.Error())
	}
	span.End()
}

// watch makes the connections gauge observe p until it closes.
func (t *Tracer) watch(p *wire.Pool) {
	t.mu.Lock()
	if t.pools != nil {
		t.pools[p] = struct{}{}
	}
	t.mu.Unlock()
}

type acquireKey struct{}

// TracePoolAcquireStart implements wire.PoolTracer: it starts the acquire span (unless
// WithoutAcquireSpans), and from then on the pool's connections are observed.
func (t *Tracer) TracePoolAcquireStart(ctx context.Context, p *wire.Pool, d wire.TracePoolAcquireStartData) context.Context {
	t.watch(p)
	if t.o.noAcquires {
		return ctx
	}
	ctx, span := t.tracer.Start(ctx, "routeros pool acquire", trace.WithAttributes(AttrCommand.String(d.Command)))
	return context.WithValue(ctx, acquireKey{}, span)
}

// TracePoolAcquireEnd implements wire.PoolTracer.
func (t *Tracer) TracePoolAcquireEnd(ctx context.Context, _ *wire.Pool, d wire.TracePoolAcquireEndData) {
	var opts []metric.RecordOption
	if d.Err != nil {
		opts = append(opts, metric.WithAttributes(AttrErrorType.String(errorType(d.Err))))
	}
	t.acquire.Record(ctx, d.Duration.Seconds(), opts...)
	if span, ok := ctx.Value(acquireKey{}).(trace.Span); ok {
		if d.Err != nil {
			span.RecordError(d.Err)
			span.SetStatus(codes.Error, d.Err.Error())
		}
		span.End()
	}
}

// TracePoolDial implements wire.PoolTracer. The dial itself is counted by TraceDialEnd.
func (t *Tracer) TracePoolDial(_ context.Context, p *wire.Pool, _ wire.TracePoolDialData) {
	t.watch(p)
}

// TracePoolConnDropped implements wire.PoolTracer.
func (t *Tracer) TracePoolConnDropped(ctx context.Context, p *wire.Pool, _ wire.TracePoolConnDroppedData) {
	t.watch(p)
	t.dropped.Add(ctx, 1)
}

// TracePoolClose implements wire.PoolTracer: the pool is no longer observed.
func (t *Tracer) TracePoolClose(_ context.Context, p *wire.Pool, _ wire.TracePoolCloseData) {
	t.mu.Lock()
	delete(t.pools, p)
	t.mu.Unlock()
}

// splitCommand splits /ip/address/print into /ip/address and print.
func splitCommand(word string) (path, verb string) {
	i := strings.LastIndexByte(word, '/')
	if i < 0 {
		return "", word
	}
	if i == 0 {
		return "/", word[1:]
	}
	return word[:i], word[i+1:]
}

// argAttrs lists the argument names of words (the redacted request words) and, with
// WithArgumentValues, their values and the query words.
func (t *Tracer) argAttrs(words []string) []attribute.KeyValue {
	var names, query []string
	var attrs []attribute.KeyValue
	for _, w := range words[min(1, len(words)):] {
		switch {
		case strings.HasPrefix(w, "="):
			name, value, _ := strings.Cut(w[1:], "=")
			names = append(names, name)
			if t.o.argValues {
				if wire.IsSecretName(name) {
					value = "***"
				}
				attrs = append(attrs, attribute.String(AttrArgPrefix+name, value))
			}
		case strings.HasPrefix(w, "?") && t.o.argValues:
			query = append(query, redactQuery(w))
		}
	}
	if len(names) > 0 {
		attrs = append(attrs, AttrArgs.StringSlice(names))
	}
	if len(query) > 0 {
		attrs = append(attrs, AttrQuery.StringSlice(query))
	}
	return attrs
}

// redactQuery hides the value of a query word on a secret attribute (?password=x, ?=password=x,
// ?<secret=x, ?>secret=x).
func redactQuery(w string) string {
	body := strings.TrimPrefix(w[1:], "=")
	body = strings.TrimLeft(body, "<>")
	name, _, hasValue := strings.Cut(body, "=")
	if hasValue && wire.IsSecretName(name) {
		return w[:len(w)-len(body)] + name + "=***"
	}
	return w
}

func serverAttrs(conn *wire.Conn) []attribute.KeyValue {
	if conn == nil {
		return nil
	}
	a := conn.RemoteAddr()
	if a == nil {
		return nil
	}
	return hostPort(a.String())
}

func hostPort(addr string) []attribute.KeyValue {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return []attribute.KeyValue{AttrServerAddress.String(addr)}
	}
	attrs := []attribute.KeyValue{AttrServerAddress.String(host)}
	if n, err := strconv.Atoi(port); err == nil {
		attrs = append(attrs, AttrServerPort.Int(n))
	}
	return attrs
}

// errorType is a low-cardinality name for err, for the error.type attribute.
func errorType(err error) string {
	var trap *wire.TrapError
	var fatal *wire.FatalError
	var tlsErr *wire.TLSError
	switch {
	case errors.As(err, &trap):
		return "trap"
	case errors.As(err, &fatal):
		return "fatal"
	case errors.Is(err, context.DeadlineExceeded):
		return "deadline_exceeded"
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.Is(err, wire.ErrAuth):
		return "auth"
	case errors.Is(err, wire.ErrUnresponsive):
		return "unresponsive"
	case errors.Is(err, wire.ErrStreamOverflow):
		return "stream_overflow"
	case errors.Is(err, wire.ErrBadRequest):
		return "bad_request"
	case errors.As(err, &tlsErr):
		return "tls"
	case errors.Is(err, wire.ErrClosed):
		return "closed"
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return "network"
	}
	return "_OTHER"
}

// TraceDecodeError implements ros.DecodeTracer: a reply value that did not parse for its declared
// type counts in routeros.client.decode.errors (by path and attribute) and becomes an event on the
// caller's span. The value itself is recorded only with WithArgumentValues, and never for a
// secret attribute.
func (t *Tracer) TraceDecodeError(ctx context.Context, e *ros.DecodeError) {
	attrs := []attribute.KeyValue{AttrPath.String(e.Path), AttrAttribute.String(e.Attr)}
	t.decode.Add(ctx, 1, metric.WithAttributes(attrs...))
	ev := append(attrs, AttrErrorType.String(errorType(e.Err)))
	if t.o.argValues && !wire.IsSecretName(e.Attr) {
		ev = append(ev, AttrValue.String(e.Value))
	}
	trace.SpanFromContext(ctx).AddEvent("routeros decode error", trace.WithAttributes(ev...))
}
