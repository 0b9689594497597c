package value_test

import (
	"testing"
	"time"

	"github.com/rosgen/routeros/ros/value"
)

func TestRate(t *testing.T) {
	for in, want := range map[string]int64{"0": 0, "256000": 256000, "10M": 10_000_000, "512k": 512_000, "512K": 512_000, "1G": 1_000_000_000} {
		if got, err := value.ParseRate(in); err != nil || got != want {
			t.Errorf("ParseRate(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "M", "-1", "+1", "1.5M", "10m", "10Mbps", "1_000", "99999999999G", "0x10"} {
		if _, err := value.ParseRate(in); err == nil {
			t.Errorf("ParseRate(%q): no error", in)
		}
	}
	if got := value.Rate.Format(10_000_000); got != "10000000" {
		t.Errorf("Format = %q", got)
	}
}

func TestPair(t *testing.T) {
	rates := value.Paired(value.Rate)
	// /queue/simple as the console prints it (manual: DHCP, limit-at=10M/10M) and as
	// terraform-provider-routeros' sample print shows it over REST (max-limit "0/0")
	for in, want := range map[string]value.Pair[int64]{"10M/10M": value.Both[int64](10_000_000), "0/0": {}, "256000/512k": {Up: 256000, Down: 512000}} {
		if got, err := rates.Parse(in); err != nil || got != want {
			t.Errorf("Parse(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "10M", "10M/", "/10M", "1/2/3", "a/b"} {
		if _, err := rates.Parse(in); err == nil {
			t.Errorf("Parse(%q): no error", in)
		}
	}
	if got := rates.Format(value.Pair[int64]{Up: 1_000_000, Down: 5_000_000}); got != "1000000/5000000" {
		t.Errorf("Format = %q", got)
	}
	times := value.Paired(value.Duration)
	if got, err := times.Parse("0s/0s"); err != nil || got != (value.Pair[time.Duration]{}) {
		t.Errorf("burst-time 0s/0s: %v, %v", got, err)
	}
	if got := times.Format(value.Pair[time.Duration]{Up: 8 * time.Second, Down: time.Minute}); got != "8s/1m" {
		t.Errorf("durations: %q", got)
	}
	if got := (value.Pair[int64]{Up: 1, Down: 2}).String(); got != "1/2" {
		t.Errorf("String = %q", got)
	}
}

// Whatever parses formats to a text that parses to the same value.
func FuzzRatePair(f *testing.F) {
	for _, s := range []string{"10M/10M", "0/0", "512k/1G", "1/2"} {
		f.Add(s)
	}
	c := value.Paired(value.Rate)
	f.Fuzz(func(t *testing.T, s string) {
		p, err := c.Parse(s)
		if err != nil {
			return
		}
		out := c.Format(p)
		back, err := c.Parse(out)
		if err != nil || back != p {
			t.Fatalf("%q -> %v -> %q -> %v, %v", s, p, out, back, err)
		}
	})
}
