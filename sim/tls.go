package sim

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"time"

	"github.com/rosgen/routeros/internal/testpki"
)

// ServerTLSConfig returns the TLS configuration of the api-ssl service: a certificate for 127.0.0.1,
// ::1 and localhost signed by a CA made for this server on first use.
func (s *Server) ServerTLSConfig() (*tls.Config, error) {
	if err := s.ensureCert(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return &tls.Config{Certificates: []tls.Certificate{*s.tlsCert}, MinVersion: tls.VersionTLS12}, nil
}

// CACertPEM returns the PEM encoding of the CA that signed the server's certificate, for clients
// that load a CA file.
func (s *Server) CACertPEM() ([]byte, error) {
	if err := s.ensureCert(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]byte(nil), s.caPEM...), nil
}

// ClientTLSConfig returns a client configuration that trusts the server's CA (and only it).
func (s *Server) ClientTLSConfig() (*tls.Config, error) {
	if err := s.ensureCert(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	pool := x509.NewCertPool()
	pool.AddCert(s.ca)
	return &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}, nil
}

func (s *Server) ensureCert() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tlsCert != nil {
		return nil
	}
	pki, err := testpki.New("rossim", 10*365*24*time.Hour)
	if err != nil {
		return fmt.Errorf("sim: certificate: %w", err)
	}
	leaf := pki.Leaf
	leaf.Certificate = append(leaf.Certificate, pki.CA.Raw) // send the chain, as a router does
	s.ca, s.caPEM, s.tlsCert = pki.CA, pki.CAPEM, &leaf
	return nil
}
