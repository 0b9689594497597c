package wiretest_test

import (
	"strings"
	"testing"
	"time"

	"github.com/rosgen/routeros/wire/wiretest"
)

// The transcripts of docs/protocol.md#transcripts, written in the transcript format, each played against
// a raw client that sends what a client sends and checks what a router answers.
func TestProtocolTranscripts(t *testing.T) {
	tests := []struct {
		name       string
		transcript string
		client     func(c *rawClient)
	}{
		{
			name: "add returns the new id",
			transcript: `
				> /ip/address/add =address=192.168.1.1/24 =interface=ether1
				< !done =ret=*3`,
			client: func(c *rawClient) {
				c.send("/ip/address/add", "=interface=ether1", "=address=192.168.1.1/24")
				c.expect("!done", "=ret=*3")
			},
		},
		{
			name: "listen, removed item, cancel",
			transcript: `
				> /ip/address/listen .tag={l}
				< !re =.id=*A =address=192.168.1.1/24 =interface=ether1 .tag={l}
				< !re =.id=*A =.dead=true .tag={l}     # item removed
				> /cancel =tag={l} .tag={c}
				< !trap =category=2 =message=interrupted .tag={l}
				< !done .tag={c}
				< !done .tag={l}`,
			client: func(c *rawClient) {
				c.send("/ip/address/listen", ".tag=10")
				c.expect("!re", "=.id=*A", "=address=192.168.1.1/24", "=interface=ether1", ".tag=10")
				c.expect("!re", "=.id=*A", "=.dead=true", ".tag=10")
				c.send("/cancel", "=tag=10", ".tag=20")
				c.expect("!trap", "=category=2", "=message=interrupted", ".tag=10")
				c.expect("!done", ".tag=20")
				c.expect("!done", ".tag=10")
			},
		},
		{
			name: "set by name",
			transcript: `
				# .id may be given as a name
				> /interface/set =disabled=yes =.id=ether1 .tag={t}
				< !done .tag={t}`,
			client: func(c *rawClient) {
				c.send("/interface/set", ".tag=3", "=.id=ether1", "=disabled=yes")
				c.expect("!done", ".tag=3")
			},
		},
		{
			name: "empty print (7.18+)",
			transcript: `
				> /interface/pptp-server/print .tag={t}
				< !empty .tag={t}
				< !done .tag={t}`,
			client: func(c *rawClient) {
				c.send("/interface/pptp-server/print", ".tag=5")
				c.expect("!empty", ".tag=5")
				c.expect("!done", ".tag=5")
			},
		},
		{
			name: "quit",
			transcript: `
				> /quit
				< !fatal "session terminated on request"
				close`,
			client: func(c *rawClient) {
				c.send("/quit")
				c.expect("!fatal", "session terminated on request")
				c.expectEOF()
			},
		},
		{
			name: "trap is not terminal",
			transcript: `
				login admin ""
				> /ip/adress/print .tag={t}
				< !trap =category=0 "=message=no such command or directory (adress)" .tag={t}
				< !trap "=message=no such command prefix" .tag={t}
				< !done .tag={t}`,
			client: func(c *rawClient) {
				c.send("/login", "=name=admin", "=password=")
				c.expect("!done")
				c.send("/ip/adress/print", ".tag=1")
				c.expect("!trap", "=category=0", "=message=no such command or directory (adress)", ".tag=1")
				c.expect("!trap", "=message=no such command prefix", ".tag=1")
				c.expect("!done", ".tag=1")
			},
		},
		{
			name: "legacy md5 login, raw bytes, stall",
			transcript: `
				> /login =name=admin =password=
				< !done =ret=93b438ec9b80057c06dd9fe67d56aa9a
				> /login =name=admin =response=00e134102a9d330dd7b1849fedfea3cb57
				stall 10ms
				<raw 05 21 64 6f 6e 65 00   # !done, by hand`,
			client: func(c *rawClient) {
				c.send("/login", "=name=admin", "=password=")
				c.expect("!done", "=ret=93b438ec9b80057c06dd9fe67d56aa9a")
				c.send("/login", "=name=admin", "=response=00e134102a9d330dd7b1849fedfea3cb57")
				c.expect("!done")
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			script, err := wiretest.ParseTranscript(tc.transcript)
			if err != nil {
				t.Fatal(err)
			}
			rt := newRecordTB(t)
			srv := wiretest.NewServer(rt, script)
			c := dialRaw(t, srv.Addr)
			tc.client(c)
			c.c.Close()
			srv.Close()
			rt.noFailures(t)
		})
	}
}

func TestTranscriptMismatchNamesLine(t *testing.T) {
	script, err := wiretest.ParseTranscript("# header\n\n> /system/reboot\n< !done\n")
	if err != nil {
		t.Fatal(err)
	}
	rt := newRecordTB(t)
	srv := wiretest.NewServer(rt, script)
	c := dialRaw(t, srv.Addr)
	c.send("/system/shutdown")
	c.expectEOF()
	mustContain(t, rt.oneFailure(t), "step 1 of 2, Expect (transcript line 3)", "/system/shutdown")
}

func TestTranscriptStallForeverAndEOF(t *testing.T) {
	forever, err := wiretest.ParseTranscript("> /ping .tag={p}\nstall forever")
	if err != nil {
		t.Fatal(err)
	}
	eof, err := wiretest.ParseTranscript("> /quit\neof")
	if err != nil {
		t.Fatal(err)
	}
	rt := newRecordTB(t)
	s1 := wiretest.NewServer(rt, forever)
	s2 := wiretest.NewServer(rt, eof)

	c1 := dialRaw(t, s1.Addr)
	c1.send("/ping", ".tag=x")
	c1.send("/cancel", "=tag=x")
	c1.expectOpen(30 * time.Millisecond)

	c2 := dialRaw(t, s2.Addr)
	c2.send("/quit")
	c2.send("/more")
	c2.expectEOF()
	mustContain(t, rt.waitFailure(t), "transcript line 2", "expected the client to close the connection")
}

func TestParseTranscriptWords(t *testing.T) {
	script, err := wiretest.ParseTranscript(
		"\t>  /system/script/add \"=source=:put \\\"a b\\\"\"  `=comment=x y`\t=name=s1   # trailing comment\r\n" +
			"< !done \"=ret=*1\"\n" +
			"login \"user name\" \"pass word\"\n" +
			"<\n")
	if err != nil {
		t.Fatal(err)
	}
	rt := newRecordTB(t)
	srv := wiretest.NewServer(rt, script)
	c := dialRaw(t, srv.Addr)
	c.send("/system/script/add", "=name=s1", "=comment=x y", `=source=:put "a b"`)
	c.expect("!done", "=ret=*1")
	c.send("/login", "=name=user name", "=password=pass word")
	c.expect("!done")
	// "<" alone sends an empty sentence, which readers skip: nothing arrives.
	c.expectOpen(30 * time.Millisecond)
	rt.noFailures(t)
}

func TestParseTranscriptErrors(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"> /a\n<raw 0g", []string{"transcript line 2", "<raw"}},
		{"<raw", []string{"line 1", "no bytes"}},
		{"<raw 0", []string{"line 1", "<raw"}},
		{">", []string{"line 1", "> has no words"}},
		{">   # only a comment", []string{"line 1", "> has no words"}},
		{"stall", []string{"line 1", "unknown line"}},
		{"stall soon", []string{"line 1", "bad duration"}},
		{"stall -1s", []string{"line 1", "bad duration"}},
		{"close now", []string{"unknown line"}},
		{"\n\nfrobnicate", []string{"transcript line 3", "unknown line \"frobnicate\""}},
		{"login admin secret extra", []string{"unknown line \"login ...\""}},
		{`> /a "=unterminated`, []string{"line 1", "quoted word"}},
		{`> /a "=b"c`, []string{"must be followed by a space"}},
		{`> /a ""`, []string{"empty word"}},
	} {
		_, err := wiretest.ParseTranscript(tc.text)
		if err == nil {
			t.Errorf("ParseTranscript(%q) succeeded, want an error", tc.text)
			continue
		}
		mustContain(t, err.Error(), tc.want...)
		if strings.Contains(err.Error(), "secret") {
			t.Errorf("error shows a password: %v", err)
		}
	}
}
