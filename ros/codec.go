package ros

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/rosgen/routeros/wire"
)

// Options tune a typed client. The zero value is lenient decoding with no logging.
type Options struct {
	// Strict makes a reply value that does not parse for its declared type fail the call with an
	// error matching ErrDecode. By default such a value leaves the field at its zero value, the raw
	// words stay in the item's Raw field, and the problem goes to Logger and Tracer.
	Strict bool
	// Logger receives a warning per value that did not decode. nil discards.
	Logger *slog.Logger
	// Tracer is told about every value that did not decode. nil: nobody is. (The OpenTelemetry
	// adapter in module github.com/rosgen/routeros/otel implements it as well as wire's tracers.)
	Tracer DecodeTracer
}

// DecodeTracer is told about reply values that did not parse for their declared type.
type DecodeTracer interface {
	TraceDecodeError(ctx context.Context, err *DecodeError)
}

// DecodeError describes a reply value that did not parse for its declared type.
type DecodeError struct {
	// Path is the menu path, Attr the attribute name.
	Path, Attr string
	// Value is the raw value ("***" for secret attributes), truncated to 64 bytes.
	Value string
	// Err is the parser's error.
	Err error
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("ros: %s: attribute %s: cannot decode %q: %v", e.Path, e.Attr, e.Value, e.Err)
}

// Is matches ErrDecode.
func (e *DecodeError) Is(target error) bool { return target == ErrDecode }

// Unwrap returns the parser's error.
func (e *DecodeError) Unwrap() error { return e.Err }

// Raw is the complete attribute list of one reply item as the router sent it, in order, unknown
// attributes included: what a newer RouterOS adds is never lost.
type Raw []wire.Attr

// Get returns the raw value of the attribute name.
func (r Raw) Get(name string) (string, bool) {
	for _, a := range r {
		if a.Key == name {
			return a.Value, true
		}
	}
	return "", false
}

// redact returns "***" for a non-empty s.
func redact(s string) string {
	if s == "" {
		return s
	}
	return "***"
}

// Redacted returns a copy of r in which the values of the named attributes are "***".
func (r Raw) Redacted(names ...string) Raw {
	out := append(Raw(nil), r...)
	for i, a := range out {
		for _, n := range names {
			if a.Key == n {
				out[i].Value = redact(a.Value)
			}
		}
	}
	return out
}
