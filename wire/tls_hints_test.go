package wire_test

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rosgen/routeros/wire"
	"github.com/rosgen/routeros/wire/wiretest"
)

// The hints, by what each says.
const (
	hintNoCert     = "anonymous Diffie-Hellman"
	hintPlainPort  = "the port speaks plain API, not TLS; use 8728 without TLS or the api-ssl port"
	hintClientCert = "demands a client certificate"
	hintUseTLS     = "if this port is an api-ssl service (8729 by default), use TLS (set Config.TLS)"
)

// requireOnlyHint checks that err carries the hint want and none of the others.
func requireOnlyHint(t *testing.T, err error, want string) {
	t.Helper()
	require.Error(t, err)
	for _, h := range []string{hintNoCert, hintPlainPort, hintClientCert, hintUseTLS} {
		if h == want {
			assert.Contains(t, err.Error(), h)
		} else {
			assert.NotContains(t, err.Error(), h)
		}
	}
	assert.NotErrorIs(t, err, wire.ErrAuth, "not a login refusal")
	assert.NotContains(t, err.Error(), testPass)
}

// plainAPIPort plays the plain api service receiving a TLS ClientHello: it reads what the client
// sends, answers one API sentence when answer is set (what a router says to a sentence before login
// is UNVERIFIED; "!fatal not logged in" is the project's model) and hangs up.
func plainAPIPort(answer bool) func(context.Context, net.Conn) {
	return func(ctx context.Context, c net.Conn) {
		_ = c.SetDeadline(time.Now().Add(5 * time.Second))
		defer context.AfterFunc(ctx, func() { _ = c.SetDeadline(time.Now()) })()
		buf := make([]byte, 4096)
		if _, err := c.Read(buf); err != nil {
			return
		}
		if answer {
			_, _ = c.Write(wire.AppendSentence(nil, "!fatal", "not logged in"))
		}
		if tc, ok := c.(*net.TCPConn); ok {
			_ = tc.CloseWrite()
		}
		_, _ = io.Copy(io.Discard, io.LimitReader(c, 1<<20))
	}
}

// TLS to the plain API port: the router answers API bytes, or hangs up. Either way the hint says
// the port is plain, not that api-ssl lacks a certificate.
func TestTLSToPlainPort(t *testing.T) {
	for _, answer := range []bool{true, false} {
		t.Run(map[bool]string{true: "answers", false: "hangs up"}[answer], func(t *testing.T) {
			srv := wiretest.NewRawServer(t, plainAPIPort(answer))
			cfg := testConfig(srv.Addr)
			cfg.TLS = &tls.Config{}
			_, err := wire.Dial(ctx(t), cfg)
			var te *wire.TLSError
			require.ErrorAs(t, err, &te)
			requireOnlyHint(t, err, hintPlainPort)
			if answer {
				var rh tls.RecordHeaderError
				assert.ErrorAs(t, err, &rh)
			}
		})
	}
}

// Plain TCP to an api-ssl port: the TLS server hangs up on the login (with a TLS alert, or
// without a word); the error says to use TLS instead of a bare "unexpected EOF".
func TestPlainToTLSPort(t *testing.T) {
	t.Run("crypto/tls server", func(t *testing.T) {
		srv := wiretest.NewTLSServer(t, nil)
		_, err := wire.Dial(ctx(t), testConfig(srv.Addr))
		requireOnlyHint(t, err, hintUseTLS)
		var te *wire.TLSError
		assert.False(t, errors.As(err, &te), "no TLS was spoken")
	})
	t.Run("alert then close", func(t *testing.T) {
		srv := wiretest.NewRawServer(t, func(ctx context.Context, c net.Conn) {
			_ = c.SetDeadline(time.Now().Add(5 * time.Second))
			buf := make([]byte, 512)
			if _, err := c.Read(buf); err != nil {
				return
			}
			// A fatal unexpected_message alert in a TLS 1.2 record, then a half-close.
			_, _ = c.Write([]byte{0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 10})
			if tc, ok := c.(*net.TCPConn); ok {
				_ = tc.CloseWrite()
			}
			_, _ = io.Copy(io.Discard, io.LimitReader(c, 1<<20))
		})
		_, err := wire.Dial(ctx(t), testConfig(srv.Addr))
		requireOnlyHint(t, err, hintUseTLS)
	})
}

// A server that demands a client certificate: over TLS 1.2 the handshake fails with
// bad_certificate; over TLS 1.3 the handshake succeeds and certificate_required arrives on the
// login's first read. Both are TLS errors about client certificates, not login errors.
func TestTLSClientCertificateDemanded(t *testing.T) {
	for _, tc := range []struct {
		name    string
		version uint16
		alert   string
	}{
		{"TLS 1.2", tls.VersionTLS12, "handshake failure"}, // RFC 5246 section 7.4.6; crypto/tls's choice
		{"TLS 1.3", tls.VersionTLS13, "certificate required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := wiretest.NewClientCertServer(t, script())
			cfg := testConfig(srv.Addr)
			cfg.TLS = srv.TLSConfig()
			cfg.TLS.MinVersion, cfg.TLS.MaxVersion = tc.version, tc.version
			_, err := wire.Dial(ctx(t), cfg)
			var te *wire.TLSError
			require.ErrorAs(t, err, &te)
			requireOnlyHint(t, err, hintClientCert)
			assert.Contains(t, err.Error(), tc.alert)
			assert.NotContains(t, err.Error(), "login to")
		})
	}
}

// The no-certificate hint is given for the handshake_failure alert of an api-ssl service without a
// certificate, and only the no-certificate hint.
func TestTLSNoCertificateHintOnlyForHandshakeFailure(t *testing.T) {
	srv := wiretest.NewHandshakeFailServer(t)
	cfg := testConfig(srv.Addr)
	cfg.TLS = &tls.Config{}
	_, err := wire.Dial(ctx(t), cfg)
	var te *wire.TLSError
	require.ErrorAs(t, err, &te)
	requireOnlyHint(t, err, hintNoCert)
}
