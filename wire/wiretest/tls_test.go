package wiretest_test

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/rosgen/routeros/wire/wiretest"
)

func dialTLS(t *testing.T, addr string, cfg *tls.Config) (*tls.Conn, error) {
	t.Helper()
	d := &net.Dialer{Timeout: ioTimeout}
	c, err := tls.DialWithDialer(d, "tcp", addr, cfg)
	if err == nil {
		t.Cleanup(func() { c.Close() })
	}
	return c, err
}

func TestTLSServerVerifiedWithRootCAs(t *testing.T) {
	rt := newRecordTB(t)
	srv := wiretest.NewTLSServer(rt, wiretest.NewScript().
		Login("admin", "pw").
		Expect("/system/identity/print", ".tag={t}").
		Send("!re", "=name=MikroTik", ".tag={t}").
		Send("!done", ".tag={t}"))
	if !strings.HasPrefix(srv.Addr, "127.0.0.1:") {
		t.Fatalf("Addr = %q", srv.Addr)
	}

	// The CA PEM, parsed by the test, verifies the server under both of its names.
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(srv.CACertPEM) {
		t.Fatal("CACertPEM holds no certificate")
	}
	for _, cfg := range []*tls.Config{
		{RootCAs: pool, ServerName: "localhost", MinVersion: tls.VersionTLS12},
		{RootCAs: srv.RootCAs, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12},
		{RootCAs: srv.RootCAs, MaxVersion: tls.VersionTLS12, ServerName: "localhost"},
		srv.TLSConfig(),
	} {
		tc, err := dialTLS(t, srv.Addr, cfg)
		if err != nil {
			t.Fatalf("TLS dial with %+v: %v", cfg.ServerName, err)
		}
		c := newRawClient(t, tc)
		c.send("/login", "=name=admin", "=password=pw")
		c.expect("!done")
		c.send("/system/identity/print", ".tag=9")
		c.expect("!re", "=name=MikroTik", ".tag=9")
		c.expect("!done", ".tag=9")
		tc.Close()
	}
	srv.Close()
	rt.noFailures(t)
}

func TestTLSServerRefusedWithoutCA(t *testing.T) {
	rt := newRecordTB(t)
	srv := wiretest.NewTLSServer(rt, wiretest.NewScript().Expect("/login"))

	_, err := dialTLS(t, srv.Addr, &tls.Config{ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12})
	var unknown x509.UnknownAuthorityError
	if !errors.As(err, &unknown) {
		t.Fatalf("got %v, want x509.UnknownAuthorityError", err)
	}
	_, err = dialTLS(t, srv.Addr, &tls.Config{RootCAs: srv.RootCAs, ServerName: "router.example", MinVersion: tls.VersionTLS12})
	var host x509.HostnameError
	if !errors.As(err, &host) {
		t.Fatalf("got %v, want x509.HostnameError", err)
	}
	srv.Close()
	// A client refusing the certificate is a scenario, not a server failure.
	rt.noFailures(t)
}

func TestTLSConfigOfPlainServerIsNil(t *testing.T) {
	srv := wiretest.NewServer(t, nil)
	if srv.TLSConfig() != nil || srv.RootCAs != nil || srv.CACertPEM != nil {
		t.Error("plain server has TLS material")
	}
}

func TestTLSConfigIsACopy(t *testing.T) {
	srv := wiretest.NewTLSServer(t, nil)
	a := srv.TLSConfig()
	a.ServerName = "changed"
	if srv.TLSConfig().ServerName != "127.0.0.1" {
		t.Error("TLSConfig returned shared state")
	}
}

func TestTLSHandlerServer(t *testing.T) {
	srv := wiretest.NewTLSHandlerServer(t, func(c *wiretest.ServerConn) {
		if _, ok := c.NetConn().(*tls.Conn); !ok {
			c.Errorf("NetConn is %T, want *tls.Conn", c.NetConn())
		}
		s, err := c.ReadSentence()
		if err != nil {
			c.Errorf("read: %v", err)
			return
		}
		_ = c.WriteSentence("!done", "=ret="+s.Word, ".tag="+s.Tag)
	})
	tc, err := dialTLS(t, srv.Addr, srv.TLSConfig())
	if err != nil {
		t.Fatal(err)
	}
	c := newRawClient(t, tc)
	c.send("/system/clock/print", ".tag=c")
	c.expect("!done", "=ret=/system/clock/print", ".tag=c")
	c.expectEOF() // the connection closes when the handler returns
}

func TestHandshakeFailServer(t *testing.T) {
	srv := wiretest.NewHandshakeFailServer(t)
	for _, cfg := range []*tls.Config{
		{InsecureSkipVerify: true}, //nolint:gosec // the server never presents a certificate
		{ServerName: "127.0.0.1", MaxVersion: tls.VersionTLS12, MinVersion: tls.VersionTLS12},
	} {
		start := time.Now()
		_, err := dialTLS(t, srv.Addr, cfg)
		if err == nil {
			t.Fatal("handshake succeeded")
		}
		var op *net.OpError
		if !errors.As(err, &op) || op.Op != "remote error" {
			t.Fatalf("got %v (%T), want a *net.OpError for a remote alert", err, err)
		}
		if !strings.Contains(err.Error(), "tls: handshake failure") {
			t.Errorf("got %q, want the handshake_failure alert", err)
		}
		if el := time.Since(start); el > 2*time.Second {
			t.Errorf("handshake failure took %v", el)
		}
	}
	// A client that is not TLS at all is simply hung up on.
	c := dialRaw(t, srv.Addr)
	c.send("/login")
	c.expectEOF()
}

func TestAlertServer(t *testing.T) {
	const protocolVersion = 70
	srv := wiretest.NewAlertServer(t, protocolVersion)
	_, err := dialTLS(t, srv.Addr, &tls.Config{ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12})
	if err == nil || !strings.Contains(err.Error(), "protocol version not supported") {
		t.Fatalf("got %v, want a protocol_version alert", err)
	}
}
