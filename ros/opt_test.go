package ros_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/rosgen/routeros/ros"
)

func TestOptSetters(t *testing.T) {
	var o ros.Opt[int64]
	o.Set(1500)
	if o != ros.Some[int64](1500) || !o.IsSet() || o.Or(0) != 1500 {
		t.Fatalf("after Set: %v", o)
	}
	o.Set(9000) // a second Set replaces the value
	if v, ok := o.Get(); !ok || v != 9000 {
		t.Fatalf("after second Set: %v %v", v, ok)
	}
	o.SetUnset()
	if o != ros.Unset[int64]() || !o.IsUnset() || o.IsSet() || o.Or(7) != 7 {
		t.Fatalf("after SetUnset: %v", o)
	}
	o.Set(1)
	o.Clear()
	if o != ros.Leave[int64]() || !o.IsLeave() || o.String() != "leave" {
		t.Fatalf("after Clear: %v", o)
	}
	o.SetUnset()
	o.Clear()
	if !o.IsLeave() {
		t.Fatalf("Clear after SetUnset: %v", o)
	}
}

// The pointer methods let code that knows a field only by reflection fill it: the value's type is
// the input type of Set.
func TestOptSetByReflection(t *testing.T) {
	var spec struct {
		Name ros.Opt[string]
		MTU  ros.Opt[int64]
	}
	v := reflect.ValueOf(&spec).Elem()
	for _, name := range []string{"Name", "MTU"} {
		set := v.FieldByName(name).Addr().MethodByName("Set")
		if !set.IsValid() {
			t.Fatalf("%s has no Set method", name)
		}
		arg := reflect.New(set.Type().In(0)).Elem()
		switch arg.Kind() {
		case reflect.String:
			arg.SetString("bridge")
		case reflect.Int64:
			arg.SetInt(1500)
		default:
			t.Fatalf("%s: unexpected value type %s", name, arg.Type())
		}
		set.Call([]reflect.Value{arg})
	}
	if spec.Name != ros.Some("bridge") || spec.MTU != ros.Some[int64](1500) {
		t.Fatalf("spec after reflective Set: %v %v", spec.Name, spec.MTU)
	}
	v.FieldByName("MTU").Addr().MethodByName("SetUnset").Call(nil)
	if !spec.MTU.IsUnset() {
		t.Fatalf("MTU after reflective SetUnset: %v", spec.MTU)
	}
}

func ExampleOpt_Set() {
	type spec struct {
		Comment ros.Opt[string]
		MTU     ros.Opt[int64]
	}
	var s spec
	s.Comment.Set("uplink")
	s.MTU.SetUnset()
	fmt.Println(s.Comment, s.MTU)
	s.Comment.Clear()
	fmt.Println(s.Comment)
	// Output:
	// uplink unset
	// leave
}
