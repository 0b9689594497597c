package sim

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Attribute constructors for the built-in menus.
func str(name string) *attrDef           { return &attrDef{name: name, typ: "string"} }
func ro(name, typ string) *attrDef       { return &attrDef{name: name, typ: typ, readOnly: true} }
func typed(name, typ string) *attrDef    { return &attrDef{name: name, typ: typ} }
func req(a *attrDef) *attrDef            { a.required = true; return a }
func dflt(a *attrDef, v string) *attrDef { a.def = v; return a }
func ref(name, path string, special ...string) *attrDef {
	return &attrDef{name: name, typ: "ref", ref: path, enum: special}
}
func enum(name string, values ...string) *attrDef {
	return &attrDef{name: name, typ: "enum", enum: values}
}

func common() []*attrDef {
	return []*attrDef{dflt(typed("disabled", "bool"), "false"), str("comment")}
}

// builtinMenus describes the menus the default state and the demo need, whatever the schema holds.
// Menus of the schema with the same path replace these (keeping the decorations of decorate).
func builtinMenus() []*menuDef {
	ifaceCommon := func(extra ...*attrDef) []*attrDef {
		as := []*attrDef{str("name"), ro("type", "string"), dflt(&attrDef{name: "mtu", typ: "int", sentinels: []string{"auto"}}, "1500"), ro("actual-mtu", "int"),
			ro("mac-address", "mac"), ro("running", "bool")}
		as = append(as, extra...)
		return append(as, common()...)
	}
	return []*menuDef{
		{path: "/interface", kind: kindFixed, verbs: verbSet("print", "getall", "listen", "get", "set", "enable", "disable", "comment", "reset-counters", "export"),
			attrs: append(ifaceCommon(ro("slave", "bool"), ro("dynamic", "bool")),
				ro("rx-byte", "int"), ro("tx-byte", "int"), ro("rx-packet", "int"), ro("tx-packet", "int"))},
		{path: "/interface/ethernet", kind: kindFixed, typeFilter: "ether",
			verbs: verbSet("print", "getall", "listen", "get", "set", "enable", "disable", "comment", "reset-counters", "export"),
			attrs: ifaceCommon(ro("orig-mac-address", "mac"), dflt(enum("arp", "disabled", "enabled", "local-only", "proxy-arp", "reply-only"), "enabled"))},
		{path: "/interface/bridge", kind: kindList, typeFilter: "bridge", verbs: verbSet(listVerbs...),
			attrs: ifaceCommon(dflt(enum("protocol-mode", "none", "rstp", "stp", "mstp"), "rstp"),
				dflt(typed("vlan-filtering", "bool"), "false"), dflt(enum("arp", "disabled", "enabled", "local-only", "proxy-arp", "reply-only"), "enabled"))},
		{path: "/interface/vlan", kind: kindList, typeFilter: "vlan", verbs: verbSet(listVerbs...),
			attrs: ifaceCommon(req(typed("vlan-id", "int")), req(ref("interface", "/interface")))},
		{path: "/interface/bridge/port", kind: kindList, verbs: verbSet(listVerbs...),
			attrs: append([]*attrDef{req(ref("interface", "/interface")), req(ref("bridge", "/interface/bridge")),
				dflt(typed("pvid", "int"), "1"), ro("dynamic", "bool"), ro("inactive", "bool")}, common()...)},
		{path: "/ip/address", kind: kindList, verbs: verbSet(listVerbs...),
			attrs: append([]*attrDef{req(typed("address", "prefix")), typed("network", "ip"), req(ref("interface", "/interface")),
				ro("actual-interface", "string"), ro("invalid", "bool"), ro("dynamic", "bool")}, common()...)},
		{path: "/ip/pool", kind: kindList, verbs: verbSet(listVerbs...),
			attrs: []*attrDef{req(str("name")), req(str("ranges")), ref("next-pool", "/ip/pool", "none"), str("comment")}},
		{path: "/ip/dhcp-server", kind: kindList, verbs: verbSet(listVerbs...),
			attrs: append([]*attrDef{str("name"), req(ref("interface", "/interface")), dflt(ref("address-pool", "/ip/pool", "static-only"), "static-only"),
				dflt(typed("lease-time", "duration"), "30m"), ro("dynamic", "bool"), ro("invalid", "bool")}, common()...)},
		{path: "/ip/dhcp-server/network", kind: kindList, verbs: verbSet(listVerbs...),
			attrs: []*attrDef{req(typed("address", "prefix")), typed("gateway", "ip"), str("dns-server"), str("domain"), str("comment"), ro("dynamic", "bool")}},
		{path: "/ip/dns/static", kind: kindList, ordered: true, verbs: verbSet(slices.Concat(listVerbs, []string{"move"})...),
			attrs: append([]*attrDef{req(str("name")), typed("address", "ip"), dflt(enum("type", "A", "AAAA", "CNAME", "FWD", "MX", "NS", "NXDOMAIN", "SRV", "TXT"), "A"),
				dflt(typed("ttl", "duration"), "1d"), ro("dynamic", "bool")}, common()...)},
		{path: "/ip/firewall/filter", kind: kindList, ordered: true, verbs: verbSet(slices.Concat(listVerbs, []string{"move", "reset-counters"})...),
			attrs: append([]*attrDef{req(str("chain")), dflt(enum("action", "accept", "drop", "reject", "jump", "return", "passthrough", "log",
				"fasttrack-connection", "tarpit", "add-src-to-address-list", "add-dst-to-address-list"), "accept"),
				str("protocol"), str("src-address"), str("dst-address"), str("dst-port"), str("in-interface"), str("out-interface"),
				str("in-interface-list"), str("connection-state"), str("jump-target"),
				ro("bytes", "int"), ro("packets", "int"), ro("dynamic", "bool"), ro("invalid", "bool")}, common()...)},
		{path: "/system/identity", kind: kindSettings, verbs: verbSet(settingsVerbs...),
			attrs: []*attrDef{dflt(str("name"), "MikroTik")}},
		{path: "/system/resource", kind: kindSettings, verbs: verbSet("print", "getall", "get", "listen"),
			attrs: []*attrDef{ro("uptime", "duration"), ro("version", "string"), ro("build-time", "string"), ro("factory-software", "string"),
				ro("free-memory", "int"), ro("total-memory", "int"), ro("cpu", "string"), ro("cpu-count", "int"), ro("cpu-frequency", "int"),
				ro("cpu-load", "int"), ro("free-hdd-space", "int"), ro("total-hdd-space", "int"), ro("architecture-name", "string"),
				ro("board-name", "string"), ro("platform", "string")}},
	}
}

// decorate adds what the schema does not say about a menu: which store table backs it, its key and
// duplicate message, its computed properties, its cross-item checks.
func decorate(m *menuDef) {
	switch m.path {
	case "/interface":
		m.key, m.dupMsg = "name", msgInterfaceDup
	case "/system/resource":
		m.computed = func(s *Server, _ *item, name string) (string, bool) {
			switch name {
			case "uptime":
				return formatUptime(int64(s.sinceStart().Seconds())), true
			case "version":
				return s.cfg.Version + " (stable)", true
			case "cpu-load":
				return "3", true
			}
			return "", false
		}
	case "/system/clock":
		m.computed = func(_ *Server, _ *item, name string) (string, bool) {
			now := time.Now().UTC()
			switch name {
			case "date":
				return now.Format("2006-01-02"), true
			case "time":
				return now.Format("15:04:05"), true
			case "gmt-offset":
				return "+00:00", true
			case "dst-active":
				return "false", true
			}
			return "", false
		}
	case "/ip/firewall/filter":
		m.computed = func(s *Server, it *item, name string) (string, bool) {
			switch name {
			case "bytes":
				n := uint64(s.sinceStart().Milliseconds()) * (it.id%4 + 1) * 50
				return fmt.Sprint(n), true
			case "packets":
				n := uint64(s.sinceStart().Milliseconds()) * (it.id%4 + 1) / 10
				return fmt.Sprint(n), true
			}
			return "", false
		}
	case "/interface/bridge/port":
		m.dupMsg = "failure: device already added as bridge port" // UNVERIFIED text
		m.validate = func(s *Server, self *item, vals map[string]string) error {
			for _, it := range s.tableOf(m).items {
				if it != self && it.attrs["interface"] == vals["interface"] {
					return trapf(-1, "%s", m.dupMsg)
				}
			}
			return nil
		}
	case "/ip/dns/static":
		m.dupMsg = msgEntryExists
		m.validate = func(s *Server, self *item, vals map[string]string) error {
			for _, it := range s.tableOf(m).items {
				if it != self && it.attrs["name"] == vals["name"] && it.attrs["address"] == vals["address"] &&
					it.attrs["type"] == vals["type"] {
					return trapf(-1, "%s", msgEntryExists)
				}
			}
			return nil
		}
	case "/ip/address":
		m.validate = func(s *Server, self *item, vals map[string]string) error {
			for _, it := range s.tableOf(m).items {
				if it != self && it.attrs["address"] == vals["address"] && it.attrs["interface"] == vals["interface"] {
					return trapf(-1, "failure: already have such address") // UNVERIFIED text
				}
			}
			return nil
		}
	}
	if strings.HasPrefix(m.path, "/interface") && m.typeFilter == "" {
		switch m.path {
		case "/interface/ethernet":
			m.typeFilter = "ether"
		case "/interface/bridge":
			m.typeFilter = "bridge"
		case "/interface/vlan":
			m.typeFilter = "vlan"
		case "/interface/wireguard":
			m.typeFilter = "wg"
		}
	}
	if m.typeFilter != "" || m.path == "/interface" {
		m.table = "/interface"
		m.key, m.dupMsg = "name", msgInterfaceDup
	}
	if m.key == "" && m.byName["name"] != nil && m.kind != kindSettings {
		m.key = "name"
		if m.dupMsg == "" {
			m.dupMsg = msgEntryExists
		}
	}
	if m.path == "/ip/dns/static" {
		m.key = "" // names repeat there (several records per name); uniqueness is checked by validate
	}
}
