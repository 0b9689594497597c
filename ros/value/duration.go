package value

import (
	"strconv"
	"strings"
	"time"
)

// Duration reads every RouterOS time-interval form and writes the compact unit form.
var Duration = Codec[time.Duration]{Parse: ParseDuration, Format: FormatDuration}

const (
	day  = 24 * time.Hour
	week = 7 * day
)

// ParseDuration parses a RouterOS time interval:
//
//	1w2d3h4m5s   500ms   1s500ms   3us   (units w d h m s ms us ns, in any combination)
//	00:05:00   1d00:00:05   2w1d10:00:00   00:00:00.200   05:00
//	30         (a bare number is seconds)
//
// A leading '-' negates the value.
func ParseDuration(s string) (time.Duration, error) {
	in := s
	neg := false
	if strings.HasPrefix(s, "-") {
		neg, s = true, s[1:]
	}
	if s == "" {
		return 0, bad("duration", in)
	}
	var total time.Duration
	ok := false
	rest := s
	// leading unit groups, possibly followed by a clock part (1d00:00:05)
	for rest != "" {
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 0 {
			return 0, bad("duration", in)
		}
		if i == len(rest) {
			if ok {
				return 0, bad("duration", in)
			}
			// bare number: seconds
			n, err := strconv.ParseInt(rest, 10, 64)
			if err != nil || n > int64(1<<63-1)/int64(time.Second) {
				return 0, bad("duration", in)
			}
			total = time.Duration(n) * time.Second
			ok = true
			rest = ""
			break
		}
		if rest[i] == ':' || rest[i] == '.' {
			d, err := parseClock(rest)
			if err != nil {
				return 0, bad("duration", in)
			}
			total, ok = addDur(total, d, &ok)
			if !ok {
				return 0, bad("duration", in)
			}
			rest = ""
			break
		}
		n, err := strconv.ParseInt(rest[:i], 10, 64)
		if err != nil {
			return 0, bad("duration", in)
		}
		rest = rest[i:]
		var unit time.Duration
		switch {
		case strings.HasPrefix(rest, "ms"):
			unit, rest = time.Millisecond, rest[2:]
		case strings.HasPrefix(rest, "us"):
			unit, rest = time.Microsecond, rest[2:]
		case strings.HasPrefix(rest, "ns"):
			unit, rest = time.Nanosecond, rest[2:]
		case rest[0] == 'w':
			unit, rest = week, rest[1:]
		case rest[0] == 'd':
			unit, rest = day, rest[1:]
		case rest[0] == 'h':
			unit, rest = time.Hour, rest[1:]
		case rest[0] == 'm':
			unit, rest = time.Minute, rest[1:]
		case rest[0] == 's':
			unit, rest = time.Second, rest[1:]
		default:
			return 0, bad("duration", in)
		}
		if n > int64(1<<63-1)/int64(unit) {
			return 0, bad("duration", in)
		}
		var good bool
		total, good = addDur(total, time.Duration(n)*unit, &ok)
		if !good {
			return 0, bad("duration", in)
		}
	}
	if !ok {
		return 0, bad("duration", in)
	}
	if neg {
		total = -total
	}
	return total, nil
}

// addDur adds without overflow; it sets *seen and reports success.
func addDur(a, b time.Duration, seen *bool) (time.Duration, bool) {
	*seen = true
	if a > time.Duration(1<<63-1)-b {
		return 0, false
	}
	return a + b, true
}

// parseClock parses hh:mm:ss[.fraction], mm:ss[.fraction] or ss.fraction.
func parseClock(s string) (time.Duration, error) {
	frac := time.Duration(0)
	if i := strings.IndexByte(s, '.'); i >= 0 {
		f := s[i+1:]
		s = s[:i]
		if f == "" || len(f) > 9 {
			return 0, bad("duration", f)
		}
		for _, c := range f {
			if c < '0' || c > '9' {
				return 0, bad("duration", f)
			}
		}
		n, _ := strconv.ParseInt(f+strings.Repeat("0", 9-len(f)), 10, 64)
		frac = time.Duration(n)
	}
	parts := strings.Split(s, ":")
	if len(parts) > 3 {
		return 0, bad("duration", s)
	}
	var total time.Duration
	mult := []time.Duration{time.Second, time.Minute, time.Hour}
	for i := range parts {
		p := parts[len(parts)-1-i]
		if p == "" || len(p) > 12 {
			return 0, bad("duration", s)
		}
		for _, c := range p {
			if c < '0' || c > '9' {
				return 0, bad("duration", s)
			}
		}
		n, _ := strconv.ParseInt(p, 10, 64)
		if n > int64(1<<63-1)/int64(mult[i])/4 {
			return 0, bad("duration", s)
		}
		total += time.Duration(n) * mult[i]
	}
	if total > time.Duration(1<<62) {
		return 0, bad("duration", s)
	}
	return total + frac, nil
}

// FormatDuration writes d in the unit form RouterOS prints and accepts: 1w2d3h4m5s, 500ms, 1s500ms,
// 0s for zero. Sub-microsecond remainders are written in ns.
func FormatDuration(d time.Duration) string {
	if d == 0 {
		return "0s"
	}
	var b strings.Builder
	u := uint64(d)
	if d < 0 {
		b.WriteByte('-')
		u = uint64(-d) // -MinInt64 wraps to itself; as uint64 it is the right magnitude
	}
	units := []struct {
		n   uint64
		sfx string
	}{
		{uint64(week), "w"}, {uint64(day), "d"}, {uint64(time.Hour), "h"}, {uint64(time.Minute), "m"},
		{uint64(time.Second), "s"}, {uint64(time.Millisecond), "ms"}, {uint64(time.Microsecond), "us"}, {1, "ns"},
	}
	for _, un := range units {
		if q := u / un.n; q > 0 {
			b.WriteString(strconv.FormatUint(q, 10))
			b.WriteString(un.sfx)
			u -= q * un.n
		}
	}
	return b.String()
}
