package schema

import (
	"strings"
)

// Base is the base type of a value.
type Base string

// The base types. See schema/README.md for the Go type each one becomes.
const (
	String     Base = "string"    // any bytes
	Int        Base = "int"       // decimal integer (int64)
	Bool       Base = "bool"      // read true/false/yes/no, write yes/no
	Duration   Base = "duration"  // 1w2d3h4m5s, 00:05:00, 500ms (time.Duration)
	IP         Base = "ip"        // IPv4 or IPv6 address (netip.Addr)
	Prefix     Base = "prefix"    // address/bits, host bits kept (netip.Prefix)
	IPOrPrefix Base = "ip-prefix" // address or prefix (value.AddrOrPrefix)
	MAC        Base = "mac"       // MAC address (net.HardwareAddr)
	DateTime   Base = "datetime"  // 2024-05-17 10:55:29 or may/17/2024 10:55:29, the router's clock (value.DateTime)
	Rate       Base = "rate"      // bits per second: reads 10000000 and 10M, writes 10000000 (int64)
	Enum       Base = "enum"      // one of Values; open when reading
	Ref        Base = "ref"       // the name of an item of the menu Type.Ref
	Flag       Base = "flag"      // command argument sent without value (=once=); only in commands

	// The firewall matchers whose values have a syntax of their own.
	Limit       Base = "limit"            // rate[/time],burst[:mode]: 50/5s,2:packet (value.Limit)
	BridgeLimit Base = "bridge-limit"     // rate[/time],burst: 50/5s,2 (value.BridgeLimit)
	DstLimit    Base = "dst-limit"        // rate[/time],burst,mode[/expire] (value.DstLimit)
	Nth         Base = "nth"              // every[,packet]: 2,1 (value.Nth)
	ConnLimit   Base = "connection-limit" // limit,netmask: 100,32 (value.ConnLimit)
	PSD         Base = "psd"              // weight,delay,low,high: 21,3s,3,1 (value.PSD)
	ICMPOptions Base = "icmp-options"     // type[:code[-code]]: 8:0, 3:0-255 (value.ICMPOptions)
	Compare     Base = "compare"          // equal|not-equal|less-than|greater-than:N: equal:64 (value.Compare)
	Adjust      Base = "adjust"           // set|increment|decrement:N: set:64 (value.Adjust)
	TimeMatch   Base = "time-match"       // from-to,days: 8h-17h,mon,tue (value.TimeMatch)
	PCC         Base = "pcc"              // hash:denominator/remainder: both-addresses:2/0 (value.PCC)
	IPsecPolicy Base = "ipsec-policy"     // in|out,ipsec|none: in,ipsec (value.IPsecPolicy)
)

var bases = []Base{String, Int, Bool, Duration, IP, Prefix, IPOrPrefix, MAC, DateTime, Rate, Enum, Ref, Flag,
	Limit, BridgeLimit, DstLimit, Nth, ConnLimit, PSD, ICMPOptions, Compare, Adjust, TimeMatch, PCC, IPsecPolicy}

// Bases returns every base type the schema knows, in a fixed order.
func Bases() []Base { return append([]Base(nil), bases...) }

// Type is the type of an attribute.
type Type struct {
	// Base is the base type.
	Base Base
	// List reports a comma-separated list of Base values (a set, for enums).
	List bool
	// Negatable reports that the value may be prefixed with '!'. For a list, the whole list is
	// negated ("!established,related") unless NegateEach is set.
	Negatable bool
	// NegateEach reports a list whose elements are negated one by one ("syn,!ack",
	// "info,!debug"). It implies Negatable and List.
	NegateEach bool
	// Sentinels are words accepted instead of a Base value ("auto", "none", "unlimited").
	Sentinels []string
	// Values are the known values of an enum.
	Values []string
	// Open reports an enum whose Values are only suggestions: any non-empty text is accepted
	// (firewall chains, marks, list names). A closed enum accepts only Values (and, with
	// HasMin/HasMax, decimal numbers in Min..Max: protocol=6).
	Open bool
	// Pair reports an upload/download pair of Base values A/B (/queue/simple max-limit=10M/10M,
	// bytes=0/0); the Go type is value.Pair[T]. It takes no list, range or negation.
	Pair bool
	// Range reports an int or ip value that may also be a range LO-HI (dst-port=1-1024,
	// 10.0.0.1-10.0.0.9); with List, a comma list of values and ranges.
	Range bool
	// OpenEnd reports a range whose upper end 0 means no upper bound (connection-bytes=2000000-0
	// matches once more than 2 MB went through), so LO-0 is not a reversed range.
	OpenEnd bool
	// Ref is the path of the referenced menu, for Base Ref.
	Ref string
	// OrRef is a second menu a reference may name an item of (/interface/bridge/port interface: an
	// interface or an interface list), for Base Ref.
	OrRef string
	// Min and Max bound an Int (both ends of a range) when HasMin/HasMax are set. On a closed Enum
	// they admit decimal numbers in Min..Max beside the Values.
	Min, Max       int64
	HasMin, HasMax bool
}

// String describes the type in the schema's own words ("int[auto]", "list of enum", "!ref(/interface)").
func (t Type) String() string {
	var b strings.Builder
	if t.Negatable && !t.NegateEach {
		b.WriteString("!")
	}
	if t.List {
		b.WriteString("list of ")
	}
	if t.Pair {
		b.WriteString("pair of ")
	}
	if t.NegateEach {
		b.WriteString("!")
	}
	b.WriteString(string(t.Base))
	if t.Base == Ref {
		b.WriteString("(" + t.Ref)
		if t.OrRef != "" {
			b.WriteString(" or " + t.OrRef)
		}
		b.WriteString(")")
	}
	if len(t.Sentinels) > 0 {
		b.WriteString("[" + strings.Join(t.Sentinels, "|") + "]")
	}
	return b.String()
}
