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
