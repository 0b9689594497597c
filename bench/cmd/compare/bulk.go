package main

import (
	"context"
	"fmt"
	"time"

	"github.com/rosgen/routeros/ros"
	"github.com/rosgen/routeros/ros/ip"
	"github.com/rosgen/routeros/sim"
)

// Case 6's two pieces: this project's bulk API (AddMany, ros.DefaultInFlight adds in flight on one
// connection) and a simulator whose every reply waits one RTT after its request arrived
// (sim.Faults.RTT: a long link, not a slow router).
func init() {
	bulkLoadOurs = func(ctx context.Context, addr string, entries []bulkEntry) error {
		conn, err := dialOurs(addr)
		if err != nil {
			return err
		}
		defer conn.Close()
		specs := make([]ip.FirewallAddressListSpec, len(entries))
		for i, e := range entries {
			specs[i] = ip.FirewallAddressListSpec{List: ros.Some(e.List), Address: ros.Some(e.Address), Comment: ros.Some(e.Comment)}
		}
		_, err = ip.New(conn).Firewall.AddressList.AddMany(ctx, specs, nil)
		return err
	}
	slowSim = func(rtt time.Duration) (*sim.Server, error) {
		srv, err := sim.Start(sim.Config{})
		if err != nil {
			return nil, err
		}
		srv.SetFaults(sim.Faults{RTT: rtt})
		return srv, nil
	}
}

// bulkHolds checks that the simulator holds exactly the loaded entries of the list, no more.
func bulkHolds(srv *sim.Server, entries []bulkEntry) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := dialOurs(srv.Addr())
	if err != nil {
		return err
	}
	defer conn.Close()
	srv.ClearFaults()
	got, err := ip.New(conn).Firewall.AddressList.List(ctx)
	if err != nil {
		return err
	}
	want := map[string]bool{}
	for _, e := range entries {
		want[e.List+" "+e.Address] = true
	}
	for _, g := range got {
		if !want[g.List+" "+g.Address] {
			return fmt.Errorf("the simulator holds %s %s, which was not loaded", g.List, g.Address)
		}
		delete(want, g.List+" "+g.Address)
	}
	if len(want) > 0 || len(got) != len(entries) {
		return fmt.Errorf("the simulator holds %d entries, %d were loaded (%d missing)", len(got), len(entries), len(want))
	}
	return nil
}
