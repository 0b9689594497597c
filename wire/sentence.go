package wire

import (
	"strconv"
	"strings"
)

// Attr is one attribute word, =Key=Value. A word with no second '=' (=only-key) has an empty Value.
type Attr struct {
	Key, Value string
}

// Sentence is one decoded sentence: a reply read from a router, or a request read by a server.
//
// Attributes keep their order and their duplicates. Words that are neither the first word, an
// attribute, nor the .tag are kept in Words in their order: the bare reason word of !fatal, the query
// words (?...) and API words (.proplist=...) of a request.
type Sentence struct {
	// Word is the first word: the reply word (!re, !done, !trap, !empty, !fatal) or the command word.
	Word string
	// Tag is the value of the .tag= word, or "" when the sentence carries none (see HasTag).
	Tag string
	// HasTag reports whether the sentence carried a .tag= word at all.
	HasTag bool
	// Attrs are the =key=value words in order, duplicates kept.
	Attrs []Attr
	// Words are the remaining words in order: query words, bare words, other API words.
	Words []string
}

// Get returns the value of the first attribute named key.
func (s Sentence) Get(key string) (string, bool) {
	for _, a := range s.Attrs {
		if a.Key == key {
			return a.Value, true
		}
	}
	return "", false
}

// Map returns the attributes as a map. Where a key is repeated, the first value wins, as with Get.
func (s Sentence) Map() map[string]string {
	m := make(map[string]string, len(s.Attrs))
	for i := len(s.Attrs) - 1; i >= 0; i-- {
		m[s.Attrs[i].Key] = s.Attrs[i].Value
	}
	return m
}

// String formats the sentence as its words separated by spaces, for logs and test failures. Secrets
// are redacted as by RedactWords: values of secret attributes and queries (see IsSecretName) are
// replaced by "***", and so are the passwords of URLs with credentials.
func (s Sentence) String() string {
	var b strings.Builder
	b.WriteString(s.Word)
	for _, a := range s.Attrs {
		b.WriteString(" =")
		b.WriteString(a.Key)
		b.WriteByte('=')
		b.WriteString(redactValue(a.Key, a.Value))
	}
	for _, w := range s.Words {
		b.WriteByte(' ')
		b.WriteString(redactWord(w))
	}
	if s.HasTag {
		b.WriteString(" .tag=")
		b.WriteString(s.Tag)
	}
	return b.String()
}

// Reply is the complete answer to one request: its data sentences and the closing !done.
type Reply struct {
	// Re are the !re sentences in the order received.
	Re []Sentence
	// Traps are the !trap sentences, when the request failed (Run also returns them as a *TrapError).
	Traps []Sentence
	// Done is the closing !done sentence.
	Done Sentence
	// Empty reports whether the router sent !empty (RouterOS 7.18+: the print had nothing to show).
	Empty bool
}

// Ret returns the =ret= attribute of !done: the new .id after add, the count after count-only, the
// output of an as-string command.
func (r *Reply) Ret() string {
	if r == nil {
		return ""
	}
	v, _ := r.Done.Get("ret")
	return v
}

// ParseSentence builds a Sentence from its words, splitting each =key=value word on its second '='.
// It does not copy: the strings of the result share memory with words. Attrs and Words are
// allocated once each, at their exact length.
func ParseSentence(words []string) Sentence {
	var s Sentence
	if len(words) == 0 {
		return s
	}
	s.Word = words[0]
	nattr, nword := 0, 0
	for _, w := range words[1:] {
		switch {
		case isAttrWord(w):
			nattr++
		case !isTagWord(w):
			nword++
		}
	}
	if nattr > 0 {
		s.Attrs = make([]Attr, 0, nattr)
	}
	if nword > 0 {
		s.Words = make([]string, 0, nword)
	}
	for _, w := range words[1:] {
		switch {
		case isAttrWord(w):
			s.Attrs = append(s.Attrs, splitAttr(w))
		case isTagWord(w):
			s.Tag, s.HasTag = w[len(".tag="):], true
		default:
			s.Words = append(s.Words, w)
		}
	}
	return s
}

func isAttrWord(w string) bool { return len(w) > 0 && w[0] == '=' }
func isTagWord(w string) bool  { return strings.HasPrefix(w, ".tag=") }

// splitAttr splits "=key=value" on the second '='; "=only-key" has an empty value.
func splitAttr(w string) Attr {
	rest := w[1:]
	if i := strings.IndexByte(rest, '='); i >= 0 {
		return Attr{Key: rest[:i], Value: rest[i+1:]}
	}
	return Attr{Key: rest}
}

// category returns the =category= of a trap, or -1 when absent or not a number.
func category(s Sentence) int {
	v, ok := s.Get("category")
	if !ok {
		return -1
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return -1
	}
	return n
}
