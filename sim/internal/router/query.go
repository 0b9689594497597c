package router

import (
	"strconv"
	"strings"
)

// query is a compiled list of print query words (docs/protocol.md#queries).
type query []string

// match evaluates the query words against one item's properties. The stack starts as infinitely many
// true values (an empty slice here: popping it yields true) and the item matches when no false value
// is left at the end.
func (q query) match(get func(name string) (string, bool), cmp func(name, a, b string) int) bool {
	var st []bool
	pop := func() bool {
		if len(st) == 0 {
			return true
		}
		v := st[len(st)-1]
		st = st[:len(st)-1]
		return v
	}
	top := func() bool {
		if len(st) == 0 {
			return true
		}
		return st[len(st)-1]
	}
	at := func(i int) bool { // stack index, top = 0; below the explicit values every value is true
		if i < len(st) {
			return st[len(st)-1-i]
		}
		return true
	}
	for _, w := range q {
		body := w[1:]
		switch {
		case strings.HasPrefix(body, "#"):
			ops := body[1:]
			afterIndex := false
			for i := 0; i < len(ops); {
				c := ops[i]
				switch {
				case c >= '0' && c <= '9':
					j := i
					for j < len(ops) && ops[j] >= '0' && ops[j] <= '9' {
						j++
					}
					n, err := strconv.Atoi(ops[i:j])
					if err != nil {
						n = int(^uint(0) >> 1) // absurdly deep index: an implicit true
					}
					v := at(n)
					if j == len(ops) {
						st = append(st[:0], v) // at the end of the word: the whole stack becomes v
					} else {
						st = append(st, v)
					}
					i = j
					afterIndex = true
					continue
				case c == '!':
					st = append(st, !pop())
				case c == '&':
					a, b := pop(), pop()
					st = append(st, a && b)
				case c == '|':
					a, b := pop(), pop()
					st = append(st, a || b)
				case c == '.':
					if !afterIndex {
						st = append(st, top())
					}
				}
				// Any other character is ignored (what RouterOS does with it is UNVERIFIED).
				afterIndex = false
				i++
			}
		case strings.HasPrefix(body, "-"):
			_, ok := get(body[1:])
			st = append(st, !ok)
		default:
			op := byte('=')
			switch {
			case strings.HasPrefix(body, "="), strings.HasPrefix(body, "<"), strings.HasPrefix(body, ">"):
				op, body = body[0], body[1:]
			}
			name, val, hasVal := strings.Cut(body, "=")
			if !hasVal {
				if op == '=' {
					_, ok := get(name)
					st = append(st, ok)
					continue
				}
				val = ""
			}
			have, ok := get(name)
			if !ok {
				st = append(st, false)
				continue
			}
			c := cmp(name, have, val)
			switch op {
			case '<':
				st = append(st, c < 0)
			case '>':
				st = append(st, c > 0)
			default:
				st = append(st, c == 0)
			}
		}
	}
	for _, v := range st {
		if !v {
			return false
		}
	}
	return true
}

// compareValues compares two property values: numerically when both are integers, else byte-wise
// (how RouterOS orders values in ?< and ?> is UNVERIFIED; this is the model docs/protocol.md#queries suggests).
func compareValues(a, b string) int {
	x, errA := strconv.ParseInt(a, 10, 64)
	y, errB := strconv.ParseInt(b, 10, 64)
	if errA == nil && errB == nil {
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	}
	return strings.Compare(a, b)
}
