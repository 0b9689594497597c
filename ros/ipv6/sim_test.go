package ipv6_test

import (
	"context"
	"net/netip"
	"slices"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/rosgen/routeros/ros"
	"github.com/rosgen/routeros/ros/ipv6"
	"github.com/rosgen/routeros/ros/rostest"
	"github.com/rosgen/routeros/ros/value"
	"github.com/rosgen/routeros/sim"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestSimFirewallFilter checks the reviewed facts of /ipv6/firewall/filter against the simulator: a
// rule with a set of connection states, a list of ports and ranges, a prefix and a composite
// hop-limit matcher goes in and comes back; the chain is required; action defaults to accept.
func TestSimFirewallFilter(t *testing.T) {
	_, conn := rostest.New(t, sim.Config{})
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	fw := ipv6.New(conn).Firewall.Filter

	states := []ipv6.FirewallConnectionState{ipv6.FirewallConnectionStateEstablished, ipv6.FirewallConnectionStateRelated}
	ports := []value.Range[int64]{value.One[int64](22), value.Span[int64](80, 90)}
	src := value.PrefixValue(netip.MustParsePrefix("2001:db8::/32"))
	id, err := fw.Add(c, ipv6.FirewallFilterSpec{
		Chain:           ros.Some(ipv6.FirewallFilterChainForward),
		ConnectionState: ros.Some(value.Is(states)),
		Protocol:        ros.Some(value.Is(ipv6.FirewallProtocolTCP)),
		DstPort:         ros.Some(value.Is(ports)),
		SrcAddress:      ros.Some(value.Not(value.One(src))),
		HopLimit:        ros.Some(value.Compare{Op: "equal", N: 64}),
	})
	if err != nil {
		t.Fatal(err)
	}
	r, err := fw.Get(c, id)
	if err != nil {
		t.Fatal(err)
	}
	if r.Action != ipv6.FirewallFilterActionAccept || r.Log || r.Disabled {
		t.Errorf("defaults: action %q, log %v, disabled %v", r.Action, r.Log, r.Disabled)
	}
	if !slices.Equal(r.ConnectionState.Value, states) || r.ConnectionState.Not {
		t.Errorf("connection-state = %+v", r.ConnectionState)
	}
	if !slices.Equal(r.DstPort.Value, ports) || r.Protocol.Value != ipv6.FirewallProtocolTCP {
		t.Errorf("dst-port = %+v, protocol = %+v", r.DstPort, r.Protocol)
	}
	if !r.SrcAddress.Not || r.SrcAddress.Value.Lo != src || r.HopLimit != (value.Compare{Op: "equal", N: 64}) {
		t.Errorf("src-address = %+v, hop-limit = %+v", r.SrcAddress, r.HopLimit)
	}

	// no chain: refused, nothing added
	if _, err := fw.Add(c, ipv6.FirewallFilterSpec{Protocol: ros.Some(value.Is(ipv6.FirewallProtocolTCP))}); err == nil {
		t.Error("a rule without chain was added")
	}
	// a connection state outside the set: refused by the router
	bad := []ipv6.FirewallConnectionState{"establishedd"}
	if _, err := fw.Add(c, ipv6.FirewallFilterSpec{Chain: ros.Some(ipv6.FirewallFilterChainInput), ConnectionState: ros.Some(value.Is(bad))}); err == nil {
		t.Error("connection-state=establishedd was accepted")
	}
	if n, err := fw.Count(c); err != nil || n != 1 {
		t.Errorf("rules = %d, %v; want the one", n, err)
	}
}

// TestSimDHCPClient: a DHCPv6 client needs its interface and what it requests; the defaults of a new
// client are ansible's.
func TestSimDHCPClient(t *testing.T) {
	_, conn := rostest.New(t, sim.Config{})
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	dc := ipv6.New(conn).DHCPClient

	if _, err := dc.Add(c, ipv6.DHCPClientSpec{Interface: ros.Some("ether1")}); err == nil {
		t.Error("a client without request was added")
	}
	id, err := dc.Add(c, ipv6.DHCPClientSpec{Interface: ros.Some("ether1"), Request: ros.Some([]ipv6.DHCPClientRequest{ipv6.DHCPClientRequestPrefix}), PoolName: ros.Some("isp")})
	if err != nil {
		t.Fatal(err)
	}
	r, err := dc.Get(c, id)
	if err != nil {
		t.Fatal(err)
	}
	if r.AddDefaultRoute || !r.UsePeerDNS || r.PoolPrefixLength != 64 || r.PrefixHint != netip.MustParsePrefix("::/0") {
		t.Errorf("defaults = add-default-route %v, use-peer-dns %v, pool-prefix-length %d, prefix-hint %v",
			r.AddDefaultRoute, r.UsePeerDNS, r.PoolPrefixLength, r.PrefixHint)
	}
	// one client per interface and request
	if _, err := dc.Add(c, ipv6.DHCPClientSpec{Interface: ros.Some("ether1"), Request: ros.Some([]ipv6.DHCPClientRequest{ipv6.DHCPClientRequestPrefix}), PoolName: ros.Some("isp2")}); err == nil {
		t.Error("a second client for ether1 prefix was added")
	}
}
