// Package value parses and formats RouterOS attribute values: the text forms the API sends and
// accepts for strings, integers, booleans, durations, IP addresses and prefixes, MAC addresses, enums,
// dates and times of the router's clock (DateTime), data rates and upload/download pairs (Rate,
// Pair), the firewall matchers with a syntax of their own (Limit, Nth, TimeMatch, PCC...), comma
// lists, values with sentinel words (auto, none, unlimited) and negatable values (!tcp).
//
// It is a leaf package shared by the generated clients (package ros and its subpackages), the schema
// validator and the simulator. Every parser takes raw bytes in a string and never panics; strings
// that are not UTF-8 pass through unchanged.
package value

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
)

// Codec is a parser and a formatter for one Go representation of a RouterOS value.
// Format(Parse(s)) is the canonical form of s.
type Codec[V any] struct {
	// Parse reads the RouterOS text form.
	Parse func(string) (V, error)
	// Format writes the form RouterOS accepts.
	Format func(V) string
}

// Error is returned by every parser of this package.
type Error struct {
	// Type names the expected type ("integer", "duration", ...).
	Type string
	// Input is the text that did not parse (possibly truncated to 64 bytes).
	Input string
}

func (e *Error) Error() string {
	return fmt.Sprintf("value: %q is not a valid %s", e.Input, e.Type)
}

func bad(typ, in string) error {
	if len(in) > 64 {
		in = in[:64]
	}
	return &Error{Type: typ, Input: in}
}

// String is the identity codec of string values (also used for references to other items by name).
var String = Codec[string]{
	Parse:  func(s string) (string, error) { return s, nil },
	Format: func(s string) string { return s },
}

// Int reads and writes decimal integers. It also reads the 0x hexadecimal form RouterOS accepts.
var Int = Codec[int64]{Parse: ParseInt, Format: func(n int64) string { return strconv.FormatInt(n, 10) }}

// ParseInt parses a RouterOS integer: decimal with an optional sign, or 0x hexadecimal.
func ParseInt(s string) (int64, error) {
	if s == "" {
		return 0, bad("integer", s)
	}
	if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
		u, err := strconv.ParseUint(s[2:], 16, 64)
		if err != nil || s[2:] == "" || strings.ContainsAny(s[2:], "+-_") {
			return 0, bad("integer", s)
		}
		return int64(u), nil
	}
	if strings.Contains(s, "_") {
		return 0, bad("integer", s)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		// counters may exceed int64 on very long uptimes: keep the low bits rather than fail
		if u, uerr := strconv.ParseUint(s, 10, 64); uerr == nil {
			return int64(u), nil
		}
		return 0, bad("integer", s)
	}
	return n, nil
}

// Bool reads true/false/yes/no and writes yes/no.
var Bool = Codec[bool]{Parse: ParseBool, Format: FormatBool}

// ParseBool reads the four boolean words RouterOS uses: true, false, yes and no.
func ParseBool(s string) (bool, error) {
	switch s {
	case "true", "yes":
		return true, nil
	case "false", "no":
		return false, nil
	}
	return false, bad("boolean", s)
}

// FormatBool writes yes or no, the form every RouterOS version accepts.
func FormatBool(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// Addr reads and writes IPv4 and IPv6 addresses.
var Addr = Codec[netip.Addr]{Parse: ParseAddr, Format: formatAddr}

// ParseAddr parses an IPv4 or IPv6 address.
func ParseAddr(s string) (netip.Addr, error) {
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, bad("IP address", s)
	}
	return a, nil
}

func formatAddr(a netip.Addr) string {
	if !a.IsValid() {
		return ""
	}
	return a.String()
}

// Prefix reads and writes prefixes such as 10.0.0.1/24. The host bits are kept (an interface
// address is a prefix with host bits). A bare address reads as a full-length prefix.
var Prefix = Codec[netip.Prefix]{Parse: ParsePrefix, Format: formatPrefix}

// ParsePrefix parses address/bits; a bare address is read as /32 or /128.
func ParsePrefix(s string) (netip.Prefix, error) {
	if !strings.Contains(s, "/") {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return netip.Prefix{}, bad("IP prefix", s)
		}
		return netip.PrefixFrom(a, a.BitLen()), nil
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, bad("IP prefix", s)
	}
	return p, nil
}

func formatPrefix(p netip.Prefix) string {
	if !p.IsValid() {
		return ""
	}
	return p.String()
}

// AddrOrPrefix is a value that RouterOS accepts either as a bare address or as a prefix
// (firewall src-address, dns static address lists). Bare records which form was read, so the value
// is written back the same way.
type AddrOrPrefix struct {
	// Prefix is the value; a bare address is a full-length prefix.
	Prefix netip.Prefix
	// Bare reports that the value was (or is to be written as) an address without /bits.
	Bare bool
}

// AddrValue returns a bare-address AddrOrPrefix.
func AddrValue(a netip.Addr) AddrOrPrefix {
	return AddrOrPrefix{Prefix: netip.PrefixFrom(a, a.BitLen()), Bare: true}
}

// PrefixValue returns a prefix AddrOrPrefix.
func PrefixValue(p netip.Prefix) AddrOrPrefix { return AddrOrPrefix{Prefix: p} }

// String formats the value as RouterOS accepts it.
func (v AddrOrPrefix) String() string { return formatAddrOrPrefix(v) }

// AddrPrefix reads and writes AddrOrPrefix values.
var AddrPrefix = Codec[AddrOrPrefix]{Parse: ParseAddrOrPrefix, Format: formatAddrOrPrefix}

// ParseAddrOrPrefix parses an address or an address/bits prefix.
func ParseAddrOrPrefix(s string) (AddrOrPrefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return AddrOrPrefix{}, bad("IP address or prefix", s)
		}
		return AddrOrPrefix{Prefix: p}, nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return AddrOrPrefix{}, bad("IP address or prefix", s)
	}
	return AddrValue(a), nil
}

func formatAddrOrPrefix(v AddrOrPrefix) string {
	if !v.Prefix.IsValid() {
		return ""
	}
	if v.Bare && v.Prefix.Bits() == v.Prefix.Addr().BitLen() {
		return v.Prefix.Addr().String()
	}
	return v.Prefix.String()
}

// MAC reads and writes MAC addresses (formatted upper-case with colons, as RouterOS prints them).
var MAC = Codec[net.HardwareAddr]{Parse: ParseMAC, Format: FormatMAC}

// ParseMAC parses a 6-byte MAC address written with colons, dashes or dots.
func ParseMAC(s string) (net.HardwareAddr, error) {
	m, err := net.ParseMAC(s)
	if err != nil || len(m) != 6 {
		return nil, bad("MAC address", s)
	}
	return m, nil
}

// FormatMAC writes AA:BB:CC:DD:EE:FF; a nil or empty address is the empty string.
func FormatMAC(m net.HardwareAddr) string {
	if len(m) == 0 {
		return ""
	}
	return strings.ToUpper(m.String())
}

// Enum is the codec of an open enum: every value parses (values a newer RouterOS adds survive), and
// Format writes the value unchanged. Use Closed to check membership.
func Enum[E ~string]() Codec[E] {
	return Codec[E]{
		Parse:  func(s string) (E, error) { return E(s), nil },
		Format: func(e E) string { return string(e) },
	}
}

// Closed returns c with a parser that refuses values not in values (the simulator's strictness).
func Closed[E ~string](c Codec[E], values ...string) Codec[E] {
	set := make(map[string]bool, len(values))
	for _, v := range values {
		set[v] = true
	}
	return Codec[E]{
		Parse: func(s string) (E, error) {
			if !set[s] {
				var zero E
				return zero, bad("one of "+strings.Join(values, "|"), s)
			}
			return c.Parse(s)
		},
		Format: c.Format,
	}
}

// Or is a value that is either an ordinary value or one of the attribute's sentinel words
// ("auto", "none", "unlimited"...). When Word is not empty, Value is meaningless.
type Or[V any] struct {
	Value V
	Word  string
}

// Val returns an Or holding v.
func Val[V any](v V) Or[V] { return Or[V]{Value: v} }

// Word returns an Or holding the sentinel word w.
func Word[V any](w string) Or[V] { return Or[V]{Word: w} }

// IsWord reports whether the value is the sentinel w.
func (o Or[V]) IsWord(w string) bool { return o.Word == w && w != "" }

// WithWords extends c with sentinel words: each of words reads as itself, anything else through c.
func WithWords[V any](c Codec[V], words ...string) Codec[Or[V]] {
	return Codec[Or[V]]{
		Parse: func(s string) (Or[V], error) {
			for _, w := range words {
				if s == w {
					return Or[V]{Word: w}, nil
				}
			}
			v, err := c.Parse(s)
			if err != nil {
				return Or[V]{}, err
			}
			return Or[V]{Value: v}, nil
		},
		Format: func(o Or[V]) string {
			if o.Word != "" {
				return o.Word
			}
			return c.Format(o.Value)
		},
	}
}

// Neg is a value that may be negated with a leading '!' (firewall matchers: protocol=!tcp).
type Neg[V any] struct {
	Not   bool
	Value V
}

// Is returns a non-negated Neg.
func Is[V any](v V) Neg[V] { return Neg[V]{Value: v} }

// Not returns a negated Neg.
func Not[V any](v V) Neg[V] { return Neg[V]{Not: true, Value: v} }

// Negatable extends c with the '!' prefix.
func Negatable[V any](c Codec[V]) Codec[Neg[V]] {
	return Codec[Neg[V]]{
		Parse: func(s string) (Neg[V], error) {
			not := strings.HasPrefix(s, "!")
			if not {
				s = s[1:]
			}
			v, err := c.Parse(s)
			if err != nil {
				return Neg[V]{}, err
			}
			return Neg[V]{Not: not, Value: v}, nil
		},
		Format: func(n Neg[V]) string {
			if n.Not {
				return "!" + c.Format(n.Value)
			}
			return c.Format(n.Value)
		},
	}
}

// List reads and writes comma-separated lists of c's values. The empty string is the empty list.
func List[V any](c Codec[V]) Codec[[]V] {
	return Codec[[]V]{
		Parse: func(s string) ([]V, error) {
			if s == "" {
				return nil, nil
			}
			parts := strings.Split(s, ",")
			out := make([]V, 0, len(parts))
			var errs []error
			for _, p := range parts {
				v, err := c.Parse(p)
				if err != nil {
					errs = append(errs, err)
					continue
				}
				out = append(out, v)
			}
			return out, errors.Join(errs...)
		},
		Format: func(vs []V) string {
			var b strings.Builder
			for i, v := range vs {
				if i > 0 {
					b.WriteByte(',')
				}
				b.WriteString(c.Format(v))
			}
			return b.String()
		},
	}
}

// Range is a single value or a range LO-HI of values (dst-port=1024-65535, 10.0.0.1-10.0.0.9). A
// single value has Lo equal to Hi.
type Range[V any] struct {
	Lo, Hi V
}

// One returns the range holding the single value v.
func One[V any](v V) Range[V] { return Range[V]{Lo: v, Hi: v} }

// Span returns the range lo-hi.
func Span[V any](lo, hi V) Range[V] { return Range[V]{Lo: lo, Hi: hi} }

// Ranged extends c with the LO-HI form. Format writes a single value when both ends format alike.
// The dash that splits a range is the first one after the first character (so "-5" stays one
// value); IP addresses contain no dash.
func Ranged[V any](c Codec[V]) Codec[Range[V]] {
	return Codec[Range[V]]{
		Parse: func(s string) (Range[V], error) {
			if i := strings.IndexByte(s[min(1, len(s)):], '-'); i >= 0 {
				i += min(1, len(s))
				lo, err := c.Parse(s[:i])
				if err != nil {
					return Range[V]{}, err
				}
				hi, err := c.Parse(s[i+1:])
				if err != nil {
					return Range[V]{}, err
				}
				return Range[V]{Lo: lo, Hi: hi}, nil
			}
			v, err := c.Parse(s)
			if err != nil {
				return Range[V]{}, err
			}
			return Range[V]{Lo: v, Hi: v}, nil
		},
		Format: func(r Range[V]) string {
			lo, hi := c.Format(r.Lo), c.Format(r.Hi)
			if lo == hi {
				return lo
			}
			return lo + "-" + hi
		},
	}
}

// String formats the range with fmt: "53" or "1024-65535".
func (r Range[V]) String() string {
	lo, hi := fmt.Sprint(r.Lo), fmt.Sprint(r.Hi)
	if lo == hi {
		return lo
	}
	return lo + "-" + hi
}
