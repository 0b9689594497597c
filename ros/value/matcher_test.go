package value

import (
	"errors"
	"reflect"
	"testing"
	"time"
)

// matcherCase: in parses to want, which formats to out.
type matcherCase[V any] struct {
	in   string
	want V
	out  string
}

func checkCodec[V any](t *testing.T, name string, c Codec[V], cases []matcherCase[V], bads []string) {
	t.Helper()
	for _, k := range cases {
		got, err := c.Parse(k.in)
		if err != nil || !reflect.DeepEqual(got, k.want) {
			t.Errorf("%s: Parse(%q) = %+v, %v; want %+v", name, k.in, got, err, k.want)
			continue
		}
		if s := c.Format(got); s != k.out {
			t.Errorf("%s: Format(Parse(%q)) = %q, want %q", name, k.in, s, k.out)
		}
	}
	for _, b := range bads {
		v, err := c.Parse(b)
		var verr *Error
		if !errors.As(err, &verr) {
			t.Errorf("%s: Parse(%q) = %+v, %v; want a *value.Error", name, b, v, err)
		}
	}
}

func TestLimit(t *testing.T) {
	checkCodec(t, "limit", LimitCodec, []matcherCase[Limit]{
		{"400,5:packet", Limit{Rate: 400, Per: time.Second, Burst: 5, Mode: "packet"}, "400,5:packet"},
		{"50/5s,2:packet", Limit{Rate: 50, Per: 5 * time.Second, Burst: 2, Mode: "packet"}, "50/5s,2:packet"},
		{"50/5s,2", Limit{Rate: 50, Per: 5 * time.Second, Burst: 2, Mode: "packet"}, "50/5s,2:packet"},
		{"10/1s,0:bit", Limit{Rate: 10, Per: time.Second, Burst: 0, Mode: "bit"}, "10,0:bit"},
		{"1/1m,1", Limit{Rate: 1, Per: time.Minute, Burst: 1, Mode: "packet"}, "1/1m,1:packet"},
	}, []string{"", "50", "50/5s", "0,5", "50,5:byte", "50/0s,5", "x,5", "50,-1", "50,5:", "32000000001,1", "50,2000000001"})
	if s := FormatLimit(Limit{Rate: 5, Burst: 10}); s != "5,10:packet" {
		t.Errorf("zero Per and Mode: %q", s)
	}
}

func TestBridgeLimit(t *testing.T) {
	checkCodec(t, "bridge limit", BridgeLimitCodec, []matcherCase[BridgeLimit]{
		{"50/5s,2", BridgeLimit{Rate: 50, Per: 5 * time.Second, Burst: 2}, "50/5s,2"},
		{"10,5", BridgeLimit{Rate: 10, Per: time.Second, Burst: 5}, "10,5"},
	}, []string{"", "10", "10,5:packet", "0,5", "10/0s,5"})
}

func TestDstLimit(t *testing.T) {
	checkCodec(t, "dst-limit", DstLimitCodec, []matcherCase[DstLimit]{
		{"32,32,src-and-dst-addresses/10s", DstLimit{Rate: 32, Per: time.Second, Burst: 32, Mode: "src-and-dst-addresses", Expire: 10 * time.Second}, "32,32,src-and-dst-addresses/10s"},
		{"10/1m,5,dst-address", DstLimit{Rate: 10, Per: time.Minute, Burst: 5, Mode: "dst-address"}, "10/1m,5,dst-address"},
		{"10/1s,5,addresses-and-dst-port/00:01:00", DstLimit{Rate: 10, Per: time.Second, Burst: 5, Mode: "addresses-and-dst-port", Expire: time.Minute}, "10,5,addresses-and-dst-port/1m"},
	}, []string{"", "32,32", "32,32,both", "32,32,src-address/", "32,32,src-address/0s", "a,1,src-address", "1,2,src-address,4"})
}

func TestNth(t *testing.T) {
	checkCodec(t, "nth", NthCodec, []matcherCase[Nth]{
		{"2,1", Nth{Every: 2, Packet: 1}, "2,1"},
		{"4,2", Nth{Every: 4, Packet: 2}, "4,2"},
		{"3", Nth{Every: 3}, "3"},
	}, []string{"", "0,1", "2,0", "2,", ",1", "2,1,1", "-2,1"})
}

func TestConnLimit(t *testing.T) {
	checkCodec(t, "connection-limit", ConnLimitCodec, []matcherCase[ConnLimit]{
		{"100,32", ConnLimit{Limit: 100, MaskBits: 32}, "100,32"},
		{"3,64", ConnLimit{Limit: 3, MaskBits: 64}, "3,64"},
	}, []string{"", "100", "100,129", "100,", ",32", "1,2,3"})
}

func TestPSD(t *testing.T) {
	checkCodec(t, "psd", PSDCodec, []matcherCase[PSD]{
		{"21,3s,3,1", PSD{WeightThreshold: 21, DelayThreshold: 3 * time.Second, LowPortWeight: 3, HighPortWeight: 1}, "21,3s,3,1"},
		{"21,3,3,1", PSD{WeightThreshold: 21, DelayThreshold: 3 * time.Second, LowPortWeight: 3, HighPortWeight: 1}, "21,3s,3,1"},
	}, []string{"", "21,3s,3", "21,x,3,1", "21,-3s,3,1", "21,3s,3,1,1"})
}

func TestICMPOptions(t *testing.T) {
	checkCodec(t, "icmp-options", ICMPOptionsCodec, []matcherCase[ICMPOptions]{
		{"8:0", ICMPOptions{Type: 8, Code: One[int64](0)}, "8:0"},
		{"3:0-1", ICMPOptions{Type: 3, Code: Span[int64](0, 1)}, "3:0-1"},
		{"128:0-255", ICMPOptions{Type: 128, Code: Span[int64](0, 255)}, "128:0-255"},
		{"11", ICMPOptions{Type: 11, Code: Span[int64](0, 255)}, "11:0-255"},
	}, []string{"", "256:0", "8:", "8:256", "8:5-1", "8:0-", "x:0", ":0"})
}

func TestCompareAdjust(t *testing.T) {
	checkCodec(t, "compare", CompareCodec, []matcherCase[Compare]{
		{"equal:64", Compare{Op: "equal", N: 64}, "equal:64"},
		{"not-equal:255", Compare{Op: "not-equal", N: 255}, "not-equal:255"},
		{"less-than:0", Compare{Op: "less-than", N: 0}, "less-than:0"},
	}, []string{"", "64", "equal", "equal:", "equal:256", "more:1", "set:1"})
	checkCodec(t, "adjust", AdjustCodec, []matcherCase[Adjust]{
		{"set:64", Adjust{Op: "set", N: 64}, "set:64"},
		{"decrement:1", Adjust{Op: "decrement", N: 1}, "decrement:1"},
	}, []string{"", "64", "set", "equal:1", "increment:300"})
}

func TestTimeMatch(t *testing.T) {
	week := []time.Weekday{0, 1, 2, 3, 4, 5, 6}
	checkCodec(t, "time", TimeMatchCodec, []matcherCase[TimeMatch]{
		{"7h-21h,sun,mon,tue,wed,thu,fri,sat", TimeMatch{From: 7 * time.Hour, To: 21 * time.Hour, Days: week}, "7h-21h,sun,mon,tue,wed,thu,fri,sat"},
		{"21h15m-4h,mon", TimeMatch{From: 21*time.Hour + 15*time.Minute, To: 4 * time.Hour, Days: []time.Weekday{time.Monday}}, "21h15m-4h,mon"},
		{"0s-1d,fri,mon,fri", TimeMatch{From: 0, To: 24 * time.Hour, Days: []time.Weekday{time.Monday, time.Friday}}, "0s-1d,mon,fri"},
		{"08:00:00-17:00:00", TimeMatch{From: 8 * time.Hour, To: 17 * time.Hour, Days: week}, "8h-17h,sun,mon,tue,wed,thu,fri,sat"},
	}, []string{"", "8h", "8h-", "8h-25h", "8h-17h,monday", "8h-17h,", "-1s-2h"})
	if s := FormatTimeMatch(TimeMatch{From: time.Hour, To: 2 * time.Hour, Days: []time.Weekday{time.Saturday, time.Sunday, 9}}); s != "1h-2h,sun,sat" {
		t.Errorf("Format = %q", s)
	}
}

func TestPCCIPsecPolicy(t *testing.T) {
	checkCodec(t, "per-connection-classifier", PCCCodec, []matcherCase[PCC]{
		{"both-addresses:2/0", PCC{Hash: "both-addresses", Denominator: 2, Remainder: 0}, "both-addresses:2/0"},
		{"src-address-and-port:3/1", PCC{Hash: "src-address-and-port", Denominator: 3, Remainder: 1}, "src-address-and-port:3/1"},
	}, []string{"", "both-addresses", "both-addresses:2", "both-addresses:0/0", "both:2/0", "both-addresses:2/-1", "both-addresses:2/0/1"})
	checkCodec(t, "ipsec-policy", IPsecPolicyCodec, []matcherCase[IPsecPolicy]{
		{"in,ipsec", IPsecPolicy{Direction: "in", Policy: "ipsec"}, "in,ipsec"},
		{"out,none", IPsecPolicy{Direction: "out", Policy: "none"}, "out,none"},
	}, []string{"", "in", "in,", "both,ipsec", "in,ipsec,x", "out,esp"})
}

func TestConnectionRate(t *testing.T) {
	// connection-rate is a range of the queue's Rate: manual:Connection rate "0-100k"
	r, err := Ranged(Rate).Parse("200k-100M")
	if err != nil || r != Span[int64](200000, 100000000) {
		t.Errorf("range: %v %v", r, err)
	}
}

func FuzzMatchers(f *testing.F) {
	for _, s := range []string{"50/5s,2:packet", "32,32,src-and-dst-addresses/10s", "2,1", "100,32", "21,3s,3,1",
		"8:0-255", "equal:64", "set:1", "7h-21h,sun,sat", "0-100k", "!50,5", "99999999999999999999,1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		roundTrip(t, LimitCodec, s)
		roundTrip(t, Negatable(LimitCodec), s)
		roundTrip(t, BridgeLimitCodec, s)
		roundTrip(t, DstLimitCodec, s)
		roundTrip(t, NthCodec, s)
		roundTrip(t, ConnLimitCodec, s)
		roundTrip(t, PSDCodec, s)
		roundTrip(t, ICMPOptionsCodec, s)
		roundTrip(t, CompareCodec, s)
		roundTrip(t, AdjustCodec, s)
		roundTrip(t, TimeMatchCodec, s)
		roundTrip(t, Ranged(Rate), s)
		roundTrip(t, Negatable(PCCCodec), s)
		roundTrip(t, IPsecPolicyCodec, s)
		sameValue(t, LimitCodec, s)
		sameValue(t, BridgeLimitCodec, s)
		sameValue(t, DstLimitCodec, s)
		sameValue(t, TimeMatchCodec, s)
		sameValue(t, ICMPOptionsCodec, s)
	})
}

// sameValue: what Parse reads, Format writes so that Parse reads the same value again.
func sameValue[V any](t *testing.T, c Codec[V], in string) {
	v, err := c.Parse(in)
	if err != nil {
		return
	}
	v2, err := c.Parse(c.Format(v))
	if err != nil || !reflect.DeepEqual(v, v2) {
		t.Fatalf("%q: %+v formats to %q, which parses to %+v, %v", in, v, c.Format(v), v2, err)
	}
}
