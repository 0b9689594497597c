package sim_test

import (
	"context"
	"fmt"
	"time"

	"github.com/rosgen/routeros/sim"
	"github.com/rosgen/routeros/wire"
)

// A simulated factory router on a loopback port, and the project's client talking to it.
func ExampleStart() {
	srv, err := sim.Start(sim.Config{})
	if err != nil {
		panic(err)
	}
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := wire.Dial(ctx, wire.Config{Address: srv.Addr(), Username: "admin"})
	if err != nil {
		panic(err)
	}
	defer conn.Close()

	reply, err := conn.Run(ctx, "/ip/address/print", "=.proplist=address,interface,network")
	if err != nil {
		panic(err)
	}
	for _, s := range reply.Re {
		m := s.Map()
		fmt.Println(m["address"], m["interface"], m["network"])
	}
	_, err = conn.Run(ctx, "/ip/address/add", "=address=10.0.0.1/24", "=interface=ether9")
	fmt.Println(err)
	// Output:
	// 192.168.88.1/24 bridge 192.168.88.0
	// routeros: /ip/address/add: input does not match any value of interface (category 1)
}

// Injecting a fault: the router drops every session after its second reply sentence.
func ExampleServer_SetFaults() {
	srv, err := sim.Start(sim.Config{})
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := wire.Dial(ctx, wire.Config{Address: srv.Addr(), Username: "admin"})
	if err != nil {
		panic(err)
	}
	defer conn.Close()

	srv.SetFaults(sim.Faults{DropAfter: 2}) // the login's !done was the first
	_, err = conn.Run(ctx, "/interface/print")
	fmt.Println(err != nil)
	// Output: true
}
