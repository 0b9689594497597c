package schema

import (
	"testing"
	"testing/fstest"
)

// FuzzLoad checks that no input makes the loader panic, and that every failure is positioned in
// the file.
func FuzzLoad(f *testing.F) {
	f.Add([]byte("package: ip\npath: /ip\nmenus:\n  - path: /ip/address\n    kind: list\n    verbs: [print, add, remove]\n    attrs:\n      - {name: address, type: prefix}\n"))
	f.Add([]byte("package: iface\ndir: interface\npath: /interface\nmenus:\n  - {path: /interface, kind: none, commands: [{name: x, args: [{name: a, type: flag}]}]}\n"))
	f.Add([]byte("menus: [1, [2], {a: b}]\n"))
	f.Add([]byte("\t- :"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := Load(fstest.MapFS{"schema/x.yaml": {Data: data}}, "schema/x.yaml")
		if el, ok := err.(ErrorList); ok {
			for _, e := range el {
				if e.Pos.File != "schema/x.yaml" {
					t.Fatalf("error without the file: %v", e)
				}
			}
		}
	})
}

func TestNormalize(t *testing.T) {
	s, err := Default()
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
	}
	for _, c := range cases {
		got, err := m.Attr(c.attr).Normalize(c.in)
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
	if got, err := d.Normalize("1d00:00:00"); err != nil || got != "1d" {
		t.Errorf("duration normalize: %q %v", got, err)
	}
	r := &Attr{Name: "mtu", Type: Type{Base: Int, HasMin: true, Min: 68, HasMax: true, Max: 65535, Sentinels: []string{"auto"}}}
	if _, err := r.Normalize("70000"); err == nil || err.Error() != "value of mtu out of range (68..65535)" {
		t.Errorf("range: %v", err)
	}
	if got, _ := r.Normalize("auto"); got != "auto" {
		t.Errorf("sentinel: %q", got)
	}
}
