package otel_test

import (
	"context"
	"fmt"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	rosotel "github.com/rosgen/routeros/otel"
	"github.com/rosgen/routeros/sim"
	"github.com/rosgen/routeros/wire"
)

// A connection whose dial, login and commands become spans. The simulator stands in for a router;
// the in-memory exporter for a collector.
func ExampleNewTracer() {
	router, err := sim.Start(sim.Config{})
	if err != nil {
		panic(err)
	}
	defer router.Close()

	spans := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
	defer tp.Shutdown(context.Background())
	tr, err := rosotel.NewTracer(rosotel.WithTracerProvider(tp))
	if err != nil {
		panic(err)
	}

	ctx := context.Background()
	conn, err := wire.Dial(ctx, wire.Config{Address: router.Addr(), Username: "admin", Tracer: tr})
	if err != nil {
		panic(err)
	}
	defer conn.Close()
	if _, err := conn.Run(ctx, "/system/identity/print"); err != nil {
		panic(err)
	}
	// A !trap: the router has no item *99.
	if _, err := conn.Run(ctx, "/ip/address/remove", "=.id=*99"); err == nil {
		panic("removed an item that does not exist")
	}

	for _, s := range spans.GetSpans() {
		fmt.Println(s.Name, s.Status.Code)
	}
	// Output:
	// routeros login Unset
	// routeros dial Unset
	// routeros /system/identity/print Unset
	// routeros /ip/address/remove Error
}
