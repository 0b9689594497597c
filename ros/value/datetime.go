package value

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// DateTime is a date and time of the router's clock, as RouterOS prints it. RouterOS 7.10 and later
// print 2024-05-17 10:55:29; earlier versions print may/17/2024 10:55:29 (the same instant of the
// same clock). It has no time zone: the router prints its local time, that of /system/clock's
// time-zone-name, so In needs the router's location to give an instant. The zero DateTime is the
// value of an attribute the router did not print (or printed empty), and formats as "". Years are
// 0..9999.
type DateTime struct {
	Year   int
	Month  time.Month
	Day    int
	Hour   int
	Minute int
	Second int
}

// DateTimeOf returns the wall clock of t, in t's location.
func DateTimeOf(t time.Time) DateTime {
	return DateTime{t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second()}
}

// IsZero reports whether d is the zero DateTime.
func (d DateTime) IsZero() bool { return d == DateTime{} }

// In returns the instant d names when the router's clock is in loc.
func (d DateTime) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, d.Hour, d.Minute, d.Second, 0, loc)
}

// String returns d as RouterOS 7.10 and later print it ("2024-05-17 10:55:29").
func (d DateTime) String() string { return FormatDateTime(d) }

// Stamp reads every form RouterOS prints a date and time in (ParseDateTime) and writes the one of
// RouterOS 7.10 and later (FormatDateTime).
var Stamp = Codec[DateTime]{Parse: ParseDateTime, Format: FormatDateTime}

var monthAbbr = [...]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// ParseDateTime parses a date and time as RouterOS prints it:
//
//	2024-05-17 10:55:29    RouterOS 7.10 and later
//	may/17/2024 10:55:29   earlier versions (the month in English, any case)
//	2024-05-17, may/17/2024  a date alone, at 00:00:00
//
// The fields are checked (month 1-12, day within the month, 00:00:00-23:59:59).
func ParseDateTime(s string) (DateTime, error) {
	date, clock, hasClock := strings.Cut(s, " ")
	var d DateTime
	var ok bool
	if d.Year, d.Month, d.Day, ok = parseDate(date); !ok {
		return DateTime{}, bad("date and time", s)
	}
	if hasClock {
		if d.Hour, d.Minute, d.Second, ok = parseHMS(clock); !ok {
			return DateTime{}, bad("date and time", s)
		}
	}
	return d, nil
}

// parseDate reads 2024-05-17 or may/17/2024.
func parseDate(s string) (year int, month time.Month, day int, ok bool) {
	var y, m, dd string
	switch {
	case len(s) == 10 && s[4] == '-' && s[7] == '-':
		y, m, dd = s[:4], s[5:7], s[8:]
	case len(s) == 11 && s[3] == '/' && s[6] == '/':
		for i, a := range monthAbbr {
			if strings.EqualFold(s[:3], a) {
				m = strconv.Itoa(i + 1)
			}
		}
		y, dd = s[7:], s[4:6]
	default:
		return 0, 0, 0, false
	}
	yn, ok1 := digits(y)
	mn, ok2 := digits(m)
	dn, ok3 := digits(dd)
	if !ok1 || !ok2 || !ok3 || mn < 1 || mn > 12 || dn < 1 {
		return 0, 0, 0, false
	}
	// the last day of the month: day 0 of the next one
	if dn > time.Date(yn, time.Month(mn)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return 0, 0, 0, false
	}
	return yn, time.Month(mn), dn, true
}

// parseHMS reads 10:55:29.
func parseHMS(s string) (h, m, sec int, ok bool) {
	if len(s) != 8 || s[2] != ':' || s[5] != ':' {
		return 0, 0, 0, false
	}
	h, ok1 := digits(s[:2])
	m, ok2 := digits(s[3:5])
	sec, ok3 := digits(s[6:])
	if !ok1 || !ok2 || !ok3 || h > 23 || m > 59 || sec > 59 {
		return 0, 0, 0, false
	}
	return h, m, sec, true
}

// digits reads a non-empty run of ASCII digits (no sign, at most 9 of them).
func digits(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// FormatDateTime writes d as RouterOS 7.10 and later print it: 2024-05-17 10:55:29; the zero
// DateTime as "".
func FormatDateTime(d DateTime) string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d %02d:%02d:%02d", d.Year, int(d.Month), d.Day, d.Hour, d.Minute, d.Second)
}
