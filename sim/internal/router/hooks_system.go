package router

import (
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // time zone names are checked on any host

	"github.com/rosgen/routeros/schema"
)

// /system: the resource figures of the device the simulator claims to be, the clock, and the
// time zone names RouterOS accepts.

func init() {
	register(&hook{computed: resourceProps}, "/system/resource")
	register(&hook{computed: clockProps, value: timeZone}, "/system/clock")
}

// device describes the hardware the simulator reports: a MikroTik hAP ax^2 (C52iG-5HaxD2HaxD).
// UNVERIFIED figures from MikroTik's product page as remembered: Qualcomm IPQ-6010, 4 cores at 864
// MHz nominal, 1 GB RAM, 128 MB NAND; RouterOS names the architecture arm64.
var device = struct {
	board, model, cpu, arch, platform string
	cpuCount, cpuMHz                  int
	totalMemory, usedMemory           uint64
	totalHDD, usedHDD                 uint64
}{
	board: "hAP ax^2", model: "C52iG-5HaxD2HaxD", cpu: "ARM64", arch: "arm64", platform: "MikroTik",
	cpuCount: 4, cpuMHz: 864,
	totalMemory: 1 << 30, usedMemory: 140 << 20,
	totalHDD: 128 << 20, usedHDD: 17 << 20,
}

func resourceProps(r *Router, _ *menuDef, _ *item, name string) (string, bool) {
	u := func(n uint64) (string, bool) { return strconv.FormatUint(n, 10), true }
	switch name {
	case "uptime":
		return schemaDuration(r.uptime().Truncate(time.Second)), true
	case "version":
		return r.cfg.Version + " (stable)", true
	case "build-time":
		return "2026-10-01 10:00:00", true
	case "factory-software":
		return "7.16.2", true
	case "free-memory":
		// a steady working set that grows a little with the number of items held
		n := uint64(0)
		for _, t := range r.tables {
			n += uint64(len(t.items))
		}
		return u(device.totalMemory - device.usedMemory - min(n*512, device.totalMemory/2))
	case "total-memory":
		return u(device.totalMemory)
	case "cpu":
		return device.cpu, true
	case "cpu-count":
		return u(uint64(device.cpuCount))
	case "cpu-frequency":
		return u(uint64(device.cpuMHz))
	case "cpu-load":
		return "3", true
	case "free-hdd-space":
		return u(device.totalHDD - device.usedHDD)
	case "total-hdd-space":
		return u(device.totalHDD)
	case "architecture-name":
		return device.arch, true
	case "board-name":
		return device.board, true
	case "platform":
		return device.platform, true
	case "bad-blocks":
		return "0", true
	case "write-sect-total", "write-sect-since-reboot":
		return u(uint64(r.uptime() / time.Minute))
	}
	return "", false
}

// schemaDuration formats a duration as RouterOS prints it (1w2d3h4m5s).
func schemaDuration(d time.Duration) string {
	secs := int64(d / time.Second)
	if secs <= 0 {
		return "0s"
	}
	var b strings.Builder
	for _, u := range []struct {
		n int64
		s string
	}{{604800, "w"}, {86400, "d"}, {3600, "h"}, {60, "m"}, {1, "s"}} {
		if secs >= u.n {
			b.WriteString(strconv.FormatInt(secs/u.n, 10))
			b.WriteString(u.s)
			secs %= u.n
		}
	}
	return b.String()
}

func clockProps(r *Router, m *menuDef, it *item, name string) (string, bool) {
	now := r.now().In(clockZone(it))
	switch name {
	case "date":
		return now.Format("2006-01-02"), true
	case "time":
		return now.Format("15:04:05"), true
	case "gmt-offset":
		return now.Format("-07:00"), true
	case "dst-active":
		return strconv.FormatBool(now.IsDST()), true
	}
	return "", false
}

// clockZone is the location of the router's clock, its /system/clock item it: UTC unless a zone is
// named.
func clockZone(it *item) *time.Location {
	if z := it.attrs["time-zone-name"]; z != "" && z != "manual" {
		if l, err := time.LoadLocation(z); err == nil {
			return l
		}
	}
	return time.UTC
}

// localNow is the router's clock as it prints dates: now in the zone of /system/clock. Caller holds
// r.mu.
func (r *Router) localNow() time.Time {
	if m := r.menus["/system/clock"]; m != nil {
		return r.now().In(clockZone(r.settingsItem(m)))
	}
	return r.now().UTC()
}

// timeZone accepts "manual" and the IANA zone names RouterOS knows (those of the Go time zone
// database here).
func timeZone(_ *Router, a *schema.Attr, v string) error {
	if a.Name != "time-zone-name" || v == "manual" {
		return nil
	}
	if _, err := time.LoadLocation(v); err != nil || v == "" || v == "Local" {
		return trapf(1, "input does not match any value of time-zone-name")
	}
	return nil
}
