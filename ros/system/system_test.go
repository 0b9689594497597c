package system_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/rosgen/routeros/ros"
	"github.com/rosgen/routeros/ros/rostest"
	"github.com/rosgen/routeros/ros/system"
	"github.com/rosgen/routeros/wire"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestSettingsAndCommands(t *testing.T) {
	conn := rostest.Transcript(t, `
		> /system/resource/print =.proplist={p} .tag={a}
		< !re =uptime=1w2d3h4m5s "=version=7.22.3 (stable)" =cpu-load=7 =free-memory=104857600 =board-name=CHR .tag={a}
		< !done .tag={a}
		> /system/identity/print =.proplist=.about,name .tag={b}
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
	conn := rostest.Transcript(t, `
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
