package gen

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"

	"github.com/rosgen/routeros/schema"
)

// TestGeneratedDocs checks that every exported name of the generated packages has a doc comment
// (types, struct fields, functions, methods, constants and variables), so that go doc reads well.
func TestGeneratedDocs(t *testing.T) {
	s, err := schema.Default()
	if err != nil {
		t.Fatal(err)
	}
	files, err := Generate(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	pkgDoc := map[string]bool{}
	for _, f := range files {
		fset := token.NewFileSet()
		af, err := parser.ParseFile(fset, f.Name, f.Data, parser.ParseComments)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if af.Doc != nil {
			pkgDoc[filepathDir(f.Name)] = true
		}
		missing := func(pos token.Pos, name string) {
			t.Errorf("%s: %s has no doc comment", fset.Position(pos), name)
		}
		for _, d := range af.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Name.IsExported() && d.Doc == nil {
					missing(d.Pos(), d.Name.Name)
				}
			case *ast.GenDecl:
				for _, sp := range d.Specs {
					switch sp := sp.(type) {
					case *ast.TypeSpec:
						if sp.Name.IsExported() && d.Doc == nil && sp.Doc == nil {
							missing(sp.Pos(), sp.Name.Name)
						}
						if st, ok := sp.Type.(*ast.StructType); ok {
							checkFields(st, sp.Name.Name, missing)
						}
					case *ast.ValueSpec:
						for _, n := range sp.Names {
							if n.IsExported() && d.Doc == nil && sp.Doc == nil {
								missing(n.Pos(), n.Name)
							}
						}
						if st, ok := sp.Type.(*ast.StructType); ok {
							checkFields(st, sp.Names[0].Name, missing)
						}
					}
				}
			}
		}
	}
	for _, p := range s.Packages {
		if !pkgDoc[p.Dir] {
			t.Errorf("package %s has no package comment", p.Name)
		}
	}
}

func checkFields(st *ast.StructType, owner string, missing func(token.Pos, string)) {
	for _, f := range st.Fields.List {
		for _, n := range f.Names {
			if n.IsExported() && f.Doc == nil {
				missing(n.Pos(), owner+"."+n.Name)
			}
		}
	}
}
