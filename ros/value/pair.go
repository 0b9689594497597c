package value

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Pair is an upload/download pair, printed A/B: /queue/simple max-limit=10M/10M (the target's
// upload, then its download), bytes=0/0, burst-time=0s/0s.
type Pair[V any] struct {
	Up, Down V
}

// Both returns the pair whose two halves are v.
func Both[V any](v V) Pair[V] { return Pair[V]{Up: v, Down: v} }

// Paired reads and writes A/B with c for each half. The slash that splits a pair is the first one,
// so neither half may contain one.
func Paired[V any](c Codec[V]) Codec[Pair[V]] {
	return Codec[Pair[V]]{
		Parse: func(s string) (Pair[V], error) {
			a, b, ok := strings.Cut(s, "/")
			if !ok {
				return Pair[V]{}, bad("upload/download pair", s)
			}
			up, err := c.Parse(a)
			if err != nil {
				return Pair[V]{}, err
			}
			down, err := c.Parse(b)
			if err != nil {
				return Pair[V]{}, err
			}
			return Pair[V]{Up: up, Down: down}, nil
		},
		Format: func(p Pair[V]) string { return c.Format(p.Up) + "/" + c.Format(p.Down) },
	}
}

// String formats the pair with fmt: "10000000/20000000".
func (p Pair[V]) String() string { return fmt.Sprint(p.Up) + "/" + fmt.Sprint(p.Down) }

// Rate reads a data rate in bits per second as RouterOS prints and takes it, a decimal number with
// an optional k, M or G (10M is 10000000; the console prints max-limit=10M/10M, the manual's
// Queues examples), and writes the plain number, which every version reads.
var Rate = Codec[int64]{Parse: ParseRate, Format: func(n int64) string { return strconv.FormatInt(n, 10) }}

// ParseRate parses a data rate: digits, optionally followed by k or K (x1000), M (x1000000) or G
// (x1000000000). UNVERIFIED: the multipliers are powers of 1000, as for the bits-per-second rates
// of the manual's Queues page (limit-at=1M is one megabit); no source shows a fraction ("1.5M").
func ParseRate(s string) (int64, error) {
	mult := int64(1)
	num := s
	if n := len(s); n > 1 {
		switch s[n-1] {
		case 'k', 'K':
			mult, num = 1_000, s[:n-1]
		case 'M':
			mult, num = 1_000_000, s[:n-1]
		case 'G':
			mult, num = 1_000_000_000, s[:n-1]
		}
	}
	if num == "" || num[0] < '0' || num[0] > '9' {
		return 0, bad("rate", s)
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n > math.MaxInt64/mult {
		return 0, bad("rate", s)
	}
	return n * mult, nil
}
