package wiretest

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/rosgen/routeros/wire"
)

// ParseTranscript builds a script from the text format described in the package documentation:
// one step a line, "> words" to expect, "< words" to send, "<raw HEX", "stall DURATION",
// "stall forever", "close", "eof" and "login USER PASSWORD". Errors name the line.
func ParseTranscript(text string) (*Script, error) {
	s := NewScript()
	for i, line := range strings.Split(text, "\n") {
		where := fmt.Sprintf("transcript line %d", i+1)
		st, ok, err := parseLine(strings.TrimSpace(line))
		if err != nil {
			return nil, fmt.Errorf("wiretest: transcript line %d: %w", i+1, err)
		}
		if ok {
			st.where = where
			s.steps = append(s.steps, st)
		}
	}
	return s, nil
}

// parseLine parses one trimmed line; ok is false for blank lines and comments.
func parseLine(line string) (st step, ok bool, err error) {
	sentence := func(rest string) ([]string, error) {
		words, err := splitWords(rest)
		for _, w := range words {
			if w == "" && err == nil {
				err = fmt.Errorf("empty word \"\" (a sentence cannot hold one; use <raw)")
			}
		}
		return words, err
	}
	switch {
	case line == "" || line[0] == '#':
		return step{}, false, nil
	case line == "<raw" || strings.HasPrefix(line, "<raw ") || strings.HasPrefix(line, "<raw\t"):
		h := strings.Map(func(r rune) rune {
			if r == ' ' || r == '\t' {
				return -1
			}
			return r
		}, line[len("<raw"):])
		if i := strings.IndexByte(h, '#'); i >= 0 {
			h = h[:i]
		}
		b, err := hex.DecodeString(h)
		if err != nil {
			return step{}, false, fmt.Errorf("<raw: %v", err)
		}
		if len(b) == 0 {
			return step{}, false, fmt.Errorf("<raw has no bytes")
		}
		return step{kind: stepRaw, raw: b}, true, nil
	case line[0] == '>':
		words, err := sentence(line[1:])
		if err != nil {
			return step{}, false, err
		}
		if len(words) == 0 {
			return step{}, false, fmt.Errorf("> has no words")
		}
		return step{kind: stepExpect, pat: compileSentence(words)}, true, nil
	case line[0] == '<':
		words, err := sentence(line[1:])
		if err != nil {
			return step{}, false, err
		}
		ws := make([]wordPattern, len(words))
		for i, w := range words {
			ws[i] = parseWord(w)
		}
		return step{kind: stepSend, send: ws}, true, nil
	}
	words, err := splitWords(line)
	if err != nil {
		return step{}, false, err
	}
	switch kw, args := words[0], words[1:]; {
	case kw == "stall" && len(args) == 1 && args[0] == "forever":
		return step{kind: stepStallForever}, true, nil
	case kw == "stall" && len(args) == 1:
		d, err := time.ParseDuration(args[0])
		if err != nil || d < 0 {
			return step{}, false, fmt.Errorf("stall: bad duration %q", args[0])
		}
		return step{kind: stepStall, d: d}, true, nil
	case kw == "close" && len(args) == 0:
		return step{kind: stepClose}, true, nil
	case kw == "eof" && len(args) == 0:
		return step{kind: stepExpectEOF}, true, nil
	case kw == "login" && (len(args) == 1 || len(args) == 2):
		st := step{kind: stepLogin, user: args[0]}
		if len(args) == 2 {
			st.password = args[1]
		}
		return st, true, nil
	}
	return step{}, false, fmt.Errorf("unknown line %q (want >, <, <raw, stall, close, eof, login or #)", redactLine(words))
}

// redactLine shows an unparsable line without the secrets it may hold.
func redactLine(words []string) string {
	if len(words) > 0 && words[0] == "login" {
		return "login ..."
	}
	return formatWords(wire.RedactWords(words))
}

// splitWords splits a line into words at spaces and tabs. A word beginning with a double quote or a
// backquote is a Go string literal (for words holding spaces; "" is an empty word); a word
// beginning with '#' starts a comment that runs to the end of the line.
func splitWords(s string) ([]string, error) {
	var words []string
	for {
		s = strings.TrimLeft(s, " \t")
		if s == "" || s[0] == '#' {
			return words, nil
		}
		if s[0] == '"' || s[0] == '`' {
			q, err := strconv.QuotedPrefix(s)
			if err != nil {
				return nil, fmt.Errorf("bad quoted word at %q", s)
			}
			w, err := strconv.Unquote(q)
			if err != nil {
				return nil, fmt.Errorf("bad quoted word %s", q)
			}
			s = s[len(q):]
			if s != "" && s[0] != ' ' && s[0] != '\t' {
				return nil, fmt.Errorf("quoted word %s must be followed by a space", q)
			}
			words = append(words, w)
			continue
		}
		i := strings.IndexAny(s, " \t")
		if i < 0 {
			return append(words, s), nil
		}
		words = append(words, s[:i])
		s = s[i:]
	}
}
