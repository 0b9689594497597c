package queue_test

import (
	"context"
	"fmt"
	"log"

	"github.com/rosgen/routeros/ros"
	"github.com/rosgen/routeros/ros/queue"
	"github.com/rosgen/routeros/ros/value"
	"github.com/rosgen/routeros/sim"
	"github.com/rosgen/routeros/wire"
)

// A simple queue limits one host to 10 Mbit/s each way. Its limits are an upload/download pair of
// rates in bits per second: value.Both sets the same rate both ways, and reading accepts the
// console's 10M/10M form as well as plain numbers.
func ExampleSimpleClient_Add() {
	srv, err := sim.Start(sim.Config{})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	ctx := context.Background()
	conn, err := wire.Dial(ctx, wire.Config{Address: srv.Addr(), Username: "admin"})
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()

	q := queue.New(conn).Simple
	if _, err := q.Add(ctx, queue.SimpleSpec{
		Name:     ros.Some("guest-laptop"),
		Target:   ros.Some("192.168.88.50/32"),
		MaxLimit: ros.Some(value.Both[int64](10_000_000)),
	}); err != nil {
		log.Fatal(err)
	}
	s, err := q.Get(ctx, "guest-laptop")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.Name, s.Target, s.MaxLimit, s.MaxLimit.Down, s.Disabled)
	// Output:
	// guest-laptop 192.168.88.50/32 10000000/10000000 10000000 false
}
