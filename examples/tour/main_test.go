package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestTour runs the tour against the embedded simulator, as a fresh clone with no router does.
func TestTour(t *testing.T) {
	t.Setenv("ROUTEROS_ADDR", "")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out strings.Builder
	if err := run(ctx, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, want := range []string{
		"started the built-in simulator",
		"  ether1  ether   1500",
		"  bridge  bridge  1500",
		"added *2: 192.0.2.1/32 on ether1, network 192.0.2.1",
		"*2 is now 192.0.2.1/32 on ether1",
		"*2 removed",
		"RouterOS 7.24",
		"rx 2.0 Mbit/s  tx 500.0 kbit/s",
		"Done.",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
