package wiretest

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// segment is one piece of a word pattern: literal text, or a {name} placeholder when name != "".
type segment struct {
	lit  string
	name string
}

// wordPattern is one word of an Expect step (or a template of a Send step).
type wordPattern struct {
	src  string // as written, for messages
	segs []segment
}

// parseWord splits w into literal text and {name} placeholders. A name is an identifier (letters,
// digits, '_', not starting with a digit); "{{" is a literal '{'; any other brace is literal.
func parseWord(w string) wordPattern {
	p := wordPattern{src: w}
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			p.segs = append(p.segs, segment{lit: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(w); {
		if w[i] != '{' {
			lit.WriteByte(w[i])
			i++
			continue
		}
		if strings.HasPrefix(w[i:], "{{") {
			lit.WriteByte('{')
			i += 2
			continue
		}
		if end := strings.IndexByte(w[i+1:], '}'); end >= 0 && isIdent(w[i+1:i+1+end]) {
			flush()
			p.segs = append(p.segs, segment{name: w[i+1 : i+1+end]})
			i += end + 2
			continue
		}
		lit.WriteByte('{')
		i++
	}
	flush()
	return p
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_', 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case '0' <= c && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// EscapeBraces returns s with every '{' doubled, so that it matches (in Expect) or is sent (in Send)
// literally instead of being read as a {name} placeholder.
func EscapeBraces(s string) string { return strings.ReplaceAll(s, "{", "{{") }

// binds holds placeholder values: those of earlier steps (base) plus those bound while matching the
// current sentence (added), which backtracking can undo.
type binds struct {
	base  map[string]string
	added []segment // lit = value
	steps int       // match work done, bounded to keep pathological patterns cheap
}

const maxMatchSteps = 200000

func (b *binds) get(name string) (string, bool) {
	for i := len(b.added) - 1; i >= 0; i-- {
		if b.added[i].name == name {
			return b.added[i].lit, true
		}
	}
	v, ok := b.base[name]
	return v, ok
}

func (b *binds) mark() int        { return len(b.added) }
func (b *binds) reset(m int)      { b.added = b.added[:m] }
func (b *binds) push(n, v string) { b.added = append(b.added, segment{name: n, lit: v}) }

// commit copies the values bound by a successful match into base.
func (b *binds) commit() {
	for _, a := range b.added {
		b.base[a.name] = a.lit
	}
	b.added = b.added[:0]
}

func (b *binds) tick() bool {
	b.steps++
	return b.steps <= maxMatchSteps
}

func (p wordPattern) match(s string, b *binds) bool { return matchSegs(p.segs, s, b) }

func matchSegs(segs []segment, s string, b *binds) bool {
	if !b.tick() {
		return false
	}
	if len(segs) == 0 {
		return s == ""
	}
	seg := segs[0]
	if seg.name == "" {
		return strings.HasPrefix(s, seg.lit) && matchSegs(segs[1:], s[len(seg.lit):], b)
	}
	if v, ok := b.get(seg.name); ok {
		return strings.HasPrefix(s, v) && matchSegs(segs[1:], s[len(v):], b)
	}
	m := b.mark()
	start := 0
	if len(segs) == 1 {
		start = len(s) // the last placeholder takes the rest
	}
	for i := start; i <= len(s); i++ {
		b.push(seg.name, s[:i])
		if matchSegs(segs[1:], s[i:], b) {
			return true
		}
		b.reset(m)
	}
	return false
}

// expand substitutes bound values for the placeholders of a Send word.
func (p wordPattern) expand(vars map[string]string) (string, error) {
	var sb strings.Builder
	for _, seg := range p.segs {
		if seg.name == "" {
			sb.WriteString(seg.lit)
			continue
		}
		v, ok := vars[seg.name]
		if !ok {
			return "", fmt.Errorf("placeholder {%s} in %q is not bound by any earlier Expect", seg.name, p.src)
		}
		sb.WriteString(v)
	}
	return sb.String(), nil
}

// sentencePattern is a compiled Expect step.
type sentencePattern struct {
	words []string // as written
	cmd   wordPattern
	set   []wordPattern // =attribute and .tag= words: any order
	seq   []wordPattern // every other word: in order
	// secret names the placeholders that sit in secret attributes (=password={p}): their values
	// are never shown.
	secret []string
}

// isSetWord reports whether a word belongs to the order-insensitive part of a sentence.
func isSetWord(w string) bool { return strings.HasPrefix(w, "=") || strings.HasPrefix(w, ".tag=") }

func compileSentence(words []string) *sentencePattern {
	p := &sentencePattern{words: words, cmd: parseWord(words[0])}
	for _, w := range words[1:] {
		if isSetWord(w) {
			p.set = append(p.set, parseWord(w))
		} else {
			p.seq = append(p.seq, parseWord(w))
		}
		if redactWord(w) != w {
			for _, seg := range parseWord(w).segs {
				if seg.name != "" {
					p.secret = append(p.secret, seg.name)
				}
			}
		}
	}
	return p
}

// match reports whether got matches the pattern, binding placeholders in b (committed on success).
// On failure it returns a short reason.
func (p *sentencePattern) match(got []string, b *binds) (bool, string) {
	b.steps = 0
	defer b.reset(0)
	if len(got) == 0 {
		return false, "empty sentence"
	}
	if !p.cmd.match(got[0], b) {
		return false, fmt.Sprintf("command word %s does not match %s", quoteWord(got[0]), quoteWord(p.cmd.src))
	}
	var set, seq []string
	for _, w := range got[1:] {
		if isSetWord(w) {
			set = append(set, w)
		} else {
			seq = append(seq, w)
		}
	}
	if len(set) != len(p.set) {
		return false, fmt.Sprintf("expected %d attribute and .tag words, got %d", len(p.set), len(set))
	}
	if len(seq) != len(p.seq) {
		return false, fmt.Sprintf("expected %d other words (queries, bare words), got %d", len(p.seq), len(seq))
	}
	for i, wp := range p.seq {
		if !wp.match(seq[i], b) {
			return false, fmt.Sprintf("word %s does not match %s", quoteWord(redactWord(seq[i])), quoteWord(redactWord(wp.src)))
		}
	}
	if matchSet(p.set, set, make([]bool, len(set)), b) {
		b.commit()
		return true, ""
	}
	if b.steps > maxMatchSteps {
		return false, "pattern too ambiguous to match"
	}
	// Find a word that matches nothing, for the message.
	for _, wp := range p.set {
		found := false
		for _, w := range set {
			m := b.mark()
			if wp.match(w, b) {
				found = true
			}
			b.reset(m)
			if found {
				break
			}
		}
		if !found {
			return false, fmt.Sprintf("no word matches %s", quoteWord(redactWord(wp.src)))
		}
	}
	return false, "attribute words do not match together (placeholder values conflict)"
}

func matchSet(pats []wordPattern, got []string, used []bool, b *binds) bool {
	if len(pats) == 0 {
		return true
	}
	for j, w := range got {
		if used[j] {
			continue
		}
		m := b.mark()
		if pats[0].match(w, b) {
			used[j] = true
			if matchSet(pats[1:], got, used, b) {
				return true
			}
			used[j] = false
		}
		b.reset(m)
		if b.steps > maxMatchSteps {
			return false
		}
	}
	return false
}

// quoteWord returns w as is, or Go-quoted when it is empty or holds spaces, quotes or unprintable
// bytes, so failure messages show words unambiguously.
func quoteWord(w string) string {
	if w == "" || !utf8.ValidString(w) {
		return strconv.Quote(w)
	}
	for _, r := range w {
		if r == ' ' || r == '"' || r == '\\' || !strconv.IsPrint(r) {
			return strconv.Quote(w)
		}
	}
	return w
}

// formatWords joins words for a failure message.
func formatWords(words []string) string {
	var sb strings.Builder
	for i, w := range words {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(quoteWord(w))
	}
	return sb.String()
}
