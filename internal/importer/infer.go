package importer

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Type inference. The order of the rules is the order of trust:
//
//  1. the argument's syntax text (desc) in the tree dump, or in the completion dump when the tree
//     has none: "time interval", "A.B.C.D (IP address)", "a|b|c[,Name*]", "0..65535", MAC, prefix,
//     IP range, "string value";
//  2. the argument's completions: yes/no alone is a bool; ',' (syntax-meta) makes a list and '!'
//     makes it negatable; other words are enum values, or sentinels when (1) gave a non-enum type;
//     live object names (style obj-*, or the names of a stock CHR such as ether1, lo, main) are
//     dropped and make an enum open;
//  3. the name rules below, for what neither says (counters are integers, interface is a
//     reference to /interface, ...);
//  4. the override layer (schema/overrides), applied afterwards by the importer.

var (
	reRange    = regexp.MustCompile(`^(-?\d+)\.\.(-?\d+)(?: \(integer number\))?$`)
	reEnum     = regexp.MustCompile(`^([^ \[\]]+(?:\|[^ \[\]]+)+|[^ \[\]|]+)(\[,[A-Za-z0-9]+\*\])?$`)
	reDuration = regexp.MustCompile(`(^| )\(?time interval\)?$|^time interval$`)
)

// liveNames are object names of the stock CHR the dumps were taken on: completions that are
// these name live objects (interfaces, VRFs, users, profiles, ports), not values of a type, and
// are dropped. weakLive are names that are also ordinary values of some enums (a group "read" and
// a policy "read", the profile "default" and the value "default"): they are dropped only when
// every other completion is a live name too.
var (
	liveNames = set("ether1", "lo", "admin", "default-encryption", "*0", "serial0", "*1", "*2")
	weakLive  = set("default", "all", "none", "full", "read", "write", "dynamic", "static")
)

// sentinelWords are completions that stand for "no value" or "automatic" beside a typed value.
var sentinelWords = map[string]bool{
	"auto": true, "none": true, "unlimited": true, "disabled": true, "never": true, "any": true,
	"default": true, "forever": true, "off": true, "static-only": true, "startup": true, "infinity": true,
}

type typeInfo struct {
	Type                         string
	List, Negatable, Open, Range bool
	Sentinels, Values            []string
	Ref                          string
	Min, Max                     *int64
	why                          string
}

func i64(v int64) *int64 { return &v }

// fromDesc reads the syntax text.
func fromDesc(desc string) (t typeInfo, ok bool) {
	d := strings.TrimSpace(desc)
	switch {
	case d == "":
		return t, false
	case strings.HasPrefix(d, "string value"), d == "script", strings.HasPrefix(d, "hexadecimal string value"):
		return typeInfo{Type: "string", why: "desc"}, true
	case reDuration.MatchString(d):
		return typeInfo{Type: "duration", why: "desc"}, true
	case strings.HasSuffix(d, "(IP address range)"):
		return typeInfo{Type: "ip-prefix", Range: true, why: "desc"}, true
	case strings.HasSuffix(d, "(IP address)"), strings.HasSuffix(d, "(IPv6 address)"):
		return typeInfo{Type: "ip", why: "desc"}, true
	case strings.HasSuffix(d, "(IP prefix)"), strings.HasSuffix(d, "(IPv6 prefix)"):
		return typeInfo{Type: "prefix", why: "desc"}, true
	case strings.HasSuffix(d, "(MAC address)"):
		return typeInfo{Type: "mac", why: "desc"}, true
	}
	if m := reRange.FindStringSubmatch(d); m != nil {
		lo, err1 := strconv.ParseInt(m[1], 10, 64)
		hi, err2 := strconv.ParseInt(m[2], 10, 64)
		if err1 == nil && err2 == nil {
			return typeInfo{Type: "int", Min: i64(lo), Max: i64(hi), why: "desc"}, true
		}
	}
	if strings.Contains(d, "integer number") {
		return typeInfo{Type: "int", why: "desc"}, true
	}
	if m := reEnum.FindStringSubmatch(d); m != nil && strings.Contains(m[1], "|") {
		vals := strings.Split(m[1], "|")
		if isYesNo(vals) {
			return typeInfo{Type: "bool", why: "desc"}, true
		}
		return typeInfo{Type: "enum", List: m[2] != "", Values: sortedUniq(vals), why: "desc"}, true
	}
	return t, false
}

func isYesNo(vals []string) bool {
	if len(vals) != 2 {
		return false
	}
	s := map[string]bool{vals[0]: true, vals[1]: true}
	return s["yes"] && s["no"]
}

func sortedUniq(v []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range v {
		if x != "" && !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	sort.Strings(out)
	return out
}

// fromCompletions refines t with an argument's completions.
func fromCompletions(t typeInfo, haveDesc bool, comp map[string]completion) typeInfo {
	if len(comp) == 0 {
		return t
	}
	var words []string
	live := false
	for k, c := range comp {
		switch {
		case c.Style == "syntax-meta":
			switch k {
			case ",":
				t.List = true
			case "!":
				t.Negatable = true
			}
		case strings.HasPrefix(c.Style, "obj-"), liveNames[k] && c.Style != "arg", isPlaceholder(k):
			live = true
		case c.Style == "dir":
		default:
			words = append(words, unquote(k))
		}
	}
	allWeak := len(words) > 0
	for _, w := range words {
		allWeak = allWeak && weakLive[w]
	}
	if allWeak && (live || len(words) > 1 || !sentinelWords[words[0]]) {
		words, live = nil, true
	}
	words = sortedUniq(words)
	if !haveDesc || t.Type == "enum" {
		switch {
		case isYesNo(words):
			t.Type, t.why = "bool", "completion"
			return t
		case t.Type == "enum":
			// desc values are authoritative; completions may add sentinels the desc lacks
		case len(words) == 0 && live:
			t.Type, t.Open, t.why = "enum", true, "completion"
		case len(words) == 1 && sentinelWords[words[0]]:
			// a lone sentinel: kept for a name rule to type (mtu: auto); a plain string takes
			// the word as it is
			t.Sentinels, t.why = words, "completion"
		case len(words) > 0 && allInts(words):
			// numbers alone are suggestions of an integer (BGP input.limit-process-routes-ipv4:
			// 10, 100, 1000...), not a closed set: where RouterOS has one, its syntax text says so
			// (wifi chains "0|1|2|3|4|5|6|7[,Chains*]"). Left for the name rules (line-count) and
			// the type layer: a plain integer has no syntax text, so a walk of a simulator serving
			// it could not tell it from a string
			t.why = "numbers"
		case len(words) > 0:
			t.Type, t.Values, t.why = "enum", words, "completion"
			// live names among the words do not make it open: whether the dumped router had objects to
			// name is no property of the value (schema/README.md, "Open and closed enums")
		}
		return t
	}
	// a typed value with suggested words: the words that are not of the type are sentinels
	for _, w := range words {
		if !fitsType(t.Type, w) {
			t.Sentinels = append(t.Sentinels, w)
		}
	}
	return t
}

// unquote strips the double quotes the console puts around a completion with spaces in it
// (wifi country "\"New Zealand\"", hotspot radius-mac-format "\"XX XX XX XX XX XX\""): the value
// is the text between them, as the API takes and prints it.
func unquote(w string) string {
	if len(w) >= 2 && w[0] == '"' && w[len(w)-1] == '"' {
		return w[1 : len(w)-1]
	}
	return w
}

// allInts reports words that are all decimal integers.
func allInts(words []string) bool {
	for _, w := range words {
		if _, err := strconv.ParseInt(w, 10, 64); err != nil {
			return false
		}
	}
	return len(words) > 0
}

// isPortName reports a TCP/UDP port argument by its name (port, dst-port, filter-src-port...).
func isPortName(name string) bool {
	return name == "port" || strings.HasSuffix(name, "-port")
}

// serviceNames reports completions that are the router's table of service names (the port
// completions of the sniffer and torch: ftp, ssh, http and some 220 others).
func serviceNames(words []string) bool {
	have := set(words...)
	return have["ftp"] && have["ssh"] && have["http"]
}

// isPlaceholder reports a completion such as "<l2tp>": the name of an interface the router makes
// when a session comes up, not a value.
func isPlaceholder(w string) bool {
	return len(w) > 2 && w[0] == '<' && w[len(w)-1] == '>'
}

func fitsType(typ, w string) bool {
	switch typ {
	case "int":
		_, err := strconv.ParseInt(w, 10, 64)
		return err == nil
	case "string":
		return true
	case "duration":
		return w != "" && (w[0] >= '0' && w[0] <= '9')
	case "ip", "prefix", "ip-prefix", "mac":
		return strings.ContainsAny(w, ".:") && w[0] >= '0' && w[0] <= 'f'
	}
	return false
}

// Name rules: applied to attributes the dumps leave untyped (plain string, no desc, no values).
// They are documented in schema/README.md ("Types from names"). Some names are no integers by
// name although they sound like counts (manual:CLI reference): /system/console's used is a print
// flag and /certificate/scep-server/otp's a bool; /tool/sniffer/host's total and
// /tool/sniffer/connection's mss and resends are pairs (composite, printed "A/B");
// /system/resource/irq's users names interfaces. The integers among them (/ip/pool used and
// total) have their type in the type layer.
var (
	intNames = set("mtu", "l2mtu", "mru", "mrru", "max-mtu", "max-mru", "actual-mtu", "max-l2mtu", "vlan-id",
		"pvid", "distance", "cost", "weight", "bytes", "packets", "count", "retries", "ttl-count", "hops",
		"priority-count", "queue-size", "size",
		"mx-preference", "srv-port", "srv-priority", "srv-weight", "listen-port", "endpoint-port",
		"current-endpoint-port", "client-listen-port", "scope", "target-scope", "max-sessions",
		"path-cost", "internal-path-cost", "link-downs", "run-count", "cpu-count", "cpu-load",
		"cpu-frequency", "free-memory", "total-memory", "free-hdd-space", "total-hdd-space", "remote-as", "local-as", "instance-id", "area-id-int", "vni", "vrid", "ifindex",
		"sessions", "hits", "drops", "errors", "dropped", "lost", "sent", "received", "asn",
		"keepalive-count", "rx-byte", "tx-byte", "rx-packet", "tx-packet", "rx-drop", "tx-drop",
		"rx-error", "tx-error", "tx-queue-drop", "fp-rx-byte", "fp-tx-byte", "fp-rx-packet",
		"fp-tx-packet",
		"max-udp-packet-size", "max-concurrent-queries", "max-concurrent-tcp-sessions",
		"doh-max-concurrent-queries", "doh-max-server-connections", "pcp", "dscp",
		"sequence-number", "max-entries", "max-count", "interval-count", "queued-bytes",
		"queued-packets", "hw-offload-count", "timeout-count", "local-pref", "med",
		"multi-cast", "multi-cast-x",
		// routing metrics and timers' multipliers, VLAN ids, prefix lengths
		"metric", "hello-multiplier", "multiplier", "vid", "hash-mask-length", "prefix-length")
	intSuffixes = []string{"-mtu", "-port", "-vlan-id", "-count", "-bytes", "-packets", "-byte", "-packet",
		"-drops", "-drop", "-errors", "-error", "-distance", "-cost", "-weight", "-size", "-hops", "-retries",
		"-id-int", "-vni", "-sessions", "-connections", "-entries", "-octets",
		"-bps", "-pps", "-kbps", "-bits-per-second", "-packets-per-second", "-per-second",
		"-metric", "-vid", "-prefix-length"}
	boolNames = set("dynamic", "invalid", "disabled", "running", "active", "inactive", "builtin", "default",
		"static", "slave", "expired", "blocked", "authorized", "bound", "ecmp", "hw-offloaded", "connect",
		"complete", "published", "dhcp", "bgp", "ospf", "rip", "modem", "vpn", "blackhole", "established",
		"seen-reply", "assured", "confirmed", "dying", "fasttrack", "srcnat", "dstnat", "hw-offload",
		"passthrough", "radius", "isis", "unreachable", "prohibit", "has-key",
		"expired", "revoked", "trusted", "key-usage-ok", "smart-card-key",
		"inactive-time-ok", "disabled-by-mode", "locked", "enabled", "scheduled", "available", "connected",
		"link-ok", "master", "ipv6", "valid", "orphaned", "filtered", "reachable",
		"stale", "failed", "incomplete", "permanent", "authenticated",
		"eligible", "blocking", "forwarding", "learning", "designated", "root", "alternate", "backup",
		"edge", "point-to-point", "external", "sending-rstp", "sending-stp", "receiving", "backup-x")
	// read-only counters: traffic and event counts of active sessions, hosts and neighbors
	// (/ip/hotspot/active bytes-in "Total bytes received from user", /queue/simple total-dropped
	// "Total count of dropped packets", /routing/bfd/session packets-rx, /routing/ospf/neighbor
	// ls-retransmits)
	roIntNames = set("bytes-in", "bytes-out", "packets-in", "packets-out", "bytes-up", "bytes-down",
		"limit-bytes-in", "limit-bytes-out", "limit-bytes-total", "packets-rx", "packets-tx", "packets-bad",
		"packets-total", "entries-bad", "state-changes", "db-summaries", "ls-requests", "ls-retransmits",
		"total-dropped", "vcno")
	// read-only flags: the letters of print's Flags line, printed true/false by the API
	// (/ip/hotspot/host DHCP "Whether the DHCP is used or not", /ip/hotspot HTTPS "Whether the
	// HTTPS service is running", /ip/hotspot/ip-binding bypassed "Whether the client was excluded",
	// /system/console wedged "Console is currently not available", /ip/route's is-is beside bgp, ospf, rip; /ip/ipsec/installed-sa
	// AH and ESP)
	roBoolNames = set("DHCP", "HTTPS", "AH", "ESP", "bypassed", "wedged", "is-is", "bgp-mpls-vpn",
		"local", "link-local", "global", "self-originated", "flushing", "wraparound", "transit-capable",
		"virtual", "operational", "sending-targeted-hello", "on-demand", "passive", "bgp-signaled",
		"cisco-bgp-signaled", "responder", "natt-peer", "hw-aead")
	// durations by name; not "since", which names a moment (/tool/netwatch since: manual:CLI
	// reference/tool/netwatch gives it type date, "last time the status change happened")
	durationNames    = set("uptime", "age", "expires-after", "last-seen", "idle-time", "timeout", "interval")
	durationSuffixes = []string{"-uptime", "-timeout", "-interval", "-age", "-idle-time"}
	// MAC addresses by name: mac-address and *-mac-address only. A name that merely ends in -mac
	// may count (hotspot addresses-per-mac) or choose (use-src-mac); one that is a MAC address
	// says so in its syntax text (bridge admin-mac "... (MAC address)") or gets a type from a source.
	macNames    = set("mac-address")
	macSuffixes = []string{"-mac-address"}
	// free text: plain strings that are names, descriptions, scripts, secrets or paths. The coverage
	// report lists every other plain-string attribute with the reason it stays a string.
	freeTextNames = set("name", "comment", "source", "script", "on-event", "password", "secret", "key",
		"passphrase", "owner", "description", "contact", "location", "identity", "file", "file-name",
		"filename", "url", "prefix", "log-prefix", "text", "regexp", "regex", "note", "title", "model",
		"serial-number", "version", "platform", "board", "board-name", "architecture-name", "cpu",
		"build-time", "factory-software", "default-name", "interface-name", "hostname", "host-name",
		"host", "server", "user", "username", "user-name", "realm", "domain", "common-name", "subject",
		"issuer", "fingerprint", "serial", "public-key", "private-key", "preshared-key", "psk",
		"certificate", "client-id", "circuit-id", "remote-id", "agent-circuit-id", "agent-remote-id",
		"path", "directory", "dir", "about", "status", "state", "last-link-up-time", "last-link-down-time",
		"last-started", "next-run", "start-date", "start-time", "date", "time", "message", "topics",
		"address-list", "list", "group", "profile", "ssid", "country", "token", "value", "data",
		"command", "program", "hash", "signature", "cookie", "login", "community", "value-name",
		"identifier", "nas-identifier", "called-id", "caller-id", "service-name", "ac-name")
	freeTextSuffixes = []string{"-name", "-comment", "-script", "-password", "-secret", "-key", "-passphrase",
		"-file", "-url", "-path", "-prefix", "-text", "-id", "-description", "-identity", "-certificate",
		"-user", "-username", "-domain", "-hostname", "-version", "-date", "-time", "-list", "-message",
		"-status", "-state"}
)

// notInt are names the integer rules would catch that are not single integers (port lists and
// ranges of firewall matchers), or that RouterOS prints as words: a certificate's key-size is
// prime256v1 for an EC key (manual:CLI reference/certificate: enum (prime256v1 | secp384r1 |
// secp521r1 | 1024 | ... | 8192)).
var notInt = set("dst-port", "src-port", "to-ports", "any-port", "ports", "key-size")

// sizeWithUnit are suffixes of names the integer rules would catch that RouterOS prints as a size
// with its unit: /ip/dns cache-size=2048KiB, /ip/proxy max-cache-object-size=2048KiB (ansible's
// defaults, which it compares with the API's print). Such a value stays a string.
var sizeWithUnit = []string{"cache-size", "cache-used", "cache-object-size"}

func set(v ...string) map[string]bool {
	m := make(map[string]bool, len(v))
	for _, x := range v {
		m[x] = true
	}
	return m
}

func hasSuffix(name string, sfx []string) bool {
	for _, s := range sfx {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}

// isFreeText reports a plain-string attribute whose value is text by nature.
func isFreeText(name string) bool {
	if freeTextNames[name] || hasSuffix(name, freeTextSuffixes) {
		return true
	}
	i := strings.LastIndexByte(name, '.')
	return i >= 0 && freeTextNames[name[i+1:]]
}

// byName types an attribute from its name alone. menus reports which menu paths exist (for
// references). ro reports a read-only property (a counter or a flag). A grouped name
// (security.connect-priority, bgp.local-pref) that the rules do not type by its whole name is
// typed by its last part: RouterOS groups the properties of a sub-menu or a protocol under a
// prefix, and the grouped property is the one of that name (/interface/wifi's
// security.connect-priority is /interface/wifi/security's connect-priority).
func byName(name string, ro bool, menus func(string) bool) (typeInfo, bool) {
	if t, ok := byWholeName(name, ro, menus); ok {
		return t, true
	}
	if i := strings.LastIndexByte(name, '.'); i >= 0 && i < len(name)-1 {
		return byWholeName(name[i+1:], ro, menus)
	}
	return typeInfo{}, false
}

func byWholeName(name string, ro bool, menus func(string) bool) (typeInfo, bool) {
	switch {
	case name == "vrf" || strings.HasSuffix(name, "-vrf"):
		if menus("/ip/vrf") {
			return typeInfo{Type: "ref", Ref: "/ip/vrf", why: "name"}, true
		}
	case name == "routing-table" || strings.HasSuffix(name, "-routing-table"):
		if menus("/routing/table") {
			return typeInfo{Type: "ref", Ref: "/routing/table", why: "name"}, true
		}
	case name == "dst-port" || name == "src-port" || name == "any-port":
		return typeInfo{Type: "int", List: true, Range: true, Min: i64(0), Max: i64(65535), why: "name"}, true
	case ro && (name == "address" || strings.HasSuffix(name, "-address") || strings.HasSuffix(name, "-address6") || name == "gateway") &&
		!strings.HasSuffix(name, "mac-address") && !strings.Contains(name, "hw-address"):
		// read-only addresses only: a writable *-address may take a host name (endpoint-address)
		return typeInfo{Type: "ip-prefix", why: "name"}, true
	}
	switch {
	case name == "interface" || name == "in-interface" || name == "out-interface" || name == "master-interface" ||
		name == "in-bridge-port" || name == "out-bridge-port" || name == "vrf-interface" ||
		(strings.HasSuffix(name, "-interface") && !strings.HasSuffix(name, "actual-interface")):
		if menus("/interface") {
			return typeInfo{Type: "ref", Ref: "/interface", why: "name"}, true
		}
	case name == "interface-list" || strings.HasSuffix(name, "-interface-list") || strings.HasSuffix(name, "-bridge-port-list"):
		if menus("/interface/list") {
			return typeInfo{Type: "ref", Ref: "/interface/list", why: "name"}, true
		}
	case name == "bridge":
		if !ro && menus("/interface/bridge") {
			return typeInfo{Type: "ref", Ref: "/interface/bridge", why: "name"}, true
		}
	}
	switch {
	case macNames[name] || hasSuffix(name, macSuffixes):
		return typeInfo{Type: "mac", why: "name"}, true
	case (intNames[name] || hasSuffix(name, intSuffixes)) && !notInt[name] && !hasSuffix(name, sizeWithUnit) &&
		!strings.HasSuffix(name, "bridge-port"):
		return typeInfo{Type: "int", why: "name"}, true
	case ro && (strings.HasPrefix(name, "rx-") || strings.HasPrefix(name, "tx-")) && !strings.ContainsAny(name, ".") &&
		!containsAny(name, "rate", "average", "current", "power", "chains", "template", "signal", "ccq", "mcs", "speed"):
		// read-only rx-/tx- properties are packet and byte counters (rx-ooo, tx-too-long, rx-sa-ok)
		return typeInfo{Type: "int", why: "name"}, true
	case ro && roIntNames[name]:
		return typeInfo{Type: "int", why: "name"}, true
	case ro && (boolNames[name] || roBoolNames[name]):
		return typeInfo{Type: "bool", why: "name"}, true
	case durationNames[name] || hasSuffix(name, durationSuffixes):
		return typeInfo{Type: "duration", why: "name"}, true
	}
	return typeInfo{}, false
}

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}
