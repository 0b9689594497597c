package check

import (
	"strings"
	"testing"

	"github.com/rosgen/routeros/schema"
)

// Every base type has a normaliser: a base added to the schema without one would make rossim
// refuse every value of it ("unknown type", which Value hides behind RouterOS's own message).
func TestEveryBaseNormalizes(t *testing.T) {
	for _, b := range schema.Bases() {
		if _, err := normalizeOne(schema.Type{Base: b}, "probe"); err != nil && strings.Contains(err.Error(), "unknown type") {
			t.Errorf("%s: %v", b, err)
		}
	}
	if _, err := normalizeOne(schema.Type{Base: "no-such-base"}, "probe"); err == nil || !strings.Contains(err.Error(), "unknown type") {
		t.Errorf("a base without a normaliser: %v, want an unknown type error", err)
	}
}
