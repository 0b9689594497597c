package sim_test

import (
	"testing"

	"github.com/rosgen/routeros/sim"
)

// The factory state of the router the simulator claims to be (hAP ax^2 with its default
// configuration), over a socket: what the removed builtin menus' own test (TestBuiltinMenusAlone)
// pinned before the menus moved into the schema, so the split lost no check.
func TestFactoryState(t *testing.T) {
	c := loggedIn(t, startSim(t, sim.Config{}))
	for path, want := range map[string]string{
		"/interface": "6", "/interface/ethernet": "5", "/interface/bridge": "1", "/interface/bridge/port": "4",
		"/ip/address": "1", "/ip/pool": "1", "/ip/dhcp-server": "1", "/ip/dhcp-server/network": "1",
		"/ip/dns/static": "1", "/ip/firewall/filter": "2",
	} {
		_, done := c.mustOK(path+"/print", "=count-only=")
		if got, _ := done.Get("ret"); got != want {
			t.Errorf("%s: %s items, want %s", path, got, want)
		}
	}
	re, _ := c.mustOK("/ip/address/print")
	if m := re[0].Map(); m["address"] != "192.168.88.1/24" || m["network"] != "192.168.88.0" || m["interface"] != "bridge" {
		t.Errorf("address: %v", m)
	}
	re, _ = c.mustOK("/system/identity/print")
	if n, _ := re[0].Get("name"); n != "MikroTik" {
		t.Errorf("identity %q", n)
	}
}
