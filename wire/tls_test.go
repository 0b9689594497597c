package wire_test

import (
	"crypto/tls"
	"crypto/x509"
	"io"
	"net"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rosgen/routeros/wire"
	"github.com/rosgen/routeros/wire/wiretest"
)

func tlsScript() *wiretest.Script {
	return script().Expect("/system/identity/print", ".tag={a}").Send("!re", "=name=secure", ".tag={a}").Send("!done", ".tag={a}")
}

// TLS verified against the router's CA.
func TestTLSVerifiedWithCAPool(t *testing.T) {
	srv := wiretest.NewTLSServer(t, tlsScript())
	cfg := testConfig(srv.Addr)
	cfg.TLS = &tls.Config{RootCAs: srv.RootCAs}
	c, err := wire.Dial(ctx(t), cfg)
	require.NoError(t, err)
	defer c.Close()
	rep, err := c.Run(ctx(t), "/system/identity/print")
	require.NoError(t, err)
	require.Len(t, rep.Re, 1)
	assert.Empty(t, cfg.TLS.ServerName, "Dial does not modify the caller's tls.Config")
}

// A certificate from an unknown CA is refused, with an error that says what to do.
func TestTLSUnknownCA(t *testing.T) {
	srv := wiretest.NewTLSServer(t, nil)
	cfg := testConfig(srv.Addr)
	cfg.TLS = &tls.Config{RootCAs: x509.NewCertPool()}
	_, err := wire.Dial(ctx(t), cfg)
	var te *wire.TLSError
	require.ErrorAs(t, err, &te)
	var ua x509.UnknownAuthorityError
	assert.ErrorAs(t, err, &ua)
	assert.Contains(t, err.Error(), "RootCAs")
	assert.NotContains(t, err.Error(), testPass)
}

// An api-ssl service without a certificate fails the handshake with a bare alert; the error explains
// the cause and the fix.
func TestTLSNoCertificateExplained(t *testing.T) {
	srv := wiretest.NewHandshakeFailServer(t)
	cfg := testConfig(srv.Addr)
	cfg.TLS = &tls.Config{}
	_, err := wire.Dial(ctx(t), cfg)
	var te *wire.TLSError
	require.ErrorAs(t, err, &te)
	assert.Contains(t, err.Error(), "handshake failure")
	assert.Contains(t, err.Error(), "anonymous Diffie-Hellman")
	assert.Contains(t, err.Error(), "/ip service set api-ssl certificate=")
}

// Port 8729 means TLS even when Config.TLS is nil (with default verification, which our test CA
// fails: proof that TLS was spoken), and an address without a port gets 8729 when TLS is configured.
func TestTLSPort8729AutoDetect(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:8729")
	if err != nil {
		t.Skipf("port 8729 is not free on this machine: %v", err)
	}
	srv := wiretest.NewTLSServer(t, tlsScript())
	var wg sync.WaitGroup
	defer wg.Wait()
	defer ln.Close()
	wg.Add(1)
	go func() { // forward 127.0.0.1:8729 to the test server
		defer wg.Done()
		for {
			in, err := ln.Accept()
			if err != nil {
				return
			}
			out, err := net.Dial("tcp", srv.Addr)
			if err != nil {
				in.Close()
				continue
			}
			wg.Add(2)
			go func() { defer wg.Done(); _, _ = io.Copy(out, in); out.Close() }()
			go func() { defer wg.Done(); _, _ = io.Copy(in, out); in.Close() }()
		}
	}()

	_, err = wire.Dial(ctx(t), testConfig("127.0.0.1:8729"))
	var ua x509.UnknownAuthorityError
	require.ErrorAs(t, err, &ua, "TLS with default verification was used on port 8729")

	cfg := testConfig("127.0.0.1")
	cfg.TLS = &tls.Config{RootCAs: srv.RootCAs}
	c, err := wire.Dial(ctx(t), cfg)
	require.NoError(t, err, "no port + TLS means 8729")
	defer c.Close()
	_, err = c.Run(ctx(t), "/system/identity/print")
	require.NoError(t, err)
}
