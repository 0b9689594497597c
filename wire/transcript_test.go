package wire_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rosgen/routeros/wire"
	"github.com/rosgen/routeros/wire/wiretest"
)

// section10 is docs/protocol.md#transcripts, written in wiretest's transcript format (the client's tags are
// bound as {a}, {b}...; the listen's removed item and the cancel's reply order are as recorded).
const section10 = `
login admin s3cr3t-Pa55
> /ip/address/add =address=192.168.1.1/24 =interface=ether1 .tag={a}
< !done =ret=*3 .tag={a}
> /ip/address/listen .tag={l}
< !re =.id=*A =address=192.168.1.1/24 .tag={l}
< !re =.id=*A =.dead=true .tag={l}
> /cancel =tag={l} .tag={c}
< !trap =category=2 =message=interrupted .tag={l}
< !done .tag={c}
< !done .tag={l}
> /interface/set =disabled=yes =.id=ether1 .tag={s}
< !done .tag={s}
> /interface/pptp-server/print .tag={p}
< !empty .tag={p}
< !done .tag={p}
> /quit .tag={q}
< !fatal "session terminated on request"
close
`

// The real-router transcripts of docs/protocol.md#transcripts, played through one Conn in order.
func TestProtocolSection10Transcripts(t *testing.T) {
	script, err := wiretest.ParseTranscript(section10)
	require.NoError(t, err)
	srv := wiretest.NewServer(t, script)
	c, err := wire.Dial(ctx(t), testConfig(srv.Addr))
	require.NoError(t, err)
	defer c.Close()

	rep, err := c.Run(ctx(t), "/ip/address/add", "=address=192.168.1.1/24", "=interface=ether1")
	require.NoError(t, err)
	assert.Equal(t, "*3", rep.Ret())

	var items []wire.Sentence
	for s, err := range c.Stream(ctx(t), "/ip/address/listen") {
		require.NoError(t, err)
		items = append(items, s)
		if v, _ := s.Get(".dead"); v == "true" {
			break // sends /cancel =tag=...
		}
	}
	require.Len(t, items, 2)

	rep, err = c.Run(ctx(t), "/interface/set", "=disabled=yes", "=.id=ether1")
	require.NoError(t, err, "the interrupted listen's trap and !done did not leak into this reply")
	assert.Empty(t, rep.Traps)

	rep, err = c.Run(ctx(t), "/interface/pptp-server/print")
	require.NoError(t, err)
	assert.True(t, rep.Empty)
	assert.Empty(t, rep.Re)

	_, err = c.Run(ctx(t), "/quit")
	var fatal *wire.FatalError
	require.ErrorAs(t, err, &fatal)
	assert.Equal(t, "session terminated on request", fatal.Reason)
	assert.Zero(t, c.DroppedReplies())
}
