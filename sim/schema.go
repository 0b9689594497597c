package sim

import (
	"fmt"

	"github.com/rosgen/routeros/schema"
)

// schemaMenus adapts the project's schema model (schema.Default) to the simulator's menu
// descriptions: every menu of the schema is served, with exactly the verbs the schema gives it.
func schemaMenus() ([]*menuDef, error) {
	sch, err := schema.Default() // loaded once per process, read-only
	if err != nil {
		return nil, fmt.Errorf("sim: schema: %w", err)
	}
	var out []*menuDef
	for _, sm := range sch.Menus() {
		if m := fromSchema(sm); m != nil {
			out = append(out, m)
		}
	}
	return out, nil
}

func fromSchema(sm *schema.Menu) *menuDef {
	m := &menuDef{path: sm.Path, ordered: sm.Ordered, verbs: map[string]bool{}}
	switch sm.Kind {
	case schema.KindList:
		m.kind = kindList
	case schema.KindSettings:
		m.kind = kindSettings
	case schema.KindFixed:
		m.kind = kindFixed
	default:
		return nil // a path with commands only (/system): served by the command table
	}
	for _, v := range sm.Verbs {
		m.verbs[string(v)] = true
		if v == schema.VerbReset {
			m.verbs["reset-counters"] = true
		}
	}
	if m.verbs["print"] {
		m.verbs["getall"] = true // the API alias of print
		m.verbs["listen"] = true // API-only: exists wherever print does
	}
	for _, sa := range sm.Attrs {
		a := &attrDef{
			name:      sa.Name,
			typ:       "schema",
			required:  sa.RequiredOnAdd,
			readOnly:  sa.ReadOnly,
			def:       sa.Default,
			multi:     sa.Type.List,
			negatable: sa.Type.Negatable,
			sentinels: sa.Type.Sentinels,
			writeOnly: !sa.Readable,
			noAdd:     !sa.OnAdd,
			noSet:     !sa.Settable,
			norm:      sa.Normalize,
		}
		switch sa.Type.Base {
		case schema.Bool:
			a.typ = "bool"
		case schema.Ref:
			a.typ, a.ref = "ref", sa.Type.Ref
		case schema.Enum:
			a.typ, a.enum = "enum", sa.Type.Values
		}
		m.attrs = append(m.attrs, a)
	}
	return m
}
