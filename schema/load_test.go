package schema

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestDefaultLoads(t *testing.T) {
	s, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/ip/address", "/ip/firewall/filter", "/interface", "/interface/list/member", "/system/identity", "/system"} {
		if s.Menu(p) == nil {
			t.Errorf("menu %s missing", p)
		}
	}
}

func TestErrors(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"unknown type", "package: ip\npath: /ip\nmenus:\n  - path: /ip/address\n    kind: list\n    verbs: [print, add, remove]\n    attrs:\n      - {name: address, type: ipaddr}\n",
			`schema/ip.yaml:8:31: unknown type "ipaddr"`},
		{"unknown key", "package: ip\npath: /ip\nmenus:\n  - path: /ip/address\n    knd: list\n",
			`schema/ip.yaml:5:5: unknown key "knd" in menu (known: attrs, commands, doc, field, go, kind, path, verbs)`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Load(fstest.MapFS{"schema/ip.yaml": {Data: []byte(c.src)}}, "schema/ip.yaml")
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error()+"\n", c.want+"\n") {
				t.Errorf("got  %s\nwant %s", err, c.want)
			}
		})
	}
}
