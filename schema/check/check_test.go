package check_test

import (
	"testing"

	"github.com/rosgen/routeros/schema"
	"github.com/rosgen/routeros/schema/check"
)

func TestNormalize(t *testing.T) {
	s, err := schema.Default()
	if err != nil {
		t.Fatal(err)
	}
	m := s.Menu("/ip/firewall/filter")
	cases := []struct{ attr, in, want, err string }{
		{"protocol", "!tcp", "!tcp", ""},
		{"protocol", "tcpp", "", "input does not match any value of protocol"},
		{"tcp-flags", "syn,!ack", "syn,!ack", ""},
		{"connection-state", "!established,related", "!established,related", ""},
		{"disabled", "yes", "true", ""},
		{"log", "maybe", "", "input does not match any value of log"},
		// the matchers with a syntax of their own print with their defaults filled in
		{"limit", "50,5", "50,5:packet", ""},
		{"limit", "!50/1s,5:bit", "!50,5:bit", ""},
		{"limit", "50", "", "input does not match any value of limit"},
		{"dst-limit", "32/1s,32,src-and-dst-addresses/00:00:10", "32,32,src-and-dst-addresses/10s", ""},
		{"nth", "!2,1", "!2,1", ""},
		{"connection-limit", "100,32", "100,32", ""},
		{"connection-rate", "0-100k", "0-100000", ""},
		{"connection-rate", "0-100x", "", "input does not match any value of connection-rate"},
		{"psd", "21,3,3,1", "21,3s,3,1", ""},
		{"icmp-options", "3", "3:0-255", ""},
		{"ttl", "equal:64", "equal:64", ""},
		{"ttl", "64", "", "input does not match any value of ttl"},
		{"time", "08:00:00-17:00:00,fri,mon", "8h-17h,mon,fri", ""},
		{"address-list-timeout", "none-static", "none-static", ""},
		{"address-list-timeout", "00:05:00", "5m", ""},
		{"dscp", "64", "", "value of dscp out of range (0..63)"},
		{"per-connection-classifier", "!both-addresses:2/0", "!both-addresses:2/0", ""},
		{"per-connection-classifier", "both-addresses", "", "input does not match any value of per-connection-classifier"},
		{"ipsec-policy", "in,ipsec", "in,ipsec", ""},
		{"ipsec-policy", "in", "", "input does not match any value of ipsec-policy"},
	}
	for _, c := range cases {
		got, err := check.Value(m.Attr(c.attr), c.in)
		if c.err != "" {
			if err == nil || err.Error() != c.err {
				t.Errorf("%s=%s: error %v, want %q", c.attr, c.in, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s=%s: %q, %v; want %q", c.attr, c.in, got, err, c.want)
		}
	}
	d := s.Menu("/ip/dns").Attr("cache-max-ttl")
	if got, err := check.Value(d, "1d00:00:00"); err != nil || got != "1d" {
		t.Errorf("duration normalize: %q %v", got, err)
	}
	r := &schema.Attr{Name: "mtu", Type: schema.Type{Base: schema.Int, HasMin: true, Min: 68, HasMax: true, Max: 65535, Sentinels: []string{"auto"}}}
	if _, err := check.Value(r, "70000"); err == nil || err.Error() != "value of mtu out of range (68..65535)" {
		t.Errorf("range: %v", err)
	}
	if got, _ := check.Value(r, "auto"); got != "auto" {
		t.Errorf("sentinel: %q", got)
	}
	// connection-bytes=LO-0 has no upper bound (manual:CLI reference/ip/firewall/filter); another
	// reversed range is refused
	cb := m.Attr("connection-bytes")
	if got, err := check.Value(cb, "2000000-0"); err != nil || got != "2000000-0" {
		t.Errorf("connection-bytes 2000000-0: %q, %v", got, err)
	}
	if got, err := check.Value(cb, "0-500000"); err != nil || got != "0-500000" {
		t.Errorf("connection-bytes 0-500000: %q, %v", got, err)
	}
	if _, err := check.Value(cb, "500000-10"); err == nil {
		t.Error("connection-bytes 500000-10: no error")
	}
	if _, err := check.Value(m.Attr("connection-rate"), "100M-200k"); err == nil {
		t.Error("connection-rate 100M-200k (reversed): no error")
	}
	if got, err := check.Value(m.Attr("connection-rate"), "0-100k"); err != nil || got != "0-100000" {
		t.Errorf("connection-rate 0-100k: %q, %v", got, err)
	}
	// values RouterOS takes that single-word completions had made closed enums refuse (manual:CLI
	// reference: IPsec my-id is a kind with its value, a BPDU type a name or a number)
	for _, c := range []struct{ menu, attr, in string }{
		{"/ip/ipsec/identity", "my-id", "fqdn:vpn.example.com"},
		{"/interface/bridge/filter", "stp-type", "128"},
		{"/ip/dhcp-server/option", "code", "66"},
		{"/ipv6/nd", "hop-limit", "64"},
	} {
		if got, err := check.Value(s.Menu(c.menu).Attr(c.attr), c.in); err != nil || got != c.in {
			t.Errorf("%s %s=%s: %q, %v", c.menu, c.attr, c.in, got, err)
		}
	}
	// a date and time in the form of RouterOS before 7.10 is printed in the later one
	dt := &schema.Attr{Name: "expires", Type: schema.Type{Base: schema.DateTime, Sentinels: []string{"never"}}}
	for in, want := range map[string]string{"jan/25/2025 07:15:00": "2025-01-25 07:15:00", "2025-01-25 07:15:00": "2025-01-25 07:15:00", "never": "never"} {
		if got, err := check.Value(dt, in); err != nil || got != want {
			t.Errorf("datetime %q: %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := check.Value(dt, "2025-02-30 07:15:00"); err == nil || err.Error() != "input does not match any value of expires" {
		t.Errorf("datetime feb 30: %v", err)
	}
}

// Every recorded default and every value of a menu's items is in the canonical form the router
// prints: normalising it changes nothing.
func TestDefaultsCanonical(t *testing.T) {
	s, err := schema.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range s.Menus() {
		for _, a := range m.Attrs {
			if !a.HasDefault {
				continue
			}
			got, err := check.Value(a, a.Default)
			if err != nil || got != a.Default {
				t.Errorf("%s: %s default %q: normalises to %q, %v", a.Pos, a.Name, a.Default, got, err)
			}
		}
		for _, it := range m.Items {
			for k, v := range it.Values {
				if k == ".id" {
					continue
				}
				a := m.Attr(k)
				got, err := check.Value(a, v)
				if a.Type.Base == schema.Ref && err == nil {
					continue
				}
				if err != nil || got != v {
					t.Errorf("%s: item %s=%q: normalises to %q, %v", it.Pos, k, v, got, err)
				}
			}
		}
	}
}

func TestFacts(t *testing.T) {
	s, err := schema.Default()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ menu, attr, in, want, err string }{
		{"/ip/firewall/filter", "chain", "mychain", "mychain", ""},
		{"/ip/firewall/filter", "protocol", "6", "6", ""},
		{"/ip/firewall/filter", "protocol", "256", "", "value of protocol out of range (0..255)"},
		{"/ip/firewall/filter", "dst-port", "1-1024,8080", "1-1024,8080", ""},
		{"/ip/firewall/filter", "dst-port", "99999", "", "value of dst-port out of range (0..65535)"},
		{"/ip/firewall/filter", "dst-port", "!22", "!22", ""},
		{"/ip/firewall/filter", "src-address", "300.1.1.1", "", "value of src-address expects range of ip addresses"},
		{"/ip/firewall/filter", "src-address", "10.0.0.1-10.0.0.9", "10.0.0.1-10.0.0.9", ""},
		{"/ip/firewall/filter", "src-address", "10.0.0.0/8", "10.0.0.0/8", ""},
		{"/ip/pool", "ranges", "10.0.0.1-zz", "", "value of ranges expects range of ip addresses"},
		{"/ip/pool", "ranges", "10.0.0.9-10.0.0.1", "", "value of ranges expects range of ip addresses"},
		{"/ip/address", "address", "300.1.1.1/24", "", "invalid value for argument address"},
		{"/interface/vlan", "vlan-id", "5000", "", "value of vlan-id out of range (1..4094)"},
		{"/interface/bridge", "mtu", "auto", "auto", ""},
		{"/ip/dhcp-server/lease", "last-seen", "never", "never", ""},
		{"/interface/bridge/port", "horizon", "none", "none", ""},
		{"/ip/dhcp-server", "client-mac-limit", "unlimited", "unlimited", ""},
		{"/ip/firewall/address-list", "list", "anything", "anything", ""},
		{"/ip/firewall/address-list", "list", "", "", "input does not match any value of list"},
	}
	for _, c := range cases {
		got, err := check.Value(s.Menu(c.menu).Attr(c.attr), c.in)
		if c.err != "" {
			if err == nil || err.Error() != c.err {
				t.Errorf("%s %s=%s: error %v, want %q", c.menu, c.attr, c.in, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s %s=%s: %q, %v; want %q", c.menu, c.attr, c.in, got, err, c.want)
		}
	}
}
