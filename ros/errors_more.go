package ros

import "errors"

// More conditions matched with errors.Is (ErrNotSupported is declared with the others).
var (
	// ErrNotUnique: One, Find or Ensure matched more than one item.
	ErrNotUnique = errors.New("ros: more than one item matches")
	// ErrMissingRequired: a required attribute of an add, or a required argument of a command, was
	// left out. Nothing was sent.
	ErrMissingRequired = errors.New("ros: required attribute missing")
)

// checkError is the cause of a call refused before anything was sent. Its text does not repeat
// the "ros: path op:" prefix that the enclosing *Error writes.
type checkError struct {
	msg  string
	kind error
}

func (e *checkError) Error() string        { return e.msg }
func (e *checkError) Is(target error) bool { return target == e.kind }

// refuse returns the *Error of a call refused before sending: problems are joined into one text, so
// that every problem is reported at once, and the error matches the condition of each.
func refuse(op, path string, problems []*checkError) error {
	if len(problems) == 0 {
		return nil
	}
	errs := make([]error, len(problems))
	msg := ""
	for i, p := range problems {
		errs[i] = p
		if i > 0 {
			msg += "; "
		}
		msg += p.msg
	}
	return &Error{Op: op, Path: path, Kind: problems[0].kind, Err: &joined{msg: msg, errs: errs}}
}

type joined struct {
	msg  string
	errs []error
}

func (j *joined) Error() string   { return j.msg }
func (j *joined) Unwrap() []error { return j.errs }

// bare strips the "ros: " prefix of an error of this package for use as the cause of an *Error,
// which writes its own prefix; errors.Is and errors.As still see the original.
func bare(err error) error {
	if err == nil {
		return nil
	}
	return &bareError{err}
}

type bareError struct{ err error }

func (e *bareError) Error() string {
	s := e.err.Error()
	if len(s) > 5 && s[:5] == "ros: " {
		return s[5:]
	}
	return s
}
func (e *bareError) Unwrap() error { return e.err }
