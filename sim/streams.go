package sim

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rosgen/routeros/wire"
)

// durationArg reads a duration argument; def when absent.
func durationArg(req wire.Sentence, name string, def time.Duration) (time.Duration, error) {
	v, ok := req.Get(name)
	if !ok || v == "" {
		return def, nil
	}
	n, err := parseDuration(v)
	if err != nil || n < 0 {
		return 0, trapf(1, "invalid value for argument %s", name) // UNVERIFIED text
	}
	return time.Duration(n), nil
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
func (s *Server) monitorTraffic(ss *session, r replier, req wire.Sentence) {
	if err := checkArgs(req, "interface", "interval", "duration", "once", ".proplist", "without-paging", "numbers"); err != nil {
		r.sendErr(err)
		return
	}
	names, ok := req.Get("interface")
	if !ok {
		names, ok = req.Get("numbers")
	}
	if !ok || names == "" {
		r.sendErr(trapf(1, "%s interface", msgMissingValues))
		return
	}
	interval, err := durationArg(req, "interval", time.Second)
	if err != nil {
		r.sendErr(err)
		return
	}
	interval = max(interval, minInterval)
	duration, err := durationArg(req, "duration", 0)
	if err != nil {
		r.sendErr(err)
		return
	}
	_, once := req.Get("once")
	m := s.menus["/interface"]
	s.mu.Lock()
	its, err := s.resolve(m, names)
	s.mu.Unlock()
	if err != nil {
		r.sendErr(trapf(1, "input does not match any value of interface"))
		return
	}
	p := parsePrint(req)
	ss.stream(r, req.Word, func(ctx context.Context, emit func(...string) bool) error {
		start := time.Now()
		for section := 0; ; section++ {
			for _, it := range its {
				s.mu.Lock()
				name := it.attrs["name"]
				rx, tx := rates(it)
				s.mu.Unlock()
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
func (s *Server) ping(ss *session, r replier, req wire.Sentence) {
	if err := checkArgs(req, "address", "count", "interval", "size", "ttl", "interface", "src-address", "arp-ping",
		"do-not-fragment", "routing-table", "vrf", ".proplist"); err != nil {
		r.sendErr(err)
		return
	}
	addr, ok := req.Get("address")
	if !ok || addr == "" {
		r.sendErr(trapf(1, "%s address", msgMissingValues))
		return
	}
	count := 0
	if v, ok := req.Get("count"); ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			r.sendErr(trapf(1, "invalid value for argument count"))
			return
		}
		count = n
	}
	interval, err := durationArg(req, "interval", time.Second)
	if err != nil {
		r.sendErr(err)
		return
	}
	interval = max(interval, minInterval)
	size := "56"
	if v, ok := req.Get("size"); ok {
		size = v
	}
	lost := strings.HasPrefix(addr, "192.0.2.")
	p := parsePrint(req)
	ss.stream(r, req.Word, func(ctx context.Context, emit func(...string) bool) error {
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

// rebootCmd serves /system/reboot: the reply is !done, then every session is dropped and the router
// refuses connections for Config.RebootDelay, then comes back with its state.
func (s *Server) rebootCmd(_ *session, r replier, req wire.Sentence) {
	if err := checkArgs(req); err != nil {
		r.sendErr(err)
		return
	}
	r.done()
	s.reboot()
}

// Reboot does what /system/reboot does: it drops every session and refuses new ones for
// Config.RebootDelay.
func (s *Server) Reboot() { s.reboot() }
