package wire_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/rosgen/routeros/sim"
	"github.com/rosgen/routeros/wire"
)

// A trap matches the condition its message names, on the raw connection as in the typed packages.
func ExampleTrapError_Is() {
	router, err := sim.Start(sim.Config{})
	if err != nil {
		log.Fatal(err)
	}
	defer router.Close()
	ctx := context.Background()
	conn, err := wire.Dial(ctx, wire.Config{Address: router.Addr(), Username: "admin"})
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()

	_, err = conn.Run(ctx, "/ip/address/remove", "=.id=*99")
	fmt.Println("not found:", errors.Is(err, wire.ErrNotFound))
	_, err = conn.Run(ctx, "/ip/adress/print")
	fmt.Println("unknown command:", errors.Is(err, wire.ErrUnknownCommand))
	_, err = conn.Run(ctx, "/ip/address/add", "=address=10.9.9.1/24", "=interface=nonexistent")
	fmt.Println("bad value:", errors.Is(err, wire.ErrBadValue))
	// Output:
	// not found: true
	// unknown command: true
	// bad value: true
}
