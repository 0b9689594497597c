package gentype_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/rosgen/routeros/ros"
	"github.com/rosgen/routeros/ros/gentype"
	"github.com/rosgen/routeros/ros/value"
	"github.com/rosgen/routeros/wire"
	"github.com/rosgen/routeros/wire/wiretest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestEncoder(t *testing.T) {
	var e gentype.Encoder
	gentype.Encode(&e, "a", ros.Some(true), value.Bool)
	gentype.Encode(&e, "b", ros.Unset[bool](), value.Bool)
	gentype.Encode(&e, "c", ros.Leave[bool](), value.Bool)
	gentype.EncodeFlag(&e, "once", true)
	if !reflect.DeepEqual(e.Words(), []string{"=a=yes", "=once="}) || !reflect.DeepEqual(e.Unsets(), []string{"b"}) {
		t.Fatalf("words %q unsets %q", e.Words(), e.Unsets())
	}
}

type item struct {
	ID   string
	Name string
	MTU  int64
	Dur  time.Duration
	Raw  ros.Raw
}

type spec struct {
	Name ros.Opt[string]
	MTU  ros.Opt[int64]
}

var testDesc = &gentype.Desc[item, spec]{
	Path:     "/test/menu",
	Proplist: ".id,name,mtu,dur",
	NameAttr: "name",
	Decode: func(d *gentype.Decoder) item {
		return item{
			ID:   gentype.Decode(d, ".id", value.String),
			Name: gentype.Decode(d, "name", value.String),
			MTU:  gentype.Decode(d, "mtu", value.Int),
			Dur:  gentype.Decode(d, "dur", value.Duration),
			Raw:  d.Raw(),
		}
	},
	Encode: func(e *gentype.Encoder, s *spec) {
		gentype.Encode(e, "name", s.Name, value.String)
		gentype.Encode(e, "mtu", s.MTU, value.Int)
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

type traceRec struct{ errs []*ros.DecodeError }

func (r *traceRec) TraceDecodeError(_ context.Context, e *ros.DecodeError) {
	r.errs = append(r.errs, e)
}

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
	m := gentype.NewMenu(conn, testDesc, &ros.Options{Tracer: tr})
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
	if len(tr.errs) != 1 || tr.errs[0].Attr != "mtu" || !errors.Is(tr.errs[0], ros.ErrDecode) {
		t.Errorf("tracer got %v", tr.errs)
	}
	if _, err := m.Get(ctx, "gone"); !errors.Is(err, ros.ErrNotFound) {
		t.Errorf("Get of nothing: %v", err)
	}
	err = m.Remove(ctx, "*9")
	var trap *wire.TrapError
	if !errors.Is(err, ros.ErrNotFound) || !errors.As(err, &trap) || trap.Category != 0 {
		t.Errorf("remove: %v", err)
	}
	if err := m.Set(ctx, "*1", spec{MTU: ros.Some[int64](1500), Name: ros.Unset[string]()}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Add(ctx, spec{Name: ros.Some("dup")}); !errors.Is(err, ros.ErrAlreadyExists) {
		t.Errorf("add: %v", err)
	}
}

func TestStrictDecode(t *testing.T) {
	conn := dial(t, wiretest.NewScript().
		Expect("/test/menu/print", "=.proplist=.id,name,mtu,dur", ".tag={a}").
		Send("!re", "=.id=*1", "=mtu=auto", ".tag={a}").
		Send("!done", ".tag={a}"))
	m := gentype.NewMenu(conn, testDesc, &ros.Options{Strict: true})
	_, err := m.List(context.Background())
	var de *ros.DecodeError
	if !errors.Is(err, ros.ErrDecode) || !errors.As(err, &de) || de.Value != "auto" {
		t.Fatalf("strict: %v", err)
	}
}
