package router

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rosgen/routeros/ros/value"
	"github.com/rosgen/routeros/schema"
	"github.com/rosgen/routeros/schema/check"
	"github.com/rosgen/routeros/wire"
)

// durationArg reads a duration argument; def when absent.
func durationArg(req wire.Sentence, name string, def time.Duration) (time.Duration, error) {
	v, ok := req.Get(name)
	if !ok || v == "" {
		return def, nil
	}
	n, err := value.ParseDuration(v)
	if err != nil || n < 0 {
		return 0, trapf(1, "invalid value for argument %s", name) // UNVERIFIED text
	}
	return n, nil
}

// checkArgs refuses arguments a command does not have.
func checkArgs(req wire.Sentence, allowed ...string) error {
	for _, a := range req.Attrs {
		ok := false
		for _, n := range allowed {
			if a.Key == n {
				ok = true
				break
			}
		}
		if !ok {
			return trapf(1, msgUnknownParam)
		}
	}
	return nil
}

// minInterval keeps a client from making the simulator spin.
const minInterval = 10 * time.Millisecond

// monitorTraffic serves /interface/monitor-traffic: one !re per interface per interval, rates that
// match the interfaces' byte counters. It ends with once=, after duration=, or by /cancel.
func monitorTraffic(r *Router, rep Replier, req wire.Sentence) {
	sendErr := func(err error) { WriteErr(rep.Send, err) }
	if err := checkArgs(req, "interface", "interval", "duration", "once", ".proplist", "without-paging", "numbers"); err != nil {
		sendErr(err)
		return
	}
	names, ok := req.Get("interface")
	if !ok {
		names, ok = req.Get("numbers")
	}
	if !ok || names == "" {
		sendErr(trapf(1, "%s interface", msgMissingValues))
		return
	}
	interval, err := durationArg(req, "interval", time.Second)
	if err != nil {
		sendErr(err)
		return
	}
	interval = max(interval, minInterval)
	duration, err := durationArg(req, "duration", 0)
	if err != nil {
		sendErr(err)
		return
	}
	_, once := req.Get("once")
	m := r.menus["/interface"]
	if m == nil {
		sendErr(trapf(1, "input does not match any value of interface"))
		return
	}
	r.mu.Lock()
	its, err := r.resolve(m, names)
	r.mu.Unlock()
	if err != nil {
		sendErr(trapf(1, "input does not match any value of interface"))
		return
	}
	p := parsePrint(req)
	rep.Stream(req.Word, func(ctx context.Context, emit func(...string) bool) error {
		start := time.Now()
		for section := 0; ; section++ {
			for _, it := range its {
				r.mu.Lock()
				name := it.attrs["name"]
				rx, tx := rates(it)
				r.mu.Unlock()
				all := []wire.Attr{
					{Key: "name", Value: name},
					{Key: "rx-packets-per-second", Value: u(rx / packetSize)},
					{Key: "rx-bits-per-second", Value: u(rx * 8)},
					{Key: "fp-rx-packets-per-second", Value: "0"},
					{Key: "fp-rx-bits-per-second", Value: "0"},
					{Key: "rx-drops-per-second", Value: "0"},
					{Key: "rx-errors-per-second", Value: "0"},
					{Key: "tx-packets-per-second", Value: u(tx / packetSize)},
					{Key: "tx-bits-per-second", Value: u(tx * 8)},
					{Key: "fp-tx-packets-per-second", Value: "0"},
					{Key: "fp-tx-bits-per-second", Value: "0"},
					{Key: "tx-drops-per-second", Value: "0"},
					{Key: "tx-queue-drops-per-second", Value: "0"},
					{Key: "tx-errors-per-second", Value: "0"},
				}
				words := []string{}
				if !once {
					words = append(words, "=.section="+itoa(section))
				}
				words = append(words, filterProps(all, p)...)
				if !emit(words...) {
					return nil
				}
			}
			if once {
				return nil
			}
			if duration > 0 && time.Since(start)+interval > duration {
				return nil
			}
			if !sleep(ctx, interval) {
				return nil
			}
		}
	})
}

func u(v uint64) string { return strconv.FormatUint(v, 10) }

func filterProps(all []wire.Attr, p printArgs) []string {
	var words []string
	for _, a := range all {
		if p.hasProps && !slices.Contains(p.proplist, a.Key) {
			continue
		}
		words = append(words, "="+a.Key+"="+a.Value)
	}
	return words
}

// ping serves /ping: one reply per interval with a steady simulated round trip; count= ends it.
// Addresses in 192.0.2.0/24 (TEST-NET-1) never answer, to test timeouts.
func ping(_ *Router, rep Replier, req wire.Sentence) {
	sendErr := func(err error) { WriteErr(rep.Send, err) }
	if err := checkArgs(req, "address", "count", "interval", "size", "ttl", "interface", "src-address", "arp-ping",
		"do-not-fragment", "routing-table", "vrf", ".proplist"); err != nil {
		sendErr(err)
		return
	}
	addr, ok := req.Get("address")
	if !ok || addr == "" {
		sendErr(trapf(1, "%s address", msgMissingValues))
		return
	}
	count := 0
	if v, ok := req.Get("count"); ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			sendErr(trapf(1, "invalid value for argument count"))
			return
		}
		count = n
	}
	interval, err := durationArg(req, "interval", time.Second)
	if err != nil {
		sendErr(err)
		return
	}
	interval = max(interval, minInterval)
	size := "56"
	if v, ok := req.Get("size"); ok {
		size = v
	}
	lost := strings.HasPrefix(addr, "192.0.2.")
	p := parsePrint(req)
	rep.Stream(req.Word, func(ctx context.Context, emit func(...string) bool) error {
		received := 0
		for seq := 0; count == 0 || seq < count; seq++ {
			if seq > 0 && !sleep(ctx, interval) {
				return nil
			}
			sent := seq + 1
			var all []wire.Attr
			if lost {
				all = []wire.Attr{{Key: "seq", Value: itoa(seq)}, {Key: "host", Value: addr}, {Key: "status", Value: "timeout"}}
			} else {
				received++
				rtt := 400 + (seq%5)*30 // microseconds, in a small steady range
				all = []wire.Attr{{Key: "seq", Value: itoa(seq)}, {Key: "host", Value: addr}, {Key: "size", Value: size},
					{Key: "ttl", Value: "64"}, {Key: "time", Value: itoa(rtt) + "us"}}
			}
			all = append(all, wire.Attr{Key: "sent", Value: itoa(sent)}, wire.Attr{Key: "received", Value: itoa(received)},
				wire.Attr{Key: "packet-loss", Value: itoa((sent - received) * 100 / sent)})
			if received > 0 {
				all = append(all, wire.Attr{Key: "min-rtt", Value: "400us"}, wire.Attr{Key: "avg-rtt", Value: "460us"},
					wire.Attr{Key: "max-rtt", Value: "520us"})
			}
			if !emit(filterProps(all, p)...) {
				return nil
			}
		}
		return nil
	})
}

// rebootCmd serves /system/reboot and /system/shutdown: the reply is !done, then the server drops
// every session and refuses connections for a while (a simulated shutdown comes back like a reboot).
func rebootCmd(r *Router, rep Replier, req wire.Sentence) {
	if err := checkArgs(req); err != nil {
		WriteErr(rep.Send, err)
		return
	}
	rep.Send("!done")
	if r.cfg.Reboot != nil {
		r.cfg.Reboot()
	}
}

// command is a command that is not a generic menu verb.
type command struct {
	policy string
	run    func(r *Router, rep Replier, req wire.Sentence)
}

// handWritten are the commands with behaviour of their own; they replace the schema's declaration
// of the same command.
var handWritten = map[string]*command{
	"/interface/monitor-traffic": {policy: "read", run: monitorTraffic},
	"/ping":                      {policy: "test", run: ping},
	"/tool/ping":                 {policy: "test", run: ping},
	"/system/reboot":             {policy: "reboot", run: rebootCmd},
	"/system/shutdown":           {policy: "reboot", run: rebootCmd},
	"/console/inspect":           {policy: "read", run: consoleInspect},
}

// declared answers a command the schema declares for the menu path and no hand-written code
// serves: its arguments are checked against the declaration (unknown ones refused, required ones
// present, values typed), the items it names (numbers=, .id=) must exist, then one !re of the
// reply attributes' defaults when the declaration has any, then !done.
func declared(path string, c *schema.Command) *command {
	policy := "write"
	if len(c.ReplyFields) > 0 {
		policy = "read"
	}
	return &command{policy: policy, run: func(r *Router, rep Replier, req wire.Sentence) {
		for _, a := range req.Attrs {
			if a.Key == ".proplist" || isTargetKey(a.Key) {
				continue
			}
			var arg *schema.Attr
			for _, x := range c.Args {
				if x.Name == a.Key {
					arg = x
				}
			}
			if arg == nil {
				WriteErr(rep.Send, trapf(1, msgUnknownParam))
				return
			}
			if arg.Type.Base != schema.Flag && arg.Type.Base != schema.Ref {
				if _, err := check.Value(arg, a.Value); err != nil {
					WriteErr(rep.Send, trapf(1, "%s", err.Error()))
					return
				}
			}
		}
		if m := r.menus[path]; m != nil {
			if err := r.checkTargets(m, req); err != nil {
				WriteErr(rep.Send, err)
				return
			}
		}
		for _, x := range c.Args {
			if _, ok := req.Get(x.Name); x.RequiredOnAdd && !ok {
				WriteErr(rep.Send, trapf(1, "%s %s", msgMissingValues, x.Name))
				return
			}
		}
		var words []string
		for _, f := range c.ReplyFields {
			if f.HasDefault {
				words = append(words, "="+f.Name+"="+f.Default)
			}
		}
		if len(words) > 0 {
			rep.Send("!re", words...)
		}
		rep.Send("!done")
	}}
}

// sleep waits for d or until ctx ends; it reports whether the whole duration passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
