package gen

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/rosgen/routeros/schema"
)

// enumUse is one enum attribute of a menu or a command.
type enumUse struct {
	stem  string // the Go name its type is named after by default
	a     *schema.Attr
	where string // "/ip/firewall/filter", "/interface monitor-traffic"
}

func valuesKey(a *schema.Attr) string { return strings.Join(a.Type.Values, "\x00") }

// planEnums names the enum types of the package. An enum type is named after its menu (or
// command) and attribute: FirewallFilterAction. Where several menus of the package have an
// attribute of the same name with the same values (the protocol of /ip/firewall/filter, nat and
// mangle), one type serves them all, named after the words their names begin with and the
// attribute: FirewallProtocol (the attribute alone when they share no word), unless that name is
// taken. Two attributes whose types would have the same name and the same values (the dotted
// attribute configuration.chains of /interface/wifi and chains of /interface/wifi/configuration)
// share that type too. Shared types are declared in enums_gen.go.
func (g *generator) planEnums() {
	g.enumOf = map[*schema.Attr]string{}
	g.enumUses = map[string][]enumUse{}
	var uses []enumUse
	taken := map[string]bool{"Client": true, "New": true, "NewWithOptions": true}
	var nodes func(n *schema.Node)
	nodes = func(n *schema.Node) {
		taken[n.ClientType] = true
		for _, c := range n.Children {
			nodes(c)
		}
	}
	nodes(g.p.Root)
	for _, m := range g.p.Menus {
		taken[m.GoName], taken[g.specType(m)], taken[g.whereVar(m)] = true, true, true
		if m.Kind != schema.KindNone {
			for _, a := range m.Attrs {
				if namedEnum(a) {
					uses = append(uses, enumUse{stem: m.GoName, a: a, where: m.Path})
				}
			}
		}
		for _, c := range m.Commands {
			stem := schema.JoinName(g.cmdPrefix(m.Node), c.GoName)
			taken[stem+"Args"], taken[stem+"Reply"] = true, true
			for _, a := range append(append([]*schema.Attr(nil), c.Args...), c.ReplyFields...) {
				if namedEnum(a) {
					uses = append(uses, enumUse{stem: stem, a: a, where: m.Path + " " + c.Name})
				}
			}
		}
	}
	defaults := map[string]string{} // default name -> values
	for _, u := range uses {
		defaults[schema.JoinName(u.stem, u.a.GoName)] = valuesKey(u.a)
	}
	sharedNames := map[string]string{} // shared name -> values
	// groups of the same attribute with the same values, in order of first appearance
	var keys []string
	groups := map[string][]int{}
	for i, u := range uses {
		k := u.a.GoName + "\x01" + valuesKey(u.a)
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], i)
	}
	for _, k := range keys {
		idx := groups[k]
		stems := map[string]bool{}
		var names []string
		for _, i := range idx {
			if !stems[uses[i].stem] {
				stems[uses[i].stem] = true
				names = append(names, uses[i].stem)
			}
		}
		if len(names) < 2 {
			continue
		}
		a := uses[idx[0]].a
		name := schema.JoinName(schema.CommonStem(names...), a.GoName)
		if vals, ok := defaults[name]; taken[name] || ok && vals != valuesKey(a) {
			continue // the shared name is another thing's: each keeps its own type
		}
		if vals, ok := sharedNames[name]; ok && vals != valuesKey(a) {
			continue // another group's values already have the name: each keeps its own type
		}
		sharedNames[name] = valuesKey(a)
		for _, i := range idx {
			g.enumOf[uses[i].a] = name
		}
	}
	g.reserved, g.consts = taken, map[string]bool{}
	for _, u := range uses {
		name, ok := g.enumOf[u.a]
		if !ok {
			name = schema.JoinName(u.stem, u.a.GoName)
			g.enumOf[u.a] = name
		}
		if prev := g.enumUses[name]; len(prev) > 0 && valuesKey(prev[0].a) != valuesKey(u.a) {
			g.errs = append(g.errs, fmt.Errorf("gen: %s: enum type %s of %s %q has other values than the one of %s %q (set go: on one attribute)",
				g.p.File, name, u.where, u.a.Name, prev[0].where, prev[0].a.Name))
			continue
		}
		g.enumUses[name] = append(g.enumUses[name], u)
	}
}

// shared reports an enum type used by more than one attribute: declared in enums_gen.go.
func (g *generator) shared(name string) bool { return len(g.enumUses[name]) > 1 }

// emitEnums emits the types of the enum attributes attrs that only they use (see planEnums).
func (g *generator) emitEnums(f *jen.File, attrs []*schema.Attr) {
	for _, a := range attrs {
		if !namedEnum(a) {
			continue
		}
		if name := g.enumOf[a]; !g.shared(name) {
			g.emitEnum(f, name, g.enumUses[name])
		}
	}
}

// emitSharedEnums emits the enum types several attributes use, sorted by name; nil when there is
// none.
func (g *generator) emitSharedEnums() *jen.File {
	var names []string
	for name := range g.enumUses {
		if g.shared(name) {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return nil
	}
	sort.Strings(names)
	f := g.newFile()
	for _, name := range names {
		g.emitEnum(f, name, g.enumUses[name])
	}
	return f
}

// emitEnum emits one open string type with a constant per known value:
//
//	// FirewallFilterAction is a value of the "action" attribute of /ip/firewall/filter. The
//	// constants are the values RouterOS knows; other values (from a newer RouterOS) are kept as
//	// they are.
//	type FirewallFilterAction string
//	const ( FirewallFilterActionAccept FirewallFilterAction = "accept" ... )
func (g *generator) emitEnum(f *jen.File, name string, uses []enumUse) {
	a := uses[0].a
	var attrs, wheres []string
	for _, u := range uses {
		if len(attrs) == 0 || attrs[len(attrs)-1] != u.a.Name {
			attrs = append(attrs, u.a.Name)
		}
		wheres = append(wheres, u.where)
	}
	what := fmt.Sprintf("the %q attribute", a.Name)
	if len(attrs) > 1 {
		what = "the attributes " + quoteJoin(attrs)
	}
	comment(f, wrapText(fmt.Sprintf("%s is a value of %s of %s. The constants are the values RouterOS knows; other values (from a newer RouterOS) are kept as they are.",
		name, what, andJoin(wheres)), 100))
	g.declare(name, "enum of "+a.Name)
	f.Type().Id(name).String()
	var defs []jen.Code
	for _, v := range a.Type.Values {
		// A constant named like another identifier of the package (FilterWizardSetScope +
		// "target-scope" is FilterWizardSetScopeTarget + "scope") takes the suffix Value, then a
		// number; enums are emitted in schema order, so the names are stable.
		base := constName(name, v)
		c := base
		for i := 1; g.consts[c] || g.reserved[c] || len(g.enumUses[c]) > 0; i++ {
			c = base + "Value"
			if i > 1 {
				c = fmt.Sprintf("%sValue%d", base, i)
			}
		}
		g.consts[c] = true
		defs = append(defs, jen.Comment(fmt.Sprintf("%s is %q.", c, v)), jen.Id(c).Id(name).Op("=").Lit(v))
	}
	f.Comment(fmt.Sprintf("Known values of %s.", name))
	f.Const().Defs(defs...)
}

// andJoin joins "a", "b" and "c" as "a, b and c".
func andJoin(ws []string) string {
	if len(ws) == 1 {
		return ws[0]
	}
	return strings.Join(ws[:len(ws)-1], ", ") + " and " + ws[len(ws)-1]
}
