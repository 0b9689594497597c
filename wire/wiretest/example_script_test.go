package wiretest_test

import (
	"fmt"
	"net"

	"github.com/rosgen/routeros/wire"
	"github.com/rosgen/routeros/wire/wiretest"
)

func ExampleScript_Expect() {
	t := &exampleT{}
	defer t.finish()

	// The client picks its tags; the script binds them and answers with the same ones, and
	// requires the /cancel to name the listen's tag.
	srv := wiretest.NewServer(t, wiretest.NewScript().
		Expect("/interface/listen", "=.proplist=name,running", ".tag={l}").
		Send("!re", "=name=ether1", "=running=false", ".tag={l}").
		Expect("/cancel", "=tag={l}", ".tag={c}").
		Send("!trap", "=category=2", "=message=interrupted", ".tag={l}").
		Send("!done", ".tag={c}").
		Send("!done", ".tag={l}"))

	conn, err := net.Dial("tcp", srv.Addr)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer conn.Close()
	r := wire.NewReader(conn, 0)
	send := func(words ...string) { _, _ = conn.Write(wire.AppendSentence(nil, words...)) }

	send("/interface/listen", ".tag=L", "=.proplist=name,running")
	s, _ := r.ReadSentence()
	fmt.Println(s)
	send("/cancel", ".tag=C", "=tag=L")
	for range 3 {
		s, _ := r.ReadSentence()
		fmt.Println(s)
	}
	// Output:
	// !re =name=ether1 =running=false .tag=L
	// !trap =category=2 =message=interrupted .tag=L
	// !done .tag=C
	// !done .tag=L
}
