package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Coverage counts a type other than plain string as typed, and an open enum that suggests no
// values (a chain's name) as free text: its Go type is a plain string.
func TestCoverageCounts(t *testing.T) {
	dir := t.TempDir()
	src := `package: acme
path: /acme
menus:
  - path: /acme/rule
    kind: list
    verbs: [print, add, set, remove]
    attrs:
      - {name: name}
      - {name: port, type: int}
      - {name: action, type: enum, values: [accept, drop]}
      - {name: chain, type: enum, open: true}
      - {name: mark, type: enum, open: true, values: [main]}
      - {name: gateway}
`
	if err := os.WriteFile(filepath.Join(dir, "acme.yaml"), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := runCoverage([]string{"-schema", dir}, &out); err != nil {
		t.Fatal(err)
	}
	// 6 attributes: port, action, mark typed; name, chain free text; gateway other
	want := "total               1      6      3   50.0%      2      1"
	if !strings.Contains(out.String(), want) {
		t.Errorf("coverage:\n%s\nwant a line %q", out.String(), want)
	}
}
