package iface_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/rosgen/routeros/ros"
	iface "github.com/rosgen/routeros/ros/interface"
	"github.com/rosgen/routeros/ros/rostest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return c
}

func TestRootListGetByNameAndSet(t *testing.T) {
	conn := rostest.Transcript(t, `
		> /interface/print =.proplist={p} ?name=ether1 .tag={a}
		< !re =.id=*1 =name=ether1 =type=ether =running=true =rx-byte=1234567890123 =mac-address=aa:bb:cc:00:11:22 =disabled=false .tag={a}
		< !done .tag={a}
		> /interface/print =.proplist={p} ?type=ether ?type=vlan ?#| ?type=bridge ?#| .tag={b}
		< !empty .tag={b}
		< !done .tag={b}
		> /interface/set =.id=ether1 =disabled=yes .tag={c}
		< !done .tag={c}
		> /interface/print =.proplist={p} ?name=nope .tag={d}
		< !done .tag={d}
	`)
	ifc := iface.New(conn)
	c := ctx(t)
	e1, err := ifc.Get(c, "ether1")
	if err != nil {
		t.Fatal(err)
	}
	mac, _ := net.ParseMAC("AA:BB:CC:00:11:22")
	if e1.ID != "*1" || !e1.Running || e1.RxByte != 1234567890123 || e1.MACAddress.String() != mac.String() {
		t.Errorf("ether1: %+v", e1)
	}
	list, err := ifc.List(c, iface.InterfaceWhere.Type.In("ether", "vlan", "bridge"))
	if err != nil || len(list) != 0 {
		t.Fatalf("List = %v, %v", list, err)
	}
	if err := ifc.Set(c, "ether1", iface.InterfaceSpec{Disabled: ros.Some(true)}); err != nil {
		t.Fatal(err)
	}
	if _, err := ifc.Get(c, "nope"); !errors.Is(err, ros.ErrNotFound) {
		t.Fatalf("Get(nope) = %v", err)
	}
}

func TestMonitorTrafficStreams(t *testing.T) {
	conn := rostest.Transcript(t, `
		> /interface/monitor-traffic =interface=ether1,ether2 .tag={m}
		< !re =name=ether1 =rx-bits-per-second=1000 =tx-bits-per-second=2000 .tag={m}
		< !re =name=ether2 =rx-bits-per-second=oops =new-counter=9 .tag={m}
		> /cancel =tag={m} .tag={c}
		< !trap =category=2 =message=interrupted .tag={m}
		< !done .tag={c}
		< !done .tag={m}
		> /interface/print =count-only= .tag={z}
		< !done =ret=2 .tag={z}
	`)
	ifc := iface.New(conn)
	var got []iface.MonitorTrafficReply
	for r, err := range ifc.MonitorTraffic(ctx(t), iface.MonitorTrafficArgs{Interface: ros.Some([]string{"ether1", "ether2"})}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, r)
		if len(got) == 2 {
			break
		}
	}
	if got[0].Name != "ether1" || got[0].RxBitsPerSecond != 1000 || got[0].TxBitsPerSecond != 2000 {
		t.Errorf("first report: %+v", got[0])
	}
	if got[1].RxBitsPerSecond != 0 {
		t.Errorf("a bad value decodes to zero: %+v", got[1])
	}
	if v, ok := got[1].Raw.Get("new-counter"); !ok || v != "9" {
		t.Errorf("unknown reply attribute lost")
	}
	// the /cancel sent when the loop broke goes out before the next command
	if n, err := ifc.Count(ctx(t)); err != nil || n != 2 {
		t.Fatalf("Count after the cancel = %d, %v", n, err)
	}
}

func TestMonitorTrafficOnce(t *testing.T) {
	conn := rostest.Transcript(t, `
		> /interface/monitor-traffic =interface=ether1 =once= .tag={m}
		< !re =name=ether1 =rx-bits-per-second=5 .tag={m}
		< !done .tag={m}
	`)
	n := 0
	for r, err := range iface.New(conn).MonitorTraffic(ctx(t), iface.MonitorTrafficArgs{Interface: ros.Some([]string{"ether1"}), Once: true}) {
		if err != nil || r.RxBitsPerSecond != 5 {
			t.Fatal(r, err)
		}
		n++
	}
	if n != 1 {
		t.Fatalf("%d replies", n)
	}
}

func TestBridgeAndLists(t *testing.T) {
	conn := rostest.Transcript(t, `
		> /interface/bridge/add =name=br0 =vlan-filtering=yes =protocol-mode=rstp .tag={a}
		< !done =ret=*B .tag={a}
		> /interface/bridge/port/add =bridge=br0 =interface=ether2 =pvid=10 .tag={b}
		< !done =ret=*P .tag={b}
		> /interface/bridge/port/move =numbers=*P .tag={c}
		< !done .tag={c}
		> /interface/list/add =name=WAN .tag={d}
		< !done =ret=*L .tag={d}
		> /interface/list/member/add =list=WAN =interface=ether1 .tag={e}
		< !trap "=message=failure: already have interface with such name" .tag={e}
		< !done .tag={e}
		> /interface/ethernet/set =.id=ether1 =mtu=1500 =advertise=1G-baseT-full,100M-baseT-full .tag={f}
		< !done .tag={f}
		> /interface/vlan/add =name=vlan10 =vlan-id=10 =interface=br0 .tag={g}
		< !done =ret=*V .tag={g}
	`)
	ifc := iface.New(conn)
	c := ctx(t)
	id, err := ifc.Bridge.Add(c, iface.BridgeSpec{Name: ros.Some("br0"), VLANFiltering: ros.Some(true), ProtocolMode: ros.Some(iface.BridgeProtocolModeRSTP)})
	if err != nil || id != "*B" {
		t.Fatal(id, err)
	}
	pid, err := ifc.Bridge.Port.Add(c, iface.BridgePortSpec{Bridge: ros.Some("br0"), Interface: ros.Some("ether2"), PVID: ros.Some[int64](10)})
	if err != nil || pid != "*P" {
		t.Fatal(pid, err)
	}
	if err := ifc.Bridge.Port.Move(c, []string{pid}, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := ifc.ListMenu.Add(c, iface.ListSpec{Name: ros.Some("WAN")}); err != nil {
		t.Fatal(err)
	}
	_, err = ifc.ListMenu.Member.Add(c, iface.ListMemberSpec{List: ros.Some("WAN"), Interface: ros.Some("ether1")})
	if !errors.Is(err, ros.ErrAlreadyExists) {
		t.Fatalf("member add: %v", err)
	}
	err = ifc.Ethernet.Set(c, "ether1", iface.EthernetSpec{
		MTU:       ros.Some[int64](1500),
		Advertise: ros.Some([]iface.EthernetAdvertise{iface.EthernetAdvertise1GBaseTFull, iface.EthernetAdvertise100MBaseTFull}),
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ifc.VLAN.Add(c, iface.VLANSpec{Name: ros.Some("vlan10"), VLANID: ros.Some[int64](10), Interface: ros.Some("br0")}); err != nil {
		t.Fatal(err)
	}
}

func TestSecretsNotPrinted(t *testing.T) {
	spec := iface.WireGuardPeerSpec{PrivateKey: ros.Some("c2VjcmV0LWtleQ=="), PublicKey: ros.Some("cHVibGlj")}
	peer := iface.WireGuardPeer{PresharedKey: "cHJlc2hhcmVk", Raw: ros.Raw{{Key: "preshared-key", Value: "cHJlc2hhcmVk"}}}
	for _, s := range []string{fmt.Sprint(spec), fmt.Sprintf("%v", peer), fmt.Sprintf("%+v", &peer)} {
		if strings.Contains(s, "c2VjcmV0LWtleQ==") || strings.Contains(s, "cHJlc2hhcmVk") {
			t.Errorf("secret printed: %s", s)
		}
	}
	if !strings.Contains(fmt.Sprint(spec), "cHVibGlj") {
		t.Errorf("public key should print: %s", fmt.Sprint(spec))
	}
}
