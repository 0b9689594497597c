package router

import (
	"net/netip"
	"strconv"
)

// /ip: an address brings its connected route (dynamic, removed with it); addresses compute their
// network; firewall rules count packets as time goes; address-list entries record when they were
// made.

func init() {
	register(&hook{computed: addressProps, changed: connectedRoute}, "/ip/address")
	register(&hook{computed: ruleCounters}, "/ip/firewall/filter", "/ip/firewall/nat", "/ip/firewall/mangle")
	// the router prints its local time (the zone of /system/clock)
	register(&hook{create: func(r *Router, _ *menuDef, vals map[string]string) {
		vals["creation-time"] = r.localNow().Format("2006-01-02 15:04:05")
	}}, "/ip/firewall/address-list", "/ipv6/firewall/address-list")
}

func addressProps(_ *Router, _ *menuDef, it *item, name string) (string, bool) {
	switch name {
	case "network":
		if p, err := netip.ParsePrefix(it.attrs["address"]); err == nil {
			return p.Masked().Addr().String(), true
		}
	case "actual-interface":
		if v, ok := it.attrs["interface"]; ok {
			return v, true
		}
	}
	return "", false
}

// connectedRoute keeps the dynamic connected route of an address: present while the address is
// enabled (dst-address its network, gateway its interface, dynamic, active, connect), gone with it.
// Source: a factory router's route table (docs/protocol.md#router-texts); distance 0 and scope 10 are the
// manual's values for connected routes.
func connectedRoute(r *Router, _ *menuDef, addr *item, dead bool) {
	rm := r.menus["/ip/route"]
	if rm == nil {
		return
	}
	var route *item
	for _, it := range r.tableOf(rm).items {
		if it.origin == addr {
			route = it
			break
		}
	}
	p, err := netip.ParsePrefix(addr.attrs["address"])
	if dead || err != nil || addr.attrs["disabled"] == "true" {
		if route != nil {
			r.delete(rm, route)
		}
		return
	}
	iface := addr.attrs["interface"]
	vals := map[string]string{
		"dst-address": p.Masked().String(), "gateway": iface, "immediate-gw": iface, "pref-src": p.Addr().String(),
		"local-address": p.Addr().String() + "%" + iface,
		"dynamic":       "true", "active": "true", "connect": "true", "static": "false",
		"distance": "0", "scope": "10", "routing-table": "main",
	}
	if route == nil {
		route = r.insert(rm, vals, nil)
		route.origin = addr
		return
	}
	route.attrs = vals
	r.changed(rm, route)
}

// ruleCounters grow bytes and packets of a rule with the uptime, at a per-rule rate.
func ruleCounters(r *Router, _ *menuDef, it *item, name string) (string, bool) {
	ms := uint64(r.uptime().Milliseconds())
	switch name {
	case "bytes":
		return strconv.FormatUint(ms*(it.id%4+1)*50, 10), true
	case "packets":
		return strconv.FormatUint(ms*(it.id%4+1)/10, 10), true
	}
	return "", false
}
