package user_test

import (
	"context"
	"fmt"
	"log"

	"github.com/rosgen/routeros/ros"
	"github.com/rosgen/routeros/ros/user"
	"github.com/rosgen/routeros/sim"
	"github.com/rosgen/routeros/wire"
)

// A read-only account for a monitoring system, in the built-in group read.
func ExampleClient_Add() {
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

	users := user.New(conn)
	if _, err := users.Add(ctx, user.UserSpec{
		Name:     ros.Some("monitoring"),
		Group:    ros.Some("read"),
		Password: ros.Some("long random secret"),
		Comment:  ros.Some("Prometheus exporter"),
	}); err != nil {
		log.Fatal(err)
	}
	u, err := users.Get(ctx, "monitoring")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u.Name, u.Group, u.Comment, u.Disabled)
	n, err := users.Group.Count(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(n, "groups")
	// Output:
	// monitoring read Prometheus exporter false
	// 3 groups
}
