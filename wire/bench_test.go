package wire

import (
	"strings"
	"testing"
)

// interfaceItem is one !re of /interface/print on a real router: 15 attributes and a tag.
var interfaceItem = []string{
	"!re",
	"=.id=*1",
	"=name=ether1",
	"=default-name=ether1",
	"=type=ether",
	"=mtu=1500",
	"=actual-mtu=1500",
	"=l2mtu=1598",
	"=max-l2mtu=9796",
	"=mac-address=48:8F:5A:00:11:22",
	"=last-link-up-time=2024-05-06 10:11:12",
	"=link-downs=3",
	"=running=true",
	"=slave=false",
	"=disabled=false",
	"=comment=uplink to core switch",
	".tag=42",
}

// largeWordItem is a !re carrying a 1 MiB word, like /system/script source or /file contents.
var largeWordItem = []string{"!re", "=.id=*7", "=name=backup.rsc", "=contents=" + strings.Repeat("/ip address add address=10.0.0.1/24\n", (1<<20)/37), ".tag=9"}

// manyWords returns a !re sentence of n bare words of size bytes each.
func manyWords(n, size int) []string {
	w := make([]string, 1, n+1)
	w[0] = "!re"
	word := strings.Repeat("x", size)
	for range n {
		w = append(w, word)
	}
	return w
}

var benchSentences = []struct {
	name  string
	words []string
}{
	{"interface-re", interfaceItem},
	{"done", []string{"!done", ".tag=42"}},
	{"large-word", largeWordItem},
	// Many small words: reading must stay linear in the bytes (compare ns/B with words-2000x100).
	{"words-200000x1", manyWords(200_000, 1)},
	{"words-2000x100", manyWords(2_000, 100)},
}

// loopReader serves the same bytes over and over, so a benchmark reads an endless stream of one
// sentence without allocating input.
type loopReader struct {
	b   []byte
	off int
}

func (r *loopReader) Read(p []byte) (int, error) {
	n := copy(p, r.b[r.off:])
	r.off = (r.off + n) % len(r.b)
	return n, nil
}

func BenchmarkReadSentence(b *testing.B) {
	for _, bs := range benchSentences {
		b.Run(bs.name, func(b *testing.B) {
			enc := AppendSentence(nil, bs.words...)
			r := NewReader(&loopReader{b: enc}, 0)
			b.SetBytes(int64(len(enc)))
			b.ReportAllocs()
			for b.Loop() {
				s, err := r.ReadSentence()
				if err != nil || s.Word != bs.words[0] {
					b.Fatalf("read %v, %v", s.Word, err)
				}
			}
		})
	}
}

func BenchmarkReadWords(b *testing.B) {
	for _, bs := range benchSentences {
		b.Run(bs.name, func(b *testing.B) {
			enc := AppendSentence(nil, bs.words...)
			r := NewReader(&loopReader{b: enc}, 0)
			b.SetBytes(int64(len(enc)))
			b.ReportAllocs()
			for b.Loop() {
				w, err := r.ReadWords()
				if err != nil || len(w) != len(bs.words) {
					b.Fatalf("read %d words, %v", len(w), err)
				}
			}
		})
	}
}

func BenchmarkAppendSentence(b *testing.B) {
	for _, bs := range benchSentences {
		b.Run(bs.name, func(b *testing.B) {
			size := len(AppendSentence(nil, bs.words...))
			buf := make([]byte, 0, size)
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				buf = AppendSentence(buf[:0], bs.words...)
			}
			if len(buf) != size {
				b.Fatalf("encoded %d bytes, want %d", len(buf), size)
			}
		})
	}
}

func BenchmarkParseSentence(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		s := ParseSentence(interfaceItem)
		if len(s.Attrs) != 15 {
			b.Fatal(len(s.Attrs))
		}
	}
}
