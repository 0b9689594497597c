package wire

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
)

// DefaultMaxWordSize is the largest word a Reader accepts when given a limit of 0 or less. Real
// replies stay far below it (scripts, file contents and exports are the largest words RouterOS sends).
const DefaultMaxWordSize = 16 << 20

// MaxEncodableWordSize is the longest word the protocol can carry (a 5-byte length prefix).
const MaxEncodableWordSize = 0xFFFFFFFF

// AppendWord appends the encoding of w (length prefix in its shortest form, then the bytes) to dst.
// It panics if w is longer than MaxEncodableWordSize, which no RouterOS request can be; Conn checks
// lengths before it encodes.
func AppendWord(dst []byte, w string) []byte {
	dst = appendLength(dst, len(w))
	return append(dst, w...)
}

// AppendSentence appends the encoding of words followed by the empty word that ends a sentence.
//
// Empty words are skipped: on the wire an empty word ends the sentence, so encoding one would split
// the sentence in two and send the words after it as a separate command. Conn refuses empty words
// with ErrBadRequest before it encodes; other code that takes words from users should too.
func AppendSentence(dst []byte, words ...string) []byte {
	for _, w := range words {
		if w == "" {
			continue
		}
		dst = AppendWord(dst, w)
	}
	return append(dst, 0)
}

func appendLength(dst []byte, n int) []byte {
	switch {
	case n < 0:
		panic("wire: negative word length")
	case n < 0x80:
		return append(dst, byte(n))
	case n < 0x4000:
		return append(dst, byte(n>>8)|0x80, byte(n))
	case n < 0x200000:
		return append(dst, byte(n>>16)|0xC0, byte(n>>8), byte(n))
	case n < 0x10000000:
		return append(dst, byte(n>>24)|0xE0, byte(n>>16), byte(n>>8), byte(n))
	case uint64(n) <= MaxEncodableWordSize:
		return append(dst, 0xF0, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
	default:
		panic(fmt.Sprintf("wire: word of %d bytes exceeds the protocol's limit of %d", n, uint64(MaxEncodableWordSize)))
	}
}

// ErrProtocol is matched (errors.Is) by every *ProtocolError.
var ErrProtocol = errors.New("routeros: protocol error")

// ProtocolError reports bytes or sentences that break the RouterOS API protocol: a control byte, a
// word longer than the configured maximum, an unknown reply word. On a connection it is fatal.
type ProtocolError struct {
	Reason string
}

func (e *ProtocolError) Error() string        { return "routeros: protocol error: " + e.Reason }
func (e *ProtocolError) Is(target error) bool { return target == ErrProtocol }

// Reader decodes sentences from a byte stream. It is not safe for concurrent use.
type Reader struct {
	br      *bufio.Reader
	maxWord int
	// MaxSentenceSize bounds the total bytes of one sentence's words; 0 means 4 × the word limit, and
	// at least 64 MiB. Each word counts as its length plus 48 bytes (what its decoded form costs
	// besides its bytes), so a flood of tiny words is bounded too. A peer that never ends a sentence
	// gets an error, not unbounded memory use.
	MaxSentenceSize int

	buf   []byte   // the words of the sentence being read, back to back
	ends  []int    // end offset in buf of each word
	words []string // scratch for ReadSentence: the words of the sentence, for ParseSentence
	hdr   [5]byte
}

// NewReader returns a Reader that refuses words longer than maxWordSize bytes (DefaultMaxWordSize
// when maxWordSize <= 0) without allocating them.
func NewReader(r io.Reader, maxWordSize int) *Reader {
	if maxWordSize <= 0 {
		maxWordSize = DefaultMaxWordSize
	}
	br, ok := r.(*bufio.Reader)
	if !ok || br.Size() < 4096 {
		br = bufio.NewReaderSize(r, 16<<10)
	}
	return &Reader{br: br, maxWord: maxWordSize}
}

// Buffered returns the number of bytes read from the underlying reader but not yet decoded.
func (r *Reader) Buffered() int { return r.br.Buffered() }

// ReadLength reads one length prefix. It accepts every form, including longer-than-needed ones, and
// fails with a *ProtocolError on a control byte (0xF8..0xFF) or on 0xF1..0xF7, which start no form.
// It returns io.EOF when the stream ends before the prefix, io.ErrUnexpectedEOF inside it.
func (r *Reader) ReadLength() (int, error) {
	b, err := r.br.ReadByte()
	if err != nil {
		return 0, err
	}
	var extra int
	var n uint64
	switch {
	case b < 0x80:
		return int(b), nil
	case b < 0xC0:
		extra, n = 1, uint64(b&0x3F)
	case b < 0xE0:
		extra, n = 2, uint64(b&0x1F)
	case b < 0xF0:
		extra, n = 3, uint64(b&0x0F)
	case b < 0xF8:
		// 0xF0 starts the 5-byte form; the low bits of 0xF1..0xF7 are not part of any defined form.
		if b != 0xF0 {
			return 0, &ProtocolError{Reason: fmt.Sprintf("invalid length prefix byte 0x%02X", b)}
		}
		extra = 4
	default:
		return 0, &ProtocolError{Reason: fmt.Sprintf("control byte 0x%02X received where a word length was expected", b)}
	}
	if _, err := io.ReadFull(r.br, r.hdr[:extra]); err != nil {
		return 0, unexpectedEOF(err)
	}
	for _, c := range r.hdr[:extra] {
		n = n<<8 | uint64(c)
	}
	if n > uint64(^uint(0)>>1) {
		return 0, &ProtocolError{Reason: fmt.Sprintf("word length %d does not fit in memory", n)}
	}
	return int(n), nil
}

// ReadSentence reads the next non-empty sentence. Empty sentences (a lone zero byte) are skipped.
// At a clean end of stream between sentences it returns io.EOF; inside a sentence,
// io.ErrUnexpectedEOF. The strings of the result do not alias the Reader's buffers.
func (r *Reader) ReadSentence() (Sentence, error) {
	if err := r.readRaw(); err != nil {
		return Sentence{}, err
	}
	all := string(r.buf) // one allocation for every word of the sentence
	// The words go in a scratch slice kept by the Reader: the sentence costs the string above and
	// the Attrs (and Words) slices ParseSentence makes, nothing more.
	if cap(r.words) < len(r.ends) {
		r.words = make([]string, 0, len(r.ends)) // at once: no append growth for many-word sentences
	}
	r.words = r.words[:0]
	start := 0
	for _, end := range r.ends {
		r.words = append(r.words, all[start:end])
		start = end
	}
	s := ParseSentence(r.words)
	clear(r.words) // do not pin this sentence's string until the next one
	r.release()
	return s, nil
}

// ReadWords reads the next non-empty sentence as raw words. Empty sentences are skipped, and the
// end of stream is reported as by ReadSentence.
func (r *Reader) ReadWords() ([]string, error) {
	if err := r.readRaw(); err != nil {
		return nil, err
	}
	all := string(r.buf) // one allocation for every word of the sentence
	words := make([]string, len(r.ends))
	start := 0
	for i, end := range r.ends {
		words[i] = all[start:end]
		start = end
	}
	r.release()
	return words, nil
}

// wordOverhead is what each word of a sentence counts against the sentence limit on top of its
// length: its end offset, its string header and its Attr, rounded up.
const wordOverhead = 48

func (r *Reader) sentenceLimit() int {
	if r.MaxSentenceSize > 0 {
		return r.MaxSentenceSize
	}
	if r.maxWord > math.MaxInt/4 {
		return math.MaxInt
	}
	return max(4*r.maxWord, 64<<20)
}

// readRaw reads the next non-empty sentence into r.buf (its words back to back) and r.ends (the end
// offset of each word).
func (r *Reader) readRaw() error {
	for {
		r.buf, r.ends = r.buf[:0], r.ends[:0]
		limit := r.sentenceLimit()
		used := 0 // bytes of the sentence so far, overhead included
		for {
			n, err := r.ReadLength()
			if err != nil {
				if len(r.ends) > 0 {
					err = unexpectedEOF(err)
				}
				return err
			}
			if n == 0 {
				break
			}
			if n > r.maxWord {
				return &ProtocolError{Reason: fmt.Sprintf("word of %d bytes exceeds the limit of %d bytes", n, r.maxWord)}
			}
			if n > limit-used-wordOverhead {
				return &ProtocolError{Reason: fmt.Sprintf("sentence exceeds the limit of %d bytes", limit)}
			}
			if err := r.readN(n, limit-used-wordOverhead); err != nil {
				return unexpectedEOF(err)
			}
			used += n + wordOverhead
			r.ends = append(r.ends, len(r.buf))
		}
		if len(r.ends) > 0 {
			return nil
		}
		// An empty sentence: ignored, as the router does.
	}
}

// release drops buffers grown by one huge sentence, so they are not pinned for the connection's
// life. Callers must be done with r.buf and r.ends.
func (r *Reader) release() {
	if cap(r.buf) > 1<<20 {
		r.buf = nil
	}
	if cap(r.ends) > 4096 {
		r.ends, r.words = nil, nil
	}
}

// readN appends exactly n bytes from the stream to r.buf; room is how many more bytes the sentence
// limit allows in r.buf (at least n).
//
// The buffer grows geometrically (doubling), so reading a sentence costs time proportional to its
// bytes however many words it has; growth is capped by room, so the buffer never outgrows the
// sentence limit. It also grows in steps of at most one chunk, so memory follows the bytes that
// actually arrive: a peer announcing a large word and sending little costs little.
func (r *Reader) readN(n, room int) error {
	const chunk = 64 << 10
	for n > 0 {
		step := min(n, chunk)
		l := len(r.buf)
		if cap(r.buf)-l < step {
			nc := max(l+step, 2*cap(r.buf), 512)
			nc = min(nc, l+room) // room >= n >= step: still holds this step
			nb := make([]byte, l, nc)
			copy(nb, r.buf)
			r.buf = nb
		}
		r.buf = r.buf[:l+step]
		if _, err := io.ReadFull(r.br, r.buf[l:]); err != nil {
			r.buf = r.buf[:l]
			return err
		}
		n -= step
		room -= step
	}
	return nil
}

func unexpectedEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}
