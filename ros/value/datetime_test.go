package value_test

import (
	"errors"
	"testing"
	"time"

	"github.com/rosgen/routeros/ros/value"
)

func TestParseDateTime(t *testing.T) {
	for _, c := range []struct {
		in   string
		want value.DateTime
	}{
		// RouterOS 7.10 and later (manual: certificate invalid-after=2038-01-18 03:14:07)
		{"2038-01-18 03:14:07", value.DateTime{2038, time.January, 18, 3, 14, 7}},
		{"1970-01-01 00:00:00", value.DateTime{Year: 1970, Month: time.January, Day: 1}},
		// earlier versions (terraform-provider-routeros' sample prints: creation-time, invalid-after)
		{"sep/29/2022 07:09:24", value.DateTime{2022, time.September, 29, 7, 9, 24}},
		{"MAR/10/2033 17:57:09", value.DateTime{2033, time.March, 10, 17, 57, 9}},
		// a date alone
		{"2024-05-17", value.DateTime{Year: 2024, Month: time.May, Day: 17}},
		{"feb/29/2024", value.DateTime{Year: 2024, Month: time.February, Day: 29}},
	} {
		got, err := value.ParseDateTime(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseDateTime(%q) = %+v, %v; want %+v", c.in, got, err, c.want)
		}
	}
	for _, in := range []string{"", "2024-13-01 00:00:00", "2023-02-29", "feb/30/2024", "2024-05-17 24:00:00",
		"2024-05-17 10:60:00", "2024-05-17 10:00", "xyz/17/2024", "2024-5-17", "+024-05-17", "2024-05-17  10:00:00",
		"2024-05-17 10:00:00 UTC", "17/05/2024", "1d2h"} {
		if _, err := value.ParseDateTime(in); err == nil {
			t.Errorf("ParseDateTime(%q): no error", in)
		} else if e := (*value.Error)(nil); !errors.As(err, &e) {
			t.Errorf("ParseDateTime(%q): %T, want *value.Error", in, err)
		}
	}
}

func TestDateTimeFormatAndIn(t *testing.T) {
	d := value.DateTime{2024, time.May, 17, 10, 55, 29}
	if got := value.Stamp.Format(d); got != "2024-05-17 10:55:29" {
		t.Errorf("Format = %q", got)
	}
	if got := d.String(); got != "2024-05-17 10:55:29" {
		t.Errorf("String = %q", got)
	}
	riga := time.FixedZone("EEST", 3*3600)
	if got := d.In(riga); !got.Equal(time.Date(2024, 5, 17, 7, 55, 29, 0, time.UTC)) {
		t.Errorf("In = %v", got)
	}
	if got := value.DateTimeOf(d.In(riga)); got != d {
		t.Errorf("DateTimeOf(In) = %+v", got)
	}
	if !(value.DateTime{}).IsZero() || d.IsZero() {
		t.Error("IsZero")
	}
}

// Whatever parses formats to a text that parses to the same value.
func FuzzDateTime(f *testing.F) {
	for _, s := range []string{"2038-01-18 03:14:07", "sep/29/2022 07:09:24", "2024-05-17", "feb/29/2024", "0000-01-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := value.ParseDateTime(s)
		if err != nil {
			return
		}
		out := value.FormatDateTime(d)
		back, err := value.ParseDateTime(out)
		if err != nil || back != d {
			t.Fatalf("%q -> %+v -> %q -> %+v, %v", s, d, out, back, err)
		}
	})
}

// Format-first round trips of the values fuzzing (parse-first) cannot reach: a zero DateTime is
// "" (not a date Parse would refuse), a time span with no days is written with all seven, and a
// limit interval under a second is refused (the CLI reference's [1 .. ]).
func TestFormatFirst(t *testing.T) {
	if got := value.Stamp.Format(value.DateTime{}); got != "" {
		t.Errorf("zero DateTime = %q, want \"\"", got)
	}
	span := value.TimeMatch{From: 8 * time.Hour, To: 17 * time.Hour}
	out := value.TimeMatchCodec.Format(span)
	if out != "8h-17h,sun,mon,tue,wed,thu,fri,sat" {
		t.Errorf("no days: %q", out)
	}
	back, err := value.TimeMatchCodec.Parse(out)
	if err != nil || len(back.Days) != 7 || back.From != span.From || back.To != span.To {
		t.Errorf("read back %+v, %v", back, err)
	}
	for _, in := range []string{"5/500ms,1:packet", "5/1ns,1:packet"} {
		if _, err := value.LimitCodec.Parse(in); err == nil {
			t.Errorf("limit %q: no error", in)
		}
	}
	if l, err := value.LimitCodec.Parse("5/1s,1:packet"); err != nil || l.Per != time.Second {
		t.Errorf("limit 5/1s: %+v, %v", l, err)
	}
}
