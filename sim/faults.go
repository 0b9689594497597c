package sim

import "time"

// Faults are failures the server injects into its sessions, for testing how a client behaves under
// them. Counts are per session and count the reply sentences the server has written; 0 disables a
// fault. Set them with SetFaults; they apply from the next sentence written, in every session.
type Faults struct {
	// DropAfter closes the session (without a !fatal) once this many sentences have been written.
	DropAfter int
	// StallAfter stops writing once this many sentences have been written: the session stays open
	// and reads requests but answers nothing more, as a hung router does.
	StallAfter int
	// Latency delays every reply sentence by this much, one after the other: a slow router, whose
	// session writes N replies in N*Latency. Compare RTT.
	Latency time.Duration
	// RTT models a long network path: each reply sentence is written no earlier than RTT after its
	// request arrived, and requests are not serialised: N pipelined requests are all answered after
	// about one RTT. Replies a request produces later (listen events) go out at once.
	RTT time.Duration
	// SplitWrites writes every reply one byte per write (one TCP segment each on loopback).
	SplitWrites bool
	// ControlByteAfter writes the reserved control byte 0xF8 once this many sentences have been
	// written (and then goes on writing: a correct client has closed the connection by then).
	ControlByteAfter int
	// IgnoreCancel makes /cancel answer !done without stopping anything.
	IgnoreCancel bool
	// FatalAfter sends "!fatal" with a bare reason word and closes the session once this many
	// sentences have been written.
	FatalAfter int
	// FatalReason is the reason sent by FatalAfter; "" means "simulated failure".
	FatalReason string
	// InspectDrop makes every other /console/inspect request=completion that asks for all fields
	// (no .proplist) and has more than InspectDrop candidates lose the candidates past the first
	// InspectDrop, as RouterOS's API is reported to do (docs/protocol.md#console-inspect). The
	// count of such requests is kept per server, so a request sent again gets the whole list.
	InspectDrop int
}

// SetFaults replaces the faults injected into every session.
func (s *Server) SetFaults(f Faults) {
	s.faults.Store(&f)
}

// ClearFaults removes every injected fault.
func (s *Server) ClearFaults() { s.SetFaults(Faults{}) }

func (s *Server) currentFaults() *Faults { return s.faults.Load() }
