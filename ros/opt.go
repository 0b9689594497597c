package ros

import "fmt"

type optState uint8

const (
	optLeave optState = iota
	optSet
	optUnset
)

// Opt is a field of a write type (an add or set spec). It has three states:
//
//   - leave (the zero value): the attribute is not sent;
//   - set ([Some]): the attribute is sent with the value;
//   - unset ([Unset]): the attribute is reset to its default with the menu's unset command (only
//     meaningful for Set; Add ignores it).
type Opt[T any] struct {
	v     T
	state optState
}

// Some returns an Opt that sets v.
func Some[T any](v T) Opt[T] { return Opt[T]{v: v, state: optSet} }

// Unset returns an Opt that resets the attribute to its default.
func Unset[T any]() Opt[T] { return Opt[T]{state: optUnset} }

// Leave returns the zero Opt: the attribute is left as it is.
func Leave[T any]() Opt[T] { return Opt[T]{} }

// Set makes o carry v, as if it were Some(v). With the methods below, a spec can be filled in place
// (spec.MTU.Set(1500)) and by code that only holds a pointer to the field, such as reflection.
func (o *Opt[T]) Set(v T) { *o = Some(v) }

// SetUnset makes o ask for a reset to the default, as if it were Unset[T]().
func (o *Opt[T]) SetUnset() { *o = Unset[T]() }

// Clear returns o to the zero value: the attribute is left as it is.
func (o *Opt[T]) Clear() { *o = Opt[T]{} }

// Get returns the value and whether the Opt is set.
func (o Opt[T]) Get() (T, bool) { return o.v, o.state == optSet }

// Or returns the value when the Opt is set, def otherwise.
func (o Opt[T]) Or(def T) T {
	if o.state == optSet {
		return o.v
	}
	return def
}

// IsSet reports whether the Opt carries a value.
func (o Opt[T]) IsSet() bool { return o.state == optSet }

// IsUnset reports whether the Opt asks for a reset to the default.
func (o Opt[T]) IsUnset() bool { return o.state == optUnset }

// IsLeave reports whether the Opt is the zero value (attribute left as it is).
func (o Opt[T]) IsLeave() bool { return o.state == optLeave }

// String formats the Opt for debugging: "leave", "unset" or the value.
func (o Opt[T]) String() string {
	switch o.state {
	case optSet:
		return fmt.Sprint(o.v)
	case optUnset:
		return "unset"
	}
	return "leave"
}
