// Package canned is a loopback RouterOS API server that answers every command with replies encoded
// once, in advance: it measures what a client costs, not what a router costs. It accepts any login,
// answers tagged requests with tagged replies and untagged requests (go-routeros in its synchronous
// mode) with untagged ones, and batches the replies of pipelined requests into one write.
package canned

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"strconv"
	"sync"

	"github.com/rosgen/routeros/wire"
)

// Commands the server knows. Any other command gets a bare !done.
const (
	// CmdIdentity answers one !re (=name=MikroTik) and a !done: the smallest round trip.
	CmdIdentity = "/system/identity/print"
	// CmdInterfaces answers Config.InterfaceRows rows of 12 attributes each.
	CmdInterfaces = "/interface/print"
	// CmdAddresses answers Config.AddressRows /ip/address rows (9 attributes each).
	CmdAddresses = "/ip/address/print"
	// CmdAddressList answers Config.StreamRows /ip/firewall/address-list rows (7 attributes each),
	// encoded as they are written, so the server holds only one 64 KiB buffer however many rows.
	CmdAddressList = "/ip/firewall/address-list/print"
	// CmdCancel answers !done (and the cancelled command, already fully written, is not affected).
	CmdCancel = "/cancel"
)

// Config sizes the canned replies.
type Config struct {
	InterfaceRows int // rows of CmdInterfaces; 0 means 10,000
	AddressRows   int // rows of CmdAddresses; 0 means 10,000
	StreamRows    int // rows of CmdAddressList; 0 means 1,000,000
}

// Server is a started canned-reply server on a loopback port.
type Server struct {
	ln  net.Listener
	cfg Config

	interfaces []byte // every row of CmdInterfaces, each without its tag word and terminator
	ifaceEnds  []int  // end offset of each row in interfaces
	addresses  []byte
	addrEnds   []int

	mu    sync.Mutex
	conns map[net.Conn]struct{}
	wg    sync.WaitGroup
}

// Start listens on 127.0.0.1 and serves until Close.
func Start(cfg Config) (*Server, error) {
	if cfg.InterfaceRows <= 0 {
		cfg.InterfaceRows = 10000
	}
	if cfg.AddressRows <= 0 {
		cfg.AddressRows = 10000
	}
	if cfg.StreamRows <= 0 {
		cfg.StreamRows = 1000000
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{ln: ln, cfg: cfg, conns: map[net.Conn]struct{}{}}
	s.interfaces, s.ifaceEnds = encodeRows(cfg.InterfaceRows, interfaceRow)
	s.addresses, s.addrEnds = encodeRows(cfg.AddressRows, addressRow)
	s.wg.Add(1)
	go s.accept()
	return s, nil
}

// Addr is the server's host:port.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Close stops the server, closes every connection and waits for their goroutines.
func (s *Server) Close() error {
	err := s.ln.Close()
	s.mu.Lock()
	for c := range s.conns {
		_ = c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
	return err
}

func (s *Server) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		s.conns[c] = struct{}{}
		s.mu.Unlock()
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			_ = s.serve(c)
			s.mu.Lock()
			delete(s.conns, c)
			s.mu.Unlock()
			_ = c.Close()
		}()
	}
}

func (s *Server) serve(c net.Conn) error {
	rd := wire.NewReader(c, 0)
	w := bufio.NewWriterSize(c, 64<<10)
	var tagWord []byte
	for {
		req, err := rd.ReadSentence()
		if err != nil {
			return err
		}
		tagWord = tagWord[:0]
		if req.HasTag {
			tagWord = wire.AppendWord(tagWord, ".tag="+req.Tag)
		}
		switch req.Word {
		case CmdIdentity:
			err = writeSentence(w, identityRe, tagWord)
		case CmdInterfaces:
			err = writeRows(w, s.interfaces, s.ifaceEnds, tagWord)
		case CmdAddresses:
			err = writeRows(w, s.addresses, s.addrEnds, tagWord)
		case CmdAddressList:
			err = s.writeAddressList(w, tagWord)
		}
		if err == nil {
			err = writeSentence(w, done, tagWord)
		}
		// Pipelined requests already read get their replies in the same write.
		if err == nil && rd.Buffered() == 0 {
			err = w.Flush()
		}
		if err != nil {
			return err
		}
	}
}

var (
	identityRe = wire.AppendWord(wire.AppendWord(nil, "!re"), "=name=MikroTik")
	done       = wire.AppendWord(nil, "!done")
)

// writeSentence writes words (encoded, without the terminator), the tag word and the terminator.
func writeSentence(w *bufio.Writer, words, tagWord []byte) error {
	_, _ = w.Write(words)
	_, _ = w.Write(tagWord)
	return w.WriteByte(0)
}

// InterfaceReply returns the encoded reply of CmdInterfaces with n rows and the given tag ("" for
// none): n !re sentences and a !done, as the server writes them.
func InterfaceReply(n int, tag string) []byte {
	rows, ends := encodeRows(n, interfaceRow)
	var tagWord []byte
	if tag != "" {
		tagWord = wire.AppendWord(nil, ".tag="+tag)
	}
	var b []byte
	start := 0
	for _, end := range ends {
		b = append(append(append(b, rows[start:end]...), tagWord...), 0)
		start = end
	}
	return append(append(append(b, done...), tagWord...), 0)
}

func writeRows(w *bufio.Writer, rows []byte, ends []int, tagWord []byte) error {
	start := 0
	for _, end := range ends {
		if err := writeSentence(w, rows[start:end], tagWord); err != nil {
			return err
		}
		start = end
	}
	return nil
}

// encodeRows encodes n rows back to back (each without tag and terminator).
func encodeRows(n int, row func(i int) []string) ([]byte, []int) {
	var b []byte
	ends := make([]int, 0, n)
	for i := range n {
		for _, w := range row(i) {
			b = wire.AppendWord(b, w)
		}
		ends = append(ends, len(b))
	}
	return b, ends
}

func id(i int) string { return "*" + strconv.FormatUint(uint64(i+1), 16) }

// interfaceRow is a /interface/print row of a real router: 12 attributes.
func interfaceRow(i int) []string {
	name := "ether" + strconv.Itoa(i+1)
	return []string{
		"!re",
		"=.id=" + id(i),
		"=name=" + name,
		"=default-name=" + name,
		"=type=ether",
		"=mtu=1500",
		"=actual-mtu=1500",
		"=l2mtu=1598",
		fmt.Sprintf("=mac-address=48:8F:5A:%02X:%02X:%02X", byte(i>>16), byte(i>>8), byte(i)),
		"=last-link-up-time=2024-05-06 10:11:12",
		"=link-downs=" + strconv.Itoa(i%7),
		"=running=true",
		"=disabled=false",
	}
}

// addressRow is an /ip/address/print row: 9 attributes, as the typed client decodes them.
func addressRow(i int) []string {
	a, b := byte(i>>8), byte(i)
	return []string{
		"!re",
		"=.id=" + id(i),
		fmt.Sprintf("=address=10.%d.%d.1/24", a, b),
		fmt.Sprintf("=network=10.%d.%d.0", a, b),
		"=interface=ether" + strconv.Itoa(i%8+1),
		"=actual-interface=ether" + strconv.Itoa(i%8+1),
		"=invalid=false",
		"=dynamic=false",
		"=disabled=false",
		"=comment=site " + strconv.Itoa(i),
	}
}

// writeAddressList encodes and writes the address-list rows one at a time, without allocating.
func (s *Server) writeAddressList(w *bufio.Writer, tagWord []byte) error {
	var b []byte
	for i := range s.cfg.StreamRows {
		b = b[:0]
		b = wire.AppendWord(b, "!re")
		at := len(b)
		b = append(b, 0, '=', '.', 'i', 'd', '=', '*')
		b = strconv.AppendUint(b, uint64(i+1), 16)
		b = endWord(b, at)
		b = wire.AppendWord(b, "=list=blocklist")
		at = len(b)
		b = append(b, 0)
		b = append(b, "=address="...)
		b = strconv.AppendUint(b, uint64(byte(i>>16)|0x40), 10)
		b = append(b, '.')
		b = strconv.AppendUint(b, uint64(byte(i>>8)), 10)
		b = append(b, '.')
		b = strconv.AppendUint(b, uint64(byte(i)), 10)
		b = endWord(b, at)
		b = wire.AppendWord(b, "=creation-time=2025-01-02 03:04:05")
		b = wire.AppendWord(b, "=dynamic=false")
		b = wire.AppendWord(b, "=disabled=false")
		b = wire.AppendWord(b, "=comment=feed")
		if err := writeSentence(w, b, tagWord); err != nil {
			return err
		}
	}
	return nil
}

// endWord sets the one-byte length prefix at dst[at] of the word that follows it (shorter than 128
// bytes).
func endWord(dst []byte, at int) []byte {
	n := len(dst) - at - 1
	if n >= 0x80 {
		panic(errors.New("canned: word too long for endWord"))
	}
	dst[at] = byte(n)
	return dst
}
