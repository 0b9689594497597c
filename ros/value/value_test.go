package value

import (
	"net"
	"net/netip"
	"testing"
	"time"
	"unicode/utf8"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestDuration(t *testing.T) {
	cases := []struct {
		in   string
		want time.Duration
		out  string
	}{
		{"1w2d3h4m5s", 9*24*time.Hour + 3*time.Hour + 4*time.Minute + 5*time.Second, "1w2d3h4m5s"},
		{"00:05:00", 5 * time.Minute, "5m"},
		{"500ms", 500 * time.Millisecond, "500ms"},
		{"1d00:00:05", 24*time.Hour + 5*time.Second, "1d5s"},
		{"2w1d10:00:00", 15*24*time.Hour + 10*time.Hour, "2w1d10h"},
		{"00:00:00.200", 200 * time.Millisecond, "200ms"},
		{"05:00", 5 * time.Minute, "5m"},
		{"1s500ms", 1500 * time.Millisecond, "1s500ms"},
		{"30", 30 * time.Second, "30s"},
		{"0s", 0, "0s"},
		{"3us", 3 * time.Microsecond, "3us"},
		{"71w2h27m52s950ms", 71*7*24*time.Hour + 2*time.Hour + 27*time.Minute + 52*time.Second + 950*time.Millisecond, "71w2h27m52s950ms"},
		{"-5s", -5 * time.Second, "-5s"},
	}
	for _, c := range cases {
		got, err := ParseDuration(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", c.in, got, err, c.want)
			continue
		}
		if f := FormatDuration(got); f != c.out {
			t.Errorf("FormatDuration(%v) = %q, want %q", got, f, c.out)
		}
	}
	for _, bad := range []string{"", "s", "1x", "1h2", "::", "1:2:3:4", "abc", "1.5h", "99999999999999999999s", "-", "1d1d:00", "00:00:00."} {
		if d, err := ParseDuration(bad); err == nil {
			t.Errorf("ParseDuration(%q) = %v, want an error", bad, d)
		}
	}
}

func TestBool(t *testing.T) {
	for in, want := range map[string]bool{"true": true, "yes": true, "false": false, "no": false} {
		got, err := ParseBool(in)
		if err != nil || got != want {
			t.Errorf("ParseBool(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := ParseBool("on"); err == nil {
		t.Error("ParseBool(on) did not fail")
	}
	if FormatBool(true) != "yes" || FormatBool(false) != "no" {
		t.Error("FormatBool must write yes/no")
	}
}

func TestInt(t *testing.T) {
	for in, want := range map[string]int64{"0": 0, "1500": 1500, "-3": -3, "0x10": 16, "18446744073709551615": -1} {
		got, err := ParseInt(in)
		if err != nil || got != want {
			t.Errorf("ParseInt(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "1.5", "auto", "0x", "1_000", "0x-1", " 1"} {
		if _, err := ParseInt(bad); err == nil {
			t.Errorf("ParseInt(%q) did not fail", bad)
		}
	}
}

func TestSentinels(t *testing.T) {
	c := WithWords(Int, "auto", "unlimited")
	v, err := c.Parse("auto")
	if err != nil || !v.IsWord("auto") {
		t.Fatalf("auto: %+v %v", v, err)
	}
	v, err = c.Parse("1500")
	if err != nil || v.Word != "" || v.Value != 1500 {
		t.Fatalf("1500: %+v %v", v, err)
	}
	if _, err := c.Parse("none"); err == nil {
		t.Fatal("none is not a sentinel of this attribute")
	}
	if c.Format(Word[int64]("unlimited")) != "unlimited" || c.Format(Val[int64](9)) != "9" {
		t.Fatal("format")
	}
}

func TestNegation(t *testing.T) {
	c := Negatable(Enum[string]())
	v, err := c.Parse("!tcp")
	if err != nil || !v.Not || v.Value != "tcp" {
		t.Fatalf("!tcp: %+v %v", v, err)
	}
	if c.Format(Not("udp")) != "!udp" || c.Format(Is("udp")) != "udp" {
		t.Fatal("format")
	}
	l := Negatable(List(Enum[string]()))
	v2, err := l.Parse("!syn,ack")
	if err != nil || !v2.Not || len(v2.Value) != 2 || l.Format(v2) != "!syn,ack" {
		t.Fatalf("!syn,ack: %+v %v", v2, err)
	}
}

func TestAddresses(t *testing.T) {
	p, err := ParsePrefix("10.0.0.1/24")
	if err != nil || p.String() != "10.0.0.1/24" {
		t.Fatalf("prefix keeps host bits: %v %v", p, err)
	}
	p, err = ParsePrefix("10.0.0.1")
	if err != nil || p.Bits() != 32 {
		t.Fatalf("bare prefix: %v %v", p, err)
	}
	ap, err := ParseAddrOrPrefix("192.168.1.1")
	if err != nil || !ap.Bare || AddrPrefix.Format(ap) != "192.168.1.1" {
		t.Fatalf("bare: %+v %v", ap, err)
	}
	ap, err = ParseAddrOrPrefix("192.168.1.0/24")
	if err != nil || ap.Bare || ap.String() != "192.168.1.0/24" {
		t.Fatalf("prefix: %+v %v", ap, err)
	}
	if _, err := ParseAddrOrPrefix("192.168.1.1-192.168.1.9"); err == nil {
		t.Fatal("range accepted")
	}
	a, err := ParseAddr("fe80::1")
	if err != nil || a != netip.MustParseAddr("fe80::1") {
		t.Fatal(a, err)
	}
	m, err := ParseMAC("aa-bb-cc-dd-ee-0f")
	if err != nil || FormatMAC(m) != "AA:BB:CC:DD:EE:0F" {
		t.Fatal(m, err)
	}
	if _, err := ParseMAC("00:00:00:00:fe:80:00:00:00:00:00:00:02:00:5e:10:00:00:00:01"); err == nil {
		t.Fatal("20-byte MAC accepted")
	}
	if FormatMAC(net.HardwareAddr(nil)) != "" {
		t.Fatal("nil MAC")
	}
}

func TestEnumOpen(t *testing.T) {
	type Action string
	c := Enum[Action]()
	v, err := c.Parse("new-in-7.30")
	if err != nil || v != "new-in-7.30" {
		t.Fatal("open enum must keep unknown values")
	}
	closed := Closed(c, "accept", "drop")
	if _, err := closed.Parse("reject"); err == nil {
		t.Fatal("closed enum accepted an unknown value")
	}
}

func TestStringKeepsBytes(t *testing.T) {
	in := "\xe8\xf2\xe0 cp1251 \xff"
	if utf8.ValidString(in) {
		t.Fatal("test input must not be UTF-8")
	}
	v, _ := String.Parse(in)
	if String.Format(v) != in {
		t.Fatal("string codec changed non-UTF-8 bytes")
	}
	l := List(String)
	vs, _ := l.Parse(in + ",x")
	if l.Format(vs) != in+",x" {
		t.Fatal("list changed bytes")
	}
}

// roundTrip checks that a parsed value formats to text that parses to the same formatted text.
func roundTrip[V any](t *testing.T, c Codec[V], in string) {
	v, err := c.Parse(in)
	if err != nil {
		return
	}
	s := c.Format(v)
	v2, err := c.Parse(s)
	if err != nil {
		t.Fatalf("Parse(Format(Parse(%q))) = Parse(%q): %v", in, s, err)
	}
	if s2 := c.Format(v2); s2 != s {
		t.Fatalf("not stable: %q -> %q -> %q", in, s, s2)
	}
}

func FuzzDuration(f *testing.F) {
	for _, s := range []string{"1w2d3h4m5s", "00:05:00", "500ms", "1d00:00:05", "00:00:00.200", "30", "-1s", "9223372036854775807ns"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { roundTrip(t, Duration, s) })
}

func FuzzInt(f *testing.F) {
	for _, s := range []string{"0", "-1", "0x1f", "18446744073709551615", "auto"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		roundTrip(t, Int, s)
		roundTrip(t, WithWords(Int, "auto", "unlimited", "none"), s)
	})
}

func FuzzBool(f *testing.F) {
	for _, s := range []string{"true", "no", "yes", "false", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { roundTrip(t, Bool, s) })
}

func FuzzAddr(f *testing.F) {
	for _, s := range []string{"10.0.0.1", "::1", "fe80::1%ether1", "10.0.0.1/24", "1.2.3.4-1.2.3.5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		roundTrip(t, Addr, s)
		roundTrip(t, Prefix, s)
		roundTrip(t, AddrPrefix, s)
	})
}

func FuzzMAC(f *testing.F) {
	for _, s := range []string{"AA:BB:CC:DD:EE:FF", "aa-bb-cc-dd-ee-ff", "aabb.ccdd.eeff", "00:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { roundTrip(t, MAC, s) })
}

func FuzzComposite(f *testing.F) {
	for _, s := range []string{"!tcp", "!syn,ack", "a,b,,c", "\xff\xfe", "!", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		roundTrip(t, Negatable(List(Enum[string]())), s)
		roundTrip(t, Negatable(String), s)
		roundTrip(t, List(WithWords(Duration, "none")), s)
		// strings are bytes: the identity holds for any input, UTF-8 or not
		if v, _ := String.Parse(s); String.Format(v) != s {
			t.Fatalf("string codec changed %q", s)
		}
	})
}

func TestRanged(t *testing.T) {
	ports := List(Ranged(Int))
	got, err := ports.Parse("22,1024-65535")
	if err != nil || len(got) != 2 || got[0] != One[int64](22) || got[1] != Span[int64](1024, 65535) {
		t.Fatalf("Parse = %v, %v", got, err)
	}
	if s := ports.Format(got); s != "22,1024-65535" {
		t.Errorf("Format = %q", s)
	}
	ips := Ranged(Addr)
	r, err := ips.Parse("10.0.0.1-10.0.0.9")
	if err != nil || ips.Format(r) != "10.0.0.1-10.0.0.9" {
		t.Errorf("ip range: %v %v", r, err)
	}
	for _, bad := range []string{"10.0.0.1-zz", "1-", "-", "a-b"} {
		if _, err := Ranged(Int).Parse(bad); err == nil && bad != "10.0.0.1-zz" {
			t.Errorf("Parse(%q) accepted", bad)
		}
		if _, err := ips.Parse(bad); err == nil {
			t.Errorf("ip Parse(%q) accepted", bad)
		}
	}
	if r, err := Ranged(Int).Parse("-5"); err != nil || r != One[int64](-5) {
		t.Errorf("-5: %v %v", r, err)
	}
}
