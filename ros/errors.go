package ros

import (
	"errors"
	"strings"

	"github.com/rosgen/routeros/wire"
)

// Conditions matched with errors.Is. The error of a refused command matches one of them (when the
// router's message says which) and still unwraps to the *wire.TrapError for errors.As. The trap
// conditions are package wire's, so errors of a raw wire.Conn match them too.
var (
	// ErrNotFound: the item does not exist ("no such item"), or Get found nothing.
	ErrNotFound = wire.ErrNotFound
	// ErrAlreadyExists: an item with that name or value exists already.
	ErrAlreadyExists = wire.ErrAlreadyExists
	// ErrPermission: the user's group lacks the policy the command needs.
	ErrPermission = wire.ErrPermission
	// ErrUnknownCommand: the router has no such menu or command (older RouterOS, missing package).
	ErrUnknownCommand = wire.ErrUnknownCommand
	// ErrUnknownParameter: the router does not know an attribute that was sent.
	ErrUnknownParameter = wire.ErrUnknownParameter
	// ErrBadValue: the router refused a value (wrong type, out of range, unknown reference).
	ErrBadValue = wire.ErrBadValue
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

// Error reads "ros: PATH OP: CAUSE", each part once: the cause's own "routeros: " or "ros: " prefix
// and its repetition of the path or command are left out, so a refused add reads
// "ros: /ip/address add: failure: already have such address (category 4)".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("ros: ")
	b.WriteString(e.Path)
	b.WriteByte(' ')
	b.WriteString(e.Op)
	b.WriteString(": ")
	switch {
	case e.Err != nil:
		b.WriteString(e.cause())
	case e.Kind != nil:
		b.WriteString(trimPackage(e.Kind.Error()))
	}
	return b.String()
}

// cause returns the text of Err without what Error already says.
func (e *Error) cause() string {
	msg := trimPackage(e.Err.Error())
	verb, _, _ := strings.Cut(e.Op, " ") // "get ether1" -> "get"
	for _, p := range []string{e.Path + "/" + verb + ": ", e.Path + ": "} {
		if m, ok := strings.CutPrefix(msg, p); ok {
			return m
		}
	}
	return msg
}

// trimPackage removes the package prefix of an error text.
func trimPackage(msg string) string {
	for _, p := range []string{"routeros: ", "ros: "} {
		if m, ok := strings.CutPrefix(msg, p); ok {
			return m
		}
	}
	return msg
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is matches the condition.
func (e *Error) Is(target error) bool { return target != nil && target == e.Kind }

// trapKinds are the conditions a *wire.TrapError can match.
var trapKinds = []error{ErrNotFound, ErrAlreadyExists, ErrPermission, ErrUnknownCommand, ErrUnknownParameter, ErrBadValue}

// wrap turns an error of the runner into an *Error; nil stays nil.
func wrap(op, path string, err error) error {
	if err == nil {
		return nil
	}
	var kind error
	for _, k := range trapKinds {
		if errors.Is(err, k) {
			kind = k
			break
		}
	}
	return &Error{Op: op, Path: path, Kind: kind, Err: err}
}
