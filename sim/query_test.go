package sim_test

import (
	"testing"

	"github.com/rosgen/routeros/sim"
)

// TestQueryStack evaluates docs/protocol.md#queries on the factory interfaces: ether1..ether5 (type
// ether, no comment) and "bridge" (type bridge, comment defconf). Expected sets are worked out by
// hand from the rules, not taken from the simulator.
func TestQueryStack(t *testing.T) {
	srv := startSim(t, sim.Config{})
	c := loggedIn(t, srv)
	const (
		all    = "ether1,ether2,ether3,ether4,ether5,bridge"
		ethers = "ether1,ether2,ether3,ether4,ether5"
		none   = ""
	)
	for _, tc := range []struct {
		name  string
		query []string
		want  string
	}{
		{"no query", nil, all},
		{"equal", []string{"?type=ether"}, ethers},
		{"equal, long form", []string{"?=name=ether3"}, "ether3"},
		{"or", []string{"?type=ether", "?type=bridge", "?#|"}, all},
		{"implicit and", []string{"?type=ether", "?type=bridge"}, none},
		{"explicit and", []string{"?type=ether", "?name=ether2", "?#&"}, "ether2"},
		{"not equal", []string{"?name=ether1", "?#!"}, "ether2,ether3,ether4,ether5,bridge"},
		{"nor", []string{"?name=ether1", "?name=ether2", "?#|!"}, "ether3,ether4,ether5,bridge"},
		{"in three", []string{"?name=ether1", "?name=ether4", "?name=bridge", "?#||"}, "ether1,ether4,bridge"},
		{"has", []string{"?comment"}, "bridge"},
		{"has not", []string{"?-comment"}, ethers},
		{"not empty", []string{"?>comment="}, "bridge"},
		{"less, byte-wise", []string{"?<name=ether3"}, "ether1,ether2,bridge"},
		{"greater, numeric", []string{"?>actual-mtu=999"}, all},
		{"less, numeric", []string{"?<actual-mtu=1500"}, none},
		{"bool yes matches true", []string{"?disabled=no"}, all},
		// stack operations on an empty stack: it is infinitely many true values
		{"negate empty", []string{"?#!"}, none},
		{"or empty", []string{"?#|"}, all},
		{"and empty", []string{"?#&"}, all},
		{"dot on empty pushes true", []string{"?#.!"}, none},
		// an index at the end of the word replaces the whole stack
		{"index 0 at end", []string{"?name=ether1", "?type=bridge", "?#0"}, "bridge"},
		{"index 1 at end", []string{"?name=ether1", "?type=bridge", "?#1"}, "ether1"},
		{"index past the stack at end", []string{"?name=ether1", "?#5"}, all},
		// an index followed by another character pushes a copy; "." after it does nothing
		{"index then dot", []string{"?name=ether1", "?#0.!|"}, all},
		{"dot pushes top", []string{"?name=ether1", "?#.!|"}, all},
		{"copy then and", []string{"?type=ether", "?name=bridge", "?#1.&"}, none},
		{"copy deep then or", []string{"?name=ether2", "?name=ether3", "?#1.|"}, "ether2"},
		{"copy then not", []string{"?name=ether2", "?#0!"}, none},
		{"two indexes", []string{"?name=ether2", "?name=ether3", "?#0.1.|"}, none},
		{"index replaces after ops", []string{"?name=ether2", "?name=ether3", "?#|0"}, "ether2,ether3"},
	} {
		words := append([]string{"/interface/print", "=.proplist=name"}, tc.query...)
		re, _ := c.mustOK(words...)
		if got := joined(re, "name"); got != tc.want {
			t.Errorf("%s %v: got %q, want %q", tc.name, tc.query, got, tc.want)
		}
	}
}

func TestQueryProplistAndCount(t *testing.T) {
	srv := startSim(t, sim.Config{})
	c := loggedIn(t, srv)
	_, done := c.mustOK("/interface/print", "=count-only=", "?type=ether")
	if n, _ := done.Get("ret"); n != "5" {
		t.Fatalf("count-only: %v", done)
	}
	re, _ := c.mustOK("/interface/print", "=.proplist=.id,name", "?name=bridge")
	if len(re) != 1 || len(re[0].Attrs) != 2 || re[0].Attrs[0].Key != ".id" || re[0].Attrs[1].Key != "name" {
		t.Fatalf("proplist: %v", re)
	}
	id, _ := re[0].Get(".id")
	re, _ = c.mustOK("/interface/print", "=.proplist=name", "=from="+id+",ether2")
	if got := joined(re, "name"); got != "ether2,bridge" {
		t.Fatalf("from: %q", got)
	}
	// a property the item lacks is simply absent; an empty proplist entry gives a bare !re
	re, _ = c.mustOK("/interface/print", "=.proplist=comment", "?name=ether1")
	if len(re) != 1 || len(re[0].Attrs) != 0 {
		t.Fatalf("bare re: %v", re)
	}
}
