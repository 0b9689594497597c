package testpki_test

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rosgen/routeros/internal/testpki"
)

// A TLS client trusting only the CA (from the pool or from the PEM) completes a handshake with a
// server using the leaf, by IP and by name.
func TestHandshake(t *testing.T) {
	p, err := testpki.New("testpki test", time.Hour)
	require.NoError(t, err)
	block, _ := pem.Decode(p.CAPEM)
	require.NotNil(t, block)
	fromPEM := x509.NewCertPool()
	require.True(t, fromPEM.AppendCertsFromPEM(p.CAPEM))

	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{p.Leaf}})
	require.NoError(t, err)
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			_ = c.(*tls.Conn).Handshake()
			_ = c.Close()
		}
	}()
	for _, tc := range []struct {
		name string
		pool *x509.CertPool
	}{{"127.0.0.1", p.Pool}, {"localhost", fromPEM}} {
		c, err := tls.Dial("tcp", ln.Addr().String(), &tls.Config{RootCAs: tc.pool, ServerName: tc.name})
		require.NoError(t, err, tc.name)
		_ = c.Close()
	}
	_, err = tls.Dial("tcp", ln.Addr().String(), &tls.Config{RootCAs: x509.NewCertPool(), ServerName: "localhost"})
	var ua x509.UnknownAuthorityError
	require.ErrorAs(t, err, &ua)
}
