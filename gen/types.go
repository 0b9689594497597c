package gen

import (
	"regexp"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/rosgen/routeros/schema"
)

// goType returns the Go type of an attribute and the expression of its value codec.
//
//	int with sentinels auto   -> value.Or[int64]          value.WithWords(value.Int, "auto")
//	list of int ranges        -> []value.Range[int64]     value.List(value.Ranged(value.Int))
//	list of enum              -> []FirewallTCPFlags value.List(value.Enum[FirewallTCPFlags]())
//	negatable ref             -> value.Neg[string]        value.Negatable(value.String)
//	list, negate-each enum    -> []value.Neg[Topics]      value.List(value.Negatable(value.Enum[Topics]()))
//	pair of rate              -> value.Pair[int64]        value.Paired(value.Rate)
func (g *generator) goType(a *schema.Attr, enumName string) (typ, codec jen.Code) {
	t := a.Type
	var base, c *jen.Statement
	switch t.Base {
	case schema.String, schema.Ref, schema.Flag:
		base, c = jen.String(), jen.Qual(valuePkg, "String")
	case schema.Enum:
		if !namedEnum(a) {
			base, c = jen.String(), jen.Qual(valuePkg, "String") // an open enum with nothing to suggest is a name
			break
		}
		base, c = jen.Id(enumName), jen.Qual(valuePkg, "Enum").Types(jen.Id(enumName)).Call()
	case schema.Int:
		base, c = jen.Int64(), jen.Qual(valuePkg, "Int")
	case schema.Bool:
		base, c = jen.Bool(), jen.Qual(valuePkg, "Bool")
	case schema.Duration:
		base, c = jen.Qual("time", "Duration"), jen.Qual(valuePkg, "Duration")
	case schema.IP:
		base, c = jen.Qual("net/netip", "Addr"), jen.Qual(valuePkg, "Addr")
	case schema.Prefix:
		base, c = jen.Qual("net/netip", "Prefix"), jen.Qual(valuePkg, "Prefix")
	case schema.MAC:
		base, c = jen.Qual("net", "HardwareAddr"), jen.Qual(valuePkg, "MAC")
	case schema.Rate:
		base, c = jen.Int64(), jen.Qual(valuePkg, "Rate")
	default:
		if v, ok := valueTypes[t.Base]; ok {
			base, c = jen.Qual(valuePkg, v[0]), jen.Qual(valuePkg, v[1])
		} else {
			base, c = jen.String(), jen.Qual(valuePkg, "String")
		}
	}
	if t.Range {
		base = jen.Qual(valuePkg, "Range").Types(base)
		c = jen.Qual(valuePkg, "Ranged").Call(c)
	}
	if len(t.Sentinels) > 0 {
		words := []jen.Code{c}
		for _, w := range t.Sentinels {
			words = append(words, jen.Lit(w))
		}
		base = jen.Qual(valuePkg, "Or").Types(base)
		c = jen.Qual(valuePkg, "WithWords").Call(words...)
	}
	if t.Pair {
		base = jen.Qual(valuePkg, "Pair").Types(base)
		c = jen.Qual(valuePkg, "Paired").Call(c)
	}
	if t.NegateEach {
		base = jen.Qual(valuePkg, "Neg").Types(base)
		c = jen.Qual(valuePkg, "Negatable").Call(c)
	}
	if t.List {
		base = jen.Index().Add(base)
		c = jen.Qual(valuePkg, "List").Call(c)
	}
	if t.Negatable && !t.NegateEach {
		base = jen.Qual(valuePkg, "Neg").Types(base)
		c = jen.Qual(valuePkg, "Negatable").Call(c)
	}
	return base, c
}

// valueTypes are the bases whose Go type is a type of package value, with their codec.
var valueTypes = map[schema.Base][2]string{
	schema.IPOrPrefix:  {"AddrOrPrefix", "AddrPrefix"},
	schema.DateTime:    {"DateTime", "Stamp"},
	schema.Limit:       {"Limit", "LimitCodec"},
	schema.BridgeLimit: {"BridgeLimit", "BridgeLimitCodec"},
	schema.DstLimit:    {"DstLimit", "DstLimitCodec"},
	schema.Nth:         {"Nth", "NthCodec"},
	schema.ConnLimit:   {"ConnLimit", "ConnLimitCodec"},
	schema.PSD:         {"PSD", "PSDCodec"},
	schema.ICMPOptions: {"ICMPOptions", "ICMPOptionsCodec"},
	schema.Compare:     {"Compare", "CompareCodec"},
	schema.Adjust:      {"Adjust", "AdjustCodec"},
	schema.TimeMatch:   {"TimeMatch", "TimeMatchCodec"},
	schema.PCC:         {"PCC", "PCCCodec"},
	schema.IPsecPolicy: {"IPsecPolicy", "IPsecPolicyCodec"},
}

// namedEnum reports whether an enum attribute gets its own Go type with constants: every enum but an
// open one without known values (list names, marks), which is a plain string.
func namedEnum(a *schema.Attr) bool {
	return a.Type.Base == schema.Enum && (len(a.Type.Values) > 0 || !a.Type.Open)
}

// decimalDot matches the dot of a decimal number ("2.5G").
var decimalDot = regexp.MustCompile(`([0-9])\.([0-9])`)

// constName builds the Go constant of an enum value: FirewallFilterAction + "add-dst-to-address-list".
// A decimal dot becomes an underscore, so "2.5G-baseT" (2_5GBaseT) differs from "25G-baseT".
func constName(typeName, v string) string {
	var parts []string
	for _, p := range strings.Split(decimalDot.ReplaceAllString(v, "${1}\x00${2}"), "\x00") {
		n := schema.GoName(p)
		if p != "" && p[0] >= '0' && p[0] <= '9' {
			n = strings.TrimPrefix(n, "N")
		}
		parts = append(parts, n)
	}
	return typeName + strings.Join(parts, "_")
}
