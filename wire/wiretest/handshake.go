package wiretest

import (
	"context"
	"crypto/tls"
	"encoding/binary"
	"io"
	"net"
	"testing"
	"time"
)

// AlertHandshakeFailure is the TLS alert handshake_failure (40), what an api-ssl service without a
// certificate answers to a client that offers no anonymous Diffie-Hellman cipher suite (every Go
// client).
const AlertHandshakeFailure uint8 = 40

// NewHandshakeFailServer starts a server that behaves like a RouterOS api-ssl service with no
// certificate assigned: it reads the client's TLS ClientHello, answers a fatal handshake_failure
// alert and closes the connection. A Go TLS client gets an error whose text contains
// "remote error: tls: handshake failure".
func NewHandshakeFailServer(t testing.TB) *Server {
	t.Helper()
	return NewAlertServer(t, AlertHandshakeFailure)
}

// NewAlertServer is [NewHandshakeFailServer] with another TLS alert description.
func NewAlertServer(t testing.TB, alert uint8) *Server {
	t.Helper()
	return newServer(t, nil, func(ctx context.Context, c net.Conn) { answerAlert(ctx, c, alert) }, false)
}

// maxRecord is the largest TLS record a peer may send (2^14 plus expansion room).
const maxRecord = 1<<14 + 2048

func answerAlert(ctx context.Context, c net.Conn, alert uint8) {
	deadline := time.Now().Add(handshakeTimeout)
	_ = c.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { _ = c.SetDeadline(time.Now()) })
	defer stop()

	var hdr [5]byte
	if _, err := io.ReadFull(c, hdr[:]); err != nil {
		return
	}
	const recordHandshake, recordAlert = 0x16, 0x15
	n := int(binary.BigEndian.Uint16(hdr[3:]))
	if hdr[0] != recordHandshake || n > maxRecord {
		return // not TLS: just hang up
	}
	if _, err := io.CopyN(io.Discard, c, int64(n)); err != nil {
		return
	}
	// A fatal alert in a TLS 1.2 record, the form RouterOS sends.
	if _, err := c.Write([]byte{recordAlert, 0x03, 0x03, 0x00, 0x02, 0x02, alert}); err != nil {
		return
	}
	drainAndClose(c)
}

// drainAndClose half-closes c and reads until the client hangs up (2 s and 1 MiB at most), so that
// closing with unread data does not reset the connection before the client has read what it was
// sent last (a TLS alert): a reset discards data the client has not read yet.
func drainAndClose(c net.Conn) {
	if cw, ok := c.(interface{ CloseWrite() error }); ok {
		_ = cw.CloseWrite()
	}
	_ = c.SetReadDeadline(time.Now().Add(2 * time.Second))
	_, _ = io.Copy(io.Discard, io.LimitReader(c, 1<<20))
	_ = c.Close()
}

// NewRawServer starts a server on 127.0.0.1 that runs h with every accepted bare TCP connection: no
// API framing, no TLS. It is for what happens below the protocol: a TLS client at a plain API port,
// a plain client at a TLS port, a peer that hangs up at once. The connection is closed when h
// returns; h must return once ctx is done.
func NewRawServer(t testing.TB, h func(ctx context.Context, c net.Conn)) *Server {
	t.Helper()
	return newServer(t, nil, h, false)
}

// NewClientCertServer is [NewTLSServer] with a server that demands a client certificate signed by
// its CA (tls.RequireAndVerifyClientCert), as a TLS proxy in front of a router may. A client without
// one gets the alert bad_certificate during a TLS 1.2 handshake, and certificate_required on its
// first read after a TLS 1.3 handshake (the server checks the client's certificate after the client
// has finished).
func NewClientCertServer(t testing.TB, script *Script) *Server {
	t.Helper()
	return newServerWith(t, scriptHandler(script), nil, true, func(s *Server) {
		s.tlsServer.ClientAuth = tls.RequireAndVerifyClientCert
		s.tlsServer.ClientCAs = s.RootCAs
	})
}
