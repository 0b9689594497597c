package main

func init() {
	packages["interface"] = pkgSpec{
		name: "iface", dir: "interface", path: "/interface",
		doc: "Network interfaces (/interface): the interface list itself, Ethernet ports, bridges, VLANs, WireGuard and interface lists. The directory is ros/interface; the package is named iface because interface is a Go keyword.",
		menus: []menuSpec{
			{path: "/interface", kind: "fixed", doc: "Every interface of the router, whatever its type.",
				types:    map[string]string{"type": "string", "mtu": "string", "actual-mtu": "int", "l2mtu": "int", "max-l2mtu": "int", "fp-rx-byte": "int", "fp-tx-byte": "int", "fp-rx-packet": "int", "fp-tx-packet": "int", "rx-drop": "int", "tx-drop": "int", "tx-queue-drop": "int", "rx-error": "int", "tx-error": "int", "link-downs": "int", "default-name": "string", "last-link-down-time": "string", "last-link-up-time": "string"},
				commands: monitorTraffic},
			{path: "/interface/ethernet", kind: "fixed", doc: "Ethernet ports. Entries are the router's hardware; they are addressed by name.",
				types: map[string]string{"mtu": "int", "speed": "enum", "advertise": "enum", "default-name": "string", "arp-timeout": "string", "sfp-shutdown-temperature": "int", "loop-protect-send-interval": "duration", "loop-protect-disable-time": "duration"}},
			{path: "/interface/bridge", kind: "list", doc: "Bridges.",
				types: map[string]string{"mtu": "string", "actual-mtu": "int", "arp-timeout": "string", "ageing-time": "duration", "forward-delay": "duration", "max-message-age": "duration", "hello-time": "duration", "priority": "string", "port-cost-mode": "enum", "mvrp": "bool", "vlan-filtering": "bool", "ether-type": "enum", "frame-types": "enum", "pvid": "int", "igmp-version": "int", "mld-version": "int", "membership-interval": "duration", "querier-interval": "duration", "query-interval": "duration", "query-response-interval": "duration", "startup-query-interval": "duration", "last-member-interval": "duration", "mac-address": "mac", "admin-mac": "mac", "loop-protect-send-interval": "duration", "loop-protect-disable-time": "duration"}},
			{path: "/interface/bridge/port", kind: "list", goName: "BridgePort", field: "Port", doc: "Interfaces that are ports of a bridge.",
				required: set("interface", "bridge"), types: map[string]string{"priority": "string", "path-cost": "int", "internal-path-cost": "int", "pvid": "int", "port-number": "int", "debug-info": "string", "hw-offload-group": "string", "horizon": "string", "role": "string", "status": "string"}},
			{path: "/interface/vlan", kind: "list", doc: "VLAN interfaces (802.1Q) on top of another interface.",
				required: set("vlan-id", "interface"), types: map[string]string{"mtu": "int", "arp-timeout": "string", "mac-address": "mac"}},
			{path: "/interface/wireguard", kind: "list", doc: "WireGuard interfaces.",
				types: map[string]string{"mtu": "int", "listen-port": "int"}},
			{path: "/interface/wireguard/peers", kind: "list", goName: "WireguardPeer", field: "Peers", doc: "Peers of WireGuard interfaces.",
				required: set("interface", "public-key"), types: map[string]string{"interface": "ref:/interface/wireguard", "endpoint-port": "int", "current-endpoint-port": "int", "current-endpoint-address": "string", "endpoint-address": "string", "allowed-address": "string", "rx": "int", "tx": "int", "last-handshake": "duration", "persistent-keepalive": "duration", "client-listen-port": "int", "client-keepalive": "duration"}},
			{path: "/interface/list", kind: "list", goName: "List", field: "Lists", doc: "Interface lists: named groups of interfaces used by firewall rules and services.",
				required: set("name")},
			{path: "/interface/list/member", kind: "list", goName: "ListMember", field: "Member", doc: "Members of interface lists.",
				required: set("list", "interface"), types: map[string]string{"list": "ref:/interface/list"}},
		},
	}
	packages["system"] = pkgSpec{
		name: "system", path: "/system",
		doc: "System settings and state (/system): resources, identity, clock, RouterBOARD, packages, scripts, scheduler, logging, reboot.",
		menus: []menuSpec{
			{path: "/system", literal: systemRoot},
			{path: "/system/resource", kind: "settings", doc: "Hardware and software resources: CPU, memory, disk, uptime, version (read-only).",
				types: map[string]string{"uptime": "duration", "cpu-load": "int", "bad-blocks": "string", "build-time": "string"}},
			{path: "/system/identity", kind: "settings", doc: "The router's name."},
			{path: "/system/clock", kind: "settings", doc: "Date, time and time zone.",
				types: map[string]string{"time-zone-name": "string", "gmt-offset": "string", "dst-active": "bool", "date": "string", "time": "string"}},
			{path: "/system/routerboard", literal: routerboard},
			{path: "/system/package", kind: "fixed", doc: "Installed software packages, addressed by name.",
				types: map[string]string{"size": "int", "build-time": "string", "available": "bool", "scheduled": "string", "disabled": "bool"}},
			{path: "/system/script", kind: "list", doc: "Scripts in the script repository.",
				required: set("name"), types: map[string]string{"policy": "enum", "last-started": "string", "run-count": "int"}},
			{path: "/system/scheduler", kind: "list", doc: "Scheduled scripts.",
				required: set("name"), types: map[string]string{"policy": "enum", "start-time": "string", "start-date": "string", "next-run": "string", "run-count": "int", "interval": "duration"}},
			{path: "/system/logging", kind: "list", doc: "Logging rules: which topics go to which action.",
				types: map[string]string{"topics": "enum", "action": "string"}},
		},
	}
}

const monitorTraffic = `    commands:
      - name: monitor-traffic
        streaming: true
        doc: "Reports the traffic rates of interfaces once per interval until cancelled (or once, or for duration)."
        args:
          - {name: interface, type: ref, ref: /interface, list: true, required: true, doc: "Interfaces to monitor"}
          - {name: once, type: flag, doc: "Report once and finish"}
          - {name: duration, type: duration, doc: "Finish after this long"}
          - {name: interval, type: duration, doc: "Time between reports (20ms..5s)"}
          - {name: freeze-frame-interval, type: duration, doc: "Averaging interval for rates"}
        reply:
          - {name: name, doc: "Interface name"}
          - {name: rx-bits-per-second, type: int}
          - {name: tx-bits-per-second, type: int}
          - {name: rx-packets-per-second, type: int}
          - {name: tx-packets-per-second, type: int}
          - {name: rx-drops-per-second, type: int}
          - {name: tx-drops-per-second, type: int}
          - {name: rx-errors-per-second, type: int}
          - {name: tx-errors-per-second, type: int}
          - {name: tx-queue-drops-per-second, type: int}
          - {name: fp-rx-bits-per-second, type: int}
          - {name: fp-tx-bits-per-second, type: int}
          - {name: fp-rx-packets-per-second, type: int}
          - {name: fp-tx-packets-per-second, type: int}
`

const systemRoot = `  - path: /system
    kind: none
    doc: "Commands of the /system menu itself."
    commands:
      - name: reboot
        doc: "Reboots the router. The router closes the connection; expect the call to end with a closed-connection error or nil."
      - name: shutdown
        doc: "Shuts the router down. The router closes the connection."
`

// routerboard: the CHR dump has no /system/routerboard (no RouterBOARD hardware); written from the
// RouterOS manual's property list.
const routerboard = `  - path: /system/routerboard
    kind: settings
    verbs: [print, get]
    doc: "RouterBOARD hardware and firmware information (read-only; absent on CHR and x86)."
    attrs:
      - {name: routerboard, type: bool, ro: true, doc: "Whether the router is a RouterBOARD"}
      - {name: board-name, ro: true, doc: "Board name"}
      - {name: model, ro: true, doc: "Model name"}
      - {name: revision, ro: true, doc: "Hardware revision"}
      - {name: serial-number, ro: true, doc: "Serial number"}
      - {name: firmware-type, ro: true, doc: "Firmware type"}
      - {name: factory-firmware, ro: true, doc: "Firmware version installed at the factory"}
      - {name: current-firmware, ro: true, doc: "Firmware version in use"}
      - {name: upgrade-firmware, ro: true, doc: "Firmware version available for upgrade"}
    commands:
      - name: upgrade
        doc: "Schedules the RouterBOOT firmware upgrade to the version of the installed RouterOS (applied on reboot)."
`
