package wire

import (
	"context"
	"crypto/md5"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// target returns host, host:port and whether TLS is used, from Address and TLS.
func (cfg Config) target() (host, addr string, useTLS bool, err error) {
	a := strings.TrimSpace(cfg.Address)
	if a == "" {
		return "", "", false, errors.New("routeros: Config.Address is empty")
	}
	host, port, err := net.SplitHostPort(a)
	if err != nil {
		// No port: "host", "10.0.0.1", "::1" or "[::1]".
		host, port = strings.TrimSuffix(strings.TrimPrefix(a, "["), "]"), ""
	}
	if host == "" {
		return "", "", false, fmt.Errorf("routeros: Config.Address %q has no host", cfg.Address)
	}
	useTLS = cfg.TLS != nil || port == DefaultTLSPort
	if port == "" {
		port = DefaultPort
		if useTLS {
			port = DefaultTLSPort
		}
	}
	return host, net.JoinHostPort(host, port), useTLS, nil
}

// Dial connects to the router, completes the TLS handshake if TLS is used, logs in, and returns a
// ready connection. ctx bounds the whole of it (as does Config.DialTimeout); it does not limit the
// returned connection's life.
//
// Wrong credentials give an error matching ErrAuth that keeps the router's message. A failed TLS
// handshake is a *TLSError whose Hint says what to do: the api-ssl service has no certificate
// (Go cannot use its anonymous ciphers), the port speaks plain API, the certificate is not trusted
// or does not name the host, or the server demands a client certificate (also when a TLS 1.3 server
// says so only after the handshake). A plain login that the router hangs up on without a word says
// that the port may be an api-ssl service.
func Dial(ctx context.Context, cfg Config) (conn *Conn, err error) {
	host, addr, useTLS, err := cfg.target()
	if err != nil {
		return nil, err
	}
	timeout := cfg.DialTimeout
	if timeout <= 0 {
		timeout = defaultDialTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	if dt, ok := cfg.Tracer.(DialTracer); ok {
		if tctx := dt.TraceDialStart(ctx, TraceDialStartData{Address: addr, TLS: useTLS}); tctx != nil {
			ctx = tctx
		}
		defer func() { dt.TraceDialEnd(ctx, TraceDialEndData{Conn: conn, Err: err}) }()
	}

	d := net.Dialer{KeepAlive: cfg.KeepAlive}
	nc, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("routeros: dial %s: %w", addr, err)
	}
	var certAsked atomic.Bool // the server sent a CertificateRequest
	if useTLS {
		tc := watchCertRequest(tlsConfig(cfg.TLS, host), &certAsked)
		tconn := tls.Client(nc, tc)
		if err := tconn.HandshakeContext(ctx); err != nil {
			_ = nc.Close()
			return nil, explainTLS(addr, err, certAsked.Load())
		}
		nc = tconn
	}
	c := newConn(nc, cfg, addr)
	if err := c.login(ctx); err != nil {
		_ = nc.Close()
		return nil, explainLogin(addr, useTLS, certAsked.Load(), err)
	}
	c.cfg.Password = "" // not needed any more; keep it out of memory dumps of the Conn
	c.start()
	c.log.Debug("routeros: connected", "tls", useTLS, "user", cfg.Username)
	return c, nil
}

func tlsConfig(base *tls.Config, host string) *tls.Config {
	var tc *tls.Config
	if base != nil {
		tc = base.Clone()
	} else {
		tc = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	if tc.ServerName == "" {
		tc.ServerName = host
	}
	return tc
}

// watchCertRequest makes tc record in asked whether the server asks for a client certificate, and
// otherwise choose the certificate as crypto/tls does (tc.GetClientCertificate, else the first of
// tc.Certificates the server accepts, else none).
func watchCertRequest(tc *tls.Config, asked *atomic.Bool) *tls.Config {
	get, certs := tc.GetClientCertificate, tc.Certificates
	tc.GetClientCertificate = func(cri *tls.CertificateRequestInfo) (*tls.Certificate, error) {
		asked.Store(true)
		if get != nil {
			return get(cri)
		}
		for i := range certs {
			if cri.SupportsCertificate(&certs[i]) == nil {
				return &certs[i], nil
			}
		}
		return new(tls.Certificate), nil
	}
	return tc
}

// noCertHelp is what to do when a router's api-ssl service has no certificate (docs/protocol.md#transport).
const noCertHelp = "if the router's api-ssl service has no certificate it offers only anonymous " +
	"Diffie-Hellman ciphers, which Go's crypto/tls does not implement; assign a certificate on the router: " +
	"/certificate add name=api-ca common-name=api-ca key-usage=key-cert-sign,crl-sign; " +
	"/certificate sign api-ca; /certificate add name=api-srv common-name=ROUTER-NAME; " +
	"/certificate sign api-srv ca=api-ca; /ip service set api-ssl certificate=api-srv tls-version=only-1.2 disabled=no"

// plainPortHelp is what to do when TLS reaches a port that speaks the plain API.
const plainPortHelp = "the port speaks plain API, not TLS; use 8728 without TLS or the api-ssl port " +
	"(8729 by default) with TLS"

// clientCertHelp is what to do when the server demands a client certificate. RouterOS's own /ip
// service has no such setting (7.24: address, certificate, tls-version, max-sessions, vrf...), so
// the demand usually comes from a TLS proxy in front of the router.
const clientCertHelp = "the server demands a client certificate, which is not a login problem: put a " +
	"certificate it trusts in Config.TLS.Certificates (or Config.TLS.GetClientCertificate); RouterOS's api-ssl " +
	"service does not ask for one, so a TLS proxy in front of the router probably does"

// plainToTLSHelp is added when a router hangs up on a plain login without a word.
const plainToTLSHelp = "the router closed the connection before answering the login: if this port is an " +
	"api-ssl service (8729 by default), use TLS (set Config.TLS); a router also hangs up on addresses its " +
	"/ip service address list does not allow and past the service's max-sessions"

// TLSError explains a failed TLS handshake with a router.
type TLSError struct {
	Address string
	Hint    string // what to do about it
	Err     error  // the crypto/tls error
}

func (e *TLSError) Error() string {
	return fmt.Sprintf("routeros: TLS handshake with %s failed: %v; %s", e.Address, e.Err, e.Hint)
}
func (e *TLSError) Unwrap() error { return e.Err }

// remoteCertAlerts are the texts of the TLS alerts a server sends about the client's certificate
// (RFC 8446 section 6.2; certificate_required is TLS 1.3's, bad_certificate TLS 1.2's answer to a
// client that sent none), as crypto/tls words them after "remote error: tls: ".
var remoteCertAlerts = []string{"certificate required", "bad certificate", "unsupported certificate",
	"revoked certificate", "expired certificate", "unknown certificate", "unknown certificate authority"}

// clientCertDemanded reports whether err is a TLS alert from a server that asked for a client
// certificate (certAsked), or an alert about the client's certificate. A TLS 1.2 server that
// requires a certificate and gets none answers handshake_failure (RFC 5246 section 7.4.6; so does
// crypto/tls), the same alert as an api-ssl service without a certificate: only the server's
// CertificateRequest tells the two apart.
func clientCertDemanded(err error, certAsked bool) bool {
	msg := err.Error()
	i := strings.Index(msg, "remote error: tls: ")
	if i < 0 {
		return false
	}
	if certAsked {
		return true
	}
	alert := msg[i+len("remote error: tls: "):]
	for _, a := range remoteCertAlerts {
		if strings.HasPrefix(alert, a) {
			return true
		}
	}
	return false
}

func explainTLS(addr string, err error, certAsked bool) error {
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	var notTLS tls.RecordHeaderError
	var hint string
	msg := err.Error()
	switch {
	case errors.As(err, &unknownCA), strings.Contains(msg, "certificate signed by unknown authority"):
		hint = "the router's certificate is not signed by a CA you trust: put the router's CA certificate in " +
			"Config.TLS.RootCAs (routers usually have self-signed certificates); InsecureSkipVerify disables " +
			"all protection against a man in the middle"
	case errors.As(err, &hostErr):
		hint = "the router's certificate does not name the host you dialed: set Config.TLS.ServerName to a " +
			"name the certificate carries, or issue a certificate for this address"
	case errors.As(err, &invalid):
		hint = "the router's certificate is not valid (expired, not yet valid or not for TLS servers): " +
			"issue a new certificate on the router"
	case errors.As(err, &notTLS):
		hint = "the router answered with bytes that are not TLS: " + plainPortHelp
	case clientCertDemanded(err, certAsked):
		hint = clientCertHelp
	case strings.Contains(msg, "handshake failure"), strings.Contains(msg, "no cipher suite"),
		strings.Contains(msg, "insufficient security"):
		hint = noCertHelp
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.ECONNRESET):
		hint = "the router closed the connection without a TLS answer: " + plainPortHelp +
			" (a router also hangs up on addresses its /ip service address list does not allow)"
	case errors.Is(err, context.DeadlineExceeded):
		hint = "the router did not answer the TLS handshake in time; if the port speaks plain API, not TLS, " +
			"use 8728 without TLS (Config.TLS nil) or the api-ssl port (8729 by default) with TLS"
	default:
		hint = "check that the api-ssl service is enabled on this port and has a certificate (" + noCertHelp + ")"
	}
	return &TLSError{Address: addr, Hint: hint, Err: err}
}

// hintError adds advice to an error.
type hintError struct {
	err  error
	hint string
}

func (e *hintError) Error() string { return e.err.Error() + "; " + e.hint }
func (e *hintError) Unwrap() error { return e.err }

// explainLogin adds what to do to a login that failed below the API: a TLS alert that arrived after
// the handshake (a TLS 1.3 server checks the client's certificate after the client has finished),
// or a plain login the router hung up on without a word (a plain client at an api-ssl port).
func explainLogin(addr string, useTLS, certAsked bool, err error) error {
	if errors.Is(err, ErrAuth) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return err
	}
	if useTLS {
		if clientCertDemanded(err, certAsked) {
			var op *net.OpError
			if errors.As(err, &op) {
				return &TLSError{Address: addr, Hint: clientCertHelp, Err: op}
			}
			return &TLSError{Address: addr, Hint: clientCertHelp, Err: err}
		}
		return err
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, ErrProtocol) || errors.Is(err, syscall.ECONNRESET) {
		return &hintError{err: err, hint: plainToTLSHelp}
	}
	return err
}

// login runs the login exchange synchronously, before the reader goroutine starts.
func (c *Conn) login(ctx context.Context) (err error) {
	method := "plain"
	if lt, ok := c.cfg.Tracer.(LoginTracer); ok {
		if tctx := lt.TraceLoginStart(ctx, TraceLoginStartData{Username: c.cfg.Username}); tctx != nil {
			ctx = tctx
		}
		defer func() { lt.TraceLoginEnd(ctx, TraceLoginEndData{Method: method, Err: err}) }()
	}
	// Only the context bounds the login: when it ends, the socket's deadline is moved to the past,
	// which unblocks any read or write; the error is then reported as the context's.
	fired := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		defer close(fired)
		_ = c.nc.SetDeadline(time.Unix(1, 0))
	})
	defer func() {
		if !stop() {
			<-fired // the deadline was moved: wait, so it cannot land after the reset below
		}
		if err != nil && ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
			err = fmt.Errorf("routeros: login to %s: %w", c.addr, ctx.Err())
		}
		_ = c.nc.SetDeadline(time.Time{})
	}()

	done, err := c.loginStep("=name="+c.cfg.Username, "=password="+c.cfg.Password)
	if err != nil {
		return err
	}
	challenge, ok := done.Get("ret")
	if !ok {
		return nil
	}
	// A pre-6.43 router ignored the credentials and sent an MD5 challenge.
	if c.cfg.Login == LoginPlain {
		return fmt.Errorf("%w: router %s asked for the pre-6.43 MD5 challenge login, which Config.Login=LoginPlain refuses", ErrAuth, c.addr)
	}
	chal, herr := hex.DecodeString(challenge)
	if herr != nil || len(chal) == 0 {
		return fmt.Errorf("routeros: login to %s: router sent an invalid login challenge (not hex)", c.addr)
	}
	method = "md5"
	_, err = c.loginStep("=name="+c.cfg.Username, "=response="+md5Response(c.cfg.Password, chal))
	return err
}

// md5Response computes the pre-6.43 login answer: "00" + hex(MD5(0x00 || password || challenge)).
func md5Response(password string, challenge []byte) string {
	h := md5.New()
	h.Write([]byte{0})
	h.Write([]byte(password))
	h.Write(challenge)
	return "00" + hex.EncodeToString(h.Sum(nil))
}

// loginStep sends one untagged /login sentence and reads replies up to its !done.
func (c *Conn) loginStep(words ...string) (Sentence, error) {
	b := AppendSentence(nil, append([]string{"/login"}, words...)...)
	if _, err := c.nc.Write(b); err != nil {
		return Sentence{}, fmt.Errorf("routeros: login to %s: write: %w", c.addr, err)
	}
	var traps []Sentence
	budget := loginReplyLimit
	for {
		s, err := c.readLoginReply(&budget)
		if err != nil {
			if len(traps) > 0 && !errors.Is(err, ErrProtocol) { // the router refused and hung up without its !done
				msg, _ := traps[0].Get("message")
				return Sentence{}, &authError{msg: msg}
			}
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return Sentence{}, fmt.Errorf("routeros: login to %s: %w", c.addr, err)
		}
		switch s.Word {
		case "!trap":
			traps = append(traps, s)
		case "!fatal":
			return Sentence{}, fmt.Errorf("routeros: login to %s: %w", c.addr, &FatalError{Reason: fatalReason(s)})
		case "!done":
			if len(traps) > 0 {
				msg, _ := traps[0].Get("message")
				return Sentence{}, &authError{msg: msg}
			}
			return s, nil
		}
	}
}
