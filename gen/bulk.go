package gen

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/rosgen/routeros/schema"
)

// descExtras returns the descriptor fields the runtime checks before sending: the attributes add
// requires, and whether the menu lacks unset.
func (g *generator) descExtras(m *schema.Menu) []jen.Code {
	var out []jen.Code
	var req []jen.Code
	for _, a := range m.Writable() {
		if a.RequiredOnAdd && a.OnAdd {
			req = append(req, jen.Lit(a.Name))
		}
	}
	if len(req) > 0 && m.Has(schema.VerbAdd) {
		out = append(out, kv("Required", jen.Index().String().Values(req...)))
	}
	if !m.Has(schema.VerbUnset) {
		out = append(out, kv("NoUnset", jen.True()))
	}
	return out
}

// requireArgs returns the statement that makes a command refuse to send without its required
// arguments: gentype.Require(&e, "interface").
func requireArgs(c *schema.Command) []jen.Code {
	var names []jen.Code
	for _, a := range c.Args {
		if a.RequiredOnAdd {
			names = append(names, jen.Lit(a.Name))
		}
	}
	if len(names) == 0 {
		return nil
	}
	return []jen.Code{jen.Qual(gentypePkg, "Require").Call(append([]jen.Code{jen.Op("&").Id("e")}, names...)...)}
}

// emitListVerbs emits the verbs built on the generic runtime for menus of items: Find, One,
// Watch, AddMany, SetMany, RemoveMany, RemoveWhere, Ensure and Reconcile, each where the menu has
// the commands it needs:
//
//	func (c *AddressClient) AddMany(ctx context.Context, specs []AddressSpec, opts *ros.BulkOptions) ([]ros.Result, error) {
//		return gentype.AddMany(ctx, c.m, encodeAddressSpec, specs, opts)
//	}
func (g *generator) emitListVerbs(f *jen.File, m *schema.Menu) {
	if !hasID(m) {
		return
	}
	recv := jen.Id("c").Op("*").Id(g.clientType(m.Node))
	read := jen.Id(g.readType(m))
	method := func(doc, name string, params []jen.Code, results jen.Code, call jen.Code) {
		comment(f, wrapText(name+" "+doc, 100))
		f.Func().Params(recv).Id(name).Params(params...).Add(results).Block(jen.Return(call))
	}
	cm := func(name string, args ...jen.Code) jen.Code { return jen.Id("c").Dot("m").Dot(name).Call(args...) }
	ctx := jen.Id("ctx")
	where := jen.Id("where").Op("...").Qual(rosPkg, "Filter")
	whereArg := jen.Id("where").Op("...")
	spec := g.specOrNone(m)
	opts := jen.Id("opts").Op("*").Qual(rosPkg, "BulkOptions")
	results := jen.Parens(jen.List(jen.Index().Qual(rosPkg, "Result"), jen.Error()))
	w := g.whereVar(m)

	print, add, set, remove := m.Has(schema.VerbPrint), m.Has(schema.VerbAdd) && hasSpec(m), m.Has(schema.VerbSet) && hasSpec(m), m.Has(schema.VerbRemove)
	if print {
		method(fmt.Sprintf("returns the one item matching every filter (fields of %s): ok is false when there is none; more than one is an error matching ros.ErrNotUnique.", w),
			"Find", []jen.Code{ctxParam, where}, jen.Parens(jen.List(read, jen.Bool(), jen.Error())), g.typed("Find", m, false, jen.Id("where")))
		method("returns the item matching every filter when there is exactly one; otherwise the error matches ros.ErrNotFound or ros.ErrNotUnique.",
			"One", []jen.Code{ctxParam, where}, jen.Parens(jen.List(read, jen.Error())), g.typed("One", m, false, jen.Id("where")))
		method("yields the items matching every filter, then a ros.Synced event, then every change, each once and in order, until ctx ends or the loop breaks (see ros.Menu.Watch). Single-use.",
			"Watch", []jen.Code{ctxParam, where}, jen.Qual("iter", "Seq2").Types(jen.Qual(rosPkg, "WatchEvent").Types(read), jen.Error()), g.typed("Watch", m, false, jen.Id("where")))
	}
	if add {
		method("adds many items with up to opts.InFlight commands in flight and returns one result per spec, in order (see ros.Menu.AddMany).",
			"AddMany", []jen.Code{ctxParam, jen.Id("specs").Index().Add(spec), opts}, results, g.typed("AddMany", m, true, jen.Id("specs"), jen.Id("opts")))
	}
	if set {
		method("changes many items pipelined like AddMany and returns one result per update, in order.",
			"SetMany", []jen.Code{ctxParam, jen.Id("updates").Index().Qual(rosPkg, "Update").Types(spec), opts}, results, g.typed("SetMany", m, true, jen.Id("updates"), jen.Id("opts")))
	}
	if remove {
		method("removes the items ids with one command each, pipelined like AddMany, and returns one result per id, in order.",
			"RemoveMany", []jen.Code{ctxParam, jen.Id("ids").Index().String(), opts}, results, cm("RemoveMany", ctx, jen.Id("ids"), jen.Id("opts")))
	}
	if remove && print {
		method("removes every item matching the filters (one print, one remove) and returns how many.",
			"RemoveWhere", []jen.Code{ctxParam, where}, jen.Parens(jen.List(jen.Int(), jen.Error())), cm("RemoveWhere", ctx, whereArg))
	}
	if add && set && print {
		method(fmt.Sprintf("adds s, or sets the attributes that differ on the item whose key attributes (fields of %s) have the values s gives them; it changes nothing when the item already matches.", w),
			"Ensure", []jen.Code{ctxParam, jen.Id("s").Add(spec), jen.Id("key").Op("...").Qual(rosPkg, "Named")}, jen.Parens(jen.List(jen.Qual(rosPkg, "Ensured"), jen.Error())),
			g.typed("Ensure", m, true, jen.Id("s"), jen.Id("key")))
	}
	if add && set && remove && print {
		method("makes the items of the menu (those matching opts.Where) equal desired, matched by opts.Key: adds, sets of the differing attributes, removes; dynamic items are never touched (see ros.Menu.Reconcile).",
			"Reconcile", []jen.Code{ctxParam, jen.Id("desired").Index().Add(spec), jen.Id("opts").Qual(rosPkg, "ReconcileOptions")},
			jen.Parens(jen.List(jen.Op("*").Qual(rosPkg, "Plan").Types(spec), jen.Error())), g.typed("Reconcile", m, true, jen.Id("desired"), jen.Id("opts")))
	}
}
