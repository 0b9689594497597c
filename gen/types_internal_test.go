package gen

import (
	"fmt"
	"testing"

	"github.com/dave/jennifer/jen"

	"github.com/rosgen/routeros/schema"
)

// Every base type but the textual ones has a Go type of its own: a base added to the schema
// without a case here would silently become a string in the generated code.
func TestEveryBaseHasGoType(t *testing.T) {
	textual := map[schema.Base]bool{schema.String: true, schema.Ref: true, schema.Flag: true}
	for _, b := range schema.Bases() {
		a := &schema.Attr{Name: "probe", Type: schema.Type{Base: b, Values: []string{"x"}}}
		if b != schema.Enum {
			a.Type.Values = nil
		}
		typ, _ := (&generator{}).goType(a, "Probe")
		got := fmt.Sprintf("%#v", jen.Var().Id("v").Add(typ))
		if isString := got == "var v string"; isString != textual[b] {
			t.Errorf("%s: %q", b, got)
		}
	}
}
