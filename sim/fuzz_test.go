package sim_test

import (
	"net"
	"testing"
	"time"

	"github.com/rosgen/routeros/sim"
	"github.com/rosgen/routeros/wire"
)

// FuzzSession sends arbitrary bytes after a valid login and checks the simulator neither crashes
// nor stops serving other sessions.
func FuzzSession(f *testing.F) {
	for _, seed := range [][]string{
		{"/interface/print", "?#0.1.|!&", "?<name=", "?-", "=.proplist=,,"},
		{"/ip/address/add", "=address=1.2.3.4/99", "=interface="},
		{"/cancel", "=tag="},
		{"/interface/monitor-traffic", "=interface=ether1", "=interval=0", "=duration=x"},
		{"/ip/firewall/filter/move", "=numbers=*1,*1,*2", "=destination=*1"},
		{"/ping", "=address=1.1.1.1", "=count=-1"},
		{"/interface/set", "=.id=", "=name="},
		{"/system/identity/set", "=name=\xff\x00"},
	} {
		f.Add(wire.AppendSentence(nil, seed...))
	}
	f.Add([]byte{0xF8})
	f.Add([]byte{0xF0, 0xFF, 0xFF, 0xFF, 0xFF})
	srv, err := sim.Start(sim.Config{})
	if err != nil {
		f.Fatal(err)
	}
	defer srv.Close()
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := net.Dial("tcp", srv.Addr())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(2 * time.Second))
		c.Write(wire.AppendSentence(nil, "/login", "=name=admin", "=password="))
		rd := wire.NewReader(c, 0)
		if s, err := rd.ReadSentence(); err != nil || s.Word != "!done" {
			t.Fatalf("login: %v %v", s, err)
		}
		c.Write(data)
		// end of input: the session ends once it has read everything; drain until then
		c.(*net.TCPConn).CloseWrite()
		for {
			if _, err := rd.ReadSentence(); err != nil {
				break
			}
		}
		// another session is still served
		o, err := net.Dial("tcp", srv.Addr())
		if err != nil {
			t.Fatal(err)
		}
		defer o.Close()
		o.SetDeadline(time.Now().Add(2 * time.Second))
		o.Write(wire.AppendSentence(nil, "/login", "=name=admin", "=password="))
		if s, err := wire.NewReader(o, 0).ReadSentence(); err != nil || s.Word != "!done" {
			t.Fatalf("other session after fuzz input: %v %v", s, err)
		}
	})
}
