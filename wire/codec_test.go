package wire

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// hexBytes turns "80 C8" into its bytes.
func hexBytes(t testing.TB, s string) []byte {
	t.Helper()
	var out []byte
	for _, f := range strings.Fields(s) {
		var b byte
		_, err := fmt.Sscanf(f, "%02X", &b)
		require.NoError(t, err, "bad hex %q", f)
		out = append(out, b)
	}
	return out
}

// lengthVectors are the length encodings of docs/protocol.md#words: the boundary vectors asserted by
// public test suites and the other listed vectors, plus the largest 5-byte length.
var lengthVectors = []struct {
	n   int
	enc string
}{
	{0x00, "00"},
	{0x01, "01"},
	{0x7F, "7F"},
	{0x80, "80 80"},
	{0x87, "80 87"},
	{200, "80 C8"},
	{0x3FFF, "BF FF"},
	{0x4000, "C0 40 00"},
	{0x4321, "C0 43 21"},
	{0x1FFFFF, "DF FF FF"},
	{0x200000, "E0 20 00 00"},
	{0x2ACDEF, "E0 2A CD EF"},
	{0xFFFFFFF, "EF FF FF FF"},
	{0x10000000, "F0 10 00 00 00"},
	{0x12345678, "F0 12 34 56 78"},
	{0xFFFFFFFF, "F0 FF FF FF FF"},
}

func TestAppendLengthShortestForm(t *testing.T) {
	for _, v := range lengthVectors {
		t.Run(fmt.Sprintf("%#x", v.n), func(t *testing.T) {
			want := hexBytes(t, v.enc)
			assert.Equal(t, want, appendLength(nil, v.n))
			// appendLength appends: what is already in dst stays.
			assert.Equal(t, append([]byte{0xAA}, want...), appendLength([]byte{0xAA}, v.n))
		})
	}
}

func TestAppendWordPrefixes(t *testing.T) {
	// Real words (not only headers) for every class up to 4 bytes of prefix.
	for _, v := range lengthVectors {
		if v.n > 0x200000 {
			continue
		}
		t.Run(fmt.Sprintf("%#x", v.n), func(t *testing.T) {
			w := strings.Repeat("a", v.n)
			prefix := hexBytes(t, v.enc)
			got := AppendWord(nil, w)
			require.Len(t, got, len(prefix)+v.n)
			assert.Equal(t, prefix, got[:len(prefix)])
			assert.True(t, string(got[len(prefix):]) == w, "word bytes follow the prefix unchanged")
		})
	}
}

func TestReadLengthVectors(t *testing.T) {
	for _, v := range lengthVectors {
		t.Run(fmt.Sprintf("%#x", v.n), func(t *testing.T) {
			// A trailing sentinel byte checks that the prefix consumes exactly its own bytes.
			in := append(hexBytes(t, v.enc), 0x42)
			r := NewReader(bytes.NewReader(in), 0)
			n, err := r.ReadLength()
			require.NoError(t, err)
			assert.Equal(t, v.n, n)
			next, err := r.ReadLength()
			require.NoError(t, err)
			assert.Equal(t, 0x42, next, "the prefix consumed more or fewer bytes than its form has")
		})
	}
}

func TestReadLengthLongerThanNeeded(t *testing.T) {
	for _, enc := range []string{
		"05",
		"80 05",
		"C0 00 05",
		"E0 00 00 05",
		"F0 00 00 00 05",
	} {
		t.Run(enc, func(t *testing.T) {
			r := NewReader(bytes.NewReader(hexBytes(t, enc)), 0)
			n, err := r.ReadLength()
			require.NoError(t, err)
			assert.Equal(t, 5, n)

			// The same prefix in a whole sentence: the word after it is read correctly.
			in := append(hexBytes(t, enc), "hello"...)
			in = append(in, 0x03, 'a', 'b', 'c', 0x00)
			words, err := NewReader(bytes.NewReader(in), 0).ReadWords()
			require.NoError(t, err)
			assert.Equal(t, []string{"hello", "abc"}, words)
		})
	}
}

// TestReadFiveByteWord decodes the 0xF0 form with a real word behind it (a non-shortest encoding
// keeps the test small); a decoder that mishandles the 5-byte form loses sync or fails here.
func TestReadFiveByteWord(t *testing.T) {
	in := []byte{0xF0, 0x00, 0x00, 0x01, 0x02}
	word := strings.Repeat("x", 0x102)
	in = append(in, word...)
	in = append(in, 0xF0, 0x00, 0x00, 0x00, 0x03, 'e', 'n', 'd', 0x00)
	words, err := NewReader(bytes.NewReader(in), 0).ReadWords()
	require.NoError(t, err)
	assert.Equal(t, []string{word, "end"}, words)
}

// TestReadFiveByteTruncated announces a 256 MiB word (the first 5-byte length) under a limit that
// allows it, sends 10 bytes and ends: the error is io.ErrUnexpectedEOF and nothing near 256 MiB is
// allocated.
func TestReadFiveByteTruncated(t *testing.T) {
	in := append([]byte{0x03, '!', 'r', 'e', 0xF0, 0x10, 0x00, 0x00, 0x00}, "0123456789"...)
	delta := allocatedDuring(func() {
		_, err := NewReader(bytes.NewReader(in), 0x10000000).ReadSentence()
		assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	})
	assert.Less(t, delta, uint64(1<<20), "allocated %d bytes for a word announced at 256 MiB", delta)
}

func TestReadLengthControlBytes(t *testing.T) {
	// 0xF8..0xFF are control bytes; 0xF1..0xF7 start no defined form. Enough bytes follow each one
	// that a reader taking it for a length (of 248..255 or a made-up longer form) would succeed.
	filler := bytes.Repeat([]byte{'z'}, 300)
	for b := 0xF1; b <= 0xFF; b++ {
		t.Run(fmt.Sprintf("%02X", b), func(t *testing.T) {
			in := append([]byte{byte(b), 0x00, 0x00, 0x00, 0x05}, filler...)
			in = append(in, 0x00)
			_, err := NewReader(bytes.NewReader(in), 0).ReadLength()
			var pe *ProtocolError
			require.ErrorAs(t, err, &pe)
			assert.ErrorIs(t, err, ErrProtocol)

			// Inside a sentence, as the first byte of a later word: still a protocol error, not a word.
			in = append([]byte{0x03, '!', 'r', 'e'}, in...)
			s, err := NewReader(bytes.NewReader(in), 0).ReadSentence()
			require.ErrorAs(t, err, &pe)
			assert.ErrorIs(t, err, ErrProtocol)
			assert.Zero(t, s.Word)
		})
	}
}

func TestProtocolErrorMatches(t *testing.T) {
	err := fmt.Errorf("reading: %w", &ProtocolError{Reason: "x"})
	assert.ErrorIs(t, err, ErrProtocol)
	assert.NotErrorIs(t, &ProtocolError{Reason: "x"}, io.EOF)
	assert.Contains(t, (&ProtocolError{Reason: "bad byte"}).Error(), "bad byte")
}

// repeatReader yields the same bytes forever, without allocating.
type repeatReader struct {
	b   []byte
	off int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		c := copy(p[n:], r.b[r.off:])
		n += c
		r.off = (r.off + c) % len(r.b)
	}
	return n, nil
}

// allocatedDuring reports the bytes the heap allocated while f ran.
func allocatedDuring(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func TestOversizedWordRefusedWithoutAllocating(t *testing.T) {
	// A 4 GiB word under the default limit: refused from its prefix alone, over and over.
	r := NewReader(&repeatReader{b: []byte{0xF0, 0xFF, 0xFF, 0xFF, 0xFF}}, 0)
	var err error
	var delta uint64
	allocs := testing.AllocsPerRun(100, func() {
		_, err = r.ReadSentence()
	})
	var pe *ProtocolError
	require.ErrorAs(t, err, &pe)
	assert.ErrorIs(t, err, ErrProtocol)
	assert.Contains(t, err.Error(), "4294967295")
	assert.LessOrEqual(t, allocs, 8.0, "the refusal should cost only the error value")

	delta = allocatedDuring(func() {
		for range 100 {
			_, err = r.ReadSentence()
		}
	})
	require.Error(t, err)
	assert.Less(t, delta, uint64(100<<10), "100 refusals allocated %d bytes", delta)
}

func TestWordLimitBoundary(t *testing.T) {
	const limit = 1000
	for _, tc := range []struct {
		n  int
		ok bool
	}{
		{limit - 1, true},
		{limit, true},
		{limit + 1, false},
	} {
		t.Run(fmt.Sprint(tc.n), func(t *testing.T) {
			in := AppendSentence(nil, "!re", strings.Repeat("=", tc.n))
			words, err := NewReader(bytes.NewReader(in), limit).ReadWords()
			if tc.ok {
				require.NoError(t, err)
				assert.Len(t, words[1], tc.n)
				return
			}
			assert.ErrorIs(t, err, ErrProtocol)
			assert.Nil(t, words)
		})
	}
}

func TestDefaultWordLimit(t *testing.T) {
	// maxWordSize <= 0 means DefaultMaxWordSize: one byte more is refused before any of it is read.
	for _, limit := range []int{0, -1} {
		in := appendLength([]byte{0x03, '!', 'r', 'e'}, DefaultMaxWordSize+1)
		_, err := NewReader(bytes.NewReader(in), limit).ReadWords()
		assert.ErrorIs(t, err, ErrProtocol, "limit %d", limit)
	}
}

// TestTruncatedWordAllocatesAsItArrives announces a 15 MiB word (under the 16 MiB default limit),
// sends 10 bytes and ends the stream: memory follows the bytes that arrived, not the prefix.
func TestTruncatedWordAllocatesAsItArrives(t *testing.T) {
	in := append([]byte{0x03, '!', 'r', 'e'}, appendLength(nil, 15<<20)...)
	in = append(in, "0123456789"...)
	delta := allocatedDuring(func() {
		_, err := NewReader(bytes.NewReader(in), 0).ReadSentence()
		assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	})
	assert.Less(t, delta, uint64(1<<20), "allocated %d bytes for 10 bytes of a 15 MiB word", delta)
}

func TestSentenceLimit(t *testing.T) {
	t.Run("total bytes", func(t *testing.T) {
		in := AppendSentence(nil, "!re", "="+strings.Repeat("a", 600), "="+strings.Repeat("b", 600))
		r := NewReader(bytes.NewReader(in), 1000)
		r.MaxSentenceSize = 1000
		_, err := r.ReadWords()
		assert.ErrorIs(t, err, ErrProtocol)

		r = NewReader(bytes.NewReader(in), 1000)
		r.MaxSentenceSize = 2000
		words, err := r.ReadWords()
		require.NoError(t, err)
		assert.Len(t, words, 3)
	})
	t.Run("many tiny words", func(t *testing.T) {
		// 1000 one-byte words are 1000 bytes of words but cost far more once decoded: they must
		// count against the limit with their overhead.
		words := make([]string, 1000)
		for i := range words {
			words[i] = "="
		}
		in := AppendSentence(nil, words...)
		r := NewReader(bytes.NewReader(in), 0)
		r.MaxSentenceSize = 16 << 10
		_, err := r.ReadWords()
		assert.ErrorIs(t, err, ErrProtocol)

		r = NewReader(bytes.NewReader(in), 0)
		r.MaxSentenceSize = 64 << 10
		got, err := r.ReadWords()
		require.NoError(t, err)
		assert.Len(t, got, 1000)
	})
	t.Run("default never below the word limit", func(t *testing.T) {
		for _, limit := range []int{1, 1 << 20, DefaultMaxWordSize, 1 << 30, math.MaxInt / 3, math.MaxInt} {
			r := NewReader(bytes.NewReader(nil), limit)
			assert.GreaterOrEqual(t, r.sentenceLimit(), limit, "word limit %d", limit)
			assert.GreaterOrEqual(t, r.sentenceLimit(), 64<<20)
		}
	})
	t.Run("huge word limit still reads", func(t *testing.T) {
		in := AppendSentence(nil, "!re", "=a=b")
		words, err := NewReader(bytes.NewReader(in), math.MaxInt).ReadWords()
		require.NoError(t, err)
		assert.Equal(t, []string{"!re", "=a=b"}, words)
	})
}

func TestReaderEndOfStream(t *testing.T) {
	for _, tc := range []struct {
		name  string
		in    []byte
		words [][]string
		err   error
	}{
		{"empty stream", nil, nil, io.EOF},
		{"lone zero bytes", []byte{0, 0, 0}, nil, io.EOF},
		{"after a sentence", []byte("\x03!re\x00"), [][]string{{"!re"}}, io.EOF},
		{"empty sentences skipped", []byte("\x00\x03!re\x00\x00\x00\x05!done\x00\x00"),
			[][]string{{"!re"}, {"!done"}}, io.EOF},
		{"inside a word", []byte("\x03!r"), nil, io.ErrUnexpectedEOF},
		{"before the end of sentence", []byte("\x03!re"), nil, io.ErrUnexpectedEOF},
		{"after an attribute", []byte("\x03!re\x04=a=b"), nil, io.ErrUnexpectedEOF},
		{"inside a 2-byte prefix", []byte("\x80"), nil, io.ErrUnexpectedEOF},
		{"inside a 5-byte prefix", []byte("\x03!re\xF0\x00\x00"), nil, io.ErrUnexpectedEOF},
		{"second sentence cut", []byte("\x03!re\x00\x05!do"), [][]string{{"!re"}}, io.ErrUnexpectedEOF},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Whole, and one byte per Read: partial reads must not change anything.
			for _, src := range []io.Reader{bytes.NewReader(tc.in), iotest.OneByteReader(bytes.NewReader(tc.in))} {
				r := NewReader(src, 0)
				for _, want := range tc.words {
					got, err := r.ReadWords()
					require.NoError(t, err)
					assert.Equal(t, want, got)
				}
				_, err := r.ReadWords()
				assert.Equal(t, tc.err, err, "want exactly %v", tc.err)
			}
		})
	}
}

func TestReaderPassesOtherErrors(t *testing.T) {
	boom := errors.New("boom")
	r := NewReader(iotest.DataErrReader(io.MultiReader(bytes.NewReader([]byte("\x03!re")), iotest.ErrReader(boom))), 0)
	_, err := r.ReadSentence()
	assert.ErrorIs(t, err, boom)
}

// wordsOfEveryClass has words whose lengths sit on both sides of every prefix boundary up to the
// 4-byte form, holding every byte value (raw bytes, not text).
func wordsOfEveryClass() []string {
	lengths := []int{1, 0x7F, 0x80, 0x3FFF, 0x4000, 0x1FFFFF, 0x200000}
	words := make([]string, len(lengths))
	for i, n := range lengths {
		b := make([]byte, n)
		for j := range b {
			b[j] = byte(j*7 + i)
		}
		words[i] = string(b)
	}
	return words
}

func TestRoundTripEveryLengthClass(t *testing.T) {
	words := wordsOfEveryClass()
	enc := AppendSentence(nil, words...)

	// The prefixes sit where the vectors of docs/protocol.md#words say, in their shortest form.
	off := 0
	for _, w := range words {
		p := prefixLen(len(w))
		assert.Equal(t, appendLength(nil, len(w)), enc[off:off+p])
		off += p + len(w)
	}
	assert.Equal(t, []byte{0}, enc[off:], "one zero byte ends the sentence")

	// A reader fed one byte per Read gets the words up to 0x4000 bytes only, to stay fast.
	small := AppendSentence(nil, words[:5]...)
	for _, tc := range []struct {
		name  string
		src   io.Reader
		words []string
	}{
		{"whole", bytes.NewReader(enc), words},
		{"half", iotest.HalfReader(bytes.NewReader(enc)), words},
		{"one byte", iotest.OneByteReader(bytes.NewReader(small)), words[:5]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := NewReader(tc.src, 0)
			got, err := r.ReadWords()
			require.NoError(t, err)
			require.Len(t, got, len(tc.words))
			for i := range tc.words {
				assert.True(t, got[i] == tc.words[i], "word %d (%d bytes) changed", i, len(tc.words[i]))
			}
			_, err = r.ReadWords()
			assert.Equal(t, io.EOF, err)
		})
	}
}

func TestRawBytesUntouched(t *testing.T) {
	words := []string{
		"!re",
		"=comment=\xcf\xf0\xe8\xe2\xe5\xf2", // "Привет" in cp1251
		"=name=\xc0\xc1\xfe\xff",
		"=script=a\x00b\x00",
		"=bad-utf8=\xed\xa0\x80\xf8\x88\x80\x80\x80",
		"\x00\x01\x02",
	}
	enc := AppendSentence(nil, words...)
	r := NewReader(bytes.NewReader(enc), 0)
	got, err := r.ReadWords()
	require.NoError(t, err)
	assert.Equal(t, words, got)

	s, err := NewReader(bytes.NewReader(enc), 0).ReadSentence()
	require.NoError(t, err)
	v, _ := s.Get("comment")
	assert.Equal(t, "\xcf\xf0\xe8\xe2\xe5\xf2", v)
	v, _ = s.Get("script")
	assert.Equal(t, "a\x00b\x00", v)
	assert.Equal(t, []string{"\x00\x01\x02"}, s.Words)
}

func TestAppendSentence(t *testing.T) {
	t.Run("encoding", func(t *testing.T) {
		got := AppendSentence([]byte{0xAA}, "/login", "=name=admin")
		want := append([]byte{0xAA, 0x06}, "/login"...)
		want = append(want, 0x0B)
		want = append(want, "=name=admin"...)
		want = append(want, 0x00)
		assert.Equal(t, want, got)
	})
	t.Run("no words is an empty sentence", func(t *testing.T) {
		assert.Equal(t, []byte{0x00}, AppendSentence(nil))
	})
	t.Run("empty words cannot split the sentence", func(t *testing.T) {
		enc := AppendSentence(nil, "/ip/address/print", "", "/quit")
		r := NewReader(bytes.NewReader(enc), 0)
		words, err := r.ReadWords()
		require.NoError(t, err)
		assert.Equal(t, []string{"/ip/address/print", "/quit"}, words)
		_, err = r.ReadWords()
		assert.Equal(t, io.EOF, err, "the word after the empty one became a second sentence")
	})
}

func TestReaderResultsDoNotAlias(t *testing.T) {
	enc := AppendSentence(nil, "!re", "=name=first", ".tag=1")
	enc = AppendSentence(enc, "!re", "=name=XXXXX", ".tag=2")
	r := NewReader(bytes.NewReader(enc), 0)
	s1, err := r.ReadSentence()
	require.NoError(t, err)
	w2, err := r.ReadWords()
	require.NoError(t, err)
	assert.Equal(t, "!re =name=first .tag=1", s1.String())
	assert.Equal(t, []string{"!re", "=name=XXXXX", ".tag=2"}, w2)

	// The same for ReadWords: a later sentence does not overwrite earlier words.
	r = NewReader(bytes.NewReader(enc), 0)
	w1, err := r.ReadWords()
	require.NoError(t, err)
	_, err = r.ReadSentence()
	require.NoError(t, err)
	assert.Equal(t, []string{"!re", "=name=first", ".tag=1"}, w1)
}

func TestReaderReleasesHugeBuffers(t *testing.T) {
	enc := AppendSentence(nil, "!re", "=contents="+strings.Repeat("x", 2<<20))
	enc = AppendSentence(enc, "!done")
	r := NewReader(bytes.NewReader(enc), 0)
	_, err := r.ReadSentence()
	require.NoError(t, err)
	assert.LessOrEqual(t, cap(r.buf), 1<<20, "a 2 MiB sentence's buffer stays pinned")
	s, err := r.ReadSentence()
	require.NoError(t, err)
	assert.Equal(t, "!done", s.Word)
}

func TestNewReaderReusesLargeBufio(t *testing.T) {
	br := bufio.NewReaderSize(bytes.NewReader(AppendSentence(nil, "!done")), 8192)
	r := NewReader(br, 0)
	assert.Same(t, br, r.br)
	s, err := r.ReadSentence()
	require.NoError(t, err)
	assert.Equal(t, "!done", s.Word)
	assert.Equal(t, 0, r.Buffered())
}

// TestReaderOverLoopback runs the codec over a real TCP connection: the peer writes the reply half
// of the transcripts in docs/protocol.md in uneven pieces and closes; the reader sees every sentence, then
// io.EOF. A second peer closes in the middle of a sentence: io.ErrUnexpectedEOF.
func TestReaderOverLoopback(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())

	replies := [][]string{
		{"!done", "=ret=*3"},
		{"!re", "=.id=*A", "=address=192.168.1.1/24", ".tag=10"},
		{"!re", "=.id=*A", "=.dead=true", ".tag=10"},
		{"!trap", "=category=2", "=message=interrupted", ".tag=10"},
		{"!done", ".tag=20"},
		{"!done", ".tag=10"},
		{"!empty", ".tag=5"},
		{"!done", ".tag=5"},
		{"!fatal", "session terminated on request"},
	}
	var stream []byte
	for _, r := range replies {
		stream = AppendSentence(stream, r...)
	}

	serve := func(t *testing.T, payload []byte) net.Conn {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		done := make(chan error, 1)
		go func() {
			c, err := ln.Accept()
			if err != nil {
				done <- err
				return
			}
			defer c.Close()
			// Uneven pieces: 1, 2, 3, ... bytes, so prefixes and words straddle writes.
			for i, step := 0, 1; i < len(payload); step++ {
				end := min(i+step, len(payload))
				if _, err := c.Write(payload[i:end]); err != nil {
					done <- err
					return
				}
				i = end
			}
			done <- nil
		}()
		c, err := net.Dial("tcp", ln.Addr().String())
		require.NoError(t, err)
		t.Cleanup(func() {
			c.Close()
			assert.NoError(t, <-done)
			ln.Close()
		})
		require.NoError(t, c.SetReadDeadline(time.Now().Add(10*time.Second)))
		return c
	}

	t.Run("whole transcript", func(t *testing.T) {
		r := NewReader(serve(t, stream), 0)
		for _, want := range replies {
			got, err := r.ReadSentence()
			require.NoError(t, err)
			assert.Equal(t, ParseSentence(want), got)
		}
		_, err := r.ReadSentence()
		assert.Equal(t, io.EOF, err)
	})
	t.Run("closed mid-sentence", func(t *testing.T) {
		cut := AppendSentence(nil, replies[0]...)
		cut = append(cut, AppendSentence(nil, replies[1]...)[:7]...)
		r := NewReader(serve(t, cut), 0)
		s, err := r.ReadSentence()
		require.NoError(t, err)
		assert.Equal(t, "*3", s.Attrs[0].Value)
		_, err = r.ReadSentence()
		assert.Equal(t, io.ErrUnexpectedEOF, err)
	})
}

func ExampleAppendSentence() {
	buf := AppendSentence(nil, "/ip/address/add", "=address=192.168.1.1/24", "=interface=ether1")
	fmt.Printf("% X\n", buf[:16])
	fmt.Println(len(buf), "bytes")
	// Output:
	// 0F 2F 69 70 2F 61 64 64 72 65 73 73 2F 61 64 64
	// 59 bytes
}

func ExampleReader_ReadSentence() {
	var stream []byte
	stream = AppendSentence(stream, "!re", "=name=ether1", "=mtu=1500", ".tag=7")
	stream = AppendSentence(stream, "!done", ".tag=7")

	r := NewReader(bytes.NewReader(stream), 0)
	for {
		s, err := r.ReadSentence()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		name, _ := s.Get("name")
		fmt.Printf("%s tag=%s name=%q\n", s.Word, s.Tag, name)
	}
	// Output:
	// !re tag=7 name="ether1"
	// !done tag=7 name=""
}
