package gentype_test

import (
	"context"
	"errors"
	"github.com/rosgen/routeros/ros"
	"github.com/rosgen/routeros/ros/gentype"
	"strings"
	"testing"
	"time"

	"github.com/rosgen/routeros/ros/value"
	"github.com/rosgen/routeros/wire"
	"github.com/rosgen/routeros/wire/wiretest"
)

type errItem struct{ Name string }

type errSpec struct{ Address ros.Opt[string] }

var errDesc = &gentype.Desc[errItem, errSpec]{
	Path:     "/ip/address",
	Proplist: "name",
	NameAttr: "name",
	Decode:   func(d *gentype.Decoder) errItem { return errItem{Name: gentype.Decode(d, "name", value.String)} },
	Encode:   func(e *gentype.Encoder, s *errSpec) { gentype.Encode(e, "address", s.Address, value.String) },
}

// The trap conditions are wire's: errors.Is works the same on raw and typed errors.
func TestConditionsAreWires(t *testing.T) {
	for _, pair := range [][2]error{{ros.ErrNotFound, wire.ErrNotFound}, {ros.ErrAlreadyExists, wire.ErrAlreadyExists},
		{ros.ErrPermission, wire.ErrPermission}, {ros.ErrUnknownCommand, wire.ErrUnknownCommand},
		{ros.ErrUnknownParameter, wire.ErrUnknownParameter}, {ros.ErrBadValue, wire.ErrBadValue}} {
		if pair[0] != pair[1] {
			t.Errorf("%v is not wire's %v", pair[0], pair[1])
		}
	}
}

// A typed call's error says the path, the operation and the router's message once each.
func TestErrorTextSaysEachThingOnce(t *testing.T) {
	srv := wiretest.NewServer(t, wiretest.NewScript().Login("admin", "pw").
		Expect("/ip/address/add", "=address=10.0.0.1/24", ".tag={a}").
		Send("!trap", "=message=failure: already have such address", ".tag={a}").
		Send("!done", ".tag={a}").
		Expect("/ip/address/remove", "=numbers=*9", ".tag={b}").
		Send("!trap", "=category=0", "=message=no such item (4)", ".tag={b}").
		Send("!done", ".tag={b}").
		Expect("/ip/address/print", "=.proplist=name", "?name=x", ".tag={c}").
		Send("!done", ".tag={c}").
		Close())
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := wire.Dial(ctx, wire.Config{Address: srv.Addr, Username: "admin", Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	m := gentype.NewMenu(conn, errDesc, nil)

	_, err = m.Add(ctx, errSpec{Address: ros.Some("10.0.0.1/24")})
	if want := "ros: /ip/address add: failure: already have such address"; err == nil || err.Error() != want {
		t.Errorf("add: %v, want %q", err, want)
	}
	if !errors.Is(err, ros.ErrAlreadyExists) {
		t.Errorf("add: %v does not match ros.ErrAlreadyExists", err)
	}

	err = m.Remove(ctx, "*9")
	if want := "ros: /ip/address remove: no such item (4) (category 0)"; err == nil || err.Error() != want {
		t.Errorf("remove: %v, want %q", err, want)
	}
	var trap *wire.TrapError
	if !errors.Is(err, ros.ErrNotFound) || !errors.As(err, &trap) || trap.Command != "/ip/address/remove" {
		t.Errorf("remove: %v", err)
	}

	_, err = m.Get(ctx, "x")
	if want := "ros: /ip/address get x: no such item"; err == nil || err.Error() != want {
		t.Errorf("get: %v, want %q", err, want)
	}

	<-conn.Done() // the script closed the connection
	_, err = m.List(ctx)
	if err == nil || strings.Count(err.Error(), "ros") != 1 || !strings.HasPrefix(err.Error(), "ros: /ip/address list: connection closed") {
		t.Errorf("list on a closed connection: %v", err)
	}
}
