package wire_test

import (
	"testing"

	"go.uber.org/goleak"
)

// Every test of the package runs under goleak: a test that leaves a goroutine behind fails the run.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
