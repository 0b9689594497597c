// Package router is the simulated RouterOS router behind package sim's server: menus, tables,
// watchers and verbs, answering one request sentence at a time. It knows nothing of sockets,
// sessions, logins, faults or TLS: the server hands it each sentence of a logged-in session with a
// Replier, the way net/http/httptest hands requests to an http.Handler.
//
// Menus come from the schema (package schema): their attributes, defaults, keys, items, locks and
// views are facts read from the YAML; behaviour that is not a fact (connected routes, counters,
// /system/resource) lives in hooks keyed by menu path (hooks_*.go), one file per concern.
package router

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rosgen/routeros/schema"
	"github.com/rosgen/routeros/wire"
)

// Config configures a Router.
type Config struct {
	// Schema holds the menus served. Required.
	Schema *schema.Schema
	// Version is the RouterOS version reported (/system/resource, /system/package) and deciding
	// protocol behaviour (7.18 and later send !empty).
	Version string
	// Blank starts with no configuration: only the entries RouterOS itself owns (the schema's
	// items: built-in interface lists, default logging rules, services).
	Blank bool
	// Reboot is called by /system/reboot and /system/shutdown after their !done is queued.
	Reboot func()
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// InspectDrop, when not nil, returns the fault of the same name in package sim (Faults).
	InspectDrop func() int
}

// Replier sends the replies to one request. Send adds the request's tag; it reports false once the
// session is gone. Stream runs a long command in the background: fn emits !re sentences and returns
// when done; the Replier then sends fn's error (see WriteErr) or !done, unless the command was
// cancelled. Policy reports whether the logged-in user has a RouterOS policy ("read", "write",
// "test", "reboot", "policy").
type Replier interface {
	Send(word string, attrs ...string) bool
	Stream(cmd string, fn func(ctx context.Context, emit func(attrs ...string) bool) error)
	Policy(policy string) bool
}

// Router is a simulated router. Its methods are safe for concurrent use.
type Router struct {
	cfg        Config
	now        func() time.Time
	started    time.Time
	sendsEmpty bool

	mu       sync.Mutex
	menus    map[string]*menuDef // by path
	commands map[string]*command // by full word: hand-written and schema-declared commands
	dirs     map[string]bool     // every path prefix of a menu or command
	tables   map[string]*table
	watchers map[*watcher]struct{}
	inspect  *inode // the command tree /console/inspect describes; read-only after New
	// fullCompletions counts the completion requests that asked for all fields (InspectDrop).
	fullCompletions atomic.Int64
}

// New returns a router with the schema's menus and, unless cfg.Blank, a factory configuration.
func New(cfg Config) (*Router, error) {
	if cfg.Schema == nil {
		return nil, errors.New("router: no schema")
	}
	v, ok := ParseVersion(cfg.Version)
	if !ok {
		return nil, fmt.Errorf("invalid RouterOS version %q", cfg.Version)
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	r := &Router{
		cfg:        cfg,
		now:        now,
		started:    now(),
		sendsEmpty: v >= 7018000,
		tables:     map[string]*table{},
		watchers:   map[*watcher]struct{}{},
	}
	if err := r.loadMenus(); err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.loadItems(); err != nil {
		return nil, err
	}
	if !cfg.Blank {
		if err := r.loadFactory(); err != nil {
			return nil, fmt.Errorf("factory configuration: %w", err)
		}
	}
	return r, nil
}

// Menus returns the paths of every menu the router serves, sorted.
func (r *Router) Menus() []string {
	out := make([]string, 0, len(r.menus))
	for p := range r.menus {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// Version returns the RouterOS version the router reports.
func (r *Router) Version() string { return r.cfg.Version }

// SendsEmpty reports whether the version answers an empty print with !empty (7.18 and later).
func (r *Router) SendsEmpty() bool { return r.sendsEmpty }

func (r *Router) uptime() time.Duration { return r.now().Sub(r.started) }

// trapErr is a refusal sent as !trap (one per message) then !done.
type trapErr struct {
	category int // -1: none
	msg      string
	more     []string // further traps, without category
}

func (e *trapErr) Error() string { return e.msg }

func trapf(category int, format string, args ...any) *trapErr {
	return &trapErr{category: category, msg: fmt.Sprintf(format, args...)}
}

// Trap returns an error that WriteErr sends as one !trap with the message (and =category= when
// category >= 0).
func Trap(category int, msg string) error { return &trapErr{category: category, msg: msg} }

// Router texts (docs/protocol.md#router-texts) and the simulator's choices where the real text is unknown.
const (
	msgNoSuchItem    = "no such item (4)"
	msgUnknownParam  = "unknown parameter"
	msgNoPermission  = "not enough permissions (9)"
	msgNoSuchPrefix  = "no such command prefix"
	msgMissingValues = "missing value(s) of argument(s)" // seen from the CLI: "missing value(s) of argument(s) interface"
)

// WriteErr sends err as the router does: each trap of a *trapErr, else a general failure
// (category 4, UNVERIFIED text), then !done.
func WriteErr(send func(word string, attrs ...string) bool, err error) {
	var te *trapErr
	if !errors.As(err, &te) {
		te = &trapErr{category: 4, msg: "failure: " + err.Error()}
	}
	trapOnly(send, te.category, te.msg)
	for _, m := range te.more {
		trapOnly(send, -1, m)
	}
	send("!done")
}

func trapOnly(send func(string, ...string) bool, category int, msg string) {
	if category >= 0 {
		send("!trap", "=category="+strconv.Itoa(category), "=message="+msg)
	} else {
		send("!trap", "=message="+msg)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// ParseVersion reads "7.24", "7.18.2", "6.49" into a comparable number major*1e6+minor*1e3+patch.
func ParseVersion(v string) (int, bool) {
	var parts [3]int
	i := 0
	n := 0
	digits := 0
	for _, c := range v {
		switch {
		case c >= '0' && c <= '9':
			n = n*10 + int(c-'0')
			digits++
			if n > 999 {
				return 0, false
			}
		case c == '.' && digits > 0 && i < 2:
			parts[i] = n
			i++
			n, digits = 0, 0
		default:
			if digits == 0 {
				return 0, false
			}
			// a suffix such as "beta3" or " (stable)" ends the number
			parts[i] = n
			return parts[0]*1e6 + parts[1]*1e3 + parts[2], true
		}
	}
	if digits == 0 {
		return 0, false
	}
	parts[i] = n
	return parts[0]*1e6 + parts[1]*1e3 + parts[2], true
}

// writeVerbs need the write policy.
var writeVerbs = map[string]bool{
	"add": true, "set": true, "unset": true, "remove": true, "enable": true, "disable": true,
	"move": true, "comment": true, "reset": true, "reset-counters": true,
}

// Handle answers one request sentence of a logged-in session.
func (r *Router) Handle(rep Replier, req wire.Sentence) {
	send := rep.Send
	word := req.Word
	if c := r.commands[word]; c != nil {
		if !rep.Policy(c.policy) {
			trapOnly(send, -1, msgNoPermission)
			send("!done")
			return
		}
		c.run(r, rep, req)
		return
	}
	m, verb := r.menuVerb(word)
	if m == nil {
		WriteErr(send, r.unknownCommand(word))
		return
	}
	policy := "read"
	if writeVerbs[verb] {
		policy = "write"
	}
	if !rep.Policy(policy) {
		trapOnly(send, -1, msgNoPermission)
		send("!done")
		return
	}
	var err error
	switch verb {
	case "print", "getall":
		err = r.print(rep, m, req, false)
		if err == nil {
			return
		}
	case "listen":
		err = r.print(rep, m, req, true)
		if err == nil {
			return
		}
	case "get":
		var v string
		if v, err = r.get(m, req); err == nil {
			send("!done", "=ret="+v)
			return
		}
	case "add":
		var id string
		if id, err = r.add(m, req); err == nil {
			send("!done", "=ret="+id)
			return
		}
	case "set", "comment":
		err = r.set(m, req, verb)
	case "unset":
		err = r.unset(m, req)
	case "remove":
		err = r.remove(m, req)
	case "enable", "disable":
		err = r.enable(m, req, verb)
	case "move":
		err = r.move(m, req)
	case "reset", "export":
		// reset puts counters back on a real router; the simulator's counters are derived from the
		// uptime, so there is nothing to change. export prints console text: nothing here.
		err = r.checkTargets(m, req)
	}
	if err != nil {
		WriteErr(send, err)
		return
	}
	send("!done")
}

// menuVerb splits a command word into a menu and one of its verbs, or returns nil.
func (r *Router) menuVerb(word string) (*menuDef, string) {
	for i := len(word) - 1; i > 0; i-- {
		if word[i] == '/' {
			m := r.menus[word[:i]]
			verb := word[i+1:]
			if m != nil && m.verbs[verb] {
				return m, verb
			}
			return nil, ""
		}
	}
	return nil, ""
}

// unknownCommand builds the router's two traps for a path or verb it does not have:
// "no such command or directory (X)" with the first part that does not resolve, then "no such
// command prefix".
func (r *Router) unknownCommand(word string) *trapErr {
	bad := word
	if len(word) > 0 && word[0] == '/' {
		segs := splitPath(word[1:])
		prefix := ""
		bad = segs[len(segs)-1]
		for i, seg := range segs {
			prefix += "/" + seg
			if r.dirs[prefix] {
				continue
			}
			if i == len(segs)-1 {
				if m := r.menus[prefix[:len(prefix)-len(seg)-1]]; m != nil && m.verbs[seg] {
					continue
				}
			}
			bad = seg
			break
		}
	}
	return &trapErr{category: 0, msg: "no such command or directory (" + bad + ")", more: []string{msgNoSuchPrefix}}
}

func splitPath(p string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(p); i++ {
		if i == len(p) || p[i] == '/' {
			out = append(out, p[start:i])
			start = i + 1
		}
	}
	return out
}
