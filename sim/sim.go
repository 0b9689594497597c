// Package sim is an in-memory RouterOS router that speaks the RouterOS API over real sockets: what
// net/http/httptest is to HTTP code, sim is to RouterOS automation.
//
// Its menus come from the project's schema model, so every menu described there is served with the
// router's generic verbs (print/getall with queries, get, add, set, unset, remove, enable, disable,
// move, listen) and the router's error texts. It also serves the protocol itself as docs/protocol.md
// describes it: both login methods, tags and interleaving, /cancel, /quit, the replies to unknown
// commands, !empty on RouterOS 7.18 and later, streaming commands (/interface/monitor-traffic, /ping,
// listen and print follow=), /system/reboot, and /console/inspect, which describes the served schema's
// command tree as RouterOS does (docs/protocol.md#console-inspect), so `rosgen import -router` can be
// tested against it. Faults can be injected to test clients under failure.
//
// Typical use in a test:
//
//	srv, err := sim.Start(sim.Config{})
//	if err != nil { t.Fatal(err) }
//	defer srv.Close()
//	conn, err := wire.Dial(ctx, wire.Config{Address: srv.Addr(), Username: "admin"})
//
// A program that chooses its address (cmd/rossim) uses Listen, or New and Serve.
//
// # Layout
//
// The Server is a thin shell, as net/http/httptest's is: it owns listeners, sessions, logins,
// faults, limits and TLS, and hands every sentence of a logged-in session to the router
// (sim/internal/router), which owns menus, tables, watchers and verbs and knows nothing of sockets.
// The router's menus are the schema's (package schema), facts included: defaults, uniqueness keys
// and the router's duplicate texts, built-in items, locks of dynamic and built-in items, views.
//
// The package ros/rostest wraps this in one call. The rossim command serves the same router to
// clients written in any language.
//
// # Fidelity
//
// Texts and behaviour follow docs/protocol.md and real router transcripts. Where RouterOS's behaviour is
// not known the simulator makes a plausible choice, marked UNVERIFIED in the source: the answer to
// a command before login ("!fatal not logged in"), the pre-login limits, the text for a missing
// required argument or a malformed typed value, the answer to /cancel of an unknown tag (a bare
// !done), the ordering of ?< and ?> (numeric for integers, else byte-wise). Item ids are per menu
// ("*1", "*2", ... "*A"), interfaces share one id space. Counters grow at a steady per-interface
// rate, so monitor-traffic and the byte counters agree.
package sim

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rosgen/routeros/schema"
	"github.com/rosgen/routeros/sim/internal/router"
)

// Groups a User may belong to, with the policies RouterOS gives its default groups.
const (
	GroupFull  = "full"  // every policy
	GroupWrite = "write" // everything but user and policy management
	GroupRead  = "read"  // no write policy: add, set, remove... are refused
)

// User is an account of the simulated router.
type User struct {
	// Name is the login name.
	Name string
	// Password is the login password (empty is allowed, as for a factory admin). It never appears in
	// logs or String output.
	Password string
	// Group is GroupFull, GroupWrite or GroupRead; "" means GroupFull. Any other value has only the
	// read policy.
	Group string
}

// String returns the user's name and group. The password never appears.
func (u User) String() string { return u.Name + " (group " + u.group() + ")" }

func (u User) group() string {
	if u.Group == "" {
		return GroupFull
	}
	return u.Group
}

func (u User) can(policy string) bool {
	switch u.group() {
	case GroupFull:
		return true
	case GroupWrite:
		return policy != "policy"
	default:
		return policy == "read" || policy == "test" || policy == "reboot" || policy == "api"
	}
}

// DefaultVersion is the RouterOS version the simulator reports when Config.Version is empty.
const DefaultVersion = "7.24"

// Config configures a Server. The zero value is a factory router: user admin with an empty password,
// RouterOS 7.24, the default configuration.
type Config struct {
	// Users are the accounts that may log in. Empty means one user "admin" with an empty password in
	// group full, as on a factory router.
	Users []User
	// Version is the RouterOS version reported by /system/resource and deciding protocol behaviour
	// (7.18 and later send !empty). Empty means DefaultVersion.
	Version string
	// LegacyLogin makes the router use the pre-6.43 MD5 challenge login: the first /login is answered
	// with a challenge, whatever it carries.
	LegacyLogin bool
	// Blank starts the router with no configuration at all: no interfaces, addresses or servers, only
	// the entries RouterOS itself owns (the schema's items: built-in interface lists, default
	// logging rules, the services).
	Blank bool
	// RebootDelay is how long /system/reboot keeps the router refusing sessions. 0 means 2 seconds.
	RebootDelay time.Duration
	// MaxPreLoginSentences bounds how many sentences a client may send before logging in; the session
	// is closed past it. 0 means 8 (the router's own number is UNVERIFIED).
	MaxPreLoginSentences int
	// MaxPreLoginSize bounds the size of one sentence before login; the session is closed past it.
	// 0 means 16 KiB (UNVERIFIED on real routers).
	MaxPreLoginSize int
	// MaxSessions bounds concurrent sessions, like /ip/service max-sessions; extra connections are
	// closed at once. 0 means no limit.
	MaxSessions int
	// LoginTimeout closes a connection that has not logged in within this time (an idle connection
	// would otherwise stay open forever). 0 means 1 minute; negative disables it. The router's own
	// figure is UNVERIFIED.
	LoginTimeout time.Duration
	// MaxPendingBytes bounds the memory held by request sentences not yet read completely, summed
	// over every session; a session whose sentence would pass it is closed. 0 means 64 MiB. One
	// sentence is also bounded by itself: 16 MiB after login, MaxPreLoginSize before.
	MaxPendingBytes int64
	// SchemaFiles are schema YAML files, or directories of them, served beside the built-in menus
	// (see schema.WithFiles): menus a user generated in their own module.
	SchemaFiles []string
	// Logger receives debug records about sessions and commands (passwords never appear). nil
	// discards.
	Logger *slog.Logger
}

// Server is a simulated router. Create it with New or Start; it serves any number of listeners.
type Server struct {
	cfg Config
	log *slog.Logger

	router  *router.Router
	pending atomic.Int64 // bytes of unfinished request sentences, over every session

	mu        sync.Mutex
	listeners map[net.Listener]struct{}
	sessions  map[*session]struct{}
	downUntil time.Time // while rebooting
	closed    bool
	quit      chan struct{} // closed by Close
	reopening int           // reboots whose listeners are not open again yet
	// owned are the listeners opened by Start and StartTLS, with their TLS configuration (nil for
	// plain): a reboot closes them, so that connections are refused, and opens them again.
	owned map[net.Listener]*tls.Config

	faults atomic.Pointer[Faults]
	wg     sync.WaitGroup

	addr, tlsAddr string
	ca            *x509.Certificate
	caPEM         []byte
	tlsCert       *tls.Certificate
}

// ErrServerClosed is returned by Serve after Close.
var ErrServerClosed = errors.New("sim: server closed")

// New returns a server with the configuration's users and state. It does not listen: call Serve,
// Start or StartTLS.
func New(cfg Config) (*Server, error) {
	if cfg.Version == "" {
		cfg.Version = DefaultVersion
	}
	if _, ok := router.ParseVersion(cfg.Version); !ok {
		return nil, fmt.Errorf("sim: invalid RouterOS version %q", cfg.Version)
	}
	if cfg.LoginTimeout == 0 {
		cfg.LoginTimeout = time.Minute
	}
	if cfg.MaxPendingBytes <= 0 {
		cfg.MaxPendingBytes = 64 << 20
	}
	if len(cfg.Users) == 0 {
		cfg.Users = []User{{Name: "admin", Group: GroupFull}}
	}
	if cfg.RebootDelay <= 0 {
		cfg.RebootDelay = 2 * time.Second
	}
	if cfg.MaxPreLoginSentences <= 0 {
		cfg.MaxPreLoginSentences = 8
	}
	if cfg.MaxPreLoginSize <= 0 {
		cfg.MaxPreLoginSize = 16 << 10
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{
		cfg:       cfg,
		log:       log,
		listeners: map[net.Listener]struct{}{},
		sessions:  map[*session]struct{}{},
		quit:      make(chan struct{}),
		owned:     map[net.Listener]*tls.Config{},
	}
	s.faults.Store(&Faults{})
	sch, err := schema.WithFiles(cfg.SchemaFiles...)
	if err != nil {
		return nil, fmt.Errorf("sim: schema: %w", err)
	}
	s.router, err = router.New(router.Config{Schema: sch, Version: cfg.Version, Blank: cfg.Blank, Reboot: s.reboot,
		InspectDrop: func() int {
			if f := s.currentFaults(); f != nil {
				return f.InspectDrop
			}
			return 0
		}})
	if err != nil {
		return nil, fmt.Errorf("sim: %w", err)
	}
	return s, nil
}

// Listen returns a server serving the plain api service on addr ("127.0.0.1:8728", ":0") in the
// background; Addr reports the address. Close stops it.
func Listen(addr string, cfg Config) (*Server, error) {
	s, err := New(cfg)
	if err != nil {
		return nil, err
	}
	if _, err := s.listen(addr, false); err != nil {
		return nil, err
	}
	return s, nil
}

// ListenTLS is Listen for the api-ssl service (see StartTLS for the certificate).
func ListenTLS(addr string, cfg Config) (*Server, error) {
	s, err := New(cfg)
	if err != nil {
		return nil, err
	}
	if _, err := s.listen(addr, true); err != nil {
		return nil, err
	}
	return s, nil
}

// Listen opens addr for the plain api service and serves it in the background; it returns the
// address (also reported by Addr). A reboot closes and reopens it.
func (s *Server) Listen(addr string) (string, error) { return s.listen(addr, false) }

// ListenTLS opens addr for the api-ssl service (see StartTLS for the certificate) and serves it in
// the background; it returns the address (also reported by TLSAddr).
func (s *Server) ListenTLS(addr string) (string, error) { return s.listen(addr, true) }

// Start returns a server listening on a loopback port chosen by the system (see Addr).
func Start(cfg Config) (*Server, error) {
	s, err := New(cfg)
	if err != nil {
		return nil, err
	}
	if _, err := s.Start(); err != nil {
		return nil, err
	}
	return s, nil
}

// Start listens on 127.0.0.1 port 0 for the plain api service and serves it in the background. It
// returns the address, also reported by Addr.
func (s *Server) Start() (string, error) { return s.listen("127.0.0.1:0", false) }

// listen opens addr for the plain (or TLS) service and serves it in the background.
func (s *Server) listen(addr string, useTLS bool) (string, error) {
	var cfg *tls.Config
	if useTLS {
		var err error
		if cfg, err = s.ServerTLSConfig(); err != nil {
			return "", err
		}
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("sim: listen: %w", err)
	}
	s.mu.Lock()
	if useTLS {
		s.tlsAddr = l.Addr().String()
	} else {
		s.addr = l.Addr().String()
	}
	s.mu.Unlock()
	if err := s.serveOwned(l, cfg); err != nil {
		return "", err
	}
	return l.Addr().String(), nil
}

// StartTLS listens on 127.0.0.1 port 0 for the api-ssl service, with a certificate for 127.0.0.1 and
// localhost signed by a CA made for this server (see CACertPEM and ClientTLSConfig), and serves it in
// the background. It returns the address, also reported by TLSAddr.
func (s *Server) StartTLS() (string, error) { return s.listen("127.0.0.1:0", true) }

// Addr is the address of the listener opened by Start ("" before).
func (s *Server) Addr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addr
}

// TLSAddr is the address of the listener opened by StartTLS ("" before).
func (s *Server) TLSAddr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tlsAddr
}

// serveOwned serves a listener the server opened itself (wrapped in TLS when tlsCfg is set) in a
// goroutine.
func (s *Server) serveOwned(l net.Listener, tlsCfg *tls.Config) error {
	var sl net.Listener = l
	if tlsCfg != nil {
		sl = tls.NewListener(l, tlsCfg)
	}
	if err := s.track(sl, true); err != nil {
		return err
	}
	s.mu.Lock()
	s.owned[sl] = tlsCfg
	s.mu.Unlock()
	go func() {
		defer s.wg.Done()
		_ = s.serve(sl)
	}()
	return nil
}

// track registers a listener; with goroutine it also counts the goroutine that will serve it.
func (s *Server) track(l net.Listener, goroutine bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		l.Close()
		return ErrServerClosed
	}
	s.listeners[l] = struct{}{}
	if goroutine {
		s.wg.Add(1)
	}
	return nil
}

// Serve accepts sessions on l until l fails or the server is closed, and then returns the error
// (ErrServerClosed after Close). Sessions go on after Serve returns; Close ends them. Wrap l with
// tls.NewListener (see ServerTLSConfig) for the api-ssl service.
func (s *Server) Serve(l net.Listener) error {
	if err := s.track(l, false); err != nil {
		return err
	}
	return s.serve(l)
}

func (s *Server) serve(l net.Listener) error {
	var delay time.Duration
	for {
		c, err := l.Accept()
		if err != nil {
			s.mu.Lock()
			closed := s.closed
			delete(s.listeners, l)
			s.mu.Unlock()
			if closed {
				return ErrServerClosed
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				delay = min(max(2*delay, 5*time.Millisecond), time.Second)
				time.Sleep(delay)
				continue
			}
			return err
		}
		delay = 0
		s.mu.Lock()
		refuse := s.closed || time.Now().Before(s.downUntil) ||
			(s.cfg.MaxSessions > 0 && len(s.sessions) >= s.cfg.MaxSessions)
		if refuse {
			s.mu.Unlock()
			c.Close()
			continue
		}
		ss := newSession(s, c)
		s.sessions[ss] = struct{}{}
		s.wg.Add(1)
		s.mu.Unlock()
		go func() {
			defer s.wg.Done()
			ss.run()
			s.mu.Lock()
			delete(s.sessions, ss)
			s.mu.Unlock()
		}()
	}
}

// Close stops every listener, ends every session and waits until their goroutines have returned.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		s.wg.Wait()
		return nil
	}
	s.closed = true
	close(s.quit)
	for l := range s.listeners {
		l.Close()
	}
	sessions := make([]*session, 0, len(s.sessions))
	for ss := range s.sessions {
		sessions = append(sessions, ss)
	}
	s.mu.Unlock()
	for _, ss := range sessions {
		ss.close()
	}
	s.wg.Wait()
	return nil
}

// Sessions returns the number of open sessions.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}

// Version returns the RouterOS version the server reports.
func (s *Server) Version() string { return s.cfg.Version }

// reboot drops every session and refuses new ones for the configured delay: the listeners the
// server opened itself are closed (connections are refused) and opened again on the same
// addresses afterwards; listeners given to Serve stay open but close new connections at once.
func (s *Server) reboot() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.downUntil = time.Now().Add(s.cfg.RebootDelay)
	sessions := make([]*session, 0, len(s.sessions))
	for ss := range s.sessions {
		sessions = append(sessions, ss)
	}
	type reopen struct {
		addr string
		tls  *tls.Config
	}
	var down []reopen
	for l, tlsCfg := range s.owned {
		down = append(down, reopen{l.Addr().String(), tlsCfg})
		delete(s.owned, l)
		l.Close()
	}
	if len(down) > 0 {
		s.wg.Add(1)
		s.reopening++
		go func() {
			defer s.wg.Done()
			defer func() {
				s.mu.Lock()
				s.reopening--
				s.mu.Unlock()
			}()
			t := time.NewTimer(s.cfg.RebootDelay)
			defer t.Stop()
			select {
			case <-t.C:
			case <-s.quit:
				return
			}
			for _, r := range down {
				l, err := net.Listen("tcp", r.addr)
				if err != nil {
					s.log.Warn("sim: cannot listen again after reboot", "addr", r.addr, "err", err.Error())
					continue
				}
				if err := s.serveOwned(l, r.tls); err != nil {
					return
				}
			}
		}()
	}
	s.mu.Unlock()
	s.log.Debug("sim: rebooting", "down", s.cfg.RebootDelay)
	for _, ss := range sessions {
		ss.closeAfterFlush()
	}
}

// Rebooting reports whether the router is down after /system/reboot.
func (s *Server) Rebooting() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return time.Now().Before(s.downUntil) || s.reopening > 0
}

// Menus returns the paths of every menu the simulator serves, sorted.
func (s *Server) Menus() []string { return s.router.Menus() }

// Reboot does what /system/reboot does: it drops every session and refuses new ones for
// Config.RebootDelay.
func (s *Server) Reboot() { s.reboot() }
