package sim_test

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/rosgen/routeros/sim"
)

func TestAddGetSetRemove(t *testing.T) {
	srv := startSim(t, sim.Config{})
	c := loggedIn(t, srv)

	// ids are *1, *2... per menu, hex after the star: the factory state has one address (*1)
	_, done := c.mustOK("/ip/address/add", "=address=10.0.0.1/24", "=interface=ether1", "=comment=lab")
	if id, _ := done.Get("ret"); id != "*2" {
		t.Fatalf("first new address id %v", done)
	}
	re, _ := c.mustOK("/ip/address/print", "?address=10.0.0.1/24")
	if len(re) != 1 {
		t.Fatalf("%v", re)
	}
	m := re[0].Map()
	if m[".id"] != "*2" || m["interface"] != "ether1" || m["network"] != "10.0.0.0" || m["comment"] != "lab" ||
		m["dynamic"] != "false" || m["actual-interface"] != "ether1" || m["disabled"] != "false" {
		t.Fatalf("computed fields: %v", m)
	}
	_, done = c.mustOK("/ip/address/get", "=.id=*2", "=value-name=network")
	if v, _ := done.Get("ret"); v != "10.0.0.0" {
		t.Fatalf("get: %v", done)
	}
	c.mustOK("/ip/address/set", "=.id=*2", "=comment=changed")
	c.mustOK("/ip/address/disable", "=numbers=*2")
	re, _ = c.mustOK("/ip/address/print", "=.proplist=comment,disabled", "?.id=*2")
	if got := re[0].Map(); got["comment"] != "changed" || got["disabled"] != "true" {
		t.Fatalf("after set/disable: %v", got)
	}
	c.mustOK("/ip/address/enable", "=.id=*2")
	c.mustOK("/ip/address/remove", "=.id=*2")
	if msg := c.trapMsg("/ip/address/remove", "=.id=*2"); msg != "no such item (4)" {
		t.Fatalf("remove twice: %q", msg)
	}
	// ids keep counting after a removal, in hex
	var last string
	for i := 0; i < 9; i++ {
		_, done = c.mustOK("/ip/dns/static/add", "=name=h"+string(rune('a'+i))+".lan", "=address=10.1.1.1")
		last, _ = done.Get("ret")
	}
	if last != "*A" { // the factory router.lan is *1
		t.Fatalf("tenth dns id %s, want *A", last)
	}
}

func TestRefusals(t *testing.T) {
	srv := startSim(t, sim.Config{})
	c := loggedIn(t, srv)
	for _, tc := range []struct {
		words []string
		msg   string
	}{
		{[]string{"/ip/address/add", "=address=10.0.0.1/24", "=interface=ether9"}, "input does not match any value of interface"},
		{[]string{"/ip/address/add", "=address=10.0.0.1/24", "=interface=ether1", "=colour=red"}, "unknown parameter"},
		{[]string{"/ip/address/add", "=address=10.0.0.1/24", "=interface=ether1", "=dynamic=yes"}, "unknown parameter"},
		{[]string{"/interface/bridge/add", "=name=ether1"}, "failure: already have interface with such name"},
		{[]string{"/interface/vlan/add", "=name=bridge", "=vlan-id=5", "=interface=ether1"}, "failure: already have interface with such name"},
		{[]string{"/interface/set", "=.id=ether1", "=name=bridge"}, "failure: already have interface with such name"},
		{[]string{"/ip/dns/static/add", "=name=router.lan", "=address=192.168.88.1"}, "failure: entry already exists"},
		{[]string{"/ip/address/set", "=.id=*99", "=comment=x"}, "no such item (4)"},
		{[]string{"/interface/set", "=.id=nope", "=comment=x"}, "no such item (4)"},
		{[]string{"/ip/firewall/filter/add", "=chain=input", "=action=explode"}, "input does not match any value of action"},
	} {
		if got := c.trapMsg(tc.words...); got != tc.msg {
			t.Errorf("%v: %q, want %q", tc.words, got, tc.msg)
		}
	}
	if got := c.trapMsg("/ip/address/add", "=interface=ether1"); !strings.Contains(got, "address") {
		t.Errorf("missing required address: %q", got)
	}
}

func TestByNameNumbersMoveUnset(t *testing.T) {
	srv := startSim(t, sim.Config{})
	c := loggedIn(t, srv)
	// .id may be a name; numbers= takes a list
	c.mustOK("/interface/set", "=disabled=yes", "=.id=ether1")
	c.mustOK("/interface/ethernet/set", "=numbers=ether2,ether3", "=comment=uplink")
	re, _ := c.mustOK("/interface/print", "=.proplist=name,disabled,running,comment", "?type=ether")
	want := []string{"ether1 true false ", "ether2 false true uplink", "ether3 false true uplink", "ether4 false true ", "ether5 false true "}
	for i, s := range re {
		m := s.Map()
		if got := m["name"] + " " + m["disabled"] + " " + m["running"] + " " + m["comment"]; got != want[i] {
			t.Errorf("%d: %q, want %q", i, got, want[i])
		}
	}
	// move on an ordered menu: the two factory filter rules *1, *2 and a new one *3
	_, done := c.mustOK("/ip/firewall/filter/add", "=chain=forward", "=action=drop", "=comment=new")
	id, _ := done.Get("ret")
	c.mustOK("/ip/firewall/filter/move", "=numbers="+id, "=destination=*1")
	re, _ = c.mustOK("/ip/firewall/filter/print", "=.proplist=.id")
	if got := joined(re, ".id"); got != "*3,*1,*2" {
		t.Fatalf("after move: %s", got)
	}
	c.mustOK("/ip/firewall/filter/move", "=numbers=*3")
	re, _ = c.mustOK("/ip/firewall/filter/print", "=.proplist=.id")
	if got := joined(re, ".id"); got != "*1,*2,*3" {
		t.Fatalf("after move to end: %s", got)
	}
	c.mustOK("/ip/firewall/filter/unset", "=.id=*3", "=value-name=comment")
	re, _ = c.mustOK("/ip/firewall/filter/print", "?.id=*3")
	if _, ok := re[0].Get("comment"); ok {
		t.Fatalf("comment not unset: %v", re[0])
	}
	// settings menus: no .id
	c.mustOK("/system/identity/set", "=name=lab-router")
	re, _ = c.mustOK("/system/identity/getall")
	if len(re) != 1 || len(re[0].Attrs) != 1 || joined(re, "name") != "lab-router" {
		t.Fatalf("identity: %v", re)
	}
}

func TestPermissions(t *testing.T) {
	srv := startSim(t, sim.Config{Users: []sim.User{{Name: "admin", Password: "a"}, {Name: "viewer", Password: "v", Group: sim.GroupRead}}})
	c := dialRaw(t, srv.Addr())
	c.login("viewer", "v")
	c.mustOK("/ip/address/print")
	if msg := c.trapMsg("/ip/address/add", "=address=10.0.0.1/24", "=interface=ether1"); msg != "not enough permissions (9)" {
		t.Fatalf("read user add: %q", msg)
	}
	if msg := c.trapMsg("/system/identity/set", "=name=x"); msg != "not enough permissions (9)" {
		t.Fatalf("read user set: %q", msg)
	}
}

func TestFollowAndResource(t *testing.T) {
	srv := startSim(t, sim.Config{})
	c := loggedIn(t, srv)
	other := loggedIn(t, srv)
	c.send("/interface/bridge/print", "=follow=", "=.proplist=name", ".tag=f")
	c.send("/interface/bridge/print", "=follow-only=", "=.proplist=name", ".tag=o")
	c.send("/system/identity/print", ".tag=sync") // answered once both are registered
	// the current item comes from the follow's own goroutine: before or after the sync answer
	for sawInitial, synced := false, false; !sawInitial || !synced; {
		s := c.read()
		switch {
		case s.Tag == "sync":
			synced = s.Word == "!done"
		case s.Tag == "f" && s.Word == "!re" && s.Map()["name"] == "bridge":
			sawInitial = true
		default:
			t.Fatalf("before any change: %v", s)
		}
	}
	_, done := other.mustOK("/interface/bridge/add", "=name=br-lab")
	id, _ := done.Get("ret")
	other.mustOK("/interface/bridge/remove", "=numbers=br-lab")
	seen := map[string]int{}
	for len(seen) < 4 {
		s := c.read()
		if s.Word != "!re" {
			t.Fatalf("%v", s)
		}
		if v, _ := s.Get(".id"); v != id {
			t.Fatalf("change of another item: %v", s)
		}
		kind := "add"
		if d, _ := s.Get(".dead"); d == "true" {
			kind = "dead"
		}
		seen[s.Tag+kind]++
	}
	c.send("/cancel", ".tag=c")
	var words []string
	for len(words) < 5 {
		words = append(words, c.read().Word)
	}
	if strings.Join(words, " ") != "!trap !trap !done !done !done" {
		t.Fatalf("cancel: %v", words)
	}
	re, _ := c.mustOK("/system/resource/print")
	m := re[0].Map()
	if !strings.HasPrefix(m["version"], "7.24") || m["board-name"] == "" || m["uptime"] == "" {
		t.Fatalf("resource: %v", m)
	}
}

func TestMonitorTrafficAndPing(t *testing.T) {
	srv := startSim(t, sim.Config{})
	c := loggedIn(t, srv)
	re, _ := c.mustOK("/interface/monitor-traffic", "=interface=ether1,ether2", "=once=")
	if len(re) != 2 || joined(re, "name") != "ether1,ether2" {
		t.Fatalf("once: %v", re)
	}
	rate := re[0].Map()["rx-bits-per-second"]
	if rate == "" || rate == "0" {
		t.Fatalf("rate %q", rate)
	}
	start := time.Now()
	re, _ = c.mustOK("/interface/monitor-traffic", "=interface=ether1", "=interval=20ms", "=duration=100ms")
	if len(re) < 2 || len(re) > 6 || time.Since(start) > 3*time.Second {
		t.Fatalf("duration: %d replies in %v", len(re), time.Since(start))
	}
	// counters grow at the monitored rate: bytes after 200ms grow by about rate/8*0.2
	get := func() int64 {
		_, d := c.mustOK("/interface/get", "=.id=ether1", "=value-name=rx-byte")
		v, _ := d.Get("ret")
		var n int64
		for _, ch := range v {
			n = n*10 + int64(ch-'0')
		}
		return n
	}
	t0 := time.Now()
	a := get()
	time.Sleep(200 * time.Millisecond)
	b := get()
	el := time.Since(t0)
	var r int64
	for _, ch := range rate {
		r = r*10 + int64(ch-'0')
	}
	// between the two reads at least 200ms and at most el passed: the counter grew by rate × that
	lo, hi := r/8*200/1000, r/8*(el.Milliseconds()+2)/1000
	if grow := b - a; grow < lo*9/10 || grow > hi {
		t.Fatalf("rx-byte grew %d in %v at %d bit/s, want %d..%d", grow, el, r, lo, hi)
	}
	re, _ = c.mustOK("/ping", "=address=192.168.88.2", "=count=3", "=interval=10ms")
	if len(re) != 3 || joined(re, "seq") != "0,1,2" || re[2].Map()["received"] != "3" {
		t.Fatalf("ping: %v", re)
	}
	c.send("/ping", "=address=192.0.2.1", "=interval=10ms", ".tag=p")
	s := c.read()
	if st, _ := s.Get("status"); st != "timeout" {
		t.Fatalf("lost ping: %v", s)
	}
	c.send("/cancel", "=tag=p")
	for {
		s := c.read()
		if s.Word == "!done" && s.Tag == "p" {
			break
		}
	}
}

func TestReboot(t *testing.T) {
	srv := startSim(t, sim.Config{RebootDelay: 300 * time.Millisecond})
	c := loggedIn(t, srv)
	other := loggedIn(t, srv)
	c.mustOK("/system/identity/set", "=name=before-reboot")
	rs := c.run("/system/reboot")
	if rs[0].Word != "!done" {
		t.Fatalf("%v", rs)
	}
	if _, err := c.readErr(); err == nil {
		t.Fatal("session not dropped")
	}
	if _, err := other.readErr(); err == nil {
		t.Fatal("other session not dropped")
	}
	if !srv.Rebooting() {
		t.Fatal("not rebooting")
	}
	if d, err := net.DialTimeout("tcp", srv.Addr(), time.Second); err == nil {
		d.Close()
		t.Fatal("a connection was accepted while rebooting")
	}
	deadline := time.Now().Add(5 * time.Second)
	for srv.Rebooting() && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	e := loggedIn(t, srv)
	re, _ := e.mustOK("/system/identity/print")
	if joined(re, "name") != "before-reboot" {
		t.Fatalf("state lost: %v", re)
	}
}
