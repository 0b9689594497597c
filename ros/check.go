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
func (c *menuCore) checkAdd(e *rt.Encoder) error {
	var ps []*checkError
	if p := missing(e, c.required, "attribute"); p != nil {
		ps = append(ps, p)
	}
	return refuse("add", c.path, ps)
}

// checkSet returns why a set of e must not be sent, or nil.
func (c *menuCore) checkSet(e *rt.Encoder) error {
	if len(e.Unsets()) == 0 || !c.noUnset {
		return nil
	}
	return refuse("set", c.path, []*checkError{c.noUnsetError(e.Unsets())})
}

// checkUnset returns why an unset of fields must not be sent, or nil.
func (c *menuCore) checkUnset(fields []Named) error {
	if !c.noUnset || len(fields) == 0 {
		return nil
	}
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.Name()
	}
	return refuse("unset", c.path, []*checkError{c.noUnsetError(names)})
}

func (c *menuCore) noUnsetError(names []string) *checkError {
	return &checkError{kind: ErrNotSupported, msg: fmt.Sprintf("cannot unset %s: %s has no unset command",
		strings.Join(names, ", "), c.path)}
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
