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
	"log/slog"
	"net"
	"strings"
	"time"
)

// String formats the configuration without the password.
func (cfg Config) String() string {
	return fmt.Sprintf("wire.Config{Address: %q, Username: %q, Password: %s, TLS: %t, Login: %s}",
		cfg.Address, cfg.Username, redacted(cfg.Password), cfg.TLS != nil, cfg.Login)
}

// GoString is String: %#v must not print the password either.
func (cfg Config) GoString() string { return cfg.String() }

// Format prints String for every verb, so that no verb (%d, %x, %q...) prints the password.
func (cfg Config) Format(f fmt.State, verb rune) { _, _ = io.WriteString(f, cfg.String()) }

// LogValue keeps the password out of slog records.
func (cfg Config) LogValue() slog.Value {
	return slog.GroupValue(slog.String("address", cfg.Address), slog.String("username", cfg.Username),
		slog.Bool("tls", cfg.TLS != nil))
}

func redacted(p string) string {
	if p == "" {
		return `""`
	}
	return "***"
}

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
// Wrong credentials give an error matching ErrAuth that keeps the router's message. Over TLS, a
// handshake failure is explained (a router's api-ssl service without a certificate cannot talk to Go).
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
	if useTLS {
		tc := tlsConfig(cfg.TLS, host)
		tconn := tls.Client(nc, tc)
		if err := tconn.HandshakeContext(ctx); err != nil {
			_ = nc.Close()
			return nil, explainTLS(addr, err)
		}
		nc = tconn
	}
	c := newConn(nc, cfg, addr)
	if err := c.login(ctx); err != nil {
		_ = nc.Close()
		return nil, err
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

// noCertHelp is what to do when a router's api-ssl service has no certificate (docs/protocol.md#transport).
const noCertHelp = "if the router's api-ssl service has no certificate it offers only anonymous " +
	"Diffie-Hellman ciphers, which Go's crypto/tls does not implement; assign a certificate on the router: " +
	"/certificate add name=api-ca common-name=api-ca key-usage=key-cert-sign,crl-sign; " +
	"/certificate sign api-ca; /certificate add name=api-srv common-name=ROUTER-NAME; " +
	"/certificate sign api-srv ca=api-ca; /ip service set api-ssl certificate=api-srv tls-version=only-1.2 disabled=no"

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

func explainTLS(addr string, err error) error {
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	hint := noCertHelp
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
	case strings.Contains(msg, "handshake failure"), strings.Contains(msg, "no cipher suite"),
		strings.Contains(msg, "insufficient security"), errors.Is(err, io.EOF),
		strings.Contains(msg, "connection reset"):
		// keep noCertHelp
	default:
		hint = "check that the api-ssl service is enabled on this port and has a certificate (" + noCertHelp + ")"
	}
	return &TLSError{Address: addr, Hint: hint, Err: err}
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
	for {
		s, err := c.rd.ReadSentence()
		if err != nil {
			if len(traps) > 0 { // the router refused and hung up without its !done
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
