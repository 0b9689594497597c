package wire

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
)

// IsSecretName reports whether the values of the RouterOS attribute name are secrets that must not
// appear in logs, traces, errors or String output. It is the one rule the whole module uses (the
// connection's traces, the typed packages' String methods, the schema loader, the simulator).
//
// A name is secret when its last dash-separated part (after any "security." style prefix of the
// wifi menus) is one of password, passwd, secret, secrets, passphrase, psk, pin, token or community,
// or when it names a key: a "key" part that is last, or followed only by "val", "b64" or a number
// ("key", "private-key", "preshared-key", "wpa2-pre-shared-key", "tcp-md5-key", "auth-key",
// "key-val", "eab-key-b64", "static-key-0"). Public keys and the LACP key number are not secret,
// nor are names that describe a secret without holding one ("password-format", "key-size",
// "multi-passphrase-group", "private-key-file"). The MD5 login answer "response" is secret.
//
// Names that hold secrets in RouterOS 7.24 (from its /console/inspect command tree): password,
// old-password, new-password (/password), secret (/ppp/secret, /radius, /ip/ipsec/identity),
// ipsec-secret (/interface/l2tp-server/server, eoip, gre, 6to4), otp-secret (/ip/hotspot/user),
// ppk-secret (/ip/ipsec/peer), hkdf-secret, authentication-password and encryption-password
// (/snmp/community), trap-community (/snmp), passphrase and security.passphrase (/interface/wifi),
// eap-password, smb-password, sshfs-password, socks5-password, radius-password, mac-auth-password,
// challenge-password, export-passphrase, key-passphrase, private-key and preshared-key
// (/interface/wireguard), tcp-md5-key (/routing/bgp/connection), auth-key
// (/routing/ospf/interface-template), key-val (/system/ntp/key), reconfigure-key
// (/ip/dhcp-server/lease), pin and sim-pin (/interface/lte, /tool/sms); RouterOS 6 wireless
// security profiles add wpa-pre-shared-key, wpa2-pre-shared-key, static-key-0..3 and
// management-protection-key.
func IsSecretName(name string) bool {
	n := strings.ToLower(name)
	if i := strings.LastIndexByte(n, '.'); i >= 0 {
		n = n[i+1:] // "security.passphrase", "wpa.psk"
	}
	if n == "response" {
		return true
	}
	parts := strings.Split(n, "-")
	last := parts[len(parts)-1]
	switch last {
	case "password", "passwd", "secret", "secrets", "passphrase", "psk", "pin", "token", "community":
		return true
	}
	if n == "lacp-user-key" {
		return false // a number that groups bonding ports, not a secret
	}
	for i, p := range parts {
		if p == "public" {
			return false
		}
		if p != "key" {
			continue
		}
		switch rest := parts[i+1:]; len(rest) {
		case 0:
			return true
		case 1:
			if r := rest[0]; r == "val" || r == "b64" || isDigits(r) {
				return true
			}
		}
	}
	return false
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// redactedValue is what replaces a secret.
const redactedValue = "***"

// RedactWords returns a copy of request words fit for logs and traces: the value of every secret
// attribute (=password=X, see IsSecretName) and of every query on one (?password=X, ?=password=X,
// ?<secret=X) is replaced by "***", and so is the password of every URL with credentials inside any
// value (=url=https://user:PW@host/file keeps "user", hides PW).
func RedactWords(words []string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = redactWord(w)
	}
	return out
}

// redactWord redacts one word: an attribute, a query, or any other word with URL credentials.
func redactWord(w string) string {
	var name, value string
	var prefix int // length of the word up to and including the '=' before the value
	switch {
	case len(w) > 1 && w[0] == '=':
		a := splitAttr(w)
		if len(a.Key)+1 == len(w) {
			return w // =only-key
		}
		name, value, prefix = a.Key, a.Value, len(a.Key)+2
	case len(w) > 1 && w[0] == '?':
		rest := w[1:]
		op := 0
		if strings.ContainsRune("=<>", rune(rest[0])) {
			op = 1 // ?=name=value, ?<name=value, ?>name=value
		}
		i := strings.IndexByte(rest[op:], '=')
		if i < 0 {
			return w // ?name, ?-name, ?#|
		}
		name, value, prefix = rest[op:op+i], rest[op+i+1:], 1+op+i+1
	default:
		return redactURLs(w)
	}
	return w[:prefix] + redactValue(name, value)
}

// redactValue returns value, or "***" when name is secret and value is not empty, with URL
// credentials redacted either way.
func redactValue(name, value string) string {
	if value != "" && IsSecretName(name) {
		return redactedValue
	}
	return redactURLs(value)
}

// redactURLs hides the password of every URL with credentials in s (scheme://user:password@host).
// The userinfo runs to the last '@' before the next space or quote, so a password holding an
// unescaped '/' or '@' is hidden too; a path holding ':' and '@' is hidden with it, which only
// costs the log some detail.
func redactURLs(s string) string {
	if !strings.Contains(s, "://") {
		return s
	}
	var b strings.Builder
	done := 0 // s[:done] is in b
	for from := 0; ; {
		i := strings.Index(s[from:], "://")
		if i < 0 {
			break
		}
		start := from + i + 3
		end := len(s)
		if j := strings.IndexAny(s[start:], " \t\r\n\"'`<>"); j >= 0 {
			end = start + j
		}
		from = end
		at := strings.LastIndexByte(s[start:end], '@')
		if at < 0 {
			continue
		}
		colon := strings.IndexByte(s[start:start+at], ':')
		if colon < 0 || colon+1 == at {
			continue // user only, or an empty password
		}
		b.WriteString(s[done : start+colon+1])
		b.WriteString(redactedValue)
		done = start + at
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

// --- Config, PoolConfig, Pool and Conn never print the password ---
//
// fmt uses a Formatter for every verb, so each of these types implements Format and prints its
// String (which has no password) whatever the verb: %v, %+v, %#v, %s, %q, %x, %X, %d... A struct
// holding one of them in an unexported field would otherwise be printed field by field, password
// included (fmt does not call methods on unexported fields). MarshalJSON and LogValue do the same
// for encoding/json and log/slog.
//
// Two misuses of fmt escape every method: %w given a non-error (or used outside Errorf) and %p
// given a non-pointer print their operand field by field as "%!w(...)" and "%!p(...)". go vet's
// printf check, which go test runs, rejects both; %p of a pointer prints only the address.

// writeRedacted writes s, the redacted text of a value, for the verb: %s, %v, %q, %x and %X format
// s as a string would be (so %-40s pads and %q quotes); every other verb writes s as it is.
func writeRedacted(f fmt.State, verb rune, s string) {
	switch verb {
	case 's', 'q', 'x', 'X':
		_, _ = fmt.Fprintf(f, fmt.FormatString(f, verb), s)
	case 'v':
		if f.Flag('#') {
			_, _ = io.WriteString(f, s)
			return
		}
		_, _ = fmt.Fprintf(f, fmt.FormatString(f, 's'), s)
	default:
		_, _ = io.WriteString(f, s)
	}
}

// Format prints String (secrets redacted) for every verb, so that %#v, %x or %d of a reply holding
// secrets (a full user's /ppp/secret print) does not show them. Get, Map and Attrs give the values.
func (s Sentence) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = io.WriteString(f, s.GoString())
		return
	}
	writeRedacted(f, verb, s.String())
}

// LogValue gives slog the redacted String, also to handlers that would encode the sentence as JSON.
// encoding/json itself keeps every value: a reply is data.
func (s Sentence) LogValue() slog.Value { return slog.StringValue(s.String()) }

// LogValue gives slog the reply's sentences, secrets redacted.
func (r Reply) LogValue() slog.Value { return slog.StringValue(fmt.Sprintf("%+v", r)) }

type sentenceFields Sentence // Sentence without its methods

// GoString formats the sentence as a Go composite literal, secrets redacted as by String.
func (s Sentence) GoString() string {
	r := sentenceFields(s)
	if s.Attrs != nil {
		r.Attrs = make([]Attr, len(s.Attrs))
		for i, a := range s.Attrs {
			r.Attrs[i] = Attr{Key: a.Key, Value: redactValue(a.Key, a.Value)}
		}
	}
	if s.Words != nil {
		r.Words = make([]string, len(s.Words))
		for i, w := range s.Words {
			r.Words[i] = redactWord(w)
		}
	}
	return "wire.Sentence" + strings.TrimPrefix(fmt.Sprintf("%#v", r), "wire.sentenceFields")
}

// String formats the configuration without the password.
func (cfg Config) String() string {
	return fmt.Sprintf("wire.Config{Address: %q, Username: %q, Password: %s, TLS: %t, Login: %s}",
		cfg.Address, cfg.Username, redactedPassword(cfg.Password), cfg.TLS != nil, cfg.Login)
}

// GoString is String: %#v must not print the password either.
func (cfg Config) GoString() string { return cfg.String() }

// Format prints String for every verb, so that no verb (%d, %x, %q...) prints the password.
func (cfg Config) Format(f fmt.State, verb rune) { writeRedacted(f, verb, cfg.String()) }

// LogValue keeps the password out of slog records.
func (cfg Config) LogValue() slog.Value {
	return slog.GroupValue(slog.String("address", cfg.Address), slog.String("username", cfg.Username),
		slog.Bool("tls", cfg.TLS != nil))
}

// configFields is Config without its methods, for MarshalJSON.
type configFields Config

// configJSON is what MarshalJSON writes: every field of Config (so fields added later are written
// too), except that Password is "***" when set, TLS says only whether TLS is used (a tls.Config
// holds private keys and functions), and Logger and Tracer are left out.
type configJSON struct {
	configFields
	Password string `json:",omitempty"`
	TLS      bool
	Logger   *struct{} `json:",omitempty"`
	Tracer   *struct{} `json:",omitempty"`
}

func (cfg Config) toJSON() configJSON {
	j := configJSON{configFields: configFields(cfg), TLS: cfg.TLS != nil}
	j.configFields.Password, j.configFields.TLS, j.configFields.Logger, j.configFields.Tracer = "", nil, nil, nil
	if cfg.Password != "" {
		j.Password = redactedValue
	}
	return j
}

// MarshalJSON writes the configuration with the password replaced by "***" and TLS as a boolean.
func (cfg Config) MarshalJSON() ([]byte, error) { return json.Marshal(cfg.toJSON()) }

func redactedPassword(p string) string {
	if p == "" {
		return `""`
	}
	return redactedValue
}

// String formats the pool configuration without the password.
func (pc PoolConfig) String() string {
	return "wire.PoolConfig{Config: " + pc.Config.String() + ", Size: " + strconv.Itoa(pc.Size) + "}"
}

// GoString is String: %#v must not print the password either.
func (pc PoolConfig) GoString() string { return pc.String() }

// Format prints String for every verb.
func (pc PoolConfig) Format(f fmt.State, verb rune) { writeRedacted(f, verb, pc.String()) }

// LogValue keeps the password out of slog records.
func (pc PoolConfig) LogValue() slog.Value {
	return slog.GroupValue(slog.Any("config", pc.Config.LogValue()), slog.Int("size", pc.Size))
}

// MarshalJSON writes the pool configuration as Config's MarshalJSON does, with Size.
func (pc PoolConfig) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		configJSON
		Size int
	}{pc.Config.toJSON(), pc.Size})
}

// Format prints String for every verb: the pool keeps the password (it must redial) in a field fmt
// would otherwise print.
func (p *Pool) Format(f fmt.State, verb rune) { writeRedacted(f, verb, p.String()) }

// LogValue describes the pool in slog records, without the password.
func (p *Pool) LogValue() slog.Value { return slog.StringValue(p.String()) }

// MarshalJSON writes the pool's configuration (password redacted) and a snapshot of its Stats.
func (p *Pool) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Config PoolConfig
		Stats  PoolStats
	}{p.cfg, p.Stats()})
}

// Format prints String for every verb.
func (c *Conn) Format(f fmt.State, verb rune) { writeRedacted(f, verb, c.String()) }

// GoString is String.
func (c *Conn) GoString() string { return c.String() }

// LogValue describes the connection in slog records.
func (c *Conn) LogValue() slog.Value { return slog.StringValue(c.String()) }

// MarshalJSON writes the router's address and the user name.
func (c *Conn) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct{ Address, Username string }{c.addr, c.cfg.Username})
}
