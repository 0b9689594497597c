package system_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/rosgen/routeros/ros"
	"github.com/rosgen/routeros/ros/system"
	"github.com/rosgen/routeros/wire"
	"github.com/rosgen/routeros/wire/wiretest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// exampleT stands in for the *testing.T that wiretest.NewServer wants, so that examples run against
// a scripted router on a loopback socket.
type exampleT struct {
	testing.TB
	cleanups []func()
}

func (t *exampleT) Helper()                        {}
func (t *exampleT) Errorf(format string, a ...any) { fmt.Printf("FAIL: "+format+"\n", a...) }
func (t *exampleT) Fatalf(format string, a ...any) { panic(fmt.Sprintf(format, a...)) }
func (t *exampleT) Fatal(a ...any)                 { panic(fmt.Sprint(a...)) }
func (t *exampleT) FailNow()                       { panic("FailNow") }
func (t *exampleT) Logf(format string, a ...any)   {}
func (t *exampleT) Cleanup(f func())               { t.cleanups = append(t.cleanups, f) }
func (t *exampleT) finish() {
	for i := len(t.cleanups) - 1; i >= 0; i-- {
		t.cleanups[i]()
	}
}

func dial(t testing.TB, transcript string) *wire.Conn {
	t.Helper()
	script, err := wiretest.ParseTranscript("login admin pw\n" + transcript)
	if err != nil {
		t.Fatal(err)
	}
	srv := wiretest.NewServer(t, script)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := wire.Dial(ctx, wire.Config{Address: srv.Addr, Username: "admin", Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

func TestSettingsAndCommands(t *testing.T) {
	conn := dial(t, `
		> /system/resource/print =.proplist={p} .tag={a}
		< !re =uptime=1w2d3h4m5s "=version=7.22.3 (stable)" =cpu-load=7 =free-memory=104857600 =board-name=CHR .tag={a}
		< !done .tag={a}
		> /system/identity/print =.proplist=name .tag={b}
		< !re =name=MikroTik .tag={b}
		< !done .tag={b}
		> /system/identity/set =name=core-1 .tag={c}
		< !done .tag={c}
		> /system/clock/print =.proplist={p2} .tag={d}
		< !re =time-zone-name=Europe/Riga =dst-active=yes =time-zone-autodetect=false .tag={d}
		< !done .tag={d}
		> /system/script/add =name=hello "=source=:log info hi" =policy=read,write .tag={e}
		< !done =ret=*S .tag={e}
		> /system/reboot .tag={f}
		< !done .tag={f}
	`)
	sys := system.New(conn)
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, err := sys.Resource.Get(c)
	if err != nil {
		t.Fatal(err)
	}
	if res.Uptime != 9*24*time.Hour+3*time.Hour+4*time.Minute+5*time.Second || res.Version != "7.22.3 (stable)" ||
		res.CPULoad != 7 || res.FreeMemory != 100<<20 || res.BoardName != "CHR" {
		t.Errorf("resource: %+v", res)
	}
	id, err := sys.Identity.Get(c)
	if err != nil || id.Name != "MikroTik" {
		t.Fatal(id, err)
	}
	if err := sys.Identity.Set(c, system.IdentitySpec{Name: ros.Some("core-1")}); err != nil {
		t.Fatal(err)
	}
	clk, err := sys.Clock.Get(c)
	if err != nil || clk.TimeZoneName != "Europe/Riga" || !clk.DstActive || clk.TimeZoneAutodetect {
		t.Fatal(clk, err)
	}
	sid, err := sys.Script.Add(c, system.ScriptSpec{Name: ros.Some("hello"), Source: ros.Some(":log info hi"),
		Policy: ros.Some([]system.ScriptPolicy{system.ScriptPolicyRead, system.ScriptPolicyWrite})})
	if err != nil || sid != "*S" {
		t.Fatal(sid, err)
	}
	if err := sys.Reboot(c); err != nil {
		t.Fatal(err)
	}
}

func TestPermissionError(t *testing.T) {
	conn := dial(t, `
		> /system/identity/set =name=x .tag={a}
		< !trap "=message=not enough permissions (9)" .tag={a}
		< !done .tag={a}
	`)
	err := system.New(conn).Identity.Set(context.Background(), system.IdentitySpec{Name: ros.Some("x")})
	var trap *wire.TrapError
	if !errors.Is(err, ros.ErrPermission) || !errors.As(err, &trap) {
		t.Fatalf("got %v", err)
	}
}

// Example reads the router's resources, renames it and reboots it. The router is scripted here;
// with a real router only the address changes.
func Example() {
	t := &exampleT{}
	defer t.finish()
	script, _ := wiretest.ParseTranscript(`
		login admin secret
		> /system/resource/print =.proplist={p} .tag={a}
		< !re =uptime=3d04:05:06 =version=7.22.3 =cpu-load=3 =board-name=CHR .tag={a}
		< !done .tag={a}
		> /system/identity/set =name=core-1 .tag={b}
		< !done .tag={b}
		> /system/reboot .tag={c}
		< !done .tag={c}
	`)
	srv := wiretest.NewServer(t, script)

	ctx := context.Background()
	conn, err := wire.Dial(ctx, wire.Config{Address: srv.Addr, Username: "admin", Password: "secret"})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer conn.Close()
	sys := system.New(conn)

	res, err := sys.Resource.Get(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.BoardName, res.Version, res.Uptime, res.CPULoad)
	fmt.Println(sys.Identity.Set(ctx, system.IdentitySpec{Name: ros.Some("core-1")}))
	fmt.Println(sys.Reboot(ctx))
	// Output:
	// CHR 7.22.3 76h5m6s 3
	// <nil>
	// <nil>
}
