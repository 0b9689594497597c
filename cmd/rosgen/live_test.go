package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rosgen/routeros/sim"
	"github.com/rosgen/routeros/wire"
)

// TestLiveDump walks rossim through the import flags: the password comes from the environment, the
// dump is saved, and a wrong password fails without showing it.
func TestLiveDump(t *testing.T) {
	const secret = "s3cret-Pa55"
	srv, err := sim.Start(sim.Config{Users: []sim.User{{Name: "walker", Password: secret, Group: "read"}}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	t.Setenv("ROSGEN_TEST_PASSWORD", secret)
	save := filepath.Join(t.TempDir(), "dump.json")

	fl := flag.NewFlagSet("import", flag.ContinueOnError)
	lf := addLiveFlags(fl)
	if err := fl.Parse([]string{"-router", srv.Addr(), "-user", "walker", "-password-env", "ROSGEN_TEST_PASSWORD",
		"-router-path", "/ip/address", "-save-dump", save}); err != nil {
		t.Fatal(err)
	}
	if !lf.enabled() {
		t.Fatal("-router not enabled")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := lf.dump(ctx, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	saved, err := os.ReadFile(save)
	if err != nil || !bytes.Equal(saved, out) {
		t.Fatalf("saved dump: %v", err)
	}
	var d map[string]map[string]any
	if err := json.Unmarshal(out, &d); err != nil {
		t.Fatal(err)
	}
	addr, _ := d["ip"]["address"].(map[string]any)
	if _, ok := addr["print"]; !ok {
		t.Errorf("dump of /ip/address: %v", d["ip"])
	}
	if bytes.Contains(out, []byte(secret)) {
		t.Error("the password is in the dump")
	}

	t.Setenv("ROSGEN_TEST_PASSWORD", "wrong-"+secret)
	_, err = lf.dump(ctx, io.Discard)
	if !errors.Is(err, wire.ErrAuth) {
		t.Errorf("wrong password: %v", err)
	}
	if err != nil && strings.Contains(err.Error(), secret) {
		t.Errorf("the error shows the password: %v", err)
	}
}
