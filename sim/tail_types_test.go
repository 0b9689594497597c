package sim_test

import (
	"testing"

	"github.com/rosgen/routeros/sim"
)

// TestTailTypes checks values of /interface and /mpls that RouterOS takes and the schema once
// refused: words beside references (certificate=none, vrf=any), interfaces that may name an
// interface list (/mpls/interface's built-in item is interface=all), MPLS label numbers and a
// tunnel's DSCP number.
func TestTailTypes(t *testing.T) {
	srv := startSim(t, sim.Config{})
	c := loggedIn(t, srv)

	// interface or interface list (manual:CLI reference/mpls/iface; manual Dot1X)
	c.mustOK("/mpls/interface/add", "=interface=all")
	c.mustOK("/mpls/ldp/interface/add", "=interface=static")
	c.mustOK("/interface/dot1x/server/add", "=interface=dynamic")
	// a bridge port names an interface or an interface list (manual: Bridging), but not nothing
	c.mustOK("/interface/bridge/add", "=name=br9")
	c.mustOK("/interface/list/add", "=name=lan9")
	c.mustOK("/interface/bridge/port/add", "=bridge=br9", "=interface=lan9")
	c.mustOK("/interface/bridge/port/add", "=bridge=br9", "=interface=ether1")
	if m := c.trapMsg("/interface/bridge/port/add", "=bridge=br9", "=interface=no-such-port"); m == "" {
		t.Errorf("a bridge port naming neither an interface nor a list was accepted")
	}
	// a bridge VLAN's tagged and untagged ports are interfaces or interface lists, comma-separated
	c.mustOK("/interface/bridge/vlan/add", "=bridge=br9", "=vlan-ids=10", "=tagged=br9,lan9", "=untagged=ether1")
	if m := c.trapMsg("/interface/bridge/vlan/add", "=bridge=br9", "=vlan-ids=20", "=tagged=br9,no-such-port"); m == "" {
		t.Errorf("a tagged port naming neither an interface nor a list was accepted")
	}

	// none/auto/any beside names
	c.mustOK("/interface/sstp-client/add", "=name=sstp-out9", "=connect-to=192.0.2.1", "=certificate=none")
	c.mustOK("/interface/ovpn-client/add", "=name=ovpn-out9", "=connect-to=192.0.2.1", "=certificate=none")
	c.mustOK("/mpls/ldp/accept-filter/add", "=vrf=any")
	if m := c.trapMsg("/interface/sstp-client/add", "=name=sstp-out8", "=connect-to=192.0.2.1", "=certificate=no-such-cert"); m == "" {
		t.Errorf("certificate naming no /certificate item was accepted")
	}

	// LDP labels: a number in 16..1048576 or a reserved label's word (manual:CLI reference/mpls/ldp)
	c.mustOK("/mpls/ldp/local-mapping/add", "=dst-address=10.9.0.0/24", "=label=100")
	c.mustOK("/mpls/ldp/local-mapping/add", "=dst-address=10.9.1.0/24", "=label=impl-null")
	if m := c.trapMsg("/mpls/ldp/local-mapping/add", "=dst-address=10.9.2.0/24", "=label=15"); m != "value of label out of range (16..1048576)" {
		t.Errorf("label=15: %q", m)
	}
	c.mustOK("/mpls/settings/set", "=dynamic-label-range=16-1048575")

	// a tunnel's DSCP is a number or inherit (manual:CLI reference/interface/gre: num)
	c.mustOK("/interface/gre/add", "=name=gre9", "=remote-address=192.0.2.2", "=dscp=10")
	if m := c.trapMsg("/interface/gre/add", "=name=gre8", "=remote-address=192.0.2.2", "=dscp=64"); m != "value of dscp out of range (0..63)" {
		t.Errorf("dscp=64: %q", m)
	}
}
