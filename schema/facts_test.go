package schema

import "testing"

// Every recorded default and every value of a menu's items is in the canonical form the router
// prints: normalising it changes nothing.
func TestDefaultsCanonical(t *testing.T) {
	s, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range s.Menus() {
		for _, a := range m.Attrs {
			if !a.HasDefault {
				continue
			}
			got, err := a.Normalize(a.Default)
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
				got, err := a.Normalize(v)
				if a.Type.Base == Ref && err == nil {
					continue
				}
				if err != nil || got != v {
					t.Errorf("%s: item %s=%q: normalises to %q, %v", it.Pos, k, v, got, err)
				}
			}
		}
	}
}
