package ros

import (
	"errors"
	"net/netip"
	"reflect"
	"testing"

	"go.uber.org/goleak"

	"github.com/rosgen/routeros/ros/value"
	"github.com/rosgen/routeros/wire"
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
