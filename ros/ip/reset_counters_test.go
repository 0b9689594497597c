package ip_test

import (
	"errors"
	"testing"

	"github.com/rosgen/routeros/ros"
	"github.com/rosgen/routeros/ros/ip"
	"github.com/rosgen/routeros/ros/rostest"
)

// TestSimResetCountersNumbers: reset-counters of the firewall rule menus takes the rules to reset
// (numbers), as RouterOS's `/ip/firewall/filter reset-counters numbers=...` does.
func TestSimResetCountersNumbers(t *testing.T) {
	conn := rostest.Conn(t)
	c := ctx(t)
	f := ip.New(conn).Firewall.Filter
	id, err := f.Add(c, ip.FirewallFilterSpec{Chain: ros.Some(ip.FirewallFilterChainForward), Action: ros.Some(ip.FirewallFilterActionAccept)})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.ResetCounters(c, ip.FirewallFilterResetCountersArgs{Numbers: ros.Some([]string{id})}); err != nil {
		t.Fatalf("reset-counters numbers=%s: %v", id, err)
	}
	if err := f.ResetCountersAll(c); err != nil {
		t.Fatalf("reset-counters-all: %v", err)
	}
}

// TestSimResetCountersUnknownItem: a router refuses reset-counters of an item that does not exist
// ("no such item"); the simulator's declared commands resolve their numbers like set and remove.
func TestSimResetCountersUnknownItem(t *testing.T) {
	conn := rostest.Conn(t)
	c := ctx(t)
	f := ip.New(conn).Firewall.Filter
	err := f.ResetCounters(c, ip.FirewallFilterResetCountersArgs{Numbers: ros.Some([]string{"*FFFF"})})
	if !errors.Is(err, ros.ErrNotFound) {
		t.Fatalf("reset-counters numbers=*FFFF: %v, want an error matching ros.ErrNotFound", err)
	}
}
