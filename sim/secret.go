package sim

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
)

// User and Config hold passwords: every fmt verb prints their String (which has none), and
// encoding/json and log/slog get the password as "***".

// writeRedacted writes s for the verb: %s, %v, %q, %x and %X format s as a string would be (so %q
// quotes and %-20s pads); every other verb writes s as it is.
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

func redactedPassword(p string) string {
	if p == "" {
		return ""
	}
	return "***"
}

// Format prints String for every verb, so that no verb (%#v, %d, %x...) prints the password.
func (u User) Format(f fmt.State, verb rune) { writeRedacted(f, verb, u.String()) }

// GoString is String: %#v must not print the password either.
func (u User) GoString() string { return u.String() }

// LogValue keeps the password out of slog records.
func (u User) LogValue() slog.Value {
	return slog.GroupValue(slog.String("name", u.Name), slog.String("group", u.group()))
}

type userFields User // User without its methods

// MarshalJSON writes the user with the password replaced by "***" (left out when empty).
func (u User) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		userFields
		Password string `json:",omitempty"`
	}{userFields(u), redactedPassword(u.Password)})
}

// String describes the configuration: its users (without passwords) and version.
func (c Config) String() string {
	var b strings.Builder
	b.WriteString("sim.Config{Users: [")
	for i, u := range c.Users {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(u.String())
	}
	b.WriteString("], Version: ")
	b.WriteString(strconv.Quote(c.Version))
	if c.LegacyLogin {
		b.WriteString(", LegacyLogin")
	}
	if c.Blank {
		b.WriteString(", Blank")
	}
	b.WriteString("}")
	return b.String()
}

// Format prints String for every verb, so that no verb prints a password.
func (c Config) Format(f fmt.State, verb rune) { writeRedacted(f, verb, c.String()) }

// GoString is String.
func (c Config) GoString() string { return c.String() }

// LogValue keeps the passwords out of slog records.
func (c Config) LogValue() slog.Value { return slog.StringValue(c.String()) }

type configFields Config // Config without its methods

// MarshalJSON writes every field of the configuration but Logger, with each user's password
// replaced by "***".
func (c Config) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		configFields
		Logger *struct{} `json:",omitempty"`
	}{configFields: configFields(c)})
}

// String identifies the server by its plain listening address.
func (s *Server) String() string { return "sim.Server(" + s.Addr() + ")" }

// Format prints String for every verb: the server keeps its users' passwords in a field fmt would
// otherwise print.
func (s *Server) Format(f fmt.State, verb rune) { writeRedacted(f, verb, s.String()) }
