package wire

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

// fuzzMaxWord is the word limit of the fuzzed readers: small, so that the fuzzer reaches the limit
// path with short inputs.
const fuzzMaxWord = 1 << 20

// fuzzMaxSentence is the sentence limit of the fuzzed readers (words count with their overhead):
// small too, so that some 1300 tiny words reach it.
const fuzzMaxSentence = 64 << 10

// readSentenceSeeds are byte streams worth starting from: valid transcripts, every length form,
// non-shortest forms, control bytes, truncations and limit breakers.
var readSentenceSeeds = [][]byte{
	{},
	{0x00},
	{0x00, 0x00, 0x00},
	encode([]string{"!re"}),
	encode([]string{"!done", "=ret=*3"}),
	encode([]string{"!trap", "=category=0", "=message=no such command or directory (adress)"},
		[]string{"!trap", "=message=no such command prefix"}, []string{"!done"}),
	encode([]string{"!empty", ".tag=5"}, []string{"!done", ".tag=5"}),
	encode([]string{"!fatal", "session terminated on request"}),
	encode([]string{"!re", "=name=iu=c3Eeg", "=comment=", "=only-key", "=.about=a", "=.about=b", ".tag=10"}),
	encode([]string{"!re", "=name=\xc0\xff", "=a=\x00b"}, []string{"c"}),
	encode([]string{"!re", strings.Repeat("w", 0x80), strings.Repeat("v", 0x3F)}),
	{0x80, 0x05, 'h', 'e', 'l', 'l', 'o', 0x00},
	{0xC0, 0x00, 0x05, 'h', 'e', 'l', 'l', 'o', 0x00},
	{0xE0, 0x00, 0x00, 0x05, 'h', 'e', 'l', 'l', 'o', 0x00},
	{0xF0, 0x00, 0x00, 0x00, 0x05, 'h', 'e', 'l', 'l', 'o', 0x00},
	{0x80, 0x80},
	{0x80, 0x7F},
	{0xBF, 0xFF, 'x'},
	{0xC0, 0x40, 0x00, 'x'},
	{0xDF, 0xFF, 0xFF, 'x'},
	{0xE0, 0x20, 0x00, 0x00, 'x'},
	{0xEF, 0xFF, 0xFF, 0xFF, 'x'},
	{0xF0, 0x10, 0x00, 0x00, 0x00, 'x'},
	{0xF0, 0xFF, 0xFF, 0xFF, 0xFF},
	{0xF0, 0x00, 0x10, 0x00, 0x00, 'x'},
	{0xF0, 0x00, 0x10, 0x00, 0x01},
	{0xE0, 0xF0, 0x00, 0x00, '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'},
	{0xF1, 0x00, 0x00, 0x00, 0x05},
	{0xF7},
	{0xF8},
	{0x03, '!', 'r', 'e', 0xFF},
	{0x03, '!', 'r', 'e'},
	{0x03, '!', 'r'},
	{0x03, '!', 'r', 'e', 0x01, '=', 0x01, '=', 0x01, '=', 0x01, '='},
}

// FuzzReadSentence feeds arbitrary bytes to a Reader. It must never panic, never hold memory out of
// proportion to the bytes that actually arrived, fail only with io.EOF, io.ErrUnexpectedEOF or a
// *ProtocolError, and every sentence it reads must survive encode -> decode unchanged. ReadSentence
// and ReadWords must agree.
func FuzzReadSentence(f *testing.F) {
	for _, s := range readSentenceSeeds {
		f.Add(s)
	}
	f.Fuzz(checkReadStream)
}

// checkReadStream is the body of FuzzReadSentence.
func checkReadStream(t *testing.T, data []byte) {
	{
		// Memory a reader may hold: what arrived (times the growth slack of readN) plus one chunk.
		maxCap := 4*len(data) + 256<<10

		wr := NewReader(smallBufio(data), fuzzMaxWord)
		wr.MaxSentenceSize = fuzzMaxSentence
		sr := NewReader(smallBufio(data), fuzzMaxWord)
		sr.MaxSentenceSize = fuzzMaxSentence
		var read [][]string
		for i := 0; ; i++ {
			words, werr := wr.ReadWords()
			s, serr := sr.ReadSentence()
			if cap(wr.buf) > maxCap || cap(sr.buf) > maxCap {
				t.Fatalf("reader holds %d/%d bytes after %d input bytes", cap(wr.buf), cap(sr.buf), len(data))
			}
			if (werr == nil) != (serr == nil) {
				t.Fatalf("sentence %d: ReadWords err %v, ReadSentence err %v", i, werr, serr)
			}
			if werr != nil {
				checkReadError(t, werr)
				if werr.Error() != serr.Error() {
					t.Fatalf("ReadWords err %q, ReadSentence err %q", werr, serr)
				}
				break
			}
			if len(words) == 0 {
				t.Fatalf("sentence %d: no words and no error", i)
			}
			total := 0
			for _, w := range words {
				if w == "" {
					t.Fatalf("sentence %d: empty word inside a sentence: %q", i, words)
				}
				if len(w) > fuzzMaxWord {
					t.Fatalf("sentence %d: word of %d bytes passed the limit", i, len(w))
				}
				total += len(w) + wordOverhead
			}
			if total > fuzzMaxSentence {
				t.Fatalf("sentence %d: %d bytes passed the sentence limit", i, total)
			}
			if want := ParseSentence(words); !reflect.DeepEqual(s, want) {
				t.Fatalf("sentence %d: ReadSentence %#v, ParseSentence(ReadWords) %#v", i, s, want)
			}
			read = append(read, words)
		}

		// Re-encode and re-read: the same sentences, then a clean end.
		enc := encode(read...)
		rr := NewReader(smallBufio(enc), fuzzMaxWord)
		rr.MaxSentenceSize = fuzzMaxSentence
		for i, words := range read {
			again, err := rr.ReadWords()
			if err != nil {
				t.Fatalf("sentence %d: re-read of %q: %v", i, words, err)
			}
			if !reflect.DeepEqual(again, words) {
				t.Fatalf("sentence %d: round trip %q -> %q", i, words, again)
			}
		}
		if _, err := rr.ReadWords(); err != io.EOF {
			t.Fatalf("after the re-encoded sentences: %v, want io.EOF", err)
		}
	}
}

// smallBufio reads data through the smallest buffer NewReader keeps, which also makes words straddle
// buffer refills more often. It keeps fuzzing fast.
func smallBufio(data []byte) *bufio.Reader {
	return bufio.NewReaderSize(bytes.NewReader(data), 4096)
}

// encode is the wire form of the sentences, one after the other.
func encode(sentences ...[]string) []byte {
	var b []byte
	for _, s := range sentences {
		b = AppendSentence(b, s...)
	}
	return b
}

func checkReadError(t *testing.T, err error) {
	t.Helper()
	var pe *ProtocolError
	switch {
	case err == io.EOF, err == io.ErrUnexpectedEOF:
	case errors.As(err, &pe):
		if !errors.Is(err, ErrProtocol) {
			t.Fatalf("protocol error %v does not match ErrProtocol", err)
		}
	default:
		t.Fatalf("unexpected error type %T: %v", err, err)
	}
}

// splitWords turns fuzz input into a word list: first, then rest split on sep. Words may hold any
// byte except sep, and the fuzzer picks sep.
func splitWords(first string, rest []byte, sep byte) []string {
	words := []string{first}
	if len(rest) > 0 {
		words = append(words, strings.Split(string(rest), string([]byte{sep}))...)
	}
	return words
}

func nonEmpty(words []string) []string {
	out := []string{}
	for _, w := range words {
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

// prefixLen is the length of the shortest length prefix for n, from the table in
// docs/protocol.md#words (written out here, not taken from appendLength).
func prefixLen(n int) int {
	switch {
	case n <= 0x7F:
		return 1
	case n <= 0x3FFF:
		return 2
	case n <= 0x1FFFFF:
		return 3
	case n <= 0xFFFFFFF:
		return 4
	}
	return 5
}

var wordSeeds = []struct {
	first string
	rest  string
	sep   byte
}{
	{"/ip/address/print", "=.proplist=address,interface ?interface=bridge .tag=7", ' '},
	{"!re", "=.id=*1A|=name=iu=c3Eeg|=comment=|=only-key|=.about=a|=.about=b|.tag=10", '|'},
	{"!fatal", "session terminated on request", 0},
	{"!trap", "=category=0,=message=no such command or directory (adress)", ','},
	{"/login", "=name=admin\n=password=s3cr=et\n=response=00abcdef", '\n'},
	{"!re", "=comment=\xc0\xc1\xff\xfe\x00inside|=name=\x00", '|'},
	{"", "a;;b;", ';'},
	{"x", strings.Repeat("y", 0x80) + "|" + strings.Repeat("z", 0x4000), '|'},
	{"/cancel", "=tag=10 .tag=20 .tag=21", ' '},
	{"=", "=|==|===|.tag=|.tag|?|!", '|'},
}

// FuzzAppendSentence checks that words -> AppendSentence -> Reader gives back the same words (empty
// words are skipped by AppendSentence), that every prefix is in its shortest form, and that the
// stream then ends cleanly.
func FuzzAppendSentence(f *testing.F) {
	for _, s := range wordSeeds {
		f.Add(s.first, []byte(s.rest), s.sep)
	}
	f.Fuzz(func(t *testing.T, first string, rest []byte, sep byte) {
		words := splitWords(first, rest, sep)
		want := nonEmpty(words)
		enc := AppendSentence([]byte("keep"), words...)
		if !bytes.HasPrefix(enc, []byte("keep")) {
			t.Fatalf("AppendSentence clobbered dst")
		}
		enc = enc[len("keep"):]

		// Walk the encoding: shortest prefixes, the words in order, one terminating zero.
		size := 1
		for _, w := range want {
			size += prefixLen(len(w)) + len(w)
		}
		if len(enc) != size || enc[len(enc)-1] != 0 {
			t.Fatalf("encoding of %q is %d bytes (last %#x), want %d ending in 0", want, len(enc), enc[len(enc)-1], size)
		}

		r := NewReader(bytes.NewReader(enc), len(enc)+1)
		if len(want) == 0 {
			if _, err := r.ReadWords(); err != io.EOF {
				t.Fatalf("empty sentence: %v, want io.EOF", err)
			}
			return
		}
		for _, w := range want {
			n, err := r.ReadLength()
			if err != nil || n != len(w) {
				t.Fatalf("prefix of %d-byte word read as %d, %v", len(w), n, err)
			}
			got := make([]byte, n)
			if _, err := io.ReadFull(r.br, got); err != nil || string(got) != w {
				t.Fatalf("word %q read as %q, %v", w, got, err)
			}
		}
		if n, err := r.ReadLength(); n != 0 || err != nil {
			t.Fatalf("terminator read as %d, %v", n, err)
		}

		r = NewReader(bytes.NewReader(enc), len(enc)+1)
		got, err := r.ReadWords()
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("round trip %q -> %q, %v", want, got, err)
		}
		if _, err := r.ReadWords(); err != io.EOF {
			t.Fatalf("after the sentence: %v, want io.EOF", err)
		}
	})
}

// FuzzParseSentence checks ParseSentence against the rules of docs/protocol.md#sentences, word by word,
// and checks that a Reader decoding the encoded words builds the same Sentence.
func FuzzParseSentence(f *testing.F) {
	for _, s := range wordSeeds {
		f.Add(s.first, []byte(s.rest), s.sep)
	}
	f.Fuzz(func(t *testing.T, first string, rest []byte, sep byte) {
		words := splitWords(first, rest, sep)
		s := ParseSentence(words)
		if s.Word != words[0] {
			t.Fatalf("Word %q, want %q", s.Word, words[0])
		}
		ai, wi := 0, 0
		hasTag, tag := false, ""
		for _, w := range words[1:] {
			switch {
			case strings.HasPrefix(w, "="):
				if ai >= len(s.Attrs) {
					t.Fatalf("attribute %q missing from %#v", w, s)
				}
				a := s.Attrs[ai]
				ai++
				if strings.Contains(a.Key, "=") {
					t.Fatalf("key %q of %q holds '='", a.Key, w)
				}
				if "="+a.Key+"="+a.Value != w && !(a.Value == "" && "="+a.Key == w) {
					t.Fatalf("word %q parsed as key %q value %q", w, a.Key, a.Value)
				}
				if v, ok := s.Get(a.Key); !ok || v != firstValue(words[1:], a.Key) {
					t.Fatalf("Get(%q) = %q, %v; want the first value", a.Key, v, ok)
				}
			case strings.HasPrefix(w, ".tag="):
				hasTag, tag = true, w[len(".tag="):]
			default:
				if wi >= len(s.Words) || s.Words[wi] != w {
					t.Fatalf("bare word %q missing from %#v", w, s)
				}
				wi++
			}
		}
		if ai != len(s.Attrs) || wi != len(s.Words) {
			t.Fatalf("extra attrs or words in %#v from %q", s, words)
		}
		if s.HasTag != hasTag || s.Tag != tag {
			t.Fatalf("tag %q/%v, want %q/%v", s.Tag, s.HasTag, tag, hasTag)
		}
		m := s.Map()
		for k, v := range m {
			if g, _ := s.Get(k); g != v {
				t.Fatalf("Map()[%q] = %q, Get = %q", k, v, g)
			}
		}
		// RedactWords keeps everything but secret values.
		red := RedactWords(words)
		if len(red) != len(words) {
			t.Fatalf("RedactWords changed the word count")
		}
		for i, w := range words {
			if red[i] == w {
				continue
			}
			// Only a value is replaced (wholly, or the password of a URL in it), by "***".
			if !strings.Contains(red[i], "***") || len(w) < 2 || (w[0] != '=' && w[0] != '?' && !strings.Contains(w, "://")) {
				t.Fatalf("RedactWords changed %q to %q", w, red[i])
			}
			if a := splitAttr(w); w[0] == '=' && IsSecretName(a.Key) && red[i] != "="+a.Key+"=***" {
				t.Fatalf("RedactWords changed %q to %q", w, red[i])
			}
		}
		_ = s.String()

		// The Reader's parser must agree with ParseSentence on the same words.
		if words[0] == "" {
			return // the leading empty word would end the sentence on the wire
		}
		for _, w := range words {
			if w == "" {
				return
			}
		}
		r := NewReader(bytes.NewReader(AppendSentence(nil, words...)), 0)
		got, err := r.ReadSentence()
		if err != nil || !reflect.DeepEqual(got, s) {
			t.Fatalf("ReadSentence %#v, %v; ParseSentence %#v", got, err, s)
		}
	})
}

func firstValue(words []string, key string) string {
	for _, w := range words {
		if strings.HasPrefix(w, "=") {
			if a := splitAttr(w); a.Key == key {
				return a.Value
			}
		}
	}
	return ""
}
