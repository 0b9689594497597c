package schema

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/rosgen/routeros/ros/value"
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
	Enum       Base = "enum"      // one of Values; open when reading
	Ref        Base = "ref"       // the name of an item of the menu Type.Ref
	Flag       Base = "flag"      // command argument sent without value (=once=); only in commands
)

var bases = []Base{String, Int, Bool, Duration, IP, Prefix, IPOrPrefix, MAC, Enum, Ref, Flag}

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
	// Range reports an int or ip value that may also be a range LO-HI (dst-port=1-1024,
	// 10.0.0.1-10.0.0.9); with List, a comma list of values and ranges.
	Range bool
	// Ref is the path of the referenced menu, for Base Ref.
	Ref string
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
	if t.NegateEach {
		b.WriteString("!")
	}
	b.WriteString(string(t.Base))
	if t.Base == Ref {
		b.WriteString("(" + t.Ref + ")")
	}
	if len(t.Sentinels) > 0 {
		b.WriteString("[" + strings.Join(t.Sentinels, "|") + "]")
	}
	return b.String()
}

// ValueError is the error of Attr.Normalize. Its text follows RouterOS's own messages.
type ValueError struct {
	// Attr is the attribute name.
	Attr string
	// Msg is the RouterOS-style message.
	Msg string
}

func (e *ValueError) Error() string { return e.Msg }

// Normalize checks raw, the text a client sent for this attribute, and returns the canonical text
// RouterOS would print for it (yes/no become true/false, durations are rewritten in units, MAC
// addresses upper-cased). Enums are closed here: a value not in Values is refused. The error text is
// RouterOS's: "input does not match any value of NAME" or "value of NAME out of range (MIN..MAX)".
// References are only checked to be non-empty; whether the named item exists is the caller's affair.
func (a *Attr) Normalize(raw string) (string, error) {
	out, err := a.Type.normalize(raw)
	if err != nil {
		if rerr, ok := err.(rangeError); ok {
			return "", &ValueError{Attr: a.Name, Msg: fmt.Sprintf("value of %s out of range (%s)", a.Name, string(rerr))}
		}
		if a.Invalid != "" {
			return "", &ValueError{Attr: a.Name, Msg: a.Invalid}
		}
		return "", &ValueError{Attr: a.Name, Msg: "input does not match any value of " + a.Name}
	}
	return out, nil
}

type rangeError string

func (e rangeError) Error() string { return string(e) }

func (t Type) normalize(raw string) (string, error) {
	neg := ""
	if t.Negatable && !t.NegateEach && strings.HasPrefix(raw, "!") {
		neg, raw = "!", raw[1:]
	}
	if !t.List {
		v, err := t.normalizeOne(raw)
		return neg + v, err
	}
	if raw == "" {
		return neg, nil
	}
	parts := strings.Split(raw, ",")
	for i, p := range parts {
		eneg := ""
		if t.NegateEach && strings.HasPrefix(p, "!") {
			eneg, p = "!", p[1:]
		}
		v, err := t.normalizeOne(p)
		v = eneg + v
		if err != nil {
			return "", err
		}
		parts[i] = v
	}
	return neg + strings.Join(parts, ","), nil
}

func (t Type) normalizeOne(raw string) (string, error) {
	for _, s := range t.Sentinels {
		if raw == s {
			return raw, nil
		}
	}
	if t.Range {
		if lo, hi, ok := splitRange(raw); ok {
			one := t
			one.Range = false
			l, err := one.normalizeOne(lo)
			if err != nil {
				return "", err
			}
			h, err := one.normalizeOne(hi)
			if err != nil {
				return "", err
			}
			if rangeLess(t.Base, h, l) {
				return "", fmt.Errorf("range %s-%s is reversed", l, h)
			}
			return l + "-" + h, nil
		}
	}
	switch t.Base {
	case String:
		return raw, nil
	case Ref:
		if raw == "" {
			return "", fmt.Errorf("empty reference")
		}
		return raw, nil
	case Flag:
		return raw, nil
	case Int:
		n, err := value.ParseInt(raw)
		if err != nil {
			return "", err
		}
		if (t.HasMin && n < t.Min) || (t.HasMax && n > t.Max) {
			lo, hi := "", ""
			if t.HasMin {
				lo = strconv.FormatInt(t.Min, 10)
			}
			if t.HasMax {
				hi = strconv.FormatInt(t.Max, 10)
			}
			return "", rangeError(lo + ".." + hi)
		}
		return strconv.FormatInt(n, 10), nil
	case Bool:
		b, err := value.ParseBool(raw)
		if err != nil {
			return "", err
		}
		return strconv.FormatBool(b), nil
	case Duration:
		d, err := value.ParseDuration(raw)
		if err != nil {
			return "", err
		}
		return value.FormatDuration(d), nil
	case IP:
		v, err := value.Addr.Parse(raw)
		if err != nil {
			return "", err
		}
		return value.Addr.Format(v), nil
	case Prefix:
		v, err := value.Prefix.Parse(raw)
		if err != nil {
			return "", err
		}
		return value.Prefix.Format(v), nil
	case IPOrPrefix:
		v, err := value.AddrPrefix.Parse(raw)
		if err != nil {
			return "", err
		}
		return value.AddrPrefix.Format(v), nil
	case MAC:
		v, err := value.MAC.Parse(raw)
		if err != nil {
			return "", err
		}
		return value.MAC.Format(v), nil
	case Enum:
		for _, v := range t.Values {
			if v == raw {
				return raw, nil
			}
		}
		if t.Open && raw != "" {
			return raw, nil
		}
		if t.HasMin || t.HasMax {
			if n, err := strconv.ParseInt(raw, 10, 64); err == nil {
				if (t.HasMin && n < t.Min) || (t.HasMax && n > t.Max) {
					return "", rangeError(strconv.FormatInt(t.Min, 10) + ".." + strconv.FormatInt(t.Max, 10))
				}
				return strconv.FormatInt(n, 10), nil
			}
		}
		return "", fmt.Errorf("not an enum value")
	}
	return "", fmt.Errorf("unknown type %q", t.Base)
}

// splitRange splits "LO-HI" at the dash between two values. IPv6 addresses hold no '-', so the
// first dash that is not a leading sign splits.
func splitRange(raw string) (lo, hi string, ok bool) {
	i := strings.Index(raw[min(1, len(raw)):], "-")
	if i < 0 {
		return "", "", false
	}
	i += min(1, len(raw))
	return raw[:i], raw[i+1:], true
}

// rangeLess reports a < b for canonical texts of base b.
func rangeLess(b Base, x, y string) bool {
	switch b {
	case Int:
		m, _ := strconv.ParseInt(x, 10, 64)
		n, _ := strconv.ParseInt(y, 10, 64)
		return m < n
	case IP:
		m, err1 := netip.ParseAddr(x)
		n, err2 := netip.ParseAddr(y)
		return err1 == nil && err2 == nil && m.Less(n)
	}
	return false
}
