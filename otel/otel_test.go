package otel_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.uber.org/goleak"

	rosotel "github.com/rosgen/routeros/otel"
	"github.com/rosgen/routeros/ros"
	"github.com/rosgen/routeros/ros/ip"
	"github.com/rosgen/routeros/ros/rostest"
	"github.com/rosgen/routeros/sim"
	"github.com/rosgen/routeros/wire"
	"github.com/rosgen/routeros/wire/wiretest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// sentinel is the password of the router's user and of the user the tests try to add: it must
// appear in no span, metric or log record.
const sentinel = "Sentinel-Pa55-7f3a"

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return c
}

// telemetry is an in-memory span exporter and metric reader behind a rosotel.Tracer.
type telemetry struct {
	spans  *tracetest.InMemoryExporter
	reader *sdkmetric.ManualReader
	tracer *rosotel.Tracer
	tp     *sdktrace.TracerProvider
}

func newTelemetry(t *testing.T, opts ...rosotel.Option) *telemetry {
	tel := &telemetry{spans: tracetest.NewInMemoryExporter(), reader: sdkmetric.NewManualReader()}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(tel.spans))
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(tel.reader))
	t.Cleanup(func() {
		_ = tp.Shutdown(context.Background())
		_ = mp.Shutdown(context.Background())
	})
	tr, err := rosotel.NewTracer(append([]rosotel.Option{rosotel.WithTracerProvider(tp), rosotel.WithMeterProvider(mp)}, opts...)...)
	require.NoError(t, err)
	tel.tracer, tel.tp = tr, tp
	return tel
}

// span returns the one ended span named name.
func (tel *telemetry) span(t *testing.T, name string) tracetest.SpanStub {
	t.Helper()
	var found []tracetest.SpanStub
	for _, s := range tel.spans.GetSpans() {
		if s.Name == name {
			found = append(found, s)
		}
	}
	require.Len(t, found, 1, "spans named %q", name)
	return found[0]
}

func attrs(kv []attribute.KeyValue) map[string]any {
	m := make(map[string]any, len(kv))
	for _, a := range kv {
		m[string(a.Key)] = a.Value.AsInterface()
	}
	return m
}

func (tel *telemetry) collect(t *testing.T) metricdata.ResourceMetrics {
	t.Helper()
	var rm metricdata.ResourceMetrics
	require.NoError(t, tel.reader.Collect(context.Background(), &rm))
	return rm
}

func findMetric(rm metricdata.ResourceMetrics, name string) (metricdata.Metrics, bool) {
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name == name {
				return m, true
			}
		}
	}
	return metricdata.Metrics{}, false
}

// sum adds the values of the data points of an int64 sum or gauge whose attributes include want.
func sum(t *testing.T, rm metricdata.ResourceMetrics, name string, want ...attribute.KeyValue) int64 {
	t.Helper()
	m, ok := findMetric(rm, name)
	if !ok {
		return 0
	}
	var points []metricdata.DataPoint[int64]
	switch d := m.Data.(type) {
	case metricdata.Sum[int64]:
		points = d.DataPoints
	case metricdata.Gauge[int64]:
		points = d.DataPoints
	default:
		t.Fatalf("%s is a %T", name, m.Data)
	}
	var n int64
	for _, p := range points {
		if hasAll(p.Attributes, want) {
			n += p.Value
		}
	}
	return n
}

// histCount is the number of recordings of a float64 histogram whose attributes include want.
func histCount(t *testing.T, rm metricdata.ResourceMetrics, name string, want ...attribute.KeyValue) uint64 {
	t.Helper()
	m, ok := findMetric(rm, name)
	require.True(t, ok, "metric %s", name)
	h, ok := m.Data.(metricdata.Histogram[float64])
	require.True(t, ok, "%s is a %T", name, m.Data)
	var n uint64
	for _, p := range h.DataPoints {
		if hasAll(p.Attributes, want) {
			n += p.Count
		}
	}
	return n
}

func hasAll(set attribute.Set, want []attribute.KeyValue) bool {
	for _, kv := range want {
		if v, ok := set.Value(kv.Key); !ok || v != kv.Value {
			return false
		}
	}
	return true
}

// router starts a simulated router whose admin password is the sentinel.
func router(t *testing.T) *rostest.Server {
	return rostest.Start(t, sim.Config{Users: []sim.User{{Name: "admin", Password: sentinel}}})
}

func TestCommandSpansAndMetrics(t *testing.T) {
	tel := newTelemetry(t)
	srv := router(t)
	conn := srv.Dial(wire.Config{Username: "admin", Password: sentinel, Tracer: tel.tracer})

	rep, err := conn.Run(ctx(t), "/ip/address/print", "=.proplist=address,interface")
	require.NoError(t, err)
	require.NotEmpty(t, rep.Re, "the factory router has an address")

	// An unknown path: RouterOS answers with two traps, the first of category 0.
	_, err = conn.Run(ctx(t), "/ip/adress/print")
	var trap *wire.TrapError
	require.ErrorAs(t, err, &trap)

	ok := tel.span(t, "routeros /ip/address/print")
	a := attrs(ok.Attributes)
	assert.Equal(t, "/ip/address/print", a["routeros.command"])
	assert.Equal(t, "/ip/address", a["routeros.command.path"])
	assert.Equal(t, "print", a["routeros.command.verb"])
	assert.Equal(t, []string{".proplist"}, a["routeros.command.args"])
	assert.NotEmpty(t, a["routeros.tag"])
	assert.Equal(t, false, a["routeros.stream"])
	assert.Equal(t, int64(len(rep.Re)), a["routeros.rows"])
	assert.Equal(t, "127.0.0.1", a["server.address"])
	assert.NotContains(t, a, "routeros.command.arg..proplist", "values only when asked")
	assert.Equal(t, codes.Unset, ok.Status.Code)
	assert.Empty(t, ok.Events)

	bad := tel.span(t, "routeros /ip/adress/print")
	a = attrs(bad.Attributes)
	assert.Equal(t, int64(0), a["routeros.trap.category"])
	assert.Equal(t, "trap", a["error.type"])
	assert.Equal(t, int64(0), a["routeros.rows"])
	assert.Equal(t, codes.Error, bad.Status.Code)
	assert.Equal(t, err.Error(), bad.Status.Description)
	require.Len(t, bad.Events, 1)
	assert.Equal(t, "exception", bad.Events[0].Name)
	assert.NotEqual(t, a["routeros.tag"], attrs(ok.Attributes)["routeros.tag"], "each request has its own tag")

	// The dial and its login are spans too, the login a child of the dial.
	dial, login := tel.span(t, "routeros dial"), tel.span(t, "routeros login")
	assert.Equal(t, dial.SpanContext.SpanID(), login.Parent.SpanID())
	assert.Equal(t, "plain", attrs(login.Attributes)["routeros.login.method"])
	assert.Equal(t, false, attrs(dial.Attributes)["routeros.tls"])

	rm := tel.collect(t)
	path := attribute.String("routeros.command.path", "/ip/address")
	assert.Equal(t, uint64(1), histCount(t, rm, rosotel.MetricCommandDuration, path, attribute.String("routeros.command.verb", "print")))
	assert.Equal(t, uint64(1), histCount(t, rm, rosotel.MetricCommandDuration,
		attribute.String("routeros.command.path", "/ip/adress"), attribute.String("error.type", "trap"),
		attribute.Int("routeros.trap.category", 0)))
	assert.Equal(t, uint64(2), histCount(t, rm, rosotel.MetricCommandDuration))
	assert.Equal(t, int64(0), sum(t, rm, rosotel.MetricCommandsInFlight))
	assert.Equal(t, int64(1), sum(t, rm, rosotel.MetricDials))
	assert.Equal(t, int64(0), sum(t, rm, rosotel.MetricDialFailures))
}

// TestInFlight holds a listen open and reads the in-flight gauge while it runs.
func TestInFlight(t *testing.T) {
	tel := newTelemetry(t)
	srv := router(t)
	conn := srv.Dial(wire.Config{Username: "admin", Password: sentinel, Tracer: tel.tracer})

	// print =follow= sends the current items at once, then waits for changes.
	for _, err := range conn.Stream(ctx(t), "/ip/address/print", "=follow=") {
		require.NoError(t, err)
		rm := tel.collect(t)
		assert.Equal(t, int64(1), sum(t, rm, rosotel.MetricCommandsInFlight, attribute.Bool("routeros.stream", true)))
		break
	}
	rm := tel.collect(t)
	assert.Equal(t, int64(0), sum(t, rm, rosotel.MetricCommandsInFlight), "breaking out ends the command")
	assert.Equal(t, true, attrs(tel.span(t, "routeros /ip/address/print").Attributes)["routeros.stream"])
}

func TestDialFailure(t *testing.T) {
	tel := newTelemetry(t)
	srv := router(t)
	_, err := wire.Dial(ctx(t), wire.Config{Address: srv.Addr(), Username: "admin", Password: "wrong", Tracer: tel.tracer})
	require.ErrorIs(t, err, wire.ErrAuth)

	rm := tel.collect(t)
	assert.Equal(t, int64(1), sum(t, rm, rosotel.MetricDials))
	assert.Equal(t, int64(1), sum(t, rm, rosotel.MetricDialFailures, attribute.String("error.type", "auth")))
	dial := tel.span(t, "routeros dial")
	assert.Equal(t, codes.Error, dial.Status.Code)
	assert.Equal(t, codes.Error, tel.span(t, "routeros login").Status.Code)
}

func TestPoolMetrics(t *testing.T) {
	tel := newTelemetry(t)
	srv := router(t)
	p, err := wire.NewPool(ctx(t), wire.PoolConfig{Size: 2, Config: wire.Config{Address: srv.Addr(),
		Username: "admin", Password: sentinel, Tracer: tel.tracer}})
	require.NoError(t, err)
	defer p.Close()

	_, err = p.Run(ctx(t), "/system/identity/print")
	require.NoError(t, err)
	rm := tel.collect(t)
	open := attribute.String("routeros.pool.conn.state", "open")
	assert.Equal(t, int64(p.Stats().Conns), sum(t, rm, rosotel.MetricPoolConnections, open))
	assert.Equal(t, int64(1), sum(t, rm, rosotel.MetricPoolConnections, open))
	assert.Equal(t, uint64(1), histCount(t, rm, rosotel.MetricPoolAcquire))
	acq := tel.span(t, "routeros pool acquire")
	assert.Equal(t, "/system/identity/print", attrs(acq.Attributes)["routeros.command"])

	// The router ends the session: the pool drops the connection and dials another.
	_, err = p.Run(ctx(t), "/quit")
	require.ErrorIs(t, err, wire.ErrClosed)
	_, err = p.Run(ctx(t), "/system/identity/print")
	require.NoError(t, err)
	rm = tel.collect(t)
	assert.Equal(t, int64(1), sum(t, rm, rosotel.MetricPoolDropped))
	assert.Equal(t, int64(2), sum(t, rm, rosotel.MetricDials), "NewPool's dial and the replacement")

	require.NoError(t, p.Close())
	rm = tel.collect(t)
	assert.Equal(t, int64(0), sum(t, rm, rosotel.MetricPoolConnections, open), "a closed pool is not observed")
}

// TestNoSecrets sends the sentinel as a login password, as an attribute value and in a query, with
// argument values recorded and a slog tracer beside, and looks for it everywhere.
func TestNoSecrets(t *testing.T) {
	tel := newTelemetry(t, rosotel.WithArgumentValues())
	srv := router(t)
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg := wire.Config{Username: "admin", Password: sentinel, Logger: logger,
		Tracer: wire.MultiTracer{tel.tracer, wire.SlogTracer{Logger: logger}}}
	conn := srv.Dial(cfg)

	// A group that does not exist: the add is refused, and the refusal must not report the password.
	_, err := conn.Run(ctx(t), "/user/add", "=name=bob", "=password="+sentinel, "=group=no-such-group")
	require.Error(t, err)
	_, err = conn.Run(ctx(t), "/ip/address/print", "?password="+sentinel, "?=secret="+sentinel, "?address=10.0.0.1/24")
	require.NoError(t, err)
	_, err = conn.Run(ctx(t), "/ip/address/add", "=address=192.0.2.1/24", "=interface=ether1")
	require.NoError(t, err)
	_, err = wire.Dial(ctx(t), wire.Config{Address: srv.Addr(), Username: "admin", Password: sentinel + "x",
		Tracer: cfg.Tracer, Logger: logger})
	require.ErrorIs(t, err, wire.ErrAuth)

	add := attrs(tel.span(t, "routeros /user/add").Attributes)
	assert.Equal(t, "***", add["routeros.command.arg.password"])
	assert.Equal(t, "bob", add["routeros.command.arg.name"])
	printed := attrs(tel.span(t, "routeros /ip/address/print").Attributes)
	assert.Equal(t, []string{"?password=***", "?=secret=***", "?address=10.0.0.1/24"}, printed["routeros.command.query"])
	addr := attrs(tel.span(t, "routeros /ip/address/add").Attributes)
	assert.Equal(t, "192.0.2.1/24", addr["routeros.command.arg.address"], "values are recorded when asked")

	spans, err := json.Marshal(tel.spans.GetSpans())
	require.NoError(t, err)
	rm := tel.collect(t)
	metrics, err := json.Marshal(rm)
	require.NoError(t, err)
	for what, text := range map[string]string{
		"spans":      string(spans) + fmt.Sprintf("%+v", tel.spans.GetSpans()),
		"metrics":    string(metrics) + fmt.Sprintf("%+v", rm),
		"log record": logs.String(),
	} {
		assert.Falsef(t, strings.Contains(text, sentinel), "the sentinel password appears in the %s", what)
		assert.NotEmpty(t, text, what)
	}
	assert.Contains(t, string(spans), "exception", "error events are part of what was searched")
}

// A reply value that does not parse for its declared type, in a typed client whose ros.Options
// carry the tracer, is counted and becomes an event on the caller's span (its value only when
// asked).
func TestDecodeErrors(t *testing.T) {
	for _, values := range []bool{false, true} {
		t.Run(fmt.Sprintf("values=%v", values), func(t *testing.T) {
			var opts []rosotel.Option
			if values {
				opts = append(opts, rosotel.WithArgumentValues())
			}
			tel := newTelemetry(t, opts...)
			conn := rostest.Script(t, wiretest.NewScript().Do(func(c *wiretest.ServerConn) error {
				words, err := c.ReadWords()
				if err != nil {
					return err
				}
				tag := ""
				for _, w := range words {
					if v, ok := strings.CutPrefix(w, ".tag="); ok {
						tag = v
					}
				}
				if err := c.WriteSentence("!re", "=.id=*1", "=address=10.0.0.1/24", "=disabled=maybe", ".tag="+tag); err != nil {
					return err
				}
				return c.WriteSentence("!done", ".tag="+tag)
			}))
			ipc := ip.NewWithOptions(conn, ros.Options{Tracer: tel.tracer})
			pctx, span := tel.tp.Tracer("test").Start(ctx(t), "caller")
			items, err := ipc.Address.List(pctx)
			span.End()
			require.NoError(t, err)
			require.Len(t, items, 1)
			assert.Equal(t, "10.0.0.1/24", items[0].Address.String(), "the rest of the item decodes")

			caller := tel.span(t, "caller")
			require.Len(t, caller.Events, 1)
			ev := caller.Events[0]
			assert.Equal(t, "routeros decode error", ev.Name)
			got := attrs(ev.Attributes)
			assert.Equal(t, "/ip/address", got["routeros.command.path"])
			assert.Equal(t, "disabled", got["routeros.attribute"])
			if values {
				assert.Equal(t, "maybe", got["routeros.value"])
			} else {
				assert.NotContains(t, got, "routeros.value")
			}
			rm := tel.collect(t)
			assert.Equal(t, int64(1), sum(t, rm, rosotel.MetricDecodeErrors,
				rosotel.AttrPath.String("/ip/address"), rosotel.AttrAttribute.String("disabled")))
		})
	}
}
