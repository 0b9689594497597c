package importer

import (
	"fmt"
	"io/fs"
	"sort"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// The type layer (schema/overrides/types/NAME.yaml) holds types that a public source settles for
// attributes inspect leaves plain: an integer that terraform-provider-routeros declares TypeInt
// and whose example print shows a number, a bool that Ansible's default is True/False for. It is
// kept apart from the override files proper because those name the menus a human has reviewed
// (rosgen -reviewed generates typed code for exactly them); a type from the layer does not make a
// menu reviewed. Its shape is an override file's with attrs only, and each entry only type keys
// and a `# src:` line comment:
//
//	path: /ip
//	menus:
//	  - path: /ip/traffic-flow/target
//	    attrs:
//	      - {name: port, type: int}  # src: tf (TypeInt; example print "2055"); ansible (default 2055)
//
// The layer is applied before the override files, so a reviewed decision wins; an entry that
// names a menu or an attribute the import does not have is an error (a rename does not lose it
// silently).

// typeKeys are the keys of an attribute entry that make up its type (applyAttr).
var typeKeys = set("type", "list", "negatable", "negate-each", "open", "range", "open-end", "pair", "sentinels", "values", "ref", "or-ref", "min", "max")

// typeLayerKeys are the keys a type layer entry may have: its name and type keys.
var typeLayerKeys = func() map[string]bool {
	m := set("name")
	for k := range typeKeys {
		m[k] = true
	}
	return m
}()

func loadTypeLayer(fsys fs.FS) (map[string]*ovFile, error) {
	out := map[string]*ovFile{}
	if fsys == nil {
		return out, nil
	}
	names, err := fs.Glob(fsys, "types/*.yaml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	seen := map[string]string{} // "menu attr" -> file:line of its entry
	for _, n := range names {
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		f, err := parseOverride(n, data)
		if err != nil {
			return nil, err
		}
		if f.Name != "" || f.Dir != "" || f.Doc != "" {
			return nil, fmt.Errorf("overrides/%s: the type layer takes only path and menus", n)
		}
		for _, m := range f.menus {
			if len(m.keys) > 0 || m.skip != "" || len(m.commands) > 0 {
				return nil, fmt.Errorf("%s: the type layer takes only attrs", m.pos)
			}
			for _, an := range m.attrs {
				if an.Kind != yaml.MappingNode {
					return nil, fmt.Errorf("%s: an attribute entry must be a mapping", m.pos)
				}
				for i := 0; i+1 < len(an.Content); i += 2 {
					if k := an.Content[i].Value; !typeLayerKeys[k] {
						return nil, fmt.Errorf("overrides/%s:%d: %q is not a type key (the type layer gives types only)", n, an.Line, k)
					}
				}
				if !strings.HasPrefix(strings.TrimSpace(strings.TrimPrefix(an.LineComment, "#")), "src:") {
					return nil, fmt.Errorf("overrides/%s:%d: a type needs its source (# src: ...)", n, an.Line)
				}
				key := m.path + " " + nodeName(an)
				if prev, ok := seen[key]; ok {
					return nil, fmt.Errorf("overrides/%s:%d: %s attribute %q is typed in %s too", n, an.Line, m.path, nodeName(an), prev)
				}
				seen[key] = fmt.Sprintf("%s:%d", n, an.Line)
			}
		}
		if prev, ok := out[f.Path]; ok {
			// a package's types may be split over several files (types/ip.yaml,
			// types/ip-firewall.yaml); each attribute is typed in one of them only
			prev.menus = append(prev.menus, f.menus...)
			continue
		}
		out[f.Path] = f
	}
	return out, nil
}

// applyTypes merges the type layer's entries for package p into its imported attributes.
func (im *importer) applyTypes(p *pkg, f *ovFile) error {
	byPath := map[string]*menu{}
	for _, m := range p.Menus {
		byPath[m.Path] = m
	}
	for _, om := range f.menus {
		m := byPath[om.path]
		if m == nil {
			return fmt.Errorf("%s: type for %s, which the import does not have", om.pos, om.path)
		}
		for _, an := range om.attrs {
			name := nodeName(an)
			var a *attr
			for _, x := range m.Attrs {
				if x.Name == name {
					a = x
				}
			}
			where := fmt.Sprintf("%s: %s attribute %q", om.pos, om.path, name)
			if a == nil {
				return fmt.Errorf("%s: the import has no such attribute", where)
			}
			if _, err := applyAttr(a, an, where); err != nil {
				return err
			}
			a.why, a.reason = "type layer", ""
			if a.Type == "" || a.Type == "string" {
				// a string on purpose: the entry's source says why
				a.reason = "a plain string by the type layer"
				if src := strings.TrimSpace(strings.TrimPrefix(an.LineComment, "#")); src != "" {
					a.reason += " (" + src + ")"
				}
				continue
			}
			im.report.typedByLayer++
		}
	}
	return nil
}
