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
			`schema/ip.yaml:5:5: unknown key "knd" in menu (known: attrs, commands, doc, field, go, items, kind, locked, path, unique, verbs, view)`},
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

func TestFactKeys(t *testing.T) {
	src := `package: ip
path: /ip
menus:
  - path: /ip/thing
    kind: list
    verbs: [print, add, set, remove]
    unique:
      - {attrs: [list, address], error: "failure: already have such entry"}
    items:
      - {list: builtin-list, address: 10.0.0.1, builtin: true}
    locked:
      - {when: builtin, error: "failure: cannot change builtin"}
    attrs:
      - {name: address, type: ip, range: true, invalid: "invalid value for argument address"}
      - {name: list, type: enum, open: true, default: ""}
      - {name: proto, type: enum, values: [tcp], min: 0, max: 255}
      - {name: action, type: enum, values: [accept, jump], default: accept}
      - {name: jump-target, required-if: {action: jump}}
      - {name: builtin, type: bool, ro: true, default: "false"}
  - path: /ip/view
    kind: list
    verbs: [print, add, remove]
    view: {of: /ip/thing, where: {list: v}}
    attrs:
      - {name: list}
`
	s, err := Load(fstest.MapFS{"schema/ip.yaml": {Data: []byte(src)}}, "schema/ip.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m := s.Menu("/ip/thing")
	if len(m.Unique) != 1 || m.Unique[0].Error != "failure: already have such entry" || len(m.Unique[0].Attrs) != 2 {
		t.Errorf("unique = %+v", m.Unique)
	}
	if len(m.Items) != 1 || m.Items[0].Values["builtin"] != "true" || len(m.Locked) != 1 {
		t.Errorf("items %+v locked %+v", m.Items, m.Locked)
	}
	if a := m.Attr("list"); !a.Type.Open || !a.HasDefault || a.Default != "" {
		t.Errorf("list: %+v", a)
	}
	if a := m.Attr("address"); !a.Type.Range || a.Invalid == "" {
		t.Errorf("address: %+v", a)
	}
	if a := m.Attr("jump-target"); len(a.RequiredIf) != 1 || a.RequiredIf[0].Attr != "action" || a.RequiredIf[0].Values[0] != "jump" {
		t.Errorf("jump-target: %+v", a.RequiredIf)
	}
	if a := m.Attr("jump-target"); a.HasDefault {
		t.Error("jump-target has no default")
	}
	if v := s.Menu("/ip/view").View; v == nil || v.Of != "/ip/thing" || v.Where["list"] != "v" {
		t.Errorf("view = %+v", v)
	}
}

func TestFactErrors(t *testing.T) {
	head := "package: ip\npath: /ip\nmenus:\n  - path: /ip/thing\n    kind: list\n    verbs: [print, add, remove]\n"
	cases := []struct{ name, src, want string }{
		{"unique unknown attr", head + "    unique:\n      - {attrs: [nope], error: x}\n    attrs:\n      - {name: a}\n", `names "nope", which is not an attribute`},
		{"lock not bool", head + "    locked:\n      - {when: a, error: x}\n    attrs:\n      - {name: a}\n", `lock attribute "a" of /ip/thing is not a bool`},
		{"open on int", head + "    attrs:\n      - {name: a, type: int, open: true}\n", `open: is only for type enum`},
		{"range on string", head + "    attrs:\n      - {name: a, range: true}\n", `range: is only for type int, rate, ip or ip-prefix`},
		{"required-if unknown", head + "    attrs:\n      - {name: a, required-if: {b: x}}\n", `required-if of "a" names "b"`},
		{"view unknown", head + "    view: {of: /ip/nope}\n    attrs:\n      - {name: a}\n", `view of unknown menu /ip/nope`},
		{"item unknown attr", head + "    items:\n      - {b: x}\n    attrs:\n      - {name: a}\n", `item names "b"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Load(fstest.MapFS{"schema/ip.yaml": {Data: []byte(c.src)}}, "schema/ip.yaml")
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want %q", err, c.want)
			}
		})
	}
}

// open-end: marks an int range whose upper end 0 means no upper bound; on anything else it is an
// error.
func TestOpenEndOnlyForIntRange(t *testing.T) {
	src := `package: acme
path: /acme
menus:
  - path: /acme/rule
    kind: list
    verbs: [print, add, set, remove]
    attrs:
      - {name: bytes, type: int, range: true, open-end: true}
      - {name: size, type: int, open-end: true}
`
	_, err := Load(fstest.MapFS{"acme.yaml": {Data: []byte(src)}}, "acme.yaml")
	if err == nil || !strings.Contains(err.Error(), `open-end: is only for an int range (attribute "size")`) || strings.Contains(err.Error(), `"bytes"`) {
		t.Errorf("err = %v, want one error, for size", err)
	}
}
