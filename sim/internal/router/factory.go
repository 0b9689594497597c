package router

import (
	"fmt"

	"github.com/rosgen/routeros/schema/check"
)

// addFactory adds an item to menu path during start-up (or sets a settings menu), failing loudly
// on a value the schema refuses. Caller holds r.mu.
func (r *Router) addFactory(path string, kv ...string) error {
	m := r.menus[path]
	if m == nil {
		return nil // a schema without this menu: the factory state skips it
	}
	vals := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		a := m.attr(kv[i])
		if a == nil {
			return fmt.Errorf("%s has no attribute %s", path, kv[i])
		}
		v, err := check.Value(a, kv[i+1])
		if err != nil {
			return fmt.Errorf("%s %s=%s: %v", path, kv[i], kv[i+1], err)
		}
		vals[kv[i]] = v
	}
	if m.kind == kindSettings {
		it := r.settingsItem(m)
		for k, v := range vals {
			it.attrs[k] = v
		}
		return nil
	}
	r.insert(m, vals, nil)
	return nil
}

// loadFactory builds the default configuration of a hAP ax^2 as it leaves the factory (defconf):
// five ethernet ports, ether2-5 in a bridge with 192.168.88.1/24 and a DHCP server, ether1 the WAN
// with a DHCP client, a minimal input firewall. Caller holds r.mu.
func (r *Router) loadFactory() error {
	var steps [][]string
	for i := 1; i <= 5; i++ {
		mac := fmt.Sprintf("48:A9:8A:10:20:%02X", i)
		name := fmt.Sprintf("ether%d", i)
		steps = append(steps, []string{"/interface/ethernet", "name", name, "default-name", name, "l2mtu", "1514",
			"mac-address", mac, "orig-mac-address", mac})
	}
	steps = append(steps,
		[]string{"/interface/bridge", "name", "bridge", "comment", "defconf", "admin-mac", "48:A9:8A:10:20:02", "auto-mac", "no"},
	)
	for i := 2; i <= 5; i++ {
		steps = append(steps, []string{"/interface/bridge/port", "interface", fmt.Sprintf("ether%d", i), "bridge", "bridge", "comment", "defconf"})
	}
	steps = append(steps,
		[]string{"/interface/list", "name", "WAN", "comment", "defconf"},
		[]string{"/interface/list", "name", "LAN", "comment", "defconf"},
		[]string{"/interface/list/member", "list", "LAN", "interface", "bridge", "comment", "defconf"},
		[]string{"/interface/list/member", "list", "WAN", "interface", "ether1", "comment", "defconf"},
		[]string{"/ip/address", "address", "192.168.88.1/24", "interface", "bridge", "network", "192.168.88.0", "comment", "defconf"},
		[]string{"/ip/pool", "name", "default-dhcp", "ranges", "192.168.88.10-192.168.88.254"},
		[]string{"/ip/dhcp-server", "name", "defconf", "interface", "bridge", "address-pool", "default-dhcp"},
		[]string{"/ip/dhcp-server/network", "address", "192.168.88.0/24", "gateway", "192.168.88.1", "dns-server", "192.168.88.1", "comment", "defconf"},
		[]string{"/ip/dhcp-client", "interface", "ether1", "comment", "defconf"},
		[]string{"/ip/dns", "allow-remote-requests", "yes"},
		[]string{"/ip/dns/static", "name", "router.lan", "address", "192.168.88.1", "comment", "defconf"},
		[]string{"/ip/firewall/filter", "chain", "input", "action", "accept", "connection-state", "established,related,untracked",
			"comment", "defconf: accept established,related,untracked"},
		[]string{"/ip/firewall/filter", "chain", "input", "action", "drop", "connection-state", "invalid", "comment", "defconf: drop invalid"},
		[]string{"/system/package", "name", "routeros", "version", r.cfg.Version, "build-time", "2026-10-01 10:00:00",
			"size", "13631488", "available", "false", "disabled", "false"},
		[]string{"/system/routerboard", "routerboard", "yes", "board-name", device.board, "model", device.model,
			"revision", "r2", "serial-number", "HF0123456789", "firmware-type", "ipq6000", "factory-firmware", "7.16.2",
			"current-firmware", r.cfg.Version, "upgrade-firmware", r.cfg.Version},
	)
	for _, st := range steps {
		if err := r.addFactory(st[0], st[1:]...); err != nil {
			return err
		}
	}
	return nil
}
