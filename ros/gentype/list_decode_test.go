package gentype_test

import (
	"context"
	"testing"
	"time"

	"github.com/rosgen/routeros/ros"
	"github.com/rosgen/routeros/ros/gentype"
	"github.com/rosgen/routeros/wire/wiretest"
)

// A List decodes all its items with one Decoder: each item sees its own attributes only (the first
// of a repeated name wins, on rows of more than 8 attributes too), its own decode errors only, and a
// Raw of its own that an append does not share.
func TestListDecodesEachItemAlone(t *testing.T) {
	conn := dial(t, wiretest.NewScript().
		Expect("/test/menu/print", "=.proplist=.id,name,mtu,dur", ".tag={a}").
		Send("!re", "=.id=*1", "=a=1", "=b=2", "=c=3", "=d=4", "=e=5", "=f=6", "=name=first", "=mtu=1500",
			"=name=second", "=dur=1m", ".tag={a}").
		Send("!re", "=.id=*2", "=mtu=auto", "=name=two", ".tag={a}").
		Send("!re", "=.id=*3", "=dur=2s", ".tag={a}").
		Send("!done", ".tag={a}"))
	tr := &traceRec{}
	items, err := gentype.NewMenu(conn, testDesc, &ros.Options{Tracer: tr}).List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 3 {
		t.Fatalf("%d items", len(items))
	}
	if it := items[0]; it.ID != "*1" || it.Name != "first" || it.MTU != 1500 || it.Dur != time.Minute || len(it.Raw) != 11 {
		t.Errorf("item 1: %+v", it)
	}
	if it := items[1]; it.ID != "*2" || it.Name != "two" || it.MTU != 0 || it.Dur != 0 || len(it.Raw) != 3 {
		t.Errorf("item 2: %+v", it)
	}
	if it := items[2]; it.ID != "*3" || it.Name != "" || it.MTU != 0 || it.Dur != 2*time.Second || len(it.Raw) != 2 {
		t.Errorf("item 3: %+v", it)
	}
	if len(tr.errs) != 1 || tr.errs[0].Attr != "mtu" || tr.errs[0].Value != "auto" {
		t.Errorf("decode errors: %v", tr.errs)
	}
	grown := append(items[1].Raw, items[2].Raw...)
	grown[0].Value = "changed"
	if v, _ := items[1].Raw.Get(".id"); v != "*2" {
		t.Errorf("an append to one item's Raw changed it: .id %q", v)
	}
	if v, _ := items[2].Raw.Get(".id"); v != "*3" {
		t.Errorf("an append to one item's Raw changed the next item: .id %q", v)
	}
}
