package wire_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/rosgen/routeros/sim"
	"github.com/rosgen/routeros/wire"
)

// Dial a router, run commands, and read typed errors. Here the router is the in-process simulator.
func Example() {
	router, err := sim.Start(sim.Config{}) // a factory router: user admin, empty password
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

	reply, err := conn.Run(ctx, "/system/identity/print")
	if err != nil {
		log.Fatal(err)
	}
	name, _ := reply.Re[0].Get("name")
	fmt.Println("identity:", name)

	_, err = conn.Run(ctx, "/ip/address/remove", "=.id=*99")
	var trap *wire.TrapError
	if errors.As(err, &trap) {
		fmt.Println("trap:", trap.Message)
	}
	// Output:
	// identity: MikroTik
	// trap: no such item (4)
}

// Stream a never-ending command; the context (or break) cancels it on the router.
func ExampleConn_Stream() {
	router, err := sim.Start(sim.Config{})
	if err != nil {
		log.Fatal(err)
	}
	defer router.Close()
	conn, err := wire.Dial(context.Background(), wire.Config{Address: router.Addr(), Username: "admin"})
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	n := 0
	for s, err := range conn.Stream(ctx, "/interface/monitor-traffic", "=interface=ether1", "=interval=100ms") {
		if err != nil {
			log.Fatal(err)
		}
		if _, ok := s.Get("rx-bits-per-second"); ok {
			n++
		}
		if n == 3 {
			break // sends /cancel
		}
	}
	fmt.Println("samples:", n)
	// Output: samples: 3
}
