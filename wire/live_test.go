package wire_test

import (
	"context"
	"crypto/tls"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rosgen/routeros/wire"
)

// liveConfig returns the live router's config, or skips the test when none is configured.
// ROUTEROS_TEST_TLS_INSECURE=1 dials api-ssl without certificate verification (test routers only).
func liveConfig(t *testing.T) wire.Config {
	addr := os.Getenv("ROUTEROS_TEST_ADDR")
	user := os.Getenv("ROUTEROS_TEST_USER")
	pass, ok := os.LookupEnv("ROUTEROS_TEST_PASSWORD")
	if addr == "" || user == "" || !ok {
		t.Skip("live router tests need ROUTEROS_TEST_ADDR, ROUTEROS_TEST_USER and ROUTEROS_TEST_PASSWORD")
	}
	cfg := wire.Config{Address: addr, Username: user, Password: pass}
	if os.Getenv("ROUTEROS_TEST_TLS_INSECURE") == "1" {
		cfg.TLS = &tls.Config{InsecureSkipVerify: true} //nolint:gosec // opt-in, test routers only
	}
	return cfg
}

func TestLiveRouter(t *testing.T) {
	cfg := liveConfig(t)
	c, err := wire.Dial(ctx(t), cfg)
	require.NoError(t, err)
	defer c.Close()

	rep, err := c.Run(ctx(t), "/system/resource/print", "=.proplist=version,uptime")
	require.NoError(t, err)
	require.Len(t, rep.Re, 1)
	_, ok := rep.Re[0].Get("version")
	assert.True(t, ok)

	// An unknown path: several traps, then !done; the connection stays in sync.
	_, err = c.Run(ctx(t), "/ip/adress/print")
	var trap *wire.TrapError
	require.ErrorAs(t, err, &trap)
	_, err = c.Run(ctx(t), "/system/identity/print")
	require.NoError(t, err)

	// A never-ending command, cancelled by its context; others still work.
	sctx, cancel := context.WithTimeout(ctx(t), 300*time.Millisecond)
	defer cancel()
	for _, err := range c.Stream(sctx, "/interface/listen") {
		if err != nil {
			assert.ErrorIs(t, err, context.DeadlineExceeded)
			break
		}
	}
	_, err = c.Run(ctx(t), "/system/identity/print")
	require.NoError(t, err)
	assert.Zero(t, c.DroppedReplies())

	bad := cfg
	bad.Password += "-wrong"
	_, err = wire.Dial(ctx(t), bad)
	assert.ErrorIs(t, err, wire.ErrAuth)
}
