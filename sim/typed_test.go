package sim_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rosgen/routeros/ros"
	"github.com/rosgen/routeros/ros/value"
	"github.com/rosgen/routeros/schema"
	"github.com/rosgen/routeros/sim"
	"github.com/rosgen/routeros/wire"
)

type named string

func (n named) Name() string { return string(n) }

// typedClient finds the generated client of menu m by following the schema's field names from the
// package client, or returns an invalid Value.
func typedClient(pkgs map[string]reflect.Value, m *schema.Menu) reflect.Value {
	v, ok := pkgs[m.Package.Dir]
	if !ok {
		return reflect.Value{}
	}
	var path []string
	var find func(n *schema.Node, trail []string) bool
	find = func(n *schema.Node, trail []string) bool {
		if n.Menu == m {
			path = trail
			return true
		}
		for _, c := range n.Children {
			if find(c, append(append([]string(nil), trail...), c.Field)) {
				return true
			}
		}
		return false
	}
	if !find(m.Package.Root, nil) {
		return reflect.Value{}
	}
	for _, f := range path {
		v = v.Elem().FieldByName(f)
		if !v.IsValid() {
			return v
		}
	}
	return v
}

// call calls a method of a typed client and returns its results, failing the test on an error.
func call(t *testing.T, c reflect.Value, method string, args ...any) []reflect.Value {
	t.Helper()
	out, err := callErr(t, c, method, args...)
	if err != nil {
		t.Fatalf("%s: %v", method, err)
	}
	return out
}

func callErr(t *testing.T, c reflect.Value, method string, args ...any) ([]reflect.Value, error) {
	t.Helper()
	m := c.MethodByName(method)
	if !m.IsValid() {
		t.Fatalf("typed client %s has no method %s", c.Type(), method)
	}
	in := make([]reflect.Value, len(args))
	for i, a := range args {
		in[i] = reflect.ValueOf(a)
	}
	var out []reflect.Value
	if mt := m.Type(); mt.IsVariadic() && len(in) == mt.NumIn() && in[len(in)-1].Type() == mt.In(mt.NumIn()-1) {
		out = m.CallSlice(in) // the last argument is the variadic slice itself
	} else {
		out = m.Call(in)
	}
	if e := out[len(out)-1]; e.Type() == reflect.TypeFor[error]() && !e.IsNil() {
		return out, e.Interface().(error)
	}
	return out, nil
}

// listenTyped runs the typed Listen of c in a goroutine and sends each event's ID and Dead flag
// ("registered" for the Registered event).
func listenTyped(ctx context.Context, c reflect.Value) (<-chan string, func()) {
	ctx, cancel := context.WithCancel(ctx)
	seq := c.MethodByName("Listen").Call([]reflect.Value{reflect.ValueOf(ctx)})[0]
	ch := make(chan string, 64)
	done := make(chan struct{})
	yieldType := seq.Type().In(0)
	yield := reflect.MakeFunc(yieldType, func(args []reflect.Value) []reflect.Value {
		if !args[1].IsNil() {
			return []reflect.Value{reflect.ValueOf(false)}
		}
		ev := args[0]
		s := ev.FieldByName("ID").String()
		if ev.FieldByName("Dead").Bool() {
			s += " dead"
		}
		if ev.FieldByName("Registered").Bool() {
			s = "registered"
		}
		select {
		case ch <- s:
		case <-ctx.Done():
			return []reflect.Value{reflect.ValueOf(false)}
		}
		return []reflect.Value{reflect.ValueOf(true)}
	})
	go func() {
		defer close(done)
		defer close(ch) // an error ends the listen: the reader sees the channel closed
		seq.Call([]reflect.Value{yield})
	}()
	return ch, func() { cancel(); <-done }
}

// leafParsers converts raw RouterOS text to the Go types of the schema's base types that are not a
// plain string, integer or boolean kind (see schema/README.md, "Types"); goValue handles the rest,
// and the value.Or / value.Neg / list wrappers, from the reflect.Type alone.
var leafParsers = map[reflect.Type]func(string) (any, error){
	reflect.TypeFor[time.Duration]():      func(s string) (any, error) { return value.ParseDuration(s) },
	reflect.TypeFor[netip.Addr]():         func(s string) (any, error) { return value.ParseAddr(s) },
	reflect.TypeFor[netip.Prefix]():       func(s string) (any, error) { return value.ParsePrefix(s) },
	reflect.TypeFor[value.AddrOrPrefix](): func(s string) (any, error) { return value.ParseAddrOrPrefix(s) },
	reflect.TypeFor[net.HardwareAddr]():   func(s string) (any, error) { return value.ParseMAC(s) },
	reflect.TypeFor[value.DateTime]():     func(s string) (any, error) { return value.ParseDateTime(s) },
	reflect.TypeFor[value.Limit]():        func(s string) (any, error) { return value.ParseLimit(s) },
	reflect.TypeFor[value.BridgeLimit]():  func(s string) (any, error) { return value.ParseBridgeLimit(s) },
	reflect.TypeFor[value.DstLimit]():     func(s string) (any, error) { return value.ParseDstLimit(s) },
	reflect.TypeFor[value.Nth]():          func(s string) (any, error) { return value.ParseNth(s) },
	reflect.TypeFor[value.ConnLimit]():    func(s string) (any, error) { return value.ParseConnLimit(s) },
	reflect.TypeFor[value.PSD]():          func(s string) (any, error) { return value.ParsePSD(s) },
	reflect.TypeFor[value.ICMPOptions]():  func(s string) (any, error) { return value.ParseICMPOptions(s) },
	reflect.TypeFor[value.Compare]():      func(s string) (any, error) { return value.ParseCompare(s) },
	reflect.TypeFor[value.Adjust]():       func(s string) (any, error) { return value.ParseAdjust(s) },
	reflect.TypeFor[value.TimeMatch]():    func(s string) (any, error) { return value.ParseTimeMatch(s) },
	reflect.TypeFor[value.PCC]():          func(s string) (any, error) { return value.ParsePCC(s) },
	reflect.TypeFor[value.IPsecPolicy]():  func(s string) (any, error) { return value.ParseIPsecPolicy(s) },
}

var valuePkg = reflect.TypeFor[value.Or[int64]]().PkgPath()

// goValue converts raw, a RouterOS value of attribute a, to the Go type t the generated code uses
// for it, mirroring how the codecs compose: value.Or[V] (a sentinel word or a V), value.Neg[V]
// (a leading '!'), []V (a comma list), named string types (enums) and the leaf types above.
func goValue(t reflect.Type, a *schema.Attr, raw string) (reflect.Value, error) {
	if p, ok := leafParsers[t]; ok {
		v, err := p(raw)
		if err != nil {
			return reflect.Value{}, err
		}
		return reflect.ValueOf(v), nil
	}
	out := reflect.New(t).Elem()
	switch {
	case t.PkgPath() == valuePkg && strings.HasPrefix(t.Name(), "Or["):
		if slices.Contains(a.Type.Sentinels, raw) {
			out.FieldByName("Word").SetString(raw)
			return out, nil
		}
		v, err := goValue(out.FieldByName("Value").Type(), a, raw)
		if err != nil {
			return out, err
		}
		out.FieldByName("Value").Set(v)
	case t.PkgPath() == valuePkg && strings.HasPrefix(t.Name(), "Range["):
		lo, hi := raw, raw
		if i := strings.IndexByte(raw[min(1, len(raw)):], '-'); i >= 0 {
			lo, hi = raw[:i+min(1, len(raw))], raw[i+min(1, len(raw))+1:]
		}
		for _, end := range []struct{ field, raw string }{{"Lo", lo}, {"Hi", hi}} {
			v, err := goValue(out.FieldByName(end.field).Type(), a, end.raw)
			if err != nil {
				return out, err
			}
			out.FieldByName(end.field).Set(v)
		}
	case t.PkgPath() == valuePkg && strings.HasPrefix(t.Name(), "Pair["):
		up, down, ok := strings.Cut(raw, "/")
		if !ok {
			return out, fmt.Errorf("%q is no upload/download pair", raw)
		}
		for _, half := range []struct{ field, raw string }{{"Up", up}, {"Down", down}} {
			v, err := goValue(out.FieldByName(half.field).Type(), a, half.raw)
			if err != nil {
				return out, err
			}
			out.FieldByName(half.field).Set(v)
		}
	case t.PkgPath() == valuePkg && strings.HasPrefix(t.Name(), "Neg["):
		if rest, ok := strings.CutPrefix(raw, "!"); ok {
			out.FieldByName("Not").SetBool(true)
			raw = rest
		}
		v, err := goValue(out.FieldByName("Value").Type(), a, raw)
		if err != nil {
			return out, err
		}
		out.FieldByName("Value").Set(v)
	case t.Kind() == reflect.Slice:
		if raw == "" {
			return out, nil // the empty list decodes as nil
		}
		for _, p := range strings.Split(raw, ",") {
			v, err := goValue(t.Elem(), a, p)
			if err != nil {
				return out, err
			}
			out = reflect.Append(out, v)
		}
	case t.Kind() == reflect.String:
		out.SetString(raw)
	case t.Kind() == reflect.Int64 && a.Type.Base == schema.Rate:
		n, err := value.ParseRate(raw) // an int64 written with k/M/G
		if err != nil {
			return out, err
		}
		out.SetInt(n)
	case t.Kind() == reflect.Int64:
		n, err := value.ParseInt(raw)
		if err != nil {
			return out, err
		}
		out.SetInt(n)
	case t.Kind() == reflect.Bool:
		b, err := value.ParseBool(raw)
		if err != nil {
			return out, err
		}
		out.SetBool(b)
	default:
		return out, fmt.Errorf("no conversion from RouterOS text to %s: add it to leafParsers", t)
	}
	return out, nil
}

// setOpt sets the ros.Opt field of spec for attribute a to raw, converted to the Opt's T (the
// input type of (*ros.Opt[T]).Set), and returns the Go value it set.
func setOpt(spec reflect.Value, a *schema.Attr, raw string) (reflect.Value, error) {
	f := spec.FieldByName(a.GoName)
	if !f.IsValid() {
		return reflect.Value{}, fmt.Errorf("%s has no field %s for %q", spec.Type(), a.GoName, a.Name)
	}
	set := f.Addr().MethodByName("Set")
	if !set.IsValid() {
		return reflect.Value{}, fmt.Errorf("%s.%s is a %s, not a ros.Opt", spec.Type(), a.GoName, f.Type())
	}
	v, err := goValue(set.Type().In(0), a, raw)
	if err != nil {
		return reflect.Value{}, fmt.Errorf("%s=%q as %s: %v", a.Name, raw, set.Type().In(0), err)
	}
	set.Call([]reflect.Value{v})
	return v, nil
}

// newSpec returns a new, addressable zero value of the write type that method (Add or Set) of the
// typed client c takes as its last argument.
func newSpec(c reflect.Value, method string) reflect.Value {
	mt := c.MethodByName(method).Type()
	return reflect.New(mt.In(mt.NumIn() - 1)).Elem()
}

// sent is one attribute a typed Add or Set sent, with the Go value it carried.
type sent struct {
	a *schema.Attr
	v reflect.Value
}

// checkRead asserts that the read value item (a generated read type) holds every readable attribute
// of want as it was sent.
func checkRead(t *testing.T, op string, item reflect.Value, want []sent) {
	t.Helper()
	for _, s := range want {
		if !s.a.Readable {
			continue // write-only: never printed
		}
		got := item.FieldByName(s.a.GoName)
		if !got.IsValid() {
			t.Fatalf("%s: read type %s has no field %s", op, item.Type(), s.a.GoName)
		}
		if got.Type() != s.v.Type() {
			t.Fatalf("%s: %s is a %s in the read type, a %s in the spec", op, s.a.Name, got.Type(), s.v.Type())
		}
		if !reflect.DeepEqual(got.Interface(), s.v.Interface()) {
			t.Fatalf("%s: %s read back %#v, sent %#v", op, s.a.Name, got.Interface(), s.v.Interface())
		}
	}
}

// typedWalker drives the generated clients: it builds typed specs for Add and Set from the schema
// (the raw values come from walker.value, references name items found or created through the typed
// clients) and checks what they read back.
type typedWalker struct {
	*walker
	pkgs map[string]reflect.Value
	// skip is which existing item a reference names (add and set retry with the next on a
	// duplicate); it shadows walker.skip, which only the raw walker's refName reads.
	skip int
}

// client returns the typed client of the menu at path.
func (w *typedWalker) client(path string) reflect.Value {
	w.t.Helper()
	c := typedClient(w.pkgs, w.sch.Menu(path))
	if !c.IsValid() {
		w.t.Fatalf("no typed client for %s", path)
	}
	return c
}

// raw returns a valid raw value for attribute a: a reference names an existing item of the
// referenced menu (listed with its typed client, added through it when there is none).
func (w *typedWalker) raw(a *schema.Attr) string {
	if a.Type.Base != schema.Ref {
		return w.value(a)
	}
	m := w.sch.Menu(a.Type.Ref)
	c := w.client(m.Path)
	key := "ID"
	if na := m.NameAttr(); na != nil {
		key = na.GoName
	}
	items := call(w.t, c, "List", w.ctx)[0]
	if items.Len() > 0 {
		return items.Index(w.skip % items.Len()).FieldByName(key).String()
	}
	id := w.add(m)
	return call(w.t, c, "Get", w.ctx, id)[0].FieldByName(key).String()
}

// add creates an item of m with its typed client's Add, sending the required attributes (and name),
// then checks with the typed Get that each reads back as sent. It returns the new .id.
func (w *typedWalker) add(m *schema.Menu) string {
	w.t.Helper()
	c := w.client(m.Path)
	for w.skip = 0; ; w.skip++ {
		spec := newSpec(c, "Add")
		var want []sent
		for _, a := range m.Attrs {
			if a.RequiredOnAdd || (a.Name == "name" && a.OnAdd) {
				v, err := setOpt(spec, a, w.raw(a))
				if err != nil {
					w.t.Fatalf("add %s: %v", m.Path, err)
				}
				want = append(want, sent{a, v})
			}
		}
		out, err := callErr(w.t, c, "Add", w.ctx, spec.Interface())
		var te *wire.TrapError
		if w.skip < 8 && errors.As(err, &te) && strings.HasPrefix(te.Message, "failure:") {
			continue // a duplicate (a device already in a bridge): name another referenced item
		}
		if err != nil {
			w.t.Fatalf("Add(%+v): %v", spec.Interface(), err)
		}
		id := out[0].String()
		w.t.Logf("typed Add %s: %v", m.Path, spec.Interface())
		if !strings.HasPrefix(id, "*") {
			w.t.Fatalf("Add returned %q", id)
		}
		checkRead(w.t, "Add then Get "+id, call(w.t, c, "Get", w.ctx, id)[0], want)
		return id
	}
}

// setAttrs returns the attributes the typed Set changes: every settable one that print shows, but
// the name of a router-owned (fixed) entry, which other menus of this walk refer to.
func setAttrs(m *schema.Menu) []*schema.Attr {
	var out []*schema.Attr
	for _, a := range m.Attrs {
		if a.Settable && a.Readable && !(a.Name == "name" && m.Kind == schema.KindFixed) {
			out = append(out, a)
		}
	}
	return out
}

// otherRaw returns a valid raw value of a other than raw, for when the item holds raw already.
func (w *typedWalker) otherRaw(a *schema.Attr, raw string) (string, error) {
	if a.Type.Pair {
		half := *a
		half.Type.Pair = false
		up, _, _ := strings.Cut(raw, "/")
		o, err := w.otherRaw(&half, up)
		return o + "/" + o, err
	}
	switch a.Type.Base {
	case schema.Bool:
		b, err := value.ParseBool(raw)
		return value.FormatBool(!b), err
	case schema.Int:
		n, err := value.ParseInt(raw)
		if a.Type.HasMax && n+1 > a.Type.Max {
			return strconv.FormatInt(n-1, 10), err
		}
		return strconv.FormatInt(n+1, 10), err
	case schema.Duration:
		d, err := value.ParseDuration(raw)
		return value.FormatDuration(d + time.Second), err
	case schema.Rate:
		n, err := value.ParseRate(raw)
		return strconv.FormatInt(n+1000, 10), err
	case schema.Enum:
		if i := slices.Index(a.Type.Values, raw); i >= 0 && len(a.Type.Values) > 1 {
			return a.Type.Values[(i+1)%len(a.Type.Values)], nil
		}
	case schema.Ref:
		w.skip++ // name the next referenced item, or a new one when there is no other
		if other := w.raw(a); other != raw {
			return other, nil
		}
		ref := w.sch.Menu(a.Type.Ref)
		item := call(w.t, w.client(ref.Path), "Get", w.ctx, w.add(ref))[0]
		if na := ref.NameAttr(); na != nil {
			return item.FieldByName(na.GoName).String(), nil
		}
		return item.FieldByName("ID").String(), nil
	case schema.String:
		if a.Name == "time-zone-name" { // a string with a value set of its own
			if raw == "Europe/Riga" {
				return "America/New_York", nil
			}
			return "Europe/Riga", nil
		}
		return raw + "-2", nil
	}
	return w.value(a), nil // addresses and MACs differ from call to call
}

// set changes each attribute of setAttrs(m), one typed Set per attribute in its own subtest, on
// item id (on the settings item when id is ""), and checks it with the typed Get; where the menu has
// unset and the attribute is optional, it then resets it through the same Set with ros.Opt's
// SetUnset and checks that the value went back. It returns the names of the attributes it set.
func (w *typedWalker) set(m *schema.Menu, c reflect.Value, id string) []string {
	w.t.Helper()
	attrs := setAttrs(m)
	if len(attrs) == 0 {
		w.t.Fatalf("%s has set but no settable attribute print shows", m.Path)
	}
	var names []string
	for _, a := range attrs {
		w.t.Run("set "+a.Name, func(t *testing.T) {
			sub := *w.walker
			sub.t = t
			defer func() { w.n = sub.n }()
			(&typedWalker{walker: &sub, pkgs: w.pkgs}).setOne(m, c, id, a)
		})
		names = append(names, a.Name)
	}
	return names
}

// setOne sets attribute a of item id (of the settings item when id is "") with one typed Set,
// checks it with the typed Get and, where the menu has unset, resets it with SetUnset (see set).
func (w *typedWalker) setOne(m *schema.Menu, c reflect.Value, id string, a *schema.Attr) {
	w.t.Helper()
	get := func() reflect.Value {
		w.t.Helper()
		if id == "" {
			return call(w.t, c, "Get", w.ctx)[0]
		}
		return call(w.t, c, "Get", w.ctx, id)[0]
	}
	trySend := func(spec reflect.Value) error {
		w.t.Helper()
		var err error
		if id == "" {
			_, err = callErr(w.t, c, "Set", w.ctx, spec.Interface())
		} else {
			_, err = callErr(w.t, c, "Set", w.ctx, id, spec.Interface())
		}
		return err
	}
	send := func(spec reflect.Value) {
		w.t.Helper()
		if err := trySend(spec); err != nil {
			w.t.Fatalf("Set(%+v): %v", spec.Interface(), err)
		}
	}
	before := get().FieldByName(a.GoName)
	spec := newSpec(c, "Set")
	raw := w.raw(a)
	if a.Type.Negatable {
		raw = "!" + raw // the negated form, through value.Neg
	}
	v, err := setOpt(spec, a, raw)
	if err != nil {
		w.t.Fatal(err)
	}
	if reflect.DeepEqual(before.Interface(), v.Interface()) {
		// the item holds that value already (a default of yes, the interface it is on): set another
		if raw, err = w.otherRaw(a, raw); err == nil {
			v, err = setOpt(spec, a, raw)
		}
		if err != nil || reflect.DeepEqual(before.Interface(), v.Interface()) {
			w.t.Fatalf("%s is %#v already and no other value is at hand (%v)", a.Name, before.Interface(), err)
		}
	}
	for tries := 0; ; tries++ {
		w.t.Logf("typed Set %s=%s as %s", a.Name, raw, v.Type())
		err := trySend(spec)
		var te *wire.TrapError
		if a.Type.Base == schema.Ref && tries < 8 && errors.As(err, &te) && strings.HasPrefix(te.Message, "failure:") {
			// a duplicate (a device already in a bridge): name another referenced item
			if raw, err = w.otherRaw(a, raw); err == nil {
				v, err = setOpt(spec, a, raw)
			}
			if err != nil {
				w.t.Fatal(err)
			}
			continue
		}
		if err != nil {
			w.t.Fatalf("Set(%+v): %v", spec.Interface(), err)
		}
		break
	}
	checkRead(w.t, fmt.Sprintf("Set %s=%s then Get", a.Name, raw), get(), []sent{{a, v}})
	if !m.Has(schema.VerbUnset) || a.RequiredOnAdd || a.Name == "name" {
		return
	}
	spec = newSpec(c, "Set")
	spec.FieldByName(a.GoName).Addr().MethodByName("SetUnset").Call(nil)
	send(spec)
	after := get().FieldByName(a.GoName)
	def, _ := goValue(v.Type(), a, a.Default)
	if reflect.DeepEqual(after.Interface(), v.Interface()) && (a.Default == "" || !reflect.DeepEqual(def.Interface(), v.Interface())) {
		w.t.Fatalf("Set with %s unset: still %#v", a.Name, after.Interface())
	}
}

// factChecks counts the checks facts made, by kind, over a TestEveryMenuTyped run.
var factChecks = map[string]int{}

// facts checks the schema's facts of menu m through its typed client, on item id: a second Add
// with the values of a uniqueness key fails with ros.ErrAlreadyExists and the key's text; an item
// a lock holds (dynamic, builtin) refuses Remove or Set with the lock's text; an open enum takes a
// value outside its suggestions, a sentinel reads back as a value.Word, a range as a value.Range.
func (w *typedWalker) facts(m *schema.Menu, c reflect.Value, id string) {
	t := w.t
	t.Helper()
	keys := m.Unique
	if m.View != nil {
		keys = append(slices.Clone(keys), w.sch.Menu(m.View.Of).Unique...)
	}
	if m.Has(schema.VerbAdd) {
		for _, k := range keys {
			cur := w.must(m.Path+"/print", "?.id="+id).Re[0].Map()
			spec := newSpec(c, "Add")
			for _, a := range m.Attrs {
				if v, ok := cur[a.Name]; ok && v != "" && a.OnAdd && (a.RequiredOnAdd || slices.Contains(k.Attrs, a.Name)) {
					if _, err := setOpt(spec, a, v); err != nil {
						t.Fatal(err)
					}
				}
			}
			_, err := callErr(t, c, "Add", w.ctx, spec.Interface())
			factChecks["duplicate"]++
			if !errors.Is(err, ros.ErrAlreadyExists) || !strings.Contains(err.Error(), k.Error) {
				t.Errorf("typed Add of a duplicate %v: %v, want ErrAlreadyExists with %q", k.Attrs, err, k.Error)
			}
		}
	}
	for _, l := range m.Locked {
		for _, s := range w.must(m.Path+"/print", "?"+l.When+"=true").Re {
			lid, _ := s.Get(".id")
			var err error
			switch {
			case m.Has(schema.VerbRemove) && (len(l.Verbs) == 0 || slices.Contains(l.Verbs, schema.VerbRemove)):
				_, err = callErr(t, c, "Remove", w.ctx, []string{lid})
			case m.Has(schema.VerbSet) && m.Attr("comment") != nil && (len(l.Verbs) == 0 || slices.Contains(l.Verbs, schema.VerbSet)):
				spec := newSpec(c, "Set")
				if _, err := setOpt(spec, m.Attr("comment"), "locked?"); err != nil {
					t.Fatal(err)
				}
				_, err = callErr(t, c, "Set", w.ctx, lid, spec.Interface())
			default:
				continue
			}
			factChecks["locked "+l.When]++
			if err == nil || !strings.Contains(err.Error(), l.Error) {
				t.Errorf("%s item %s (%s=true): %v, want %q", m.Path, lid, l.When, err, l.Error)
			}
		}
	}
	if !m.Has(schema.VerbSet) {
		return
	}
	for _, a := range setAttrs(m) {
		var raw string
		switch {
		case a.Type.Open:
			raw = fmt.Sprintf("walk-open-%d", w.n)
			if a.Type.Pair {
				raw += "/" + raw
			}
			factChecks["open enum"]++
		case len(a.Type.Sentinels) > 0 && a.Type.Base != schema.Ref && a.Type.Base != schema.String:
			raw = a.Type.Sentinels[len(a.Type.Sentinels)-1]
			factChecks["sentinel"]++
		case a.Type.Range && a.Type.Base == schema.Int:
			// 1-1024,8080 where the bounds allow (netwatch http-codes: 100..599).
			lo, hi, one := int64(1), int64(1024), int64(8080)
			if a.Type.HasMin && a.Type.Min > lo {
				lo = a.Type.Min
			}
			if a.Type.HasMax && a.Type.Max < one {
				hi, one = a.Type.Max-1, a.Type.Max
			}
			raw = fmt.Sprintf("%d-%d", lo, hi)
			if a.Type.List {
				raw += fmt.Sprintf(",%d", one)
			}
			factChecks["range"]++
		case a.Type.Range && a.Type.Base == schema.Rate:
			raw = "0-100k" // manual:Connection rate
			factChecks["range"]++
		case a.Type.Range:
			raw = "192.0.2.1-192.0.2.9"
			factChecks["range"]++
		default:
			continue
		}
		w.n++
		if a.Type.List && a.Type.Open {
			raw += ",walk-other"
		}
		spec := newSpec(c, "Set")
		v, err := setOpt(spec, a, raw)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := callErr(t, c, "Set", w.ctx, id, spec.Interface()); err != nil {
			t.Errorf("typed Set %s=%s: %v", a.Name, raw, err)
			continue
		}
		checkRead(t, "Set "+a.Name+"="+raw+" then Get", call(t, c, "Get", w.ctx, id)[0], []sent{{a, v}})
	}
}

// TestEveryMenuTyped walks every menu of the schema through the generated typed clients (found by
// reflection from the schema's field names): List and Count for every menu; Add, Get, Set (and an
// unset through Set), Listen, Comment, Unset, Enable, Disable, Move and Remove where the menu has
// them. Add and Set take typed specs built from the schema and reflect.Type alone (setOpt, goValue):
// Add sends the required attributes, Set each settable one in turn; what they sent is read back
// through the typed Get and compared, Go value to Go value, with the read type's field. No menu
// that has add or set is skipped (checked at the end).
func TestEveryMenuTyped(t *testing.T) {
	sch, err := schema.Default()
	if err != nil {
		t.Fatal(err)
	}
	srv := startSim(t, sim.Config{})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute) // a bound for the walk of every menu (400 of them), not a timing assertion
	defer cancel()
	conn, err := wire.Dial(ctx, wire.Config{Address: srv.Addr(), Username: "admin"})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	pkgs := typedClients(conn)
	n := 0 // walker.value's counter, shared so that names made in one menu do not clash in the next
	var added, setMenus, setDone []string
	for _, m := range sch.Menus() {
		if m.Kind == schema.KindNone {
			continue
		}
		t.Run(m.Path, func(t *testing.T) {
			c := typedClient(pkgs, m)
			if !c.IsValid() {
				t.Skipf("no typed client for package %q: add its constructor to this test", m.Package.Dir)
			}
			w := &typedWalker{walker: &walker{t: t, ctx: ctx, conn: conn, sch: sch, n: n}, pkgs: pkgs}
			defer func() { n = w.n }()
			set := func(id string) {
				setMenus = append(setMenus, m.Path)
				for _, a := range w.set(m, c, id) {
					setDone = append(setDone, m.Path+" "+a)
				}
			}
			if m.Kind == schema.KindSettings {
				call(t, c, "Get", ctx)
				if m.Has(schema.VerbSet) {
					set("")
				}
				return
			}
			items := call(t, c, "List", ctx)[0]
			count := call(t, c, "Count", ctx)[0].Int()
			if int64(items.Len()) != count {
				t.Fatalf("List gave %d items, Count %d", items.Len(), count)
			}
			var events <-chan string
			stop := func() {}
			if m.Has(schema.VerbListen) {
				events, stop = listenTyped(ctx, c)
				if first := <-events; first != "registered" { // from now on every change is reported
					t.Fatalf("Listen: first event %q, want registered", first)
				}
			}
			defer stop()

			var id string
			if m.Kind == schema.KindList {
				id = w.add(m)
				added = append(added, m.Path)
			} else if items.Len() > 0 {
				id = items.Index(0).FieldByName("ID").String()
			} else {
				return
			}
			got := call(t, c, "Get", ctx, id)[0]
			if got.FieldByName("ID").String() != id {
				t.Fatalf("Get(%s) = %v", id, got.FieldByName("ID"))
			}
			if m.Has(schema.VerbSet) {
				set(id)
			}
			w.facts(m, c, id)
			if m.Has(schema.VerbComment) && m.Attr("comment") != nil {
				call(t, c, "Comment", ctx, "typed walk", []string{id})
				if v := call(t, c, "Get", ctx, id)[0].FieldByName("Comment").String(); v != "typed walk" {
					t.Fatalf("comment %q", v)
				}
				if m.Has(schema.VerbUnset) {
					call(t, c, "Unset", ctx, id, []ros.Named{named("comment")})
					if v := call(t, c, "Get", ctx, id)[0].FieldByName("Comment").String(); v != "" {
						t.Fatalf("comment %q after Unset", v)
					}
				}
			}
			if m.Has(schema.VerbDisable) {
				call(t, c, "Disable", ctx, []string{id})
				if !call(t, c, "Get", ctx, id)[0].FieldByName("Disabled").Bool() {
					t.Fatal("not disabled")
				}
				call(t, c, "Enable", ctx, []string{id})
			}
			if m.Kind != schema.KindList {
				return
			}
			if m.Has(schema.VerbMove) {
				second := w.add(m)
				call(t, c, "Move", ctx, []string{second}, id)
				list := call(t, c, "List", ctx)[0]
				var ids []string
				for i := 0; i < list.Len(); i++ {
					ids = append(ids, list.Index(i).FieldByName("ID").String())
				}
				if !strings.Contains(strings.Join(ids, " ")+" ", second+" "+id+" ") {
					t.Fatalf("after Move(%s before %s): %v", second, id, ids)
				}
				call(t, c, "Remove", ctx, []string{second})
			}
			call(t, c, "Remove", ctx, []string{id})
			if _, err := callErr(t, c, "Get", ctx, id); !errors.Is(err, ros.ErrNotFound) {
				t.Fatalf("Get after Remove: %v", err)
			}
			if events != nil {
				want := id + " dead"
				timeout := time.After(5 * time.Second)
				for seen := ""; seen != want; {
					select {
					case seen = <-events:
					case <-timeout:
						t.Fatalf("Listen: no %q event", want)
					}
				}
			}
		})
	}
	if t.Failed() {
		return
	}
	t.Logf("schema facts checked through the typed clients: %v", factChecks)
	for _, kind := range []string{"duplicate", "locked dynamic", "locked builtin", "open enum", "sentinel", "range"} {
		if factChecks[kind] == 0 {
			t.Errorf("no %s check ran", kind)
		}
	}
	// every menu with add or set went through the typed Add or Set: none was skipped
	for _, m := range sch.Menus() {
		if m.Kind == schema.KindNone {
			continue
		}
		if !typedClient(pkgs, m).IsValid() {
			t.Errorf("%s has no typed client (every menu is generated: run go generate ./...)", m.Path)
			continue
		}
		if m.Has(schema.VerbAdd) && !slices.Contains(added, m.Path) {
			t.Errorf("%s has add but no typed Add ran", m.Path)
		}
		// a fixed menu without entries on an unconfigured router (connections, sessions, jobs)
		// has nothing to set
		if m.Has(schema.VerbSet) && !slices.Contains(setMenus, m.Path) && !(m.Kind == schema.KindFixed && len(m.Items) == 0 && m.View == nil) {
			t.Errorf("%s has set but no typed Set ran", m.Path)
		}
	}
	t.Logf("typed Add on %d menus, typed Set on %d menus (%d attributes)", len(added), len(setMenus), len(setDone))
}
