package main

// override is a hand-kept type fact the dump does not carry.
type override struct {
	typ       string
	ref       string
	list      bool
	sentinels []string
}

func (o override) apply(a *attr) {
	if o.typ != "" {
		a.typ = o.typ
		if o.typ != "enum" {
			a.values = nil
		}
	}
	a.ref = o.ref
	if o.list {
		a.list = true
	}
	if len(o.sentinels) > 0 {
		a.sentinels = o.sentinels
	}
}

func ref(p string) override { return override{typ: "ref", ref: p} }

// globalTypes applies to an attribute name in every drafted menu (menuSpec.types wins).
var globalTypes = map[string]override{
	"interface":                   ref("/interface"),
	"in-interface":                ref("/interface"),
	"out-interface":               ref("/interface"),
	"in-bridge-port":              ref("/interface"),
	"out-bridge-port":             ref("/interface"),
	"in-interface-list":           ref("/interface/list"),
	"out-interface-list":          ref("/interface/list"),
	"in-bridge-port-list":         ref("/interface/list"),
	"out-bridge-port-list":        ref("/interface/list"),
	"bridge":                      ref("/interface/bridge"),
	"address-pool":                {typ: "ref", ref: "/ip/pool", sentinels: []string{"static-only"}},
	"next-pool":                   {typ: "ref", ref: "/ip/pool", sentinels: []string{"none"}},
	"mtu":                         {typ: "int"},
	"l2mtu":                       {typ: "int"},
	"actual-mtu":                  {typ: "int"},
	"max-l2mtu":                   {typ: "int"},
	"vlan-id":                     {typ: "int"},
	"pvid":                        {typ: "int"},
	"listen-port":                 {typ: "int"},
	"endpoint-port":               {typ: "int"},
	"current-endpoint-port":       {typ: "int"},
	"client-listen-port":          {typ: "int"},
	"distance":                    {typ: "int"},
	"scope":                       {typ: "int"},
	"target-scope":                {typ: "int"},
	"mac-address":                 {typ: "mac"},
	"orig-mac-address":            {typ: "mac"},
	"admin-mac":                   {typ: "mac"},
	"active-mac-address":          {typ: "mac"},
	"src-mac-address":             {typ: "mac"},
	"cache-size":                  {typ: "int"},
	"cache-used":                  {typ: "int"},
	"max-udp-packet-size":         {typ: "int"},
	"max-concurrent-queries":      {typ: "int"},
	"max-concurrent-tcp-sessions": {typ: "int"},
	"doh-max-concurrent-queries":  {typ: "int"},
	"doh-max-server-connections":  {typ: "int"},
	"uptime":                      {typ: "duration"},
	"rx-byte":                     {typ: "int"},
	"tx-byte":                     {typ: "int"},
	"rx-packet":                   {typ: "int"},
	"tx-packet":                   {typ: "int"},
	"last-link-up-time":           {typ: "string"},
	"priority":                    {typ: "string"},
	"mx-preference":               {typ: "int"},
	"srv-port":                    {typ: "int"},
	"srv-priority":                {typ: "int"},
	"srv-weight":                  {typ: "int"},
	"max-sessions":                {typ: "int"},
	"path-cost":                   {typ: "int"},
	"internal-path-cost":          {typ: "int"},
	"max-hops":                    {typ: "int"},
	"region-revision":             {typ: "int"},
	"transmit-hold-count":         {typ: "int"},
	"last-member-query-count":     {typ: "int"},
	"startup-query-count":         {typ: "int"},
	"mlag-priority":               {typ: "int"},
	"vlan-priority":               {typ: "int"},
	"sniff-target-port":           {typ: "int"},
	"socks5-port":                 {typ: "int"},
	"max-learned-entries":         {typ: "int", sentinels: []string{"auto", "unlimited"}},
	"cpu-count":                   {typ: "int"},
	"cpu-frequency":               {typ: "int"},
	"cpu-load":                    {typ: "int"},
	"free-memory":                 {typ: "int"},
	"total-memory":                {typ: "int"},
	"free-hdd-space":              {typ: "int"},
	"total-hdd-space":             {typ: "int"},
	"write-sect-since-reboot":     {typ: "int"},
	"write-sect-total":            {typ: "int"},
	"bad-blocks":                  {typ: "string"},
	"run-count":                   {typ: "int"},
	"dynamic-servers":             {typ: "ip", list: true},
	"servers":                     {typ: "ip", list: true},
	"persistent-keepalive":        {typ: "duration"},
	"public-key":                  {typ: "string"},
	"preshared-key":               {typ: "string"},
	"private-key":                 {typ: "string"},
	"comment":                     {typ: "string"},
	"time-zone-name":              {typ: "string"},
	"route-count":                 {typ: "int"},
}

// globalList are attributes whose value is a comma-separated set.
var globalList = map[string]bool{
	"connection-state": true, "connection-nat-state": true, "tcp-flags": true, "topics": true,
	"policy": true, "advertise": true, "ipv4-options": false, "dhcp-option": true, "routes": false,
	"allowed-address": true, "address-lists": false, "servers": true, "dynamic-servers": true,
	"frame-types": false, "ranges": true,
}

// negateEach are lists whose elements are negated one by one (topics=info,!debug).
var negateEach = map[string]bool{"topics": true, "tcp-flags": true}

// roInt are read-only counters.
var roInt = map[string]bool{
	"current-learned": true, "not-learned": true, "topology-changes": true, "forward-transitions": true,
	"discard-transitions": true, "designated-cost": true, "root-path-cost": true, "actual-path-cost": true,
	"internal-root-path-cost": true, "link-downs": true,
}

// roBool are read-only flags RouterOS prints as true/false.
var roBool = map[string]bool{
	"dynamic": true, "invalid": true, "running": true, "slave": true, "active": true, "inactive": true,
	"static": true, "blocked": true, "radius": true, "disabled": true, "bogus": true, "hw-offload": true,
	"ecmp": true, "connect": true, "hw-offloaded": true, "dhcp": true, "vpn": true, "bgp": true,
	"ospf": true, "rip": true, "filtered": true, "fasttrack": true, "inherited": true, "hw": true,
	"available": true, "scheduled": true, "invalidated": true, "router": true, "ipv6": true,
	"suppressed": true, "unreachable": true, "blackhole": true, "prohibit": true, "local": true,
	"copy": true, "ldp": true, "modem": true, "isis": true, "rpki": true, "user": true, "bgp-mpls-vpn": true,
	"dns-none": true, "ntp-none": true, "trusted": true, "edge-port": true, "point-to-point-port": true,
	"forwarding": true, "learning": true, "sending-rstp": true, "root-port": true, "external-fdb": true,
	"port-number": false, "debug-info": false, "hw-offload-group": false, "time-zone-autodetect": true,
	"dst-active": true, "default": true, "managed": true, "builtin": true, "passthrough": true, "complete": true,
}

type pkgSpec struct {
	name, dir, path, doc string
	menus                []menuSpec
}

type menuSpec struct {
	path     string
	kind     string
	goName   string
	field    string
	doc      string
	required map[string]bool
	types    map[string]string
	skip     map[string]bool
	extra    []attr
	commands string // literal YAML appended after attrs
	literal  string // whole menu as literal YAML (menus the dump lacks)
}

func set(names ...string) map[string]bool {
	m := map[string]bool{}
	for _, n := range names {
		m[n] = true
	}
	return m
}
