package wiretest_test

import (
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/rosgen/routeros/wire"
	"github.com/rosgen/routeros/wire/wiretest"
)

func TestPlaceholderBinding(t *testing.T) {
	rt := newRecordTB(t)
	srv := wiretest.NewServer(rt, wiretest.NewScript().
		Expect("/interface/listen", ".tag={l}").
		Send("!re", "=name=ether1", ".tag={l}").
		Expect("/cancel", "=tag={l}", ".tag={c}").
		Send("!trap", "=category=2", "=message=interrupted", ".tag={l}").
		Send("!done", ".tag={c}").
		Send("!done", ".tag={l}"))

	c := dialRaw(t, srv.Addr)
	c.send("/interface/listen", ".tag=abc")
	c.expect("!re", "=name=ether1", ".tag=abc")
	c.send("/cancel", "=tag=abc", ".tag=x9")
	c.expect("!trap", "=category=2", "=message=interrupted", ".tag=abc")
	c.expect("!done", ".tag=x9")
	c.expect("!done", ".tag=abc")
	c.expectOpen(50 * time.Millisecond)
	rt.noFailures(t)
}

func TestPlaceholderMustMatchBoundValue(t *testing.T) {
	rt := newRecordTB(t)
	srv := wiretest.NewServer(rt, wiretest.NewScript().
		Expect("/interface/listen", ".tag={l}").
		Expect("/cancel", "=tag={l}", ".tag={c}").
		Send("!done", ".tag={c}"))

	c := dialRaw(t, srv.Addr)
	c.send("/interface/listen", ".tag=1")
	c.send("/cancel", "=tag=2", ".tag=3") // cancels the wrong tag
	c.expectEOF()
	msg := rt.oneFailure(t)
	mustContain(t, msg, "step 2 of 3", "Expect", "script_test.go:",
		"expected: /cancel =tag={l} .tag={c}", "got:      /cancel =tag=2 .tag=3", "bound:    {l}=1")
}

func TestMismatchShowsBoundValuesRedacted(t *testing.T) {
	rt := newRecordTB(t)
	srv := wiretest.NewServer(rt, wiretest.NewScript().
		Expect("/login", "=name={user}", "=password={pw}").
		Send("!done").
		Expect("/system/identity/print"))
	c := dialRaw(t, srv.Addr)
	c.send("/login", "=name=bob", "=password=hunter2")
	c.expect("!done")
	c.send("/system/identity/set", "=name={x}")
	c.expectEOF()
	msg := rt.oneFailure(t)
	mustContain(t, msg, "bound:    {pw}=*** {user}=bob", "got:      /system/identity/set =name={x}")
	mustNotContain(t, msg, "hunter2")
}

func TestPlaceholderInsideWord(t *testing.T) {
	rt := newRecordTB(t)
	srv := wiretest.NewServer(rt, wiretest.NewScript().
		Expect("/system/script/run", "=.id=*{id}", "=comment=a{x}-{y}z", "?name={n}", "?#!", ".tag={t}").
		Send("!done", "=ret={y}/{x}/{id}/{n}", "=literal={{not}", ".tag={t}"))

	c := dialRaw(t, srv.Addr)
	c.send("/system/script/run", ".tag=7", "=comment=a1-2-3z", "?name=has space", "=.id=*1F", "?#!")
	// The first placeholder binds the shortest text that lets the rest match.
	c.expect("!done", "=ret=2-3/1/1F/has space", "=literal={not}", ".tag=7")
	rt.noFailures(t)
}

func TestAttributeOrderInsensitive(t *testing.T) {
	rt := newRecordTB(t)
	srv := wiretest.NewServer(rt, wiretest.NewScript().
		Expect("/ip/address/add", "=address=192.168.1.1/24", "=interface=ether1", "=comment=", ".tag={t}").
		Send("!done", "=ret=*3", ".tag={t}").
		Expect("/interface/print", "=.proplist=name,type", "?type=ether", "?type=vlan", "?#|", ".tag={u}").
		Send("!done", ".tag={u}"))

	c := dialRaw(t, srv.Addr)
	c.send("/ip/address/add", ".tag=1", "=comment=", "=interface=ether1", "=address=192.168.1.1/24")
	c.expect("!done", "=ret=*3", ".tag=1")
	// Attributes and .tag anywhere; queries in their order.
	c.send("/interface/print", "?type=ether", ".tag=2", "?type=vlan", "=.proplist=name,type", "?#|")
	c.expect("!done", ".tag=2")
	rt.noFailures(t)
}

func TestQueryOrderMatters(t *testing.T) {
	rt := newRecordTB(t)
	srv := wiretest.NewServer(rt, wiretest.NewScript().
		Expect("/interface/print", "?type=ether", "?type=vlan", "?#|"))

	c := dialRaw(t, srv.Addr)
	c.send("/interface/print", "?type=vlan", "?type=ether", "?#|")
	c.expectEOF()
	mustContain(t, rt.oneFailure(t), "word ?type=vlan does not match ?type=ether")
}

func TestCommandWordMustBeFirst(t *testing.T) {
	rt := newRecordTB(t)
	srv := wiretest.NewServer(rt, wiretest.NewScript().Expect("/ip/address/print", ".tag={t}"))
	c := dialRaw(t, srv.Addr)
	c.send(".tag=1", "/ip/address/print")
	c.expectEOF()
	mustContain(t, rt.oneFailure(t), "command word .tag=1 does not match /ip/address/print")
}

func TestMismatchReportRedactsSecrets(t *testing.T) {
	rt := newRecordTB(t)
	srv := wiretest.NewServer(rt, wiretest.NewScript().
		Expect("/login", "=name=admin", "=password=s3cret-expected").
		Send("!done"))

	c := dialRaw(t, srv.Addr)
	c.send("/login", "=name=admin", "=password=hunter2-sent")
	c.expectEOF() // the server closes the connection after a mismatch
	msg := rt.oneFailure(t)
	mustContain(t, msg, "wiretest: connection", "step 1 of 2", "sentence mismatch",
		"expected: /login =name=admin =password=***", "got:      /login =name=admin =password=***")
	mustNotContain(t, msg, "s3cret", "hunter2")
}

func TestMismatchCountsAndExtraWords(t *testing.T) {
	for _, tc := range []struct {
		name string
		sent []string
		want string
	}{
		{"missing attribute", []string{"/ip/route/add", "=gateway=10.0.0.1"}, "expected 2 attribute and .tag words, got 1"},
		{"unexpected tag", []string{"/ip/route/add", "=gateway=10.0.0.1", "=dst-address=0.0.0.0/0", ".tag=5"}, "expected 2 attribute and .tag words, got 3"},
		{"other value", []string{"/ip/route/add", "=gateway=10.0.0.2", "=dst-address=0.0.0.0/0"}, "no word matches =gateway=10.0.0.1"},
		{"extra query", []string{"/ip/route/add", "=gateway=10.0.0.1", "=dst-address=0.0.0.0/0", "?x"}, "expected 0 other words"},
		{"binary bytes", []string{"/ip/route/add", "=gateway=\xff\x00", "=dst-address=0.0.0.0/0"}, `"=gateway=\xff\x00"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rt := newRecordTB(t)
			srv := wiretest.NewServer(rt, wiretest.NewScript().
				Expect("/ip/route/add", "=dst-address=0.0.0.0/0", "=gateway=10.0.0.1"))
			c := dialRaw(t, srv.Addr)
			c.send(tc.sent...)
			c.expectEOF()
			mustContain(t, rt.oneFailure(t), tc.want)
		})
	}
}

func TestUnexpectedEOFIsFailure(t *testing.T) {
	rt := newRecordTB(t)
	srv := wiretest.NewServer(rt, wiretest.NewScript().
		Expect("/system/resource/print", ".tag={t}").
		Send("!done", ".tag={t}").
		Expect("/quit"))

	c := dialRaw(t, srv.Addr)
	c.send("/system/resource/print", ".tag=1")
	c.expect("!done", ".tag=1")
	c.c.Close()
	msg := rt.waitFailure(t)
	mustContain(t, msg, "step 3 of 3", "client closed the connection", "expected: /quit")
}

func TestEOFAfterScriptIsFine(t *testing.T) {
	rt := newRecordTB(t)
	srv := wiretest.NewServer(rt, wiretest.NewScript().Login("admin", ""))
	c := dialRaw(t, srv.Addr)
	c.send("/login", "=name=admin", "=password=")
	c.expect("!done")
	c.expectOpen(50 * time.Millisecond) // no surprise EOF after the script
	c.c.Close()
	srv.Close()
	rt.noFailures(t)
}

func TestSentenceAfterScriptIsFailure(t *testing.T) {
	rt := newRecordTB(t)
	srv := wiretest.NewServer(rt, wiretest.NewScript().Login("admin", "pw"))
	c := dialRaw(t, srv.Addr)
	c.send("/login", "=password=pw", "=name=admin")
	c.expect("!done")
	c.send("/user/set", "=password=newpw", "=.id=admin")
	c.expectEOF()
	msg := rt.oneFailure(t)
	mustContain(t, msg, "after the end of the script", "/user/set =password=*** =.id=admin")
	mustNotContain(t, msg, "newpw")
}

func TestLogin(t *testing.T) {
	rt := newRecordTB(t)
	srv := wiretest.NewServer(rt, wiretest.NewScript().Login("ad{m}in", "p w"))

	untagged := dialRaw(t, srv.Addr)
	untagged.send("/login", "=name=ad{m}in", "=password=p w")
	untagged.expect("!done")

	tagged := dialRaw(t, srv.Addr)
	tagged.send("/login", ".tag=L1", "=password=p w", "=name=ad{m}in")
	tagged.expect("!done", ".tag=L1")

	wrong := dialRaw(t, srv.Addr)
	wrong.send("/login", "=name=ad{m}in", "=password=other")
	wrong.expectEOF()
	msg := rt.oneFailure(t)
	mustContain(t, msg, "login mismatch", "expected: /login =name=ad{m}in =password=***")
	mustNotContain(t, msg, "other", "p w")
	if got := srv.Accepted(); got != 3 {
		t.Errorf("Accepted() = %d, want 3", got)
	}
}

func TestUnboundPlaceholderInSend(t *testing.T) {
	rt := newRecordTB(t)
	srv := wiretest.NewServer(rt, wiretest.NewScript().Send("!done", ".tag={nope}"))
	c := dialRaw(t, srv.Addr)
	c.expectEOF()
	mustContain(t, rt.oneFailure(t), "step 1 of 1", "placeholder {nope}", "not bound")
}

func TestEmptyExpectFails(t *testing.T) {
	rt := newRecordTB(t)
	srv := wiretest.NewServer(rt, wiretest.NewScript().Expect())
	c := dialRaw(t, srv.Addr)
	c.expectEOF()
	mustContain(t, rt.oneFailure(t), "Expect has no words")
}

func TestCloseStep(t *testing.T) {
	rt := newRecordTB(t)
	srv := wiretest.NewServer(rt, wiretest.NewScript().
		Expect("/quit").
		Send("!fatal", "session terminated on request").
		Close())
	c := dialRaw(t, srv.Addr)
	c.send("/quit")
	c.expect("!fatal", "session terminated on request")
	c.expectEOF()
	rt.noFailures(t)
}

func TestSendRawAndEmptySentence(t *testing.T) {
	rt := newRecordTB(t)
	srv := wiretest.NewServer(rt, wiretest.NewScript().
		Send().                                // an empty sentence: skipped by readers
		SendRaw([]byte{0x05, '!', 'd', 'o'}).  // half a sentence...
		SendRaw([]byte{'n', 'e', 0x00}).       // ...and the rest
		SendRaw([]byte{0x02, '!', 'r', 0xF8})) // then a control byte
	c := dialRaw(t, srv.Addr)
	c.expect("!done")
	_, err := c.tryRead(ioTimeout)
	var pe *wire.ProtocolError
	if !errors.As(err, &pe) {
		t.Fatalf("got %v, want a *wire.ProtocolError", err)
	}
	rt.noFailures(t)
}

func TestStall(t *testing.T) {
	rt := newRecordTB(t)
	const d = 100 * time.Millisecond
	srv := wiretest.NewServer(rt, wiretest.NewScript().
		Expect("/ping", "=address=127.0.0.1", "=count=1", ".tag={t}").
		Stall(d).
		Send("!done", ".tag={t}"))
	c := dialRaw(t, srv.Addr)
	start := time.Now()
	c.send("/ping", "=count=1", "=address=127.0.0.1", ".tag=p")
	c.expect("!done", ".tag=p")
	if el := time.Since(start); el < d {
		t.Errorf("reply after %v, want at least %v", el, d)
	}
	rt.noFailures(t)
}

func TestStallEndsAtServerClose(t *testing.T) {
	rt := newRecordTB(t)
	srv := wiretest.NewServer(rt, wiretest.NewScript().Stall(time.Hour).Send("!done"))
	c := dialRaw(t, srv.Addr)
	c.expectOpen(20 * time.Millisecond)
	start := time.Now()
	srv.Close()
	if el := time.Since(start); el > 2*time.Second {
		t.Errorf("Close took %v", el)
	}
	c.expectEOF()
	rt.noFailures(t)
}

func TestStallForeverDiscardsUntilClientCloses(t *testing.T) {
	rt := newRecordTB(t)
	reached := make(chan struct{})
	srv := wiretest.NewServer(rt, wiretest.NewScript().
		Expect("/interface/monitor-traffic", "=interface=ether1", ".tag={t}").
		Do(func(*wiretest.ServerConn) error { close(reached); return nil }).
		StallForever().
		Send("!done")) // never runs
	c := dialRaw(t, srv.Addr)
	c.send("/interface/monitor-traffic", "=interface=ether1", ".tag=m")
	<-reached
	c.send("/cancel", "=tag=m") // ignored, as a hung router would
	c.expectOpen(50 * time.Millisecond)
	c.c.Close()
	srv.Close()
	rt.noFailures(t)
}

func TestExpectEOF(t *testing.T) {
	rt := newRecordTB(t)
	srv := wiretest.NewServer(rt, wiretest.NewScript().
		Expect("/quit").
		Send("!fatal", "session terminated on request").
		ExpectEOF())
	ok := dialRaw(t, srv.Addr)
	ok.send("/quit")
	ok.expect("!fatal", "session terminated on request")
	ok.c.Close()

	bad := dialRaw(t, srv.Addr)
	bad.send("/quit")
	bad.expect("!fatal", "session terminated on request")
	bad.send("/ip/address/print")
	bad.expectEOF()
	srv.Close()
	msg := rt.oneFailure(t)
	mustContain(t, msg, "step 3 of 3", "expected the client to close the connection", "got: /ip/address/print")
}

func TestDoStepError(t *testing.T) {
	rt := newRecordTB(t)
	srv := wiretest.NewServer(rt, wiretest.NewScript().
		Expect("/ip/address/add", "=address={a}").
		Do(func(c *wiretest.ServerConn) error {
			if v, _ := c.Var("a"); v != "10.0.0.1/8" {
				return errors.New("bad address " + v)
			}
			return nil
		}).
		Send("!done", "=ret=*1"))
	good := dialRaw(t, srv.Addr)
	good.send("/ip/address/add", "=address=10.0.0.1/8")
	good.expect("!done", "=ret=*1")

	bad := dialRaw(t, srv.Addr)
	bad.send("/ip/address/add", "=address=1.2.3.4/32")
	bad.expectEOF()
	mustContain(t, rt.oneFailure(t), "step 2 of 3", "Do", "bad address 1.2.3.4/32")
}

func TestServerCloseDuringExpectIsNotFailure(t *testing.T) {
	rt := newRecordTB(t)
	srv := wiretest.NewServer(rt, wiretest.NewScript().Expect("/never"))
	c := dialRaw(t, srv.Addr)
	c.expectOpen(20 * time.Millisecond)
	srv.Close()
	srv.Close() // idempotent
	c.expectEOF()
	rt.noFailures(t)
	if _, err := net.DialTimeout("tcp", srv.Addr, time.Second); err == nil {
		t.Error("dial after Close succeeded")
	}
}

func TestNilScript(t *testing.T) {
	rt := newRecordTB(t)
	srv := wiretest.NewServer(rt, nil)
	c := dialRaw(t, srv.Addr)
	c.expectOpen(20 * time.Millisecond)
	c.send("/anything")
	c.expectEOF()
	mustContain(t, rt.oneFailure(t), "after the end of the script (0 steps)", "/anything")
}

func TestScriptOnManyConnections(t *testing.T) {
	rt := newRecordTB(t)
	srv := wiretest.NewServer(rt, wiretest.NewScript().
		Expect("/system/identity/print", ".tag={t}").
		Send("!re", "=name=MikroTik", ".tag={t}").
		Send("!done", ".tag={t}"))
	done := make(chan error, 8)
	for i := range 8 {
		go func() {
			c, err := net.DialTimeout("tcp", srv.Addr, ioTimeout)
			if err != nil {
				done <- err
				return
			}
			defer c.Close()
			_ = c.SetDeadline(time.Now().Add(ioTimeout))
			tag := strings.Repeat("t", i+1)
			if _, err := c.Write(wire.AppendSentence(nil, "/system/identity/print", ".tag="+tag)); err != nil {
				done <- err
				return
			}
			r := wire.NewReader(c, 0)
			for _, want := range []string{"!re", "!done"} {
				s, err := r.ReadSentence()
				if err != nil {
					done <- err
					return
				}
				if s.Word != want || s.Tag != tag {
					done <- errors.New("got " + s.String())
					return
				}
			}
			done <- nil
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
	srv.Close()
	rt.noFailures(t)
	if got := srv.Accepted(); got != 8 {
		t.Errorf("Accepted() = %d, want 8", got)
	}
}
