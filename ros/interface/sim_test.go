package iface_test

import (
	"testing"
	"time"

	"github.com/rosgen/routeros/ros"
	iface "github.com/rosgen/routeros/ros/interface"
	"github.com/rosgen/routeros/ros/rostest"
)

func TestSimInterfaces(t *testing.T) {
	conn := rostest.Conn(t)
	c := ctx(t)
	ifc := iface.New(conn)
	all, err := ifc.List(c)
	if err != nil || len(all) == 0 {
		t.Fatalf("List = %v, %v", all, err)
	}
	first := all[0]
	n, err := ifc.Count(c, iface.InterfaceWhere.Name.Eq(first.Name))
	if err != nil || n != 1 {
		t.Fatalf("Count = %d, %v", n, err)
	}

	// a list and a member referring to it
	lid, err := ifc.ListMenu.Add(c, iface.ListSpec{Name: ros.Some("LAN-T")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ifc.ListMenu.Member.Add(c, iface.ListMemberSpec{List: ros.Some("LAN-T"), Interface: ros.Some(first.Name)}); err != nil {
		t.Fatal(err)
	}
	members, err := ifc.ListMenu.Member.List(c, iface.ListMemberWhere.List.Eq("LAN-T"))
	if err != nil || len(members) != 1 || members[0].Interface != first.Name {
		t.Fatalf("members = %+v, %v", members, err)
	}
	l, err := ifc.ListMenu.Get(c, "LAN-T")
	if err != nil || l.ID != lid {
		t.Fatalf("Get(LAN-T) = %+v, %v", l, err)
	}

	// monitor-traffic streams until the loop breaks
	got := 0
	for r, err := range ifc.MonitorTraffic(c, iface.MonitorTrafficArgs{Interface: ros.Some([]string{first.Name}), Interval: ros.Some(20 * time.Millisecond)}) {
		if err != nil {
			t.Fatal(err)
		}
		if r.Name != first.Name {
			t.Errorf("report for %q", r.Name)
		}
		if got++; got == 2 {
			break
		}
	}
	// the connection is still usable after the cancel
	if _, err := ifc.Get(c, first.Name); err != nil {
		t.Fatal(err)
	}
}
