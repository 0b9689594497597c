package ip_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/netip"

	"github.com/rosgen/routeros/ros"
	"github.com/rosgen/routeros/ros/ip"
	"github.com/rosgen/routeros/ros/value"
	"github.com/rosgen/routeros/sim"
	"github.com/rosgen/routeros/wire"
)

// router starts the simulator (a factory router: user admin, empty password) and dials it. With a
// real router, only the wire.Config changes.
func router() (*wire.Conn, func()) {
	srv, err := sim.Start(sim.Config{})
	if err != nil {
		log.Fatal(err)
	}
	conn, err := wire.Dial(context.Background(), wire.Config{Address: srv.Addr(), Username: "admin"})
	if err != nil {
		log.Fatal(err)
	}
	return conn, func() { conn.Close(); srv.Close() }
}

// Example lists the addresses of an interface, adds one, reads it back with its computed network,
// and shows how a missing item is reported.
func Example() {
	conn, done := router()
	defer done()
	ctx := context.Background()
	ipc := ip.New(conn)

	addrs, err := ipc.Address.List(ctx, ip.AddressWhere.Interface.Eq("bridge"))
	if err != nil {
		log.Fatal(err)
	}
	for _, a := range addrs {
		fmt.Println(a.Address, a.Interface, a.Network)
	}

	id, err := ipc.Address.Add(ctx, ip.AddressSpec{
		Address:   ros.Some(netip.MustParsePrefix("10.0.0.1/24")),
		Interface: ros.Some("ether2"),
	})
	if err != nil {
		log.Fatal(err)
	}
	a, err := ipc.Address.Get(ctx, id)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.Address, a.Interface, a.Network)

	err = ipc.Address.Remove(ctx, "*42")
	var trap *wire.TrapError
	fmt.Println(errors.Is(err, ros.ErrNotFound), errors.As(err, &trap) && trap.Category == 0)
	// Output:
	// 192.168.88.1/24 bridge 192.168.88.0
	// 10.0.0.1/24 ether2 10.0.0.0
	// true true
}

// ExampleFirewallFilterClient_List shows typed filters, evaluated by the router: an IN of three
// values (three ?protocol= words and two ?#|) and a negation.
func ExampleFirewallFilterClient_List() {
	conn, done := router()
	defer done()
	ctx := context.Background()
	filter := ip.New(conn).Firewall.Filter

	rules := []ip.FirewallFilterSpec{
		{Chain: ros.Some(ip.FirewallFilterChainInput), Protocol: ros.Some(value.Is(ip.ProtocolUDP)),
			DstPort: ros.Some(value.Is([]value.Range[int64]{value.One[int64](53)})), Action: ros.Some(ip.FirewallFilterActionDrop)},
		{Chain: ros.Some(ip.FirewallFilterChainInput), Protocol: ros.Some(value.Is(ip.ProtocolTCP)),
			DstPort: ros.Some(value.Is([]value.Range[int64]{value.One[int64](22)})), Action: ros.Some(ip.FirewallFilterActionAccept)},
		{Chain: ros.Some(ip.FirewallFilterChainForward), Protocol: ros.Some(value.Is(ip.ProtocolICMP)),
			Action: ros.Some(ip.FirewallFilterActionDrop)},
	}
	for _, r := range rules {
		if _, err := filter.Add(ctx, r); err != nil {
			log.Fatal(err)
		}
	}

	w := ip.FirewallFilterWhere
	found, err := filter.List(ctx,
		w.Chain.Eq(ip.FirewallFilterChainInput),
		w.Protocol.In(value.Is(ip.ProtocolTCP), value.Is(ip.ProtocolUDP), value.Is(ip.ProtocolICMP)),
		ros.Not(w.Action.Eq(ip.FirewallFilterActionAccept)),
	)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range found {
		fmt.Println(r.Chain, r.Protocol.Value, r.Action, r.DstPort.Value)
	}
	// Output:
	// input udp drop [53]
}
