package ros

import (
	"context"
	"errors"
	"net/netip"
	"reflect"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/rosgen/routeros/ros/value"
	"github.com/rosgen/routeros/wire"
	"github.com/rosgen/routeros/wire/wiretest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestFilterWords(t *testing.T) {
	typ := NewField("type", value.String)
	mtu := NewField("mtu", value.Int)
	name := NewField("name", value.String)
	addr := NewField("address", value.Prefix)
	proto := NewField("protocol", value.Negatable(value.Enum[string]()))
	cases := []struct {
		name string
		fs   []Filter
		want []string
	}{
		{"eq", []Filter{typ.Eq("ether")}, []string{"?type=ether"}},
		{"lt gt", []Filter{mtu.Lt(1500), mtu.Gt(100)}, []string{"?<mtu=1500", "?>mtu=100"}},
		{"has", []Filter{name.Has(), name.HasNot()}, []string{"?name", "?-name"}},
		{"in of three", []Filter{typ.In("ether", "vlan", "bridge")},
			[]string{"?type=ether", "?type=vlan", "?#|", "?type=bridge", "?#|"}},
		{"in of one", []Filter{typ.In("ether")}, []string{"?type=ether"}},
		{"not", []Filter{Not(typ.Eq("ether"))}, []string{"?type=ether", "?#!"}},
		{"ne", []Filter{typ.Ne("ether")}, []string{"?type=ether", "?#!"}},
		{"and", []Filter{And(typ.Eq("ether"), mtu.Gt(1500), name.Has())},
			[]string{"?type=ether", "?>mtu=1500", "?#&", "?name", "?#&"}},
		{"or of and", []Filter{Or(And(typ.Eq("vlan"), mtu.Lt(1500)), name.Eq("x"))},
			[]string{"?type=vlan", "?<mtu=1500", "?#&", "?name=x", "?#|"}},
		{"implicit and", []Filter{typ.Eq("a"), name.Eq("b")}, []string{"?type=a", "?name=b"}},
		{"typed value", []Filter{addr.Eq(netip.MustParsePrefix("10.0.0.1/24"))}, []string{"?address=10.0.0.1/24"}},
		{"negated value", []Filter{proto.Eq(value.Not("tcp"))}, []string{"?protocol=!tcp"}},
		{"zero and empty and", []Filter{{}, And()}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Compile(c.fs...)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
	for _, bad := range []Filter{typ.In(), Or(), Not(And()), Or(typ.Eq("a"), And())} {
		if _, err := Compile(bad); !errors.Is(err, ErrNotSupported) {
			t.Errorf("Compile(%v) = %v, want ErrNotSupported", bad, err)
		}
	}
}

func TestOpt(t *testing.T) {
	var o Opt[int]
	if !o.IsLeave() || o.IsSet() || o.IsUnset() || o.String() != "leave" {
		t.Fatal("zero Opt must be leave")
	}
	if v, ok := Some(3).Get(); !ok || v != 3 || Some(3).String() != "3" {
		t.Fatal("Some")
	}
	if !Unset[int]().IsUnset() || Unset[int]().Or(7) != 7 {
		t.Fatal("Unset")
	}
	var e Encoder
	Encode(&e, "a", Some(true), value.Bool)
	Encode(&e, "b", Unset[bool](), value.Bool)
	Encode(&e, "c", Leave[bool](), value.Bool)
	EncodeFlag(&e, "once", true)
	if !reflect.DeepEqual(e.Words(), []string{"=a=yes", "=once="}) || !reflect.DeepEqual(e.Unsets(), []string{"b"}) {
		t.Fatalf("words %q unsets %q", e.Words(), e.Unsets())
	}
}

type item struct {
	ID   string
	Name string
	MTU  int64
	Dur  time.Duration
	Raw  Raw
}

type spec struct {
	Name Opt[string]
	MTU  Opt[int64]
}

var testDesc = &Desc[item, spec]{
	Path:     "/test/menu",
	Proplist: ".id,name,mtu,dur",
	NameAttr: "name",
	Decode: func(d *Decoder) item {
		return item{
			ID:   Decode(d, ".id", value.String),
			Name: Decode(d, "name", value.String),
			MTU:  Decode(d, "mtu", value.Int),
			Dur:  Decode(d, "dur", value.Duration),
			Raw:  d.Raw(),
		}
	},
	Encode: func(e *Encoder, s *spec) {
		Encode(e, "name", s.Name, value.String)
		Encode(e, "mtu", s.MTU, value.Int)
	},
}

func dial(t *testing.T, script *wiretest.Script) *wire.Conn {
	t.Helper()
	srv := wiretest.NewServer(t, wiretest.NewScript().Login("admin", "pw").Do(func(c *wiretest.ServerConn) error { return c.Play(script) }))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := wire.Dial(ctx, wire.Config{Address: srv.Addr, Username: "admin", Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

type traceRec struct{ errs []*DecodeError }

func (r *traceRec) TraceDecodeError(_ context.Context, e *DecodeError) { r.errs = append(r.errs, e) }

func TestMenuOverWire(t *testing.T) {
	ctx := context.Background()
	conn := dial(t, wiretest.NewScript().
		Expect("/test/menu/print", "=.proplist=.id,name,mtu,dur", "?name=x", ".tag={a}").
		Send("!re", "=.id=*1", "=name=x", "=mtu=auto", "=dur=1m", "=brand-new=7", ".tag={a}").
		Send("!done", ".tag={a}").
		Expect("/test/menu/print", "=.proplist=.id,name,mtu,dur", "?name=gone", ".tag={b}").
		Send("!empty", ".tag={b}").
		Send("!done", ".tag={b}").
		Expect("/test/menu/remove", "=numbers=*9", ".tag={c}").
		Send("!trap", "=category=0", "=message=no such item (4)", ".tag={c}").
		Send("!done", ".tag={c}").
		Expect("/test/menu/set", "=.id=*1", "=mtu=1500", ".tag={d}").
		Send("!done", ".tag={d}").
		Expect("/test/menu/unset", "=numbers=*1", "=value-name=name", ".tag={e}").
		Send("!done", ".tag={e}").
		Expect("/test/menu/add", "=name=dup", ".tag={f}").
		Send("!trap", "=message=failure: already have interface with such name", ".tag={f}").
		Send("!done", ".tag={f}"))
	tr := &traceRec{}
	m := NewMenu(conn, testDesc, &Options{Tracer: tr})
	it, err := m.Get(ctx, "x")
	if err != nil {
		t.Fatal(err)
	}
	if it.ID != "*1" || it.Name != "x" || it.MTU != 0 || it.Dur != time.Minute {
		t.Errorf("lenient decode: %+v", it)
	}
	if v, ok := it.Raw.Get("mtu"); !ok || v != "auto" {
		t.Errorf("raw mtu kept: %q %v", v, ok)
	}
	if v, ok := it.Raw.Get("brand-new"); !ok || v != "7" {
		t.Errorf("unknown attribute kept: %q %v", v, ok)
	}
	if len(tr.errs) != 1 || tr.errs[0].Attr != "mtu" || !errors.Is(tr.errs[0], ErrDecode) {
		t.Errorf("tracer got %v", tr.errs)
	}
	if _, err := m.Get(ctx, "gone"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get of nothing: %v", err)
	}
	err = m.Remove(ctx, "*9")
	var trap *wire.TrapError
	if !errors.Is(err, ErrNotFound) || !errors.As(err, &trap) || trap.Category != 0 {
		t.Errorf("remove: %v", err)
	}
	if err := m.Set(ctx, "*1", spec{MTU: Some[int64](1500), Name: Unset[string]()}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Add(ctx, spec{Name: Some("dup")}); !errors.Is(err, ErrAlreadyExists) {
		t.Errorf("add: %v", err)
	}
}

func TestStrictDecode(t *testing.T) {
	conn := dial(t, wiretest.NewScript().
		Expect("/test/menu/print", "=.proplist=.id,name,mtu,dur", ".tag={a}").
		Send("!re", "=.id=*1", "=mtu=auto", ".tag={a}").
		Send("!done", ".tag={a}"))
	m := NewMenu(conn, testDesc, &Options{Strict: true})
	_, err := m.List(context.Background())
	var de *DecodeError
	if !errors.Is(err, ErrDecode) || !errors.As(err, &de) || de.Value != "auto" {
		t.Fatalf("strict: %v", err)
	}
}

func TestClassify(t *testing.T) {
	cases := map[string]error{
		"no such item (4)":                             ErrNotFound,
		"not enough permissions (9)":                   ErrPermission,
		"no such command prefix":                       ErrUnknownCommand,
		"unknown parameter":                            ErrUnknownParameter,
		"input does not match any value of interface":  ErrBadValue,
		"failure: entry already exists":                ErrAlreadyExists,
		"failure: device already added as bridge port": ErrAlreadyExists,
	}
	for msg, want := range cases {
		err := wrap("x", "/p", &wire.TrapError{Category: -1, Message: msg})
		if !errors.Is(err, want) {
			t.Errorf("%q: %v does not match %v", msg, err, want)
		}
	}
}
