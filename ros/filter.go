package ros

import (
	"fmt"

	"github.com/rosgen/routeros/ros/value"
)

type filterOp uint8

const (
	opEq filterOp = iota + 1
	opLt
	opGt
	opHas
	opHasNot
	opAnd
	opOr
	opNot
)

// Filter is a condition on items that compiles to RouterOS query words (?name=value, ?#|, ...).
// Build one from a generated Where field (ip.AddressWhere.Interface.Eq("bridge")) and combine with
// And, Or and Not. The zero Filter matches everything.
type Filter struct {
	op    filterOp
	name  string
	value string
	kids  []Filter
	err   error
}

// Field is a filterable attribute of a menu, with the codec that formats its values. Generated
// packages declare one per readable attribute (AddressWhere.Interface); it also names the attribute
// for Unset.
type Field[V any] struct {
	// Generated packages instantiate Field with one enum type per attribute set: the methods
	// that build filters are go:noinline, so that each instantiation's wrappers call the body
	// shared by every string-shaped V instead of compiling a copy of it.
	name   string
	format func(V) string
}

// NewField returns the field name formatted with c. Generated code calls it.
func NewField[V any](name string, c value.Codec[V]) Field[V] {
	return Field[V]{name: name, format: c.Format}
}

// Name returns the RouterOS attribute name.
func (f Field[V]) Name() string { return f.name }

// Eq matches items whose attribute equals v (?name=v).
//
//go:noinline
func (f Field[V]) Eq(v V) Filter { return Filter{op: opEq, name: f.name, value: f.format(v)} }

// Ne matches items whose attribute differs from v (?name=v ?#!).
//
//go:noinline
func (f Field[V]) Ne(v V) Filter { return Not(f.Eq(v)) }

// Lt matches items whose attribute is less than v (?<name=v).
//
//go:noinline
func (f Field[V]) Lt(v V) Filter { return Filter{op: opLt, name: f.name, value: f.format(v)} }

// Gt matches items whose attribute is greater than v (?>name=v).
//
//go:noinline
func (f Field[V]) Gt(v V) Filter { return Filter{op: opGt, name: f.name, value: f.format(v)} }

// Has matches items that have a value for the attribute (?name).
func (f Field[V]) Has() Filter { return Filter{op: opHas, name: f.name} }

// HasNot matches items that have no value for the attribute (?-name).
func (f Field[V]) HasNot() Filter { return Filter{op: opHasNot, name: f.name} }

// In matches items whose attribute equals one of vs: one equality word per value and n-1 ?#|.
// In of no values is an error when compiled.
//
//go:noinline
func (f Field[V]) In(vs ...V) Filter {
	if len(vs) == 0 {
		return Filter{err: fmt.Errorf("%w: In of no values for %s", ErrNotSupported, f.name)}
	}
	kids := make([]Filter, len(vs))
	for i, v := range vs {
		kids[i] = f.Eq(v)
	}
	return Or(kids...)
}

// Named is an attribute name; Field implements it. Unset takes Named values.
type Named interface{ Name() string }

// And matches items that match every filter (n-1 ?#& after the terms). And() matches everything.
func And(fs ...Filter) Filter { return Filter{op: opAnd, kids: fs} }

// Or matches items that match any filter (n-1 ?#| after the terms). Or() is an error when compiled.
func Or(fs ...Filter) Filter {
	if len(fs) == 0 {
		return Filter{err: fmt.Errorf("%w: Or of no filters", ErrNotSupported)}
	}
	return Filter{op: opOr, kids: fs}
}

// Not negates f (f's words, then ?#!).
func Not(f Filter) Filter { return Filter{op: opNot, kids: []Filter{f}} }

// String returns the query words separated by spaces, or the compile error.
func (f Filter) String() string {
	w, err := Compile(f)
	if err != nil {
		return "error: " + err.Error()
	}
	s := ""
	for i, x := range w {
		if i > 0 {
			s += " "
		}
		s += x
	}
	return s
}

// Compile returns the query words of the filters, which are ANDed (each leaves one value on the
// router's query stack, and the stack's values are ANDed).
func Compile(fs ...Filter) ([]string, error) {
	var out []string
	for _, f := range fs {
		if f.op == 0 && f.err == nil {
			continue // zero Filter: matches everything
		}
		if isTrue(f) {
			continue
		}
		var err error
		out, err = f.appendWords(out)
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// isTrue reports a filter that matches everything and produces no words (zero, And()).
func isTrue(f Filter) bool {
	if f.err != nil {
		return false
	}
	if f.op == 0 {
		return true
	}
	if f.op != opAnd {
		return false
	}
	for _, k := range f.kids {
		if !isTrue(k) {
			return false
		}
	}
	return true
}

func (f Filter) appendWords(out []string) ([]string, error) {
	if f.err != nil {
		return nil, f.err
	}
	switch f.op {
	case opEq:
		return append(out, "?"+f.name+"="+f.value), nil
	case opLt:
		return append(out, "?<"+f.name+"="+f.value), nil
	case opGt:
		return append(out, "?>"+f.name+"="+f.value), nil
	case opHas:
		return append(out, "?"+f.name), nil
	case opHasNot:
		return append(out, "?-"+f.name), nil
	case opNot:
		if isTrue(f.kids[0]) {
			return nil, fmt.Errorf("%w: Not of a filter that matches everything", ErrNotSupported)
		}
		out, err := f.kids[0].appendWords(out)
		if err != nil {
			return nil, err
		}
		return append(out, "?#!"), nil
	case opAnd, opOr:
		var kids []Filter
		for _, k := range f.kids {
			if f.op == opAnd && isTrue(k) {
				continue
			}
			if f.op == opOr && isTrue(k) {
				return nil, fmt.Errorf("%w: Or with a term that matches everything", ErrNotSupported)
			}
			kids = append(kids, k)
		}
		if len(kids) == 0 {
			return nil, fmt.Errorf("%w: empty And inside another filter", ErrNotSupported)
		}
		op := "?#&"
		if f.op == opOr {
			op = "?#|"
		}
		for i, k := range kids {
			var err error
			out, err = k.appendWords(out)
			if err != nil {
				return nil, err
			}
			if i > 0 {
				out = append(out, op)
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("%w: invalid filter", ErrNotSupported)
}
