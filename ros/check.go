package ros

import (
	"fmt"
	"strings"

	"github.com/rosgen/routeros/ros/internal/rt"
)

func missing(e *rt.Encoder, required []string, what string) *checkError {
	var miss []string
	for _, n := range required {
		if !e.Has(n) {
			miss = append(miss, n)
		}
	}
	if len(miss) == 0 {
		return nil
	}
	s := ""
	if len(miss) > 1 {
		s = "s"
	}
	return &checkError{kind: ErrMissingRequired, msg: fmt.Sprintf("missing required %s%s %s", what, s, strings.Join(miss, ", "))}
}

// checkAdd returns why an add of e must not be sent, or nil.
func (m Menu[T, S]) checkAdd(e *rt.Encoder) error {
	var ps []*checkError
	if p := missing(e, m.desc.Required, "attribute"); p != nil {
		ps = append(ps, p)
	}
	return refuse("add", m.desc.Path, ps)
}

// checkSet returns why a set of e must not be sent, or nil.
func (m Menu[T, S]) checkSet(e *rt.Encoder) error {
	if len(e.Unsets()) == 0 || !m.desc.NoUnset {
		return nil
	}
	return refuse("set", m.desc.Path, []*checkError{m.noUnset(e.Unsets())})
}

func (m Menu[T, S]) noUnset(names []string) *checkError {
	return &checkError{kind: ErrNotSupported, msg: fmt.Sprintf("cannot unset %s: %s has no unset command",
		strings.Join(names, ", "), m.desc.Path)}
}

// checkCommand returns why a command with the arguments e must not be sent, or nil.
func checkCommand(path, name string, e *rt.Encoder) error {
	if e == nil {
		return nil
	}
	var ps []*checkError
	if p := missing(e, e.Required(), "argument"); p != nil {
		ps = append(ps, p)
	}
	if len(e.Unsets()) > 0 {
		ps = append(ps, &checkError{kind: ErrNotSupported, msg: fmt.Sprintf("cannot unset command argument %s: leave it out instead",
			strings.Join(e.Unsets(), ", "))})
	}
	return refuse(name, path, ps)
}
