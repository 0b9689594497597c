package sim

import (
	"fmt"
	"slices"
	"time"

	"github.com/rosgen/routeros/wire"
)

func (s *Server) sinceStart() time.Duration { return time.Since(s.started) }

// loadMenus builds the menu table: the built-in menus, replaced or completed by the schema's.
func (s *Server) loadMenus() error {
	s.menus = map[string]*menuDef{}
	for _, m := range builtinMenus() {
		s.menus[m.path] = m
	}
	fromSchema, err := menuSource()
	if err != nil {
		return err
	}
	for _, m := range fromSchema {
		s.menus[m.path] = m
	}
	s.dirs = map[string]bool{}
	for p, m := range s.menus {
		m.init()
		decorate(m)
		s.addDirs(p)
	}
	for w := range commands {
		s.addDirs(w)
	}
	return nil
}

// menuSource supplies the schema's menus; tests replace it to exercise the built-in menus alone.
var menuSource = schemaMenus

func (s *Server) addDirs(p string) {
	for i := 1; i <= len(p); i++ {
		if i == len(p) || p[i] == '/' {
			s.dirs[p[:i]] = true
		}
	}
}

func (s *Server) commandFor(word string) (command, bool) {
	c, ok := commands[word]
	return c, ok
}

// commands are the commands that are not generic menu verbs.
var commands map[string]command

func init() {
	commands = map[string]command{
		"/interface/monitor-traffic": {policy: "read", run: (*Server).monitorTraffic},
		"/ping":                      {policy: "test", run: (*Server).ping},
		"/tool/ping":                 {policy: "test", run: (*Server).ping},
		"/system/reboot":             {policy: "reboot", run: (*Server).rebootCmd},
		// A simulated shutdown is a reboot: the router is down for Config.RebootDelay and comes back.
		"/system/shutdown": {policy: "reboot", run: (*Server).rebootCmd},
		// The firmware "upgrade" is accepted and changes nothing (the firmware is already current).
		"/system/routerboard/upgrade": {policy: "write", run: func(_ *Server, _ *session, r replier, _ wire.Sentence) { r.done() }},
	}
}

// addDefault adds an item to menu path during start-up, failing loudly on an invalid default.
func (s *Server) addDefault(path string, kv ...string) (*item, error) {
	m := s.menus[path]
	if m == nil {
		return nil, fmt.Errorf("no menu %s", path)
	}
	vals := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		a := m.attr(kv[i])
		if a == nil {
			// A schema without this property: keep it anyway so the built-in state is complete.
			vals[kv[i]] = kv[i+1]
			continue
		}
		v, err := s.normalize(m, a, kv[i+1])
		if err != nil {
			return nil, fmt.Errorf("%s %s=%s: %v", path, kv[i], kv[i+1], err)
		}
		vals[kv[i]] = v
	}
	if m.kind == kindSettings {
		it := s.settingsItem(m)
		for k, v := range vals {
			it.attrs[k] = v
		}
		return it, nil
	}
	return s.insert(m, vals), nil
}

// loadDefaults builds the state of a factory router (a hAP-like defconf).
func (s *Server) loadDefaults() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	add := func(path string, kv ...string) error {
		_, err := s.addDefault(path, kv...)
		return err
	}
	addIf := func(path string, kv ...string) error { // for menus only the schema has
		if s.menus[path] == nil {
			return nil
		}
		return add(path, kv...)
	}
	for i := 1; i <= 5; i++ {
		mac := fmt.Sprintf("48:A9:8A:10:20:%02X", i)
		if _, err := s.addDefault("/interface/ethernet", "name", fmt.Sprintf("ether%d", i),
			"default-name", fmt.Sprintf("ether%d", i), "mtu", "1500", "l2mtu", "1514", "mac-address", mac, "orig-mac-address", mac); err != nil {
			return err
		}
	}
	steps := []func() error{
		func() error {
			return add("/interface/bridge", "name", "bridge", "comment", "defconf", "mtu", "auto", "mac-address", "48:A9:8A:10:20:02")
		},
		func() error {
			for i := 2; i <= 5; i++ {
				if err := add("/interface/bridge/port", "interface", fmt.Sprintf("ether%d", i), "bridge", "bridge", "comment", "defconf"); err != nil {
					return err
				}
			}
			return nil
		},
		func() error {
			return add("/ip/address", "address", "192.168.88.1/24", "interface", "bridge", "network", "192.168.88.0", "comment", "defconf")
		},
		func() error { return add("/ip/pool", "name", "default-dhcp", "ranges", "192.168.88.10-192.168.88.254") },
		func() error {
			return add("/ip/dhcp-server", "name", "defconf", "interface", "bridge", "address-pool", "default-dhcp")
		},
		func() error {
			return add("/ip/dhcp-server/network", "address", "192.168.88.0/24", "gateway", "192.168.88.1",
				"dns-server", "192.168.88.1", "comment", "defconf")
		},
		func() error {
			return add("/ip/dns/static", "name", "router.lan", "address", "192.168.88.1", "comment", "defconf")
		},
		func() error {
			return add("/ip/firewall/filter", "chain", "input", "action", "accept", "connection-state", "established,related,untracked",
				"comment", "defconf: accept established,related,untracked")
		},
		func() error {
			return add("/ip/firewall/filter", "chain", "input", "action", "drop", "connection-state", "invalid", "comment", "defconf: drop invalid")
		},
		func() error { return add("/system/identity", "name", "MikroTik") },
		func() error {
			if err := addIf("/interface/list", "name", "WAN", "comment", "defconf"); err != nil {
				return err
			}
			if err := addIf("/interface/list", "name", "LAN", "comment", "defconf"); err != nil {
				return err
			}
			if err := addIf("/interface/list/member", "list", "LAN", "interface", "bridge", "comment", "defconf"); err != nil {
				return err
			}
			return addIf("/interface/list/member", "list", "WAN", "interface", "ether1", "comment", "defconf")
		},
		func() error { return addIf("/ip/dhcp-client", "interface", "ether1", "comment", "defconf") },
		func() error { return addIf("/ip/dns", "allow-remote-requests", "yes", "cache-size", "2048") },
		func() error {
			for _, sv := range []struct {
				name, port string
				off        bool
			}{{"telnet", "23", true}, {"ftp", "21", true}, {"www", "80", false}, {"ssh", "22", false},
				{"www-ssl", "443", true}, {"api", "8728", false}, {"winbox", "8291", false}, {"api-ssl", "8729", false}} {
				if err := addIf("/ip/service", "name", sv.name, "port", sv.port, "disabled", fmt.Sprint(sv.off)); err != nil {
					return err
				}
			}
			return nil
		},
		func() error {
			return addIf("/system/package", "name", "routeros", "version", s.cfg.Version, "build-time", "2026-10-01 10:00:00",
				"size", "13631488", "available", "false", "disabled", "false")
		},
		func() error {
			return addIf("/system/routerboard", "routerboard", "yes", "board-name", "hAP ax^2", "model", "C52iG-5HaxD2HaxD",
				"revision", "r2", "serial-number", "HF0123456789", "firmware-type", "ipq6000", "factory-firmware", "7.16.2",
				"current-firmware", s.cfg.Version, "upgrade-firmware", s.cfg.Version)
		},
		func() error { return addIf("/system/clock", "time-zone-autodetect", "yes", "time-zone-name", "UTC") },
		func() error {
			return add("/system/resource", "build-time", "2026-10-01 10:00:00", "factory-software", "7.16.2",
				"free-memory", "201326592", "total-memory", "268435456", "cpu", "ARM", "cpu-count", "4", "cpu-frequency", "864",
				"free-hdd-space", "93454336", "total-hdd-space", "134217728", "architecture-name", "arm", "board-name", "hAP ax^2",
				"platform", "MikroTik")
		},
	}
	for _, st := range steps {
		if err := st(); err != nil {
			return err
		}
	}
	return nil
}

// Menus returns the paths of every menu the simulator serves, sorted.
func (s *Server) Menus() []string {
	out := make([]string, 0, len(s.menus))
	for p := range s.menus {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}
