package ros

import (
	"errors"
	"strings"

	"github.com/rosgen/routeros/wire"
)

// Conditions matched with errors.Is. The error of a refused command matches one of them (when the
// router's message says which) and still unwraps to the *wire.TrapError for errors.As.
var (
	// ErrNotFound: the item does not exist ("no such item"), or Get found nothing.
	ErrNotFound = errors.New("ros: no such item")
	// ErrAlreadyExists: an item with that name or value exists already.
	ErrAlreadyExists = errors.New("ros: item already exists")
	// ErrPermission: the user's group lacks the policy the command needs.
	ErrPermission = errors.New("ros: not enough permissions")
	// ErrUnknownCommand: the router has no such menu or command (older RouterOS, missing package).
	ErrUnknownCommand = errors.New("ros: no such command")
	// ErrUnknownParameter: the router does not know an attribute that was sent.
	ErrUnknownParameter = errors.New("ros: unknown parameter")
	// ErrBadValue: the router refused a value (wrong type, out of range, unknown reference).
	ErrBadValue = errors.New("ros: invalid value")
	// ErrDecode: a reply value did not parse for its declared type (strict decoding only).
	ErrDecode = errors.New("ros: cannot decode value")
	// ErrNotSupported: the call needs a verb the menu does not have, or a filter cannot be expressed.
	ErrNotSupported = errors.New("ros: not supported")
)

// Error is the error of a typed call. Kind is the condition it matches; Err the cause (often a
// *wire.TrapError).
type Error struct {
	// Op is the operation ("add", "set", "get"...).
	Op string
	// Path is the menu path ("/ip/address").
	Path string
	// Kind is the matched condition (ErrNotFound...), or nil.
	Kind error
	// Err is the underlying error, or nil.
	Err error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("ros: ")
	b.WriteString(e.Path)
	b.WriteByte(' ')
	b.WriteString(e.Op)
	b.WriteString(": ")
	switch {
	case e.Err != nil:
		b.WriteString(e.Err.Error())
	case e.Kind != nil:
		b.WriteString(strings.TrimPrefix(e.Kind.Error(), "ros: "))
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is matches the condition.
func (e *Error) Is(target error) bool { return target != nil && target == e.Kind }

// classify maps a trap to a condition from its category and message.
func classify(t *wire.TrapError) error {
	msgs := append([]string{t.Message}, t.More...)
	for _, m := range msgs {
		m = strings.ToLower(m)
		switch {
		case strings.Contains(m, "no such item"), strings.Contains(m, "no such entry"):
			return ErrNotFound
		case strings.Contains(m, "already have"), strings.Contains(m, "already exists"),
			strings.Contains(m, "already added"):
			return ErrAlreadyExists
		case strings.Contains(m, "not enough permissions"), strings.Contains(m, "permission denied"):
			return ErrPermission
		case strings.Contains(m, "no such command"):
			return ErrUnknownCommand
		case strings.Contains(m, "unknown parameter"):
			return ErrUnknownParameter
		case strings.Contains(m, "input does not match"), strings.Contains(m, "invalid value"),
			strings.Contains(m, "out of range"), strings.Contains(m, "expected "), strings.Contains(m, "invalid "):
			return ErrBadValue
		}
	}
	if t.Category == 1 {
		return ErrBadValue
	}
	return nil
}

// wrap turns an error of the runner into an *Error; nil stays nil.
func wrap(op, path string, err error) error {
	if err == nil {
		return nil
	}
	var t *wire.TrapError
	var kind error
	if errors.As(err, &t) {
		kind = classify(t)
	}
	return &Error{Op: op, Path: path, Kind: kind, Err: err}
}
