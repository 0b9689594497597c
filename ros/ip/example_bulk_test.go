package ip_test

import (
	"context"
	"fmt"
	"log"

	"github.com/rosgen/routeros/ros"
	"github.com/rosgen/routeros/ros/ip"
)

// A blocklist of 2,000 addresses goes to the router with up to 64 adds in flight on one
// connection: over a WAN link, about 64 times faster than one add per round trip.
func ExampleFirewallAddressListClient_AddMany() {
	conn, done := router()
	defer done()
	ctx := context.Background()
	al := ip.New(conn).Firewall.AddressList

	specs := make([]ip.FirewallAddressListSpec, 2000)
	for i := range specs {
		specs[i] = ip.FirewallAddressListSpec{
			List:    ros.Some("blocklist"),
			Address: ros.Some(fmt.Sprintf("198.18.%d.%d", i/256, i%256)),
		}
	}
	results, err := al.AddMany(ctx, specs, nil) // nil: ros.DefaultInFlight commands in flight
	if err != nil {
		// A *ros.BulkError: the results say which items were added, refused, or never sent.
		log.Fatal(err)
	}
	fmt.Println(len(results), results[0].State, results[1999].State)
	n, _ := al.Count(ctx, ip.FirewallAddressListWhere.List.Eq("blocklist"))
	fmt.Println(n, "entries")
	// Output:
	// 2000 applied applied
	// 2000 entries
}

// Reconcile makes one address list equal a desired set, matched by list and address: it prints
// what it would do (dry run), then does it, sending only the differences.
func ExampleFirewallAddressListClient_Reconcile() {
	conn, done := router()
	defer done()
	ctx := context.Background()
	al := ip.New(conn).Firewall.AddressList
	entry := func(addr, comment string) ip.FirewallAddressListSpec {
		return ip.FirewallAddressListSpec{List: ros.Some("blocklist"), Address: ros.Some(addr), Comment: ros.Some(comment)}
	}
	// What the router has now, added one at a time so that the .ids below follow this order
	// (adds in flight together may be numbered in another order).
	if _, err := al.AddMany(ctx, []ip.FirewallAddressListSpec{
		entry("192.0.2.1", "feed"), entry("192.0.2.2", "old"), entry("192.0.2.3", "feed"),
	}, &ros.BulkOptions{InFlight: 1}); err != nil {
		log.Fatal(err)
	}
	desired := []ip.FirewallAddressListSpec{
		entry("192.0.2.1", "feed"), entry("192.0.2.2", "feed"), entry("192.0.2.4", "feed"),
	}
	w := ip.FirewallAddressListWhere
	opts := ros.ReconcileOptions{
		Key:    []ros.Named{w.List, w.Address},
		Where:  []ros.Filter{w.List.Eq("blocklist")}, // leave the other lists alone
		DryRun: true,
	}
	plan, err := al.Reconcile(ctx, desired, opts)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(plan)

	opts.DryRun = false
	if _, err := al.Reconcile(ctx, desired, opts); err != nil {
		log.Fatal(err)
	}
	plan, _ = al.Reconcile(ctx, desired, opts) // a second run finds nothing to do
	fmt.Println("changes left:", plan.Len())
	// Output:
	// /ip/firewall/address-list (key list,address): 1 to add, 1 to change, 1 to remove, 1 unchanged
	// + list=blocklist address=192.0.2.4 address="192.0.2.4" comment="feed" list="blocklist"
	// ~ list=blocklist address=192.0.2.2 *2 comment: "old" -> "feed"
	// - list=blocklist address=192.0.2.3 *3
	// changes left: 0
}

// Watch reports the entries of a list, marks the moment the snapshot is complete, and then
// reports each change once, in order.
func ExampleFirewallAddressListClient_Watch() {
	conn, done := router()
	defer done()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	al := ip.New(conn).Firewall.AddressList
	spec := ip.FirewallAddressListSpec{List: ros.Some("watched"), Address: ros.Some("192.0.2.1")}
	if _, err := al.Add(ctx, spec); err != nil {
		log.Fatal(err)
	}

	for ev, err := range al.Watch(ctx, ip.FirewallAddressListWhere.List.Eq("watched")) {
		if err != nil {
			log.Fatal(err)
		}
		switch ev.Kind {
		case ros.Synced:
			fmt.Println("synced")
			// Changes made from now on are all reported (here on the same connection; any
			// connection or user would do).
			spec.Address = ros.Some("192.0.2.2")
			id, err := al.Add(ctx, spec)
			if err != nil {
				log.Fatal(err)
			}
			if err := al.Set(ctx, id, ip.FirewallAddressListSpec{Comment: ros.Some("seen")}); err != nil {
				log.Fatal(err)
			}
			if err := al.Remove(ctx, id); err != nil {
				log.Fatal(err)
			}
		case ros.Removed:
			fmt.Println(ev.Kind, ev.ID)
			return
		default:
			fmt.Println(ev.Kind, ev.Item.Address, ev.Item.Comment, "snapshot:", ev.Snapshot)
		}
	}
	// Output:
	// added 192.0.2.1  snapshot: true
	// synced
	// added 192.0.2.2  snapshot: false
	// changed 192.0.2.2 seen snapshot: false
	// removed *2
}

// Listen reports changes only. Its first event says the router is reporting them: a change made
// after it is never missed, so nothing has to sleep "to let the listen reach the router".
func ExampleFirewallAddressListClient_Listen() {
	conn, done := router()
	defer done()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	al := ip.New(conn).Firewall.AddressList

	for ev, err := range al.Listen(ctx, ip.FirewallAddressListWhere.List.Eq("watched")) {
		if err != nil {
			log.Fatal(err)
		}
		switch {
		case ev.Registered:
			fmt.Println("registered")
			id, err := al.Add(ctx, ip.FirewallAddressListSpec{List: ros.Some("watched"), Address: ros.Some("192.0.2.7")})
			if err != nil {
				log.Fatal(err)
			}
			if err := al.Remove(ctx, id); err != nil {
				log.Fatal(err)
			}
		case ev.Dead:
			fmt.Println("removed", ev.ID)
			return
		default:
			fmt.Println("added or changed", ev.ID, ev.Item.Address)
		}
	}
	// Output:
	// registered
	// added or changed *1 192.0.2.7
	// removed *1
}
