package value

import (
	"strconv"
	"strings"
	"time"
)

// The firewall matchers whose values have a syntax of their own (/ip/firewall/filter limit=50/5s,2:packet,
// nth=2,1, ttl=equal:64, time=8h-17h,mon,tue...). The grammar of each is the one MikroTik's CLI
// reference gives for the argument. The forms Format writes follow the exports and prints seen for
// limit, dst-limit, psd, icmp-options and time; for nth, pcc and the "/PER" of the limits they are
// UNVERIFIED (the grammar's form, with RouterOS's defaults filled in).
// connection-rate is a range of Rate (0-100k).

// Limit is the value of the firewall limit matcher: at most Rate packets (or bits) per Per, with a
// burst of Burst, counted in Mode. RouterOS text: "RATE[/PER],BURST[:MODE]" ("50/5s,2:packet",
// "400,5:packet").
type Limit struct {
	// Rate is the packet (or bit) count per Per (1..32000000000).
	Rate int64
	// Per is the interval the rate is counted over; RouterOS takes 1s when none is given.
	Per time.Duration
	// Burst is the initial number of packets (or bits) to match (0..2000000000).
	Burst int64
	// Mode is "packet" (the default) or "bit".
	Mode string
}

// LimitCodec reads "RATE[/PER],BURST[:MODE]" and writes the form RouterOS prints: "/PER" left out
// when it is 1s, the mode always given ("50,5:packet", "50/5s,2:packet").
var LimitCodec = Codec[Limit]{Parse: ParseLimit, Format: FormatLimit}

// ParseLimit parses a limit matcher value. A missing interval is 1s, a missing mode packet.
func ParseLimit(s string) (Limit, error) {
	const typ = "limit (rate[/time],burst[:packet|bit])"
	head, burst, ok := strings.Cut(s, ",")
	if !ok {
		return Limit{}, bad(typ, s)
	}
	l := Limit{Per: time.Second, Mode: "packet"}
	var err error
	if l.Rate, l.Per, err = ratePer(head); err != nil || l.Rate < 1 || l.Rate > 32000000000 {
		return Limit{}, bad(typ, s)
	}
	if b, mode, ok := strings.Cut(burst, ":"); ok {
		if mode != "packet" && mode != "bit" {
			return Limit{}, bad(typ, s)
		}
		l.Mode, burst = mode, b
	}
	if l.Burst, ok = decimal(burst, 0, 2000000000); !ok {
		return Limit{}, bad(typ, s)
	}
	return l, nil
}

// FormatLimit writes RATE[/PER],BURST:MODE; a zero Per or Mode is written as the default.
func FormatLimit(l Limit) string {
	mode := l.Mode
	if mode == "" {
		mode = "packet"
	}
	return formatRatePer(l.Rate, l.Per) + "," + strconv.FormatInt(l.Burst, 10) + ":" + mode
}

// BridgeLimit is the value of the bridge firewall's limit matcher: the IP firewall's Limit without a
// mode. RouterOS text: "RATE[/PER],BURST" ("50/5s,2").
type BridgeLimit struct {
	// Rate is the packet count per Per.
	Rate int64
	// Per is the interval the rate is counted over; RouterOS takes 1s when none is given.
	Per time.Duration
	// Burst is the initial number of packets to match.
	Burst int64
}

// BridgeLimitCodec reads and writes "RATE[/PER],BURST"; "/PER" is left out when it is 1s or not
// positive (which reads back as 1s).
var BridgeLimitCodec = Codec[BridgeLimit]{Parse: ParseBridgeLimit, Format: FormatBridgeLimit}

// ParseBridgeLimit parses a bridge firewall limit value. A missing interval is 1s.
func ParseBridgeLimit(s string) (BridgeLimit, error) {
	const typ = "bridge limit (rate[/time],burst)"
	head, burst, ok := strings.Cut(s, ",")
	if !ok {
		return BridgeLimit{}, bad(typ, s)
	}
	var l BridgeLimit
	var err error
	if l.Rate, l.Per, err = ratePer(head); err != nil || l.Rate < 1 {
		return BridgeLimit{}, bad(typ, s)
	}
	if l.Burst, ok = decimal(burst, 0, maxU32); !ok {
		return BridgeLimit{}, bad(typ, s)
	}
	return l, nil
}

// FormatBridgeLimit writes RATE[/PER],BURST.
func FormatBridgeLimit(l BridgeLimit) string {
	return formatRatePer(l.Rate, l.Per) + "," + strconv.FormatInt(l.Burst, 10)
}

// DstLimit is the value of the firewall dst-limit matcher: a limit per flow, the flows told apart by
// Mode. RouterOS text: "RATE[/PER],BURST,MODE[/EXPIRE]" ("32,32,src-and-dst-addresses/10s").
type DstLimit struct {
	// Rate is the packet count per Per for each flow.
	Rate int64
	// Per is the interval the rate is counted over; RouterOS takes 1s when none is given.
	Per time.Duration
	// Burst is the initial number of packets of each flow to match.
	Burst int64
	// Mode names the fields that make a flow: dst-address, dst-address-and-port, src-address,
	// src-and-dst-addresses or addresses-and-dst-port.
	Mode string
	// Expire is the idle time after which a flow may be forgotten; zero when not given.
	Expire time.Duration
}

// DstLimitModes are the values of DstLimit.Mode.
var DstLimitModes = []string{"dst-address", "dst-address-and-port", "src-address", "src-and-dst-addresses", "addresses-and-dst-port"}

// DstLimitCodec reads and writes "RATE[/PER],BURST,MODE[/EXPIRE]"; "/PER" is left out when it is 1s
// or not positive (which reads back as 1s), "/EXPIRE" when it is zero or negative.
var DstLimitCodec = Codec[DstLimit]{Parse: ParseDstLimit, Format: FormatDstLimit}

// ParseDstLimit parses a dst-limit matcher value.
func ParseDstLimit(s string) (DstLimit, error) {
	const typ = "dst-limit (rate[/time],burst,mode[/expire])"
	parts := strings.Split(s, ",")
	if len(parts) != 3 {
		return DstLimit{}, bad(typ, s)
	}
	var d DstLimit
	var err error
	var ok bool
	if d.Rate, d.Per, err = ratePer(parts[0]); err != nil {
		return DstLimit{}, bad(typ, s)
	}
	if d.Burst, ok = decimal(parts[1], 0, maxU32); !ok {
		return DstLimit{}, bad(typ, s)
	}
	mode, expire, hasExpire := strings.Cut(parts[2], "/")
	if !oneOf(mode, DstLimitModes) {
		return DstLimit{}, bad(typ, s)
	}
	d.Mode = mode
	if hasExpire {
		if d.Expire, err = ParseDuration(expire); err != nil || d.Expire <= 0 {
			return DstLimit{}, bad(typ, s)
		}
	}
	return d, nil
}

// FormatDstLimit writes RATE[/PER],BURST,MODE[/EXPIRE].
func FormatDstLimit(d DstLimit) string {
	s := formatRatePer(d.Rate, d.Per) + "," + strconv.FormatInt(d.Burst, 10) + "," + d.Mode
	if d.Expire > 0 {
		s += "/" + FormatDuration(d.Expire)
	}
	return s
}

// Nth is the value of the firewall nth matcher: the Packet-th packet of every Every packets
// ("2,1": the first of every two). RouterOS text: "EVERY[,PACKET]".
type Nth struct {
	// Every is the size of the group of packets counted (1 or more).
	Every int64
	// Packet is the packet of the group that matches (1 or more); zero when not given.
	Packet int64
}

// NthCodec reads and writes "EVERY[,PACKET]".
var NthCodec = Codec[Nth]{Parse: ParseNth, Format: FormatNth}

// ParseNth parses an nth matcher value.
func ParseNth(s string) (Nth, error) {
	const typ = "nth (every[,packet])"
	every, packet, hasPacket := strings.Cut(s, ",")
	var n Nth
	var ok bool
	if n.Every, ok = decimal(every, 1, maxU32); !ok {
		return Nth{}, bad(typ, s)
	}
	if hasPacket {
		if n.Packet, ok = decimal(packet, 1, maxU32); !ok {
			return Nth{}, bad(typ, s)
		}
	}
	return n, nil
}

// FormatNth writes EVERY[,PACKET].
func FormatNth(n Nth) string {
	s := strconv.FormatInt(n.Every, 10)
	if n.Packet > 0 {
		s += "," + strconv.FormatInt(n.Packet, 10)
	}
	return s
}

// ConnLimit is the value of the firewall connection-limit matcher: more than Limit connections from
// one address block of MaskBits bits. RouterOS text: "LIMIT,MASK" ("100,32").
type ConnLimit struct {
	// Limit is the number of connections.
	Limit int64
	// MaskBits is the prefix length of the address block counted together: 32 or less makes sense
	// for IPv4, but the CLI reference bounds it only for IPv6 (0..128), so 0..128 is read for both.
	MaskBits int64
}

// ConnLimitCodec reads and writes "LIMIT,MASK".
var ConnLimitCodec = Codec[ConnLimit]{Parse: ParseConnLimit, Format: FormatConnLimit}

// ParseConnLimit parses a connection-limit matcher value.
func ParseConnLimit(s string) (ConnLimit, error) {
	const typ = "connection-limit (limit,netmask)"
	limit, mask, ok := strings.Cut(s, ",")
	var c ConnLimit
	if !ok {
		return ConnLimit{}, bad(typ, s)
	}
	if c.Limit, ok = decimal(limit, 0, maxU32); !ok {
		return ConnLimit{}, bad(typ, s)
	}
	if c.MaskBits, ok = decimal(mask, 0, 128); !ok {
		return ConnLimit{}, bad(typ, s)
	}
	return c, nil
}

// FormatConnLimit writes LIMIT,MASK.
func FormatConnLimit(c ConnLimit) string {
	return strconv.FormatInt(c.Limit, 10) + "," + strconv.FormatInt(c.MaskBits, 10)
}

// PSD is the value of the firewall psd (port scan detection) matcher. RouterOS text:
// "WEIGHT,DELAY,LOW,HIGH" ("21,3s,3,1").
type PSD struct {
	// WeightThreshold is the total weight of packets to different ports from one host that makes
	// a port scan.
	WeightThreshold int64
	// DelayThreshold is the time within which such packets count as one scan.
	DelayThreshold time.Duration
	// LowPortWeight is the weight of a packet to a privileged port (below 1024).
	LowPortWeight int64
	// HighPortWeight is the weight of a packet to any other port.
	HighPortWeight int64
}

// PSDCodec reads and writes "WEIGHT,DELAY,LOW,HIGH"; the delay is written in units ("3s").
var PSDCodec = Codec[PSD]{Parse: ParsePSD, Format: FormatPSD}

// ParsePSD parses a psd matcher value.
func ParsePSD(s string) (PSD, error) {
	const typ = "psd (weight,delay,low-port-weight,high-port-weight)"
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return PSD{}, bad(typ, s)
	}
	var p PSD
	var ok bool
	var err error
	if p.WeightThreshold, ok = decimal(parts[0], 0, maxU32); !ok {
		return PSD{}, bad(typ, s)
	}
	if p.DelayThreshold, err = ParseDuration(parts[1]); err != nil || p.DelayThreshold < 0 {
		return PSD{}, bad(typ, s)
	}
	if p.LowPortWeight, ok = decimal(parts[2], 0, maxU32); !ok {
		return PSD{}, bad(typ, s)
	}
	if p.HighPortWeight, ok = decimal(parts[3], 0, maxU32); !ok {
		return PSD{}, bad(typ, s)
	}
	return p, nil
}

// FormatPSD writes WEIGHT,DELAY,LOW,HIGH.
func FormatPSD(p PSD) string {
	return strconv.FormatInt(p.WeightThreshold, 10) + "," + FormatDuration(p.DelayThreshold) + "," +
		strconv.FormatInt(p.LowPortWeight, 10) + "," + strconv.FormatInt(p.HighPortWeight, 10)
}

// ICMPOptions is the value of the firewall icmp-options matcher: an ICMP (or ICMPv6) type and a
// range of codes. RouterOS text: "TYPE[:CODE[-CODE]]" ("8:0", "3:0-1", "128:0-255").
type ICMPOptions struct {
	// Type is the ICMP type (0..255).
	Type int64
	// Code is the range of ICMP codes (0..255). Text with a type alone reads as every code, 0-255;
	// the zero Code is code 0 only (ICMPOptions{Type: 8} is sent as 8:0), so give every code as
	// Span[int64](0, 255).
	Code Range[int64]
}

// ICMPOptionsCodec reads "TYPE[:CODE[-CODE]]" and writes TYPE:CODE or TYPE:LO-HI.
var ICMPOptionsCodec = Codec[ICMPOptions]{Parse: ParseICMPOptions, Format: FormatICMPOptions}

// ParseICMPOptions parses an icmp-options matcher value; a type alone has the codes 0-255.
func ParseICMPOptions(s string) (ICMPOptions, error) {
	const typ = "icmp-options (type[:code[-code]])"
	t, code, hasCode := strings.Cut(s, ":")
	o := ICMPOptions{Code: Range[int64]{Lo: 0, Hi: 255}}
	var ok bool
	if o.Type, ok = decimal(t, 0, 255); !ok {
		return ICMPOptions{}, bad(typ, s)
	}
	if hasCode {
		lo, hi, isRange := strings.Cut(code, "-")
		if o.Code.Lo, ok = decimal(lo, 0, 255); !ok {
			return ICMPOptions{}, bad(typ, s)
		}
		o.Code.Hi = o.Code.Lo
		if isRange {
			if o.Code.Hi, ok = decimal(hi, 0, 255); !ok || o.Code.Hi < o.Code.Lo {
				return ICMPOptions{}, bad(typ, s)
			}
		}
	}
	return o, nil
}

// FormatICMPOptions writes TYPE:CODE or TYPE:LO-HI.
func FormatICMPOptions(o ICMPOptions) string {
	s := strconv.FormatInt(o.Type, 10) + ":" + strconv.FormatInt(o.Code.Lo, 10)
	if o.Code.Hi != o.Code.Lo {
		s += "-" + strconv.FormatInt(o.Code.Hi, 10)
	}
	return s
}

// Compare is the value of the ttl (IPv4) and hop-limit (IPv6) matchers: the header field compared
// with N. RouterOS text: "OP:N" ("equal:64", "less-than:10").
type Compare struct {
	// Op is equal, not-equal, less-than or greater-than.
	Op string
	// N is the value compared with (0..255).
	N int64
}

// CompareOps are the values of Compare.Op.
var CompareOps = []string{"equal", "not-equal", "less-than", "greater-than"}

// CompareCodec reads and writes "OP:N".
var CompareCodec = Codec[Compare]{Parse: ParseCompare, Format: FormatCompare}

// ParseCompare parses a ttl or hop-limit matcher value.
func ParseCompare(s string) (Compare, error) {
	op, n, ok := opNum(s, CompareOps)
	if !ok {
		return Compare{}, bad("comparison (equal|not-equal|less-than|greater-than):0..255", s)
	}
	return Compare{Op: op, N: n}, nil
}

// FormatCompare writes OP:N.
func FormatCompare(c Compare) string { return c.Op + ":" + strconv.FormatInt(c.N, 10) }

// Adjust is the value of the mangle actions' new-ttl (IPv4) and new-hop-limit (IPv6): set the
// header field to N, or increment or decrement it by N. RouterOS text: "OP:N" ("set:64",
// "decrement:1").
type Adjust struct {
	// Op is set, increment or decrement.
	Op string
	// N is the operand (0..255).
	N int64
}

// AdjustOps are the values of Adjust.Op.
var AdjustOps = []string{"set", "increment", "decrement"}

// AdjustCodec reads and writes "OP:N".
var AdjustCodec = Codec[Adjust]{Parse: ParseAdjust, Format: FormatAdjust}

// ParseAdjust parses a new-ttl or new-hop-limit value.
func ParseAdjust(s string) (Adjust, error) {
	op, n, ok := opNum(s, AdjustOps)
	if !ok {
		return Adjust{}, bad("adjustment (set|increment|decrement):0..255", s)
	}
	return Adjust{Op: op, N: n}, nil
}

// FormatAdjust writes OP:N.
func FormatAdjust(a Adjust) string { return a.Op + ":" + strconv.FormatInt(a.N, 10) }

// TimeMatch is the value of the firewall time matcher: a time of day span on some days of the week.
// RouterOS text: "FROM-TO,DAY,DAY..." ("8h-17h,mon,tue,wed,thu,fri", "21h15m-4h,sun,mon,...").
// A span whose To is before its From runs over midnight.
type TimeMatch struct {
	// From and To are times of day, offsets from midnight (0..24h).
	From, To time.Duration
	// Days are the days of the week the span applies on, in order from Sunday, without repeats.
	Days []time.Weekday
}

var weekdayNames = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// TimeMatchCodec reads and writes "FROM-TO,DAY...". The times are written as durations ("0s",
// "7h", "21h15m", "1d"), the days in order from sun. No days means every day: a span read without
// days has all seven (UNVERIFIED: RouterOS's grammar wants the days; every export seen lists them),
// and Format writes all seven for empty Days, as RouterOS prints an all-week rule
// (terraform-provider-routeros' sample: 0s-1d,sun,mon,tue,wed,thu,fri,sat).
var TimeMatchCodec = Codec[TimeMatch]{Parse: ParseTimeMatch, Format: FormatTimeMatch}

// ParseTimeMatch parses a time matcher value.
func ParseTimeMatch(s string) (TimeMatch, error) {
	const typ = "time (from-to[,day...])"
	parts := strings.Split(s, ",")
	from, to, ok := strings.Cut(parts[0], "-")
	if !ok {
		return TimeMatch{}, bad(typ, s)
	}
	var m TimeMatch
	var err error
	if m.From, err = ParseDuration(from); err != nil || m.From < 0 || m.From > 24*time.Hour {
		return TimeMatch{}, bad(typ, s)
	}
	if m.To, err = ParseDuration(to); err != nil || m.To < 0 || m.To > 24*time.Hour {
		return TimeMatch{}, bad(typ, s)
	}
	var set [7]bool
	if len(parts) == 1 {
		set = [7]bool{true, true, true, true, true, true, true}
	}
	for _, d := range parts[1:] {
		i := 0
		for i < 7 && weekdayNames[i] != d {
			i++
		}
		if i == 7 {
			return TimeMatch{}, bad(typ, s)
		}
		set[i] = true
	}
	for i, on := range set {
		if on {
			m.Days = append(m.Days, time.Weekday(i))
		}
	}
	return m, nil
}

// FormatTimeMatch writes FROM-TO,DAY... with the days in order from sun.
func FormatTimeMatch(m TimeMatch) string {
	var b strings.Builder
	b.WriteString(FormatDuration(m.From) + "-" + FormatDuration(m.To))
	var set [7]bool
	for _, d := range m.Days {
		if d >= 0 && d < 7 {
			set[d] = true
		}
	}
	if set == [7]bool{} {
		set = [7]bool{true, true, true, true, true, true, true}
	}
	for i, on := range set {
		if on {
			b.WriteString("," + weekdayNames[i])
		}
	}
	return b.String()
}

// PCC is the value of the firewall per-connection-classifier matcher: the connections whose hash of
// the fields Hash names, modulo Denominator, is Remainder. RouterOS text: "HASH:DENOMINATOR/REMAINDER"
// ("both-addresses:2/0", "src-address-and-port:3/1").
type PCC struct {
	// Hash names the fields hashed: src-address, dst-address, both-addresses, src-port,
	// src-address-and-port, dst-port, dst-address-and-port, both-ports or both-addresses-and-ports.
	Hash string
	// Denominator is the number of streams the connections are divided into (1 or more).
	Denominator int64
	// Remainder is the stream matched (0 or more).
	Remainder int64
}

// PCCHashes are the values of PCC.Hash.
var PCCHashes = []string{"src-address", "dst-address", "both-addresses", "src-port", "src-address-and-port",
	"dst-port", "dst-address-and-port", "both-ports", "both-addresses-and-ports"}

// PCCCodec reads and writes "HASH:DENOMINATOR/REMAINDER".
var PCCCodec = Codec[PCC]{Parse: ParsePCC, Format: FormatPCC}

// ParsePCC parses a per-connection-classifier matcher value.
func ParsePCC(s string) (PCC, error) {
	const typ = "per-connection-classifier (hash:denominator/remainder)"
	hash, rest, ok := strings.Cut(s, ":")
	if !ok || !oneOf(hash, PCCHashes) {
		return PCC{}, bad(typ, s)
	}
	den, rem, ok := strings.Cut(rest, "/")
	p := PCC{Hash: hash}
	if !ok {
		return PCC{}, bad(typ, s)
	}
	if p.Denominator, ok = decimal(den, 1, maxU32); !ok {
		return PCC{}, bad(typ, s)
	}
	if p.Remainder, ok = decimal(rem, 0, maxU32); !ok {
		return PCC{}, bad(typ, s)
	}
	return p, nil
}

// FormatPCC writes HASH:DENOMINATOR/REMAINDER.
func FormatPCC(p PCC) string {
	return p.Hash + ":" + strconv.FormatInt(p.Denominator, 10) + "/" + strconv.FormatInt(p.Remainder, 10)
}

// IPsecPolicy is the value of the firewall ipsec-policy matcher: packets in the direction Direction
// that are (Policy "ipsec") or are not ("none") subject to IPsec. RouterOS text: "DIRECTION,POLICY"
// ("in,ipsec", "out,none").
type IPsecPolicy struct {
	// Direction is in or out.
	Direction string
	// Policy is ipsec or none.
	Policy string
}

// IPsecPolicyCodec reads and writes "DIRECTION,POLICY".
var IPsecPolicyCodec = Codec[IPsecPolicy]{Parse: ParseIPsecPolicy, Format: FormatIPsecPolicy}

// ParseIPsecPolicy parses an ipsec-policy matcher value.
func ParseIPsecPolicy(s string) (IPsecPolicy, error) {
	dir, pol, ok := strings.Cut(s, ",")
	if !ok || (dir != "in" && dir != "out") || (pol != "ipsec" && pol != "none") {
		return IPsecPolicy{}, bad("ipsec-policy (in|out,ipsec|none)", s)
	}
	return IPsecPolicy{Direction: dir, Policy: pol}, nil
}

// FormatIPsecPolicy writes DIRECTION,POLICY.
func FormatIPsecPolicy(p IPsecPolicy) string { return p.Direction + "," + p.Policy }

const maxU32 = 1<<32 - 1

// decimal parses plain decimal digits (no sign, no hex) within lo..hi.
func decimal(s string, lo, hi int64) (int64, bool) {
	if s == "" || len(s) > 19 {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < lo || n > hi {
		return 0, false
	}
	return n, true
}

// ratePer parses "RATE[/PER]" of limit and dst-limit; PER is 1s when not given, and at least 1s
// (manual:CLI reference/ip/firewall/filter: limit's time is [1 .. ]).
func ratePer(s string) (int64, time.Duration, error) {
	rate, per, hasPer := strings.Cut(s, "/")
	n, ok := decimal(rate, 0, 32000000000)
	if !ok {
		return 0, 0, bad("rate", s)
	}
	d := time.Second
	if hasPer {
		var err error
		if d, err = ParseDuration(per); err != nil || d < time.Second {
			return 0, 0, bad("rate", s)
		}
	}
	return n, d, nil
}

func formatRatePer(rate int64, per time.Duration) string {
	s := strconv.FormatInt(rate, 10)
	if per > 0 && per != time.Second {
		s += "/" + FormatDuration(per)
	}
	return s
}

// opNum parses "OP:N" with OP one of ops and N in 0..255.
func opNum(s string, ops []string) (string, int64, bool) {
	op, num, ok := strings.Cut(s, ":")
	if !ok || !oneOf(op, ops) {
		return "", 0, false
	}
	n, ok := decimal(num, 0, 255)
	return op, n, ok
}

func oneOf(s string, set []string) bool {
	for _, v := range set {
		if s == v {
			return true
		}
	}
	return false
}
