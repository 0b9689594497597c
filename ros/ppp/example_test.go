package ppp_test

import (
	"context"
	"fmt"
	"log"
	"net/netip"
	"strings"

	"github.com/rosgen/routeros/ros"
	"github.com/rosgen/routeros/ros/ppp"
	"github.com/rosgen/routeros/sim"
	"github.com/rosgen/routeros/wire"
)

// A PPPoE account with a fixed remote address. The secret's password never shows in its String
// (nor in any fmt verb or error): it prints as ***.
func ExampleSecretClient_Add() {
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

	secrets := ppp.New(conn).Secret
	if _, err := secrets.Add(ctx, ppp.SecretSpec{
		Name:          ros.Some("alice"),
		Password:      ros.Some("correct horse"),
		Service:       ros.Some(ppp.SecretServicePPPoE),
		Profile:       ros.Some("default-encryption"),
		RemoteAddress: ros.Some(netip.MustParseAddr("10.0.0.2")),
	}); err != nil {
		log.Fatal(err)
	}
	s, err := secrets.Get(ctx, "alice")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.Name, s.Service, s.Profile, s.RemoteAddress)
	fmt.Println(strings.Contains(fmt.Sprintf("%v %+v", s, s), "correct horse"))
	// Output:
	// alice pppoe default-encryption 10.0.0.2
	// false
}
