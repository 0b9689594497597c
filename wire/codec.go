package wire

import (
	"bufio"
	"errors"
	"fmt"
	"io"
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
func AppendSentence(dst []byte, words ...string) []byte {
	for _, w := range words {
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
	// at least 64 MiB. A peer that never ends a sentence gets an error, not unbounded memory use.
	MaxSentenceSize int

	buf  []byte // the words of the sentence being read, back to back
	ends []int  // end offset in buf of each word
	hdr  [5]byte
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
// fails with a *ProtocolError on a control byte (0xF8..0xFF).
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
	words, err := r.readWords()
	if err != nil {
		return Sentence{}, err
	}
	return ParseSentence(words), nil
}

// ReadWords reads the next non-empty sentence as raw words.
func (r *Reader) ReadWords() ([]string, error) { return r.readWords() }

func (r *Reader) sentenceLimit() int {
	if r.MaxSentenceSize > 0 {
		return r.MaxSentenceSize
	}
	return max(4*r.maxWord, 64<<20)
}

func (r *Reader) readWords() ([]string, error) {
	for {
		r.buf, r.ends = r.buf[:0], r.ends[:0]
		limit := r.sentenceLimit()
		for {
			n, err := r.ReadLength()
			if err != nil {
				if len(r.ends) > 0 {
					err = unexpectedEOF(err)
				}
				return nil, err
			}
			if n == 0 {
				break
			}
			if n > r.maxWord {
				return nil, &ProtocolError{Reason: fmt.Sprintf("word of %d bytes exceeds the limit of %d bytes", n, r.maxWord)}
			}
			if len(r.buf)+n > limit {
				return nil, &ProtocolError{Reason: fmt.Sprintf("sentence exceeds the limit of %d bytes", limit)}
			}
			if err := r.readN(n); err != nil {
				return nil, unexpectedEOF(err)
			}
			r.ends = append(r.ends, len(r.buf))
		}
		if len(r.ends) == 0 {
			continue // empty sentence: ignored, as the router does
		}
		all := string(r.buf) // one allocation for every word of the sentence
		words := make([]string, len(r.ends))
		start := 0
		for i, end := range r.ends {
			words[i] = all[start:end]
			start = end
		}
		if cap(r.buf) > 1<<20 {
			r.buf = nil // do not pin one huge sentence's buffer for the connection's life
		}
		return words, nil
	}
}

// readN appends exactly n bytes from the stream to r.buf. Memory grows with the bytes that actually
// arrive, so a peer announcing a large word and sending little costs little.
func (r *Reader) readN(n int) error {
	const chunk = 64 << 10
	for n > 0 {
		step := min(n, chunk)
		l := len(r.buf)
		if cap(r.buf)-l < step {
			grow := max(step, min(n, 2*cap(r.buf)))
			nb := make([]byte, l, l+grow)
			copy(nb, r.buf)
			r.buf = nb
		}
		r.buf = r.buf[:l+step]
		if _, err := io.ReadFull(r.br, r.buf[l:]); err != nil {
			r.buf = r.buf[:l]
			return err
		}
		n -= step
	}
	return nil
}

func unexpectedEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}
