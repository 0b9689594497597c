package schema

import "testing"

// Hyphenated names of one thing reach the initialisms table whole; the same letters inside a
// longer word do not.
func TestGoNamePhrases(t *testing.T) {
	for in, want := range map[string]string{
		"is-is":              "ISIS",
		"caps-man-addresses": "CAPsMANAddresses",
		"lock-to-caps-man":   "LockToCAPsMAN",
		"caps-manager":       "CapsManager",
		"this-is-island":     "ThisIsIsland",
		"bgp.is-is.metric":   "BGPISISMetric",
	} {
		if got := goName(in); got != want {
			t.Errorf("goName(%q) = %q, want %q", in, got, want)
		}
	}
}
