package gen

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/rosgen/routeros/schema"
)

func (g *generator) readType(m *schema.Menu) string { return m.GoName }
func (g *generator) specType(m *schema.Menu) string { return m.GoName + "Spec" }
func (g *generator) whereVar(m *schema.Menu) string { return m.GoName + "Where" }

// enumType is the Go type of the enum attribute a (see planEnums); stem is unused.
func (g *generator) enumType(_ string, a *schema.Attr) string { return g.enumOf[a] }

func hasSpec(m *schema.Menu) bool {
	return (m.Has(schema.VerbAdd) || m.Has(schema.VerbSet)) && len(m.Writable()) > 0
}

func (g *generator) specOrNone(m *schema.Menu) jen.Code {
	if hasSpec(m) {
		return jen.Id(g.specType(m))
	}
	return jen.Struct()
}

// emitMenu emits everything of one menu (see the sketches on each emitter).
func (g *generator) emitMenu(f *jen.File, m *schema.Menu) {
	if m.Kind != schema.KindNone {
		g.emitEnums(f, m.Attrs)
		g.emitReadType(f, m)
		if hasSpec(m) {
			g.emitSpecType(f, m)
		}
		g.emitWhere(f, m)
		g.emitDesc(f, m)
	}
	g.emitMenuClient(f, m)
	for _, c := range m.Commands {
		g.emitCommand(f, m, c)
	}
}

func attrDoc(a *schema.Attr, write bool) string { return attrDocBoth(a, write, true) }

// attrDocBoth documents an attribute; both tells whether the menu has add and set, so that
// "Add only" and "Set only" mean something.
func attrDocBoth(a *schema.Attr, write, both bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s is %q", a.GoName, a.Name)
	if a.Doc != "" {
		b.WriteString(": ")
		b.WriteString(sentence(a.Doc))
	} else {
		b.WriteString(".")
	}
	if len(a.Type.Sentinels) > 0 {
		fmt.Fprintf(&b, " Besides a value it may be %s.", quoteJoin(a.Type.Sentinels))
	}
	if a.Type.OpenEnd {
		b.WriteString(" An upper end 0 means no upper bound.")
	}
	if a.Type.Base == schema.Ref {
		if a.Type.OrRef != "" {
			fmt.Fprintf(&b, " Names an item of %s or of %s.", a.Type.Ref, a.Type.OrRef)
		} else {
			fmt.Fprintf(&b, " Names an item of %s.", a.Type.Ref)
		}
	}
	switch {
	case a.Type.NegateEach:
		b.WriteString(" Each element may be negated (value.Not).")
	case a.Type.Negatable:
		b.WriteString(" May be negated (value.Not).")
	}
	if write {
		if a.RequiredOnAdd {
			b.WriteString(" Required on add.")
		}
		switch {
		case !both:
		case a.OnAdd && !a.Settable:
			b.WriteString(" Add only.")
		case !a.OnAdd && a.Settable:
			b.WriteString(" Set only.")
		}
		if !a.Readable {
			b.WriteString(" Write-only: print never shows it.")
		}
	} else if a.ReadOnly {
		b.WriteString(" Read-only.")
	}
	return wrapText(b.String(), 96)
}

func quoteJoin(ws []string) string {
	q := make([]string, len(ws))
	for i, w := range ws {
		q[i] = fmt.Sprintf("%q", w)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

func hasID(m *schema.Menu) bool { return m.Kind == schema.KindList || m.Kind == schema.KindFixed }

// emitReadType emits the read type:
//
//	// Address is an item of /ip/address: ...
//	type Address struct { ID string; Address netip.Prefix; ...; Raw ros.Raw }
func (g *generator) emitReadType(f *jen.File, m *schema.Menu) {
	var fields []jen.Code
	if hasID(m) {
		fields = append(fields, jen.Comment("ID is the item's .id (\"*1A\")."), jen.Id("ID").String())
	}
	fields = append(fields,
		jen.Comment("About is the router's note on the item, its .about (\"managed by CAPsMAN\"), or \"\"; notes"),
		jen.Comment("sent more than once are joined by newlines. Read-only."),
		jen.Id("About").String())
	for _, a := range m.Readable() {
		t, _ := g.goType(a, g.enumType(m.GoName, a))
		fields = append(fields, cmt(attrDoc(a, false)), jen.Id(a.GoName).Add(t))
	}
	fields = append(fields, jen.Comment("Raw holds every attribute the router sent, in order, unknown ones included."), jen.Id("Raw").Qual(rosPkg, "Raw"))
	what := "an item"
	if m.Kind == schema.KindSettings {
		what = "the settings"
	}
	doc := fmt.Sprintf("%s is %s of %s", g.readType(m), what, m.Path)
	if m.Doc != "" {
		doc += ": " + sentence(m.Doc)
	} else {
		doc += "."
	}
	comment(f, wrapText(doc, 100))
	g.declare(g.readType(m), "read type of "+m.Path)
	f.Type().Id(g.readType(m)).Struct(fields...)
	g.emitRedactedString(f, g.readType(m), m.GoName, m.Readable(), false, true)
}

// emitRedactedString emits a String method for a type with secret fields, so that printing a
// value never shows a secret:
//
//	// String formats v with the values of secret attributes (private-key) replaced by "***".
//	func (v Wireguard) String() string {
//		type plain Wireguard
//		p := plain(v)
//		p.PrivateKey = gentype.Redact(p.PrivateKey)
//		p.Raw = p.Raw.Redacted("private-key")
//		return fmt.Sprintf("%+v", p)
//	}
func (g *generator) emitRedactedString(f *jen.File, typeName, stem string, attrs []*schema.Attr, opt, raw bool) {
	var secret []*schema.Attr
	for _, a := range attrs {
		if a.Secret {
			secret = append(secret, a)
		}
	}
	if len(secret) == 0 {
		return
	}
	var names []string
	var body []jen.Code
	body = append(body, jen.Type().Id("plain").Id(typeName), jen.Id("p").Op(":=").Id("plain").Call(jen.Id("v")))
	var rawNames []jen.Code
	for _, a := range secret {
		names = append(names, a.Name)
		rawNames = append(rawNames, jen.Lit(a.Name))
		plainString := a.Type.Base != schema.Flag && !a.Type.List && !a.Type.Negatable && len(a.Type.Sentinels) == 0 &&
			(a.Type.Base == schema.String || a.Type.Base == schema.Ref)
		t, _ := g.goType(a, g.enumType(stem, a))
		switch {
		case plainString && opt:
			body = append(body, jen.Id("p").Dot(a.GoName).Op("=").Qual(gentypePkg, "RedactOpt").Call(jen.Id("p").Dot(a.GoName)))
		case plainString:
			body = append(body, jen.Id("p").Dot(a.GoName).Op("=").Qual(gentypePkg, "Redact").Call(jen.Id("p").Dot(a.GoName)))
		case opt:
			body = append(body, jen.Id("p").Dot(a.GoName).Op("=").Qual(rosPkg, "Opt").Types(t).Values())
		default:
			body = append(body, jen.Var().Id("zero"+a.GoName).Add(t), jen.Id("p").Dot(a.GoName).Op("=").Id("zero"+a.GoName))
		}
	}
	if raw {
		body = append(body, jen.Id("p").Dot("Raw").Op("=").Id("p").Dot("Raw").Dot("Redacted").Call(rawNames...))
	}
	body = append(body, jen.Return(jen.Qual("fmt", "Sprintf").Call(jen.Lit("%+v"), jen.Id("p"))))
	f.Comment(fmt.Sprintf("String formats v with the values of secret attributes (%s) replaced by \"***\".", strings.Join(names, ", ")))
	f.Func().Params(jen.Id("v").Id(typeName)).Id("String").Params().String().Block(body...)
}

// emitSpecType emits the write type:
//
//	// AddressSpec is what Add and Set of /ip/address send. Fields left at their zero value are not sent.
//	type AddressSpec struct { Address ros.Opt[netip.Prefix]; ... }
func (g *generator) emitSpecType(f *jen.File, m *schema.Menu) {
	var fields []jen.Code
	for _, a := range m.Writable() {
		t, _ := g.goType(a, g.enumType(m.GoName, a))
		fields = append(fields, cmt(attrDocBoth(a, true, m.Has(schema.VerbAdd) && m.Has(schema.VerbSet))), jen.Id(a.GoName).Qual(rosPkg, "Opt").Types(t))
	}
	var verbs []string
	if m.Has(schema.VerbAdd) {
		verbs = append(verbs, "Add")
	}
	if m.Has(schema.VerbSet) {
		verbs = append(verbs, "Set")
	}
	comment(f, wrapText(fmt.Sprintf("%s holds the attributes %s of %s send. A field left at its zero value is not sent; ros.Some sets it, ros.Unset resets it to its default (Set only).", g.specType(m), strings.Join(verbs, " and "), m.Path), 100))
	g.declare(g.specType(m), "spec type of "+m.Path)
	f.Type().Id(g.specType(m)).Struct(fields...)
	g.emitRedactedString(f, g.specType(m), m.GoName, m.Writable(), true, false)
}

// emitWhere emits the filterable fields:
//
//	// AddressWhere are the attributes of /ip/address to filter on (List, All, Count, Listen) and to
//	// name in Unset.
//	var AddressWhere = struct{ ID ros.Field[string]; Address ros.Field[netip.Prefix] }{...}
func (g *generator) emitWhere(f *jen.File, m *schema.Menu) {
	var fields []jen.Code
	var vals []jen.Code
	if hasID(m) {
		fields = append(fields, jen.Comment("ID is the .id."), jen.Id("ID").Qual(rosPkg, "Field").Types(jen.String()))
		vals = append(vals, kv("ID", jen.Qual(rosPkg, "NewField").Call(jen.Lit(".id"), jen.Qual(valuePkg, "String"))))
	}
	for _, a := range m.Attrs {
		t, c := g.goType(a, g.enumType(m.GoName, a))
		fields = append(fields, jen.Comment(fmt.Sprintf("%s is %q.", a.GoName, a.Name)), jen.Id(a.GoName).Qual(rosPkg, "Field").Types(t))
		vals = append(vals, kv(a.GoName, jen.Qual(rosPkg, "NewField").Call(jen.Lit(a.Name), c)))
	}
	f.Comment(fmt.Sprintf("%s are the attributes of %s to filter on (List, All, Count, Listen) and to", g.whereVar(m), m.Path))
	f.Comment("name in Unset.")
	g.declare(g.whereVar(m), "filters of "+m.Path)
	f.Var().Id(g.whereVar(m)).Op("=").Struct(fields...).Add(multi(vals))
}

// emitDesc emits the menu descriptor and its codec functions:
//
//	var addressDesc = &gentype.MenuDesc{Path: "/ip/address", Proplist: []string{".id", "address"}}
//	func decodeAddress(d *gentype.Decoder) Address { return Address{ID: gentype.Decode(d, ".id", value.String), ...} }
//	func encodeAddress(e *gentype.Encoder, s *AddressSpec) { gentype.Encode(e, "address", s.Address, value.Prefix) }
func (g *generator) emitDesc(f *jen.File, m *schema.Menu) {
	read := g.readType(m)
	d := []jen.Code{
		kv("Path", jen.Lit(m.Path)),
		kv("Proplist", lines(m.Proplist())),
	}
	if m.NameAttr() != nil && hasID(m) {
		d = append(d, kv("NameAttr", jen.Lit("name")))
	}
	d = append(d, g.descExtras(m)...)
	f.Line()
	g.declare(descVar(m), "descriptor of "+m.Path)
	f.Var().Id(descVar(m)).Op("=").Op("&").Qual(gentypePkg, "MenuDesc").Add(multi(d))

	var vals []jen.Code
	if hasID(m) {
		vals = append(vals, kv("ID", jen.Qual(gentypePkg, "Decode").Call(jen.Id("d"), jen.Lit(".id"), jen.Qual(valuePkg, "String"))))
	}
	vals = append(vals, kv("About", jen.Id("d").Dot("About").Call()))
	for _, a := range m.Readable() {
		_, c := g.goType(a, g.enumType(m.GoName, a))
		vals = append(vals, kv(a.GoName, jen.Qual(gentypePkg, "Decode").Call(jen.Id("d"), jen.Lit(a.Name), c)))
	}
	vals = append(vals, kv("Raw", jen.Id("d").Dot("Raw").Call()))
	f.Line()
	f.Func().Id("decode" + read).Params(jen.Id("d").Op("*").Qual(gentypePkg, "Decoder")).Id(read).Block(
		jen.Return(jen.Id(read).Add(multi(vals))),
	)
	if hasSpec(m) {
		var body []jen.Code
		for _, a := range m.Writable() {
			_, c := g.goType(a, g.enumType(m.GoName, a))
			body = append(body, jen.Qual(gentypePkg, "Encode").Call(jen.Id("e"), jen.Lit(a.Name), jen.Id("s").Dot(a.GoName), c))
		}
		f.Line()
		f.Func().Id("encode"+g.specType(m)).Params(jen.Id("e").Op("*").Qual(gentypePkg, "Encoder"), jen.Id("s").Op("*").Id(g.specType(m))).Block(body...)
	}
}

var ctxParam = jen.Id("ctx").Qual("context", "Context")

// typed is the call of the gentype function name for a verb that needs the menu's item type:
// gentype.List(ctx, c.m, decodeAddress, where), or with encode, gentype.Add(ctx, c.m,
// encodeAddressSpec, s).
func (g *generator) typed(name string, m *schema.Menu, encode bool, args ...jen.Code) jen.Code {
	codec := jen.Id("decode" + g.readType(m))
	if encode {
		codec = jen.Id("encode" + g.specType(m))
	}
	return jen.Qual(gentypePkg, name).Call(append([]jen.Code{jen.Id("ctx"), jen.Id("c").Dot("m"), codec}, args...)...)
}

// emitMenuClient emits the menu's client struct and one method per verb the menu has:
//
//	// AddressClient is the client of /ip/address. ...
//	type AddressClient struct { m gentype.Core }
//	func (c *AddressClient) List(ctx context.Context, where ...ros.Filter) ([]Address, error) { return gentype.List(ctx, c.m, decodeAddress, where) }
//
// Verbs that need no item type are methods of gentype.Core; the others are gentype functions
// given the menu's decode or encode function, so that each menu compiles only its own verbs.
func (g *generator) emitMenuClient(f *jen.File, m *schema.Menu) {
	n := m.Node
	name := g.clientType(n)
	var fields []jen.Code
	if m.Kind != schema.KindNone {
		fields = append(fields, jen.Id("m").Qual(gentypePkg, "Core"))
	}
	if len(m.Commands) > 0 {
		fields = append(fields, jen.Id("r").Qual(wirePkg, "Runner"), jen.Id("opts").Op("*").Qual(rosPkg, "Options"))
	}
	fields = append(fields, g.childFields(n)...)
	if n == g.p.Root {
		comment(f, wrapText(fmt.Sprintf("Client is the client of the %s menus; it is also the client of the %s menu itself. Create it with New. It is safe for concurrent use when its runner is.", g.p.Path, m.Path), 100))
	} else {
		doc := fmt.Sprintf("%s is the client of %s", name, m.Path)
		if m.Doc != "" {
			doc += ": " + sentence(m.Doc)
		} else {
			doc += "."
		}
		comment(f, wrapText(doc, 100))
	}
	g.declare(name, "client of "+m.Path)
	f.Type().Id(name).Struct(fields...)
	if m.Kind == schema.KindNone {
		return
	}
	recv := jen.Id("c").Op("*").Id(name)
	read := jen.Id(g.readType(m))
	method := func(doc string, nameM string, params []jen.Code, results jen.Code, call jen.Code) {
		comment(f, wrapText(nameM+" "+doc, 100))
		f.Func().Params(recv).Id(nameM).Params(params...).Add(results).Block(jen.Return(call))
	}
	where := jen.Id("where").Op("...").Qual(rosPkg, "Filter")
	ids := jen.Id("ids").Op("...").String()
	fieldsP := jen.Id("fields").Op("...").Qual(rosPkg, "Named")
	if m.Kind == schema.KindSettings {
		method("returns the settings.", "Get", []jen.Code{ctxParam}, jen.Parens(jen.List(read, jen.Error())),
			g.typed("GetSettings", m, false))
		if m.Has(schema.VerbSet) && hasSpec(m) {
			method("changes the settings set in s.", "Set", []jen.Code{ctxParam, jen.Id("s").Id(g.specType(m))}, jen.Error(),
				g.typed("SetSettings", m, true, jen.Id("s")))
		}
		if m.Has(schema.VerbUnset) && hasSpec(m) {
			method(fmt.Sprintf("resets the named settings (fields of %s) to their defaults.", g.whereVar(m)), "Unset", []jen.Code{ctxParam, fieldsP}, jen.Error(),
				jen.Id("c").Dot("m").Dot("UnsetSettings").Call(jen.Id("ctx"), jen.Id("fields").Op("...")))
		}
		return
	}
	if m.Has(schema.VerbPrint) {
		method(fmt.Sprintf("returns the items matching every filter (fields of %s), all of them without filters.", g.whereVar(m)), "List",
			[]jen.Code{ctxParam, where}, jen.Parens(jen.List(jen.Index().Add(read), jen.Error())),
			g.typed("List", m, false, jen.Id("where")))
		method("yields the items matching every filter as they arrive. Single-use; breaking out of the loop cancels the command.", "All",
			[]jen.Code{ctxParam, where}, jen.Qual("iter", "Seq2").Types(read, jen.Error()),
			g.typed("All", m, false, jen.Id("where")))
		getDoc := "returns the item with the .id id; the error matches ros.ErrNotFound when there is none."
		if m.NameAttr() != nil {
			getDoc = "returns the item whose .id (\"*1A\") or name is idOrName; the error matches ros.ErrNotFound when there is none."
		}
		param := "id"
		if m.NameAttr() != nil {
			param = "idOrName"
		}
		method(getDoc, "Get", []jen.Code{ctxParam, jen.Id(param).String()}, jen.Parens(jen.List(read, jen.Error())),
			g.typed("Get", m, false, jen.Id(param)))
		method("returns how many items match every filter.", "Count", []jen.Code{ctxParam, where}, jen.Parens(jen.List(jen.Int(), jen.Error())),
			jen.Id("c").Dot("m").Dot("Count").Call(jen.Id("ctx"), jen.Id("where").Op("...")))
	}
	if m.Has(schema.VerbAdd) && hasSpec(m) {
		method("creates an item and returns its .id.", "Add", []jen.Code{ctxParam, jen.Id("s").Id(g.specType(m))}, jen.Parens(jen.List(jen.String(), jen.Error())),
			g.typed("Add", m, true, jen.Id("s")))
	}
	if m.Has(schema.VerbSet) && hasSpec(m) {
		doc := "changes the item id (its .id"
		if m.NameAttr() != nil {
			doc += " or name"
		}
		doc += ") as s says."
		if m.Has(schema.VerbUnset) {
			doc += " Fields set to ros.Unset are reset to their defaults."
		}
		method(doc, "Set", []jen.Code{ctxParam, jen.Id("id").String(), jen.Id("s").Id(g.specType(m))}, jen.Error(),
			g.typed("Set", m, true, jen.Id("id"), jen.Id("s")))
	}
	if m.Has(schema.VerbUnset) && hasSpec(m) {
		method(fmt.Sprintf("resets the named attributes (fields of %s) of the item id to their defaults.", g.whereVar(m)), "Unset",
			[]jen.Code{ctxParam, jen.Id("id").String(), fieldsP}, jen.Error(),
			jen.Id("c").Dot("m").Dot("Unset").Call(jen.Id("ctx"), jen.Id("id"), jen.Id("fields").Op("...")))
	}
	if m.Has(schema.VerbRemove) {
		method("removes the items ids in one command.", "Remove", []jen.Code{ctxParam, ids}, jen.Error(),
			jen.Id("c").Dot("m").Dot("Remove").Call(jen.Id("ctx"), jen.Id("ids").Op("...")))
	}
	if m.Has(schema.VerbEnable) {
		method("enables the items ids.", "Enable", []jen.Code{ctxParam, ids}, jen.Error(),
			jen.Id("c").Dot("m").Dot("Enable").Call(jen.Id("ctx"), jen.Id("ids").Op("...")))
	}
	if m.Has(schema.VerbDisable) {
		method("disables the items ids.", "Disable", []jen.Code{ctxParam, ids}, jen.Error(),
			jen.Id("c").Dot("m").Dot("Disable").Call(jen.Id("ctx"), jen.Id("ids").Op("...")))
	}
	if m.Has(schema.VerbComment) {
		method("sets the comment of the items ids.", "Comment", []jen.Code{ctxParam, jen.Id("comment").String(), ids}, jen.Error(),
			jen.Id("c").Dot("m").Dot("Comment").Call(jen.Id("ctx"), jen.Id("comment"), jen.Id("ids").Op("...")))
	}
	if m.Has(schema.VerbMove) {
		method("moves the items ids before the item destination (to the end when destination is empty).", "Move",
			[]jen.Code{ctxParam, jen.Id("ids").Index().String(), jen.Id("destination").String()}, jen.Error(),
			jen.Id("c").Dot("m").Dot("Move").Call(jen.Id("ctx"), jen.Id("ids"), jen.Id("destination")))
	}
	if m.Has(schema.VerbListen) {
		method("yields an event whenever an item matching every filter is added, changed or removed, until ctx ends or the loop breaks. Single-use.", "Listen",
			[]jen.Code{ctxParam, where}, jen.Qual("iter", "Seq2").Types(jen.Qual(rosPkg, "Event").Types(read), jen.Error()),
			g.typed("Listen", m, false, jen.Id("where")))
	}
	g.emitListVerbs(f, m)
}

// emitCommand emits an extra command: its argument and reply types and the method.
//
//	type MonitorTrafficArgs struct { Interface ros.Opt[[]string]; Once bool }
//	type MonitorTrafficReply struct { RxBitsPerSecond int64; Raw ros.Raw }
//	func (c *Client) MonitorTraffic(ctx context.Context, args MonitorTrafficArgs) iter.Seq2[MonitorTrafficReply, error]
func (g *generator) emitCommand(f *jen.File, m *schema.Menu, c *schema.Command) {
	stem := schema.JoinName(g.cmdPrefix(m.Node), c.GoName)
	argsT, replyT := stem+"Args", stem+"Reply"
	g.emitEnums(f, c.Args)
	g.emitEnums(f, c.ReplyFields)
	params := []jen.Code{ctxParam}
	body := []jen.Code{}
	enc := jen.Nil()
	if len(c.Args) > 0 {
		var fields, encs []jen.Code
		for _, a := range c.Args {
			doc := attrDoc(a, false)
			if a.RequiredOnAdd {
				doc += " Required."
			}
			if a.Type.Base == schema.Flag {
				fields = append(fields, cmt(wrapText(doc+" Sent as a flag when true.", 96)), jen.Id(a.GoName).Bool())
				encs = append(encs, jen.Qual(gentypePkg, "EncodeFlag").Call(jen.Op("&").Id("e"), jen.Lit(a.Name), jen.Id("args").Dot(a.GoName)))
				continue
			}
			t, cd := g.goType(a, g.enumType(stem, a))
			fields = append(fields, cmt(wrapText(doc, 96)), jen.Id(a.GoName).Qual(rosPkg, "Opt").Types(t))
			encs = append(encs, jen.Qual(gentypePkg, "Encode").Call(jen.Op("&").Id("e"), jen.Lit(a.Name), jen.Id("args").Dot(a.GoName), cd))
		}
		f.Comment(fmt.Sprintf("%s are the arguments of %s %s.", argsT, m.Path, c.Name))
		g.declare(argsT, "arguments of "+m.Path+" "+c.Name)
		f.Type().Id(argsT).Struct(fields...)
		var plainArgs []*schema.Attr
		for _, a := range c.Args {
			if a.Type.Base != schema.Flag {
				plainArgs = append(plainArgs, a)
			}
		}
		g.emitRedactedString(f, argsT, stem, plainArgs, true, false)
		params = append(params, jen.Id("args").Id(argsT))
		body = append(body, jen.Var().Id("e").Qual(gentypePkg, "Encoder"))
		body = append(body, encs...)
		body = append(body, requireArgs(c)...)
		enc = jen.Op("&").Id("e")
	}
	if len(c.ReplyFields) > 0 {
		var fields []jen.Code
		var vals []jen.Code
		for _, a := range c.ReplyFields {
			t, cd := g.goType(a, g.enumType(stem, a))
			fields = append(fields, cmt(attrDoc(a, false)), jen.Id(a.GoName).Add(t))
			vals = append(vals, kv(a.GoName, jen.Qual(gentypePkg, "Decode").Call(jen.Id("d"), jen.Lit(a.Name), cd)))
		}
		fields = append(fields, jen.Comment("Raw holds every attribute the router sent, in order, unknown ones included."), jen.Id("Raw").Qual(rosPkg, "Raw"))
		vals = append(vals, kv("Raw", jen.Id("d").Dot("Raw").Call()))
		f.Comment(fmt.Sprintf("%s is one reply of %s %s.", replyT, m.Path, c.Name))
		g.declare(replyT, "replies of "+m.Path+" "+c.Name)
		f.Type().Id(replyT).Struct(fields...)
		g.emitRedactedString(f, replyT, stem, c.ReplyFields, false, true)
		f.Line()
		f.Func().Id("decode" + replyT).Params(jen.Id("d").Op("*").Qual(gentypePkg, "Decoder")).Id(replyT).Block(jen.Return(jen.Id(replyT).Add(multi(vals))))
	}
	recv := jen.Id("c").Op("*").Id(g.clientType(m.Node))
	doc := c.GoName + " runs " + m.Path + " " + c.Name + "."
	if c.Doc != "" {
		doc += " " + sentence(c.Doc)
	}
	switch {
	case c.Streaming && len(c.ReplyFields) > 0:
		doc += " It is single-use; breaking out of the loop cancels the command."
		comment(f, wrapText(doc, 100))
		body = append(body, jen.Return(jen.Qual(gentypePkg, "Stream").Call(jen.Id("ctx"), jen.Id("c").Dot("r"), jen.Lit(m.Path), jen.Lit(c.Name), enc, jen.Id("c").Dot("opts"), jen.Id("decode"+replyT))))
		f.Func().Params(recv).Id(c.GoName).Params(params...).Qual("iter", "Seq2").Types(jen.Id(replyT), jen.Error()).Block(body...)
	case len(c.ReplyFields) > 0:
		comment(f, wrapText(doc+" It returns the command's replies.", 100))
		body = append(body,
			jen.List(jen.Id("reply"), jen.Err()).Op(":=").Qual(gentypePkg, "Run").Call(jen.Id("ctx"), jen.Id("c").Dot("r"), jen.Lit(m.Path), jen.Lit(c.Name), enc),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
			jen.Id("out").Op(":=").Make(jen.Index().Id(replyT), jen.Lit(0), jen.Len(jen.Id("reply").Dot("Re"))),
			jen.For(jen.List(jen.Id("_"), jen.Id("s")).Op(":=").Range().Id("reply").Dot("Re")).Block(
				jen.List(jen.Id("v"), jen.Err()).Op(":=").Qual(gentypePkg, "DecodeReply").Call(jen.Id("ctx"), jen.Lit(m.Path), jen.Id("s"), jen.Id("c").Dot("opts"), jen.Id("decode"+replyT)),
				jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
				jen.Id("out").Op("=").Append(jen.Id("out"), jen.Id("v")),
			),
			jen.Return(jen.Id("out"), jen.Nil()),
		)
		f.Func().Params(recv).Id(c.GoName).Params(params...).Parens(jen.List(jen.Index().Id(replyT), jen.Error())).Block(body...)
	default:
		comment(f, wrapText(doc, 100))
		body = append(body,
			jen.List(jen.Id("_"), jen.Err()).Op(":=").Qual(gentypePkg, "Run").Call(jen.Id("ctx"), jen.Id("c").Dot("r"), jen.Lit(m.Path), jen.Lit(c.Name), enc),
			jen.Return(jen.Err()),
		)
		f.Func().Params(recv).Id(c.GoName).Params(params...).Error().Block(body...)
	}
}
