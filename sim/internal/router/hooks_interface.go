package router

import (
	"strconv"
	"time"
)

// Interfaces: running follows disabled, counters grow with the uptime at a steady per-interface
// rate (so monitor-traffic and the byte counters agree), actual-mtu follows mtu, and a bridge is
// not a port of itself.

func init() {
	register(&hook{computed: interfaceProps}, "/interface", "/interface/ethernet", "/interface/bridge", "/interface/vlan",
		"/interface/wireguard")
	register(&hook{check: bridgePortCheck}, "/interface/bridge/port")
}

// packetSize is the size of every simulated packet, in bytes.
const packetSize = 500

// rates returns an interface's simulated receive and transmit rates in bytes per second: steady,
// different per interface, zero when it is disabled.
func rates(it *item) (rx, tx uint64) {
	if it.attrs["disabled"] == "true" {
		return 0, 0
	}
	rx = 125_000 * (it.id%8 + 1) // 1..8 Mbit/s
	tx = rx / 4
	return rx, tx
}

// counters returns the byte counters of an interface: its rates times the router's uptime.
func (r *Router) counters(it *item) (rx, tx uint64) {
	rt, tt := rates(it)
	el := uint64(r.uptime() / time.Millisecond)
	return rt * el / 1000, tt * el / 1000
}

func interfaceProps(r *Router, m *menuDef, it *item, name string) (string, bool) {
	switch name {
	case "running":
		return strconv.FormatBool(it.attrs["disabled"] != "true"), true
	case "actual-mtu":
		if v, err := strconv.Atoi(it.attrs["mtu"]); err == nil {
			return strconv.Itoa(v), true
		}
		return "1500", true // mtu auto and an unset mtu run at 1500
	case "rx-byte", "tx-byte", "rx-packet", "tx-packet":
		rx, tx := r.counters(it)
		switch name {
		case "rx-byte":
			return strconv.FormatUint(rx, 10), true
		case "tx-byte":
			return strconv.FormatUint(tx, 10), true
		case "rx-packet":
			return strconv.FormatUint(rx/packetSize, 10), true
		default:
			return strconv.FormatUint(tx/packetSize, 10), true
		}
	}
	return "", false
}

// bridgePortCheck refuses a bridge as a port of itself. UNVERIFIED text.
func bridgePortCheck(_ *Router, _ *menuDef, _ *item, vals map[string]string) error {
	if vals["interface"] != "" && vals["interface"] == vals["bridge"] {
		return trapf(-1, "failure: can not add bridge to itself")
	}
	return nil
}
