package sim

// QueuedChanges reports how many changes wait for listeners, summed (for the tests of bounds).
func QueuedChanges(s *Server) int { return s.router.QueuedChanges() }
