// Package check validates and canonicalises RouterOS attribute values against the schema's types:
// the one normaliser the simulator uses, and that any other consumer of the schema (an importer, a
// linter) can use to check defaults and examples. It parses with the codecs of package value, the
// ones the generated clients use.
package check

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/rosgen/routeros/ros/value"
	"github.com/rosgen/routeros/schema"
)

// ValueError is the error of Value. Its text follows RouterOS's own messages.
type ValueError struct {
	// Attr is the attribute name.
	Attr string
	// Msg is the RouterOS-style message.
	Msg string
}

func (e *ValueError) Error() string { return e.Msg }

// Value checks raw, the text a client sent for attribute a, and returns the canonical text RouterOS
// would print for it (yes/no become true/false, durations are rewritten in units, MAC addresses
// upper-cased). A closed enum refuses a value not in its Values (numbers in Min..Max aside); an open
// one takes any non-empty text. The error is a *ValueError whose text is RouterOS's: the attribute's
// Invalid text, else "input does not match any value of NAME", or "value of NAME out of range
// (MIN..MAX)". References are only checked to be non-empty; whether the named item exists is the
// caller's affair.
func Value(a *schema.Attr, raw string) (string, error) {
	out, err := normalize(a.Type, raw)
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

func normalize(t schema.Type, raw string) (string, error) {
	neg := ""
	if t.Negatable && !t.NegateEach && strings.HasPrefix(raw, "!") {
		neg, raw = "!", raw[1:]
	}
	if t.Pair {
		a, b, ok := strings.Cut(raw, "/")
		if !ok {
			return "", fmt.Errorf("not an upload/download pair")
		}
		half := t
		half.Pair = false
		x, err := normalizeOne(half, a)
		if err != nil {
			return "", err
		}
		y, err := normalizeOne(half, b)
		if err != nil {
			return "", err
		}
		return x + "/" + y, nil
	}
	if !t.List {
		v, err := normalizeOne(t, raw)
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
		v, err := normalizeOne(t, p)
		v = eneg + v
		if err != nil {
			return "", err
		}
		parts[i] = v
	}
	return neg + strings.Join(parts, ","), nil
}

func normalizeOne(t schema.Type, raw string) (string, error) {
	for _, s := range t.Sentinels {
		if raw == s {
			return raw, nil
		}
	}
	if t.Range {
		if lo, hi, ok := splitRange(raw); ok {
			one := t
			one.Range = false
			if one.Base == schema.IPOrPrefix {
				one.Base = schema.IP // both ends of an IP address range are addresses
			}
			l, err := normalizeOne(one, lo)
			if err != nil {
				return "", err
			}
			h, err := normalizeOne(one, hi)
			if err != nil {
				return "", err
			}
			if rangeLess(t.Base, h, l) && !(t.OpenEnd && h == "0") {
				return "", fmt.Errorf("range %s-%s is reversed", l, h)
			}
			return l + "-" + h, nil
		}
	}
	switch t.Base {
	case schema.String:
		return raw, nil
	case schema.Ref:
		if raw == "" {
			return "", fmt.Errorf("empty reference")
		}
		return raw, nil
	case schema.Flag:
		return raw, nil
	case schema.Int:
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
	case schema.Bool:
		b, err := value.ParseBool(raw)
		if err != nil {
			return "", err
		}
		return strconv.FormatBool(b), nil
	case schema.Enum:
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
	if canon, ok := byCodec[t.Base]; ok {
		return canon(raw)
	}
	return "", fmt.Errorf("unknown type %q", t.Base)
}

// byCodec are the bases whose canonical text is the one their value codec formats, the form
// RouterOS prints (durations in units, MAC addresses upper-cased, 10M as 10000000).
var byCodec = map[schema.Base]func(string) (string, error){
	schema.Duration:    canonical(value.Duration),
	schema.IP:          canonical(value.Addr),
	schema.Prefix:      canonical(value.Prefix),
	schema.IPOrPrefix:  canonical(value.AddrPrefix),
	schema.MAC:         canonical(value.MAC),
	schema.Rate:        canonical(value.Rate),
	schema.DateTime:    canonical(value.Stamp),
	schema.Limit:       canonical(value.LimitCodec),
	schema.BridgeLimit: canonical(value.BridgeLimitCodec),
	schema.DstLimit:    canonical(value.DstLimitCodec),
	schema.Nth:         canonical(value.NthCodec),
	schema.ConnLimit:   canonical(value.ConnLimitCodec),
	schema.PSD:         canonical(value.PSDCodec),
	schema.ICMPOptions: canonical(value.ICMPOptionsCodec),
	schema.Compare:     canonical(value.CompareCodec),
	schema.Adjust:      canonical(value.AdjustCodec),
	schema.TimeMatch:   canonical(value.TimeMatchCodec),
	schema.PCC:         canonical(value.PCCCodec),
	schema.IPsecPolicy: canonical(value.IPsecPolicyCodec),
}

// canonical returns the function that gives the text c formats a raw value to.
func canonical[V any](c value.Codec[V]) func(string) (string, error) {
	return func(raw string) (string, error) {
		v, err := c.Parse(raw)
		if err != nil {
			return "", err
		}
		return c.Format(v), nil
	}
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
func rangeLess(b schema.Base, x, y string) bool {
	switch b {
	case schema.Int, schema.Rate: // both canonical as decimal numbers
		m, _ := strconv.ParseInt(x, 10, 64)
		n, _ := strconv.ParseInt(y, 10, 64)
		return m < n
	case schema.IP, schema.IPOrPrefix:
		m, err1 := netip.ParseAddr(x)
		n, err2 := netip.ParseAddr(y)
		return err1 == nil && err2 == nil && m.Less(n)
	}
	return false
}
