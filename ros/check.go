package ros

import (
	"fmt"
	"strings"

	"github.com/rosgen/routeros/ros/value"
)

// encField is one attribute an Encoder sends, with the function that puts a value of the same
// type, as the router prints it, into the form Format writes: so that "true" and "yes", or "1d"
// and "24h", compare equal.
type encField struct {
	name  string
	value string
	canon func(string) string
}

func canonical[V any](c value.Codec[V]) func(string) string {
	return func(raw string) string {
		v, err := c.Parse(raw)
		if err != nil {
			return raw
		}
		return c.Format(v)
	}
}

// Require records attributes that must be set before the command is sent; Run and Stream refuse
// to send it otherwise, with an error matching ErrMissingRequired. Generated command methods call
// it for their required arguments.
func Require(e *Encoder, names ...string) { e.required = append(e.required, names...) }

func (e *Encoder) has(name string) bool {
	for _, f := range e.fields {
		if f.name == name {
			return true
		}
	}
	for _, w := range e.words { // flags (EncodeFlag) are words without a field
		if w == "="+name+"=" {
			return true
		}
	}
	return false
}

func (e *Encoder) field(name string) (encField, bool) {
	for _, f := range e.fields {
		if f.name == name {
			return f, true
		}
	}
	return encField{}, false
}

// missing returns the problem of the required attributes e lacks, or nil.
func missing(e *Encoder, required []string, what string) *checkError {
	var miss []string
	for _, n := range required {
		if !e.has(n) {
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
func (m Menu[T, S]) checkAdd(e *Encoder) error {
	var ps []*checkError
	if p := missing(e, m.desc.Required, "attribute"); p != nil {
		ps = append(ps, p)
	}
	return refuse("add", m.desc.Path, ps)
}

// checkSet returns why a set of e must not be sent, or nil.
func (m Menu[T, S]) checkSet(e *Encoder) error {
	if len(e.unset) == 0 || !m.desc.NoUnset {
		return nil
	}
	return refuse("set", m.desc.Path, []*checkError{m.noUnset(e.unset)})
}

func (m Menu[T, S]) noUnset(names []string) *checkError {
	return &checkError{kind: ErrNotSupported, msg: fmt.Sprintf("cannot unset %s: %s has no unset command",
		strings.Join(names, ", "), m.desc.Path)}
}

// checkCommand returns why a command with the arguments e must not be sent, or nil.
func checkCommand(path, name string, e *Encoder) error {
	if e == nil {
		return nil
	}
	var ps []*checkError
	if p := missing(e, e.required, "argument"); p != nil {
		ps = append(ps, p)
	}
	if len(e.unset) > 0 {
		ps = append(ps, &checkError{kind: ErrNotSupported, msg: fmt.Sprintf("cannot unset command argument %s: leave it out instead",
			strings.Join(e.unset, ", "))})
	}
	return refuse(name, path, ps)
}
