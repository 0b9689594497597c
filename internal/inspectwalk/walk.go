// Package inspectwalk reads a router's command tree through /console/inspect over the API and
// writes it in the JSON format of the reference dumps (the tikoci/restraml inspect.json and
// deep-inspect.json): nested objects keyed by name, "_type" dir|path|cmd|arg, "desc" the syntax
// text of an argument, "_completion" {value: {style, preference, desc}} its completions, and a
// "_meta" header with the version and the walk's statistics. rosgen import reads that format.
//
// The walk sends request=child for every dir, path and cmd node, request=syntax and (with
// Options.Completions) request=completion for every argument. Each command has its own deadline;
// a command that fails or times out is tried again a bounded number of times. Completion is known
// to drop entries over the API (docs/protocol.md#console-inspect): every argument's completion
// values are asked twice, once with all fields and once with .proplist=completion,show (the form
// that drops least), and the full query is repeated while the name list has entries it lacks.
// What could not be read after the retries is counted in _meta and makes Walk return
// ErrIncomplete beside the JSON.
//
// The output is deterministic: keys are sorted, except an argument's completions, which keep the
// router's order as the reference dumps do (a set's values, print's properties), and nothing
// depends on timing except the retry counters, which are zero against a router that answers every
// command.
package inspectwalk

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rosgen/routeros/wire"
)

// Options configures a walk. The zero value walks the whole tree without completions.
type Options struct {
	// Root is the subtree to walk, as path elements ({"ip", "firewall"}); nil walks from the root.
	// The output still nests the subtree under its ancestors.
	Root []string
	// Completions asks request=completion for every argument (the deep dump's "_completion").
	Completions bool
	// Concurrency is the most commands in flight at once; 0 means 4. Routers stall under many
	// concurrent inspect commands: keep it small.
	Concurrency int
	// Timeout is the deadline of one command; 0 means 15s.
	Timeout time.Duration
	// Retries is how many more times a command that failed or timed out is sent; 0 means 3,
	// a negative value none.
	Retries int
	// BlankRetries is how many more times a completion that came back empty is asked again; 0
	// means 1, a negative value none. Most arguments have no completions, so this multiplies the
	// cost of a walk.
	BlankRetries int
	// Skip lists top-level commands whose arguments are not asked for syntax or completion: nil
	// means DefaultSkip. RouterOS 7.20.8 and older hang on some of them.
	Skip []string
}

// DefaultSkip are the scripting keywords whose syntax or completion request at the top level
// (path=do) hangs RouterOS 7.20.8 and older (tikoci/restraml, deep-inspect.ts CRASH_PATHS; fixed
// by 7.21.4; nested paths are safe). restraml's crawl skips the syntax of every argument with one of
// these words anywhere in its path, so the reference dumps have no syntax text under /routing/rule
// or /routing/filter/rule; this walk skips only the top-level commands.
var DefaultSkip = []string{"where", "do", "else", "rule", "command", "on-error"}

// ErrIncomplete reports that some commands failed after every retry: the JSON is returned but
// misses what they would have said (see _meta).
var ErrIncomplete = errors.New("inspectwalk: walk incomplete")

// Node is one node of the tree as written to JSON.
type Node struct {
	Type       string
	Desc       string
	Completion Completions
	Children   map[string]*Node
}

// Completion is one completion candidate.
type Completion struct {
	Value      string `json:"-"`
	Style      string `json:"style"`
	Preference *int   `json:"preference,omitempty"`
	Desc       string `json:"desc,omitempty"`
}

// Completions are an argument's candidates in the router's order, which the reference dumps keep
// (a set's values, print's properties): written as one JSON object in that order.
type Completions []Completion

// MarshalJSON writes {value: {style, preference, desc}, ...} in slice order.
func (cs Completions) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, c := range cs {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(c.Value)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(c)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// MarshalJSON writes the node in the dump format: "_type", "desc", "_completion", then the
// children by name (encoding/json sorts map keys, "_" before letters).
func (n *Node) MarshalJSON() ([]byte, error) {
	m := make(map[string]any, len(n.Children)+3)
	if n.Type != "" {
		m["_type"] = n.Type
	}
	if n.Desc != "" {
		m["desc"] = n.Desc
	}
	if len(n.Completion) > 0 {
		m["_completion"] = n.Completion
	}
	for k, c := range n.Children {
		m[k] = c
	}
	return json.Marshal(m)
}

// Meta is the "_meta" header.
type Meta struct {
	Version         string          `json:"version,omitempty"`
	APITransport    string          `json:"apiTransport"`
	Root            string          `json:"root,omitempty"`
	CrashPaths      []string        `json:"crashPathsSkipped"`
	CompletionStats CompletionStats `json:"completionStats"`
	CrawlStats      CrawlStats      `json:"crawlStats"`
}

// CompletionStats counts the completion requests, in the deep dump's terms.
type CompletionStats struct {
	// ArgsTotal is the number of arguments asked.
	ArgsTotal int `json:"argsTotal"`
	// ArgsWithCompletion have at least one completion.
	ArgsWithCompletion int `json:"argsWithCompletion"`
	// ArgsFailed failed after every retry (error or timeout).
	ArgsFailed int `json:"argsFailed"`
	// ArgsTimedOut timed out at least once.
	ArgsTimedOut int `json:"argsTimedOut"`
	// ArgsBlankOnRetry came back empty and were asked again.
	ArgsBlankOnRetry int `json:"argsBlankOnRetry"`
	// ArgsDropped returned fewer entries with all fields than names alone at least once.
	ArgsDropped int `json:"argsDropped"`
	// ArgsIncomplete still lack the fields of some names after every retry; those entries are
	// written with style "none".
	ArgsIncomplete int `json:"argsIncomplete"`
	// Retries is the number of completion commands sent again.
	Retries int `json:"retries"`
}

// CrawlStats counts the child and syntax requests.
type CrawlStats struct {
	Nodes        int      `json:"nodes"`
	Args         int      `json:"args"`
	PathsFailed  int      `json:"pathsFailed"`
	SyntaxFailed int      `json:"syntaxFailed"`
	FailedPaths  []string `json:"failedPaths,omitempty"`
	Retries      int      `json:"retries"`
}

const maxFailedPaths = 50

// Walk reads the tree of the router behind r (a *wire.Conn or a *wire.Pool) and returns it as
// indented JSON. When ctx ends, Walk returns ctx's error and no JSON. When some commands failed
// after their retries, the JSON is returned with an error matching ErrIncomplete.
func Walk(ctx context.Context, r wire.Runner, opts Options) ([]byte, error) {
	w := newWalker(r, opts)
	tree, meta, err := w.walk(ctx)
	if err != nil {
		return nil, err
	}
	out, err := marshal(tree, meta)
	if err != nil {
		return nil, err
	}
	if meta.CrawlStats.PathsFailed > 0 || meta.CrawlStats.SyntaxFailed > 0 || meta.CompletionStats.ArgsFailed > 0 {
		return out, fmt.Errorf("%w: %d paths, %d syntax and %d completion requests failed", ErrIncomplete,
			meta.CrawlStats.PathsFailed, meta.CrawlStats.SyntaxFailed, meta.CompletionStats.ArgsFailed)
	}
	return out, nil
}

func marshal(tree *Node, meta *Meta) ([]byte, error) {
	top := make(map[string]any, len(tree.Children)+1)
	top["_meta"] = meta
	for k, c := range tree.Children {
		top[k] = c
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(top); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

type walker struct {
	r    wire.Runner
	opts Options
	skip map[string]bool

	mu     sync.Mutex // guards the tree, meta and the queue
	cond   *sync.Cond
	queue  []job
	busy   int
	meta   Meta
	failed []string
}

type job struct {
	path []string
	node *Node
}

func newWalker(r wire.Runner, opts Options) *walker {
	if opts.Concurrency <= 0 {
		opts.Concurrency = 4
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 15 * time.Second
	}
	if opts.Retries == 0 {
		opts.Retries = 3
	}
	opts.Retries = max(opts.Retries, 0)
	if opts.BlankRetries == 0 {
		opts.BlankRetries = 1
	}
	opts.BlankRetries = max(opts.BlankRetries, 0)
	if opts.Skip == nil {
		opts.Skip = DefaultSkip
	}
	w := &walker{r: r, opts: opts, skip: map[string]bool{}}
	for _, s := range opts.Skip {
		w.skip[s] = true
	}
	w.cond = sync.NewCond(&w.mu)
	return w
}

func (w *walker) walk(ctx context.Context) (*Node, *Meta, error) {
	w.meta = Meta{APITransport: "api", CrashPaths: slices.Clone(w.opts.Skip), Root: "/" + strings.Join(w.opts.Root, "/")}
	if v, err := w.version(ctx); err == nil {
		w.meta.Version = v
	} else if ctx.Err() != nil {
		return nil, nil, ctx.Err()
	}
	tree := &Node{}
	start := tree
	// The ancestors of the subtree: their node types, from request=self.
	for i := range w.opts.Root {
		p := w.opts.Root[:i+1]
		re, err := w.run(ctx, nil, "self", p)
		if err != nil {
			if ctx.Err() != nil {
				return nil, nil, ctx.Err()
			}
			return nil, nil, fmt.Errorf("inspect /%s: %w", strings.Join(p, "/"), err)
		}
		n := &Node{}
		for _, s := range re {
			if v, _ := s.Get("type"); v == "self" {
				n.Type, _ = s.Get("node-type")
			}
		}
		if start.Children == nil {
			start.Children = map[string]*Node{}
		}
		start.Children[p[i]] = n
		start = n
	}
	w.queue = append(w.queue, job{path: slices.Clone(w.opts.Root), node: start})

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	for range w.opts.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.work(ctx)
		}()
	}
	// Wake the workers when ctx ends so they see it.
	stop := context.AfterFunc(ctx, func() {
		w.mu.Lock()
		w.cond.Broadcast()
		w.mu.Unlock()
	})
	wg.Wait()
	stop()
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	slices.Sort(w.failed)
	if len(w.failed) > maxFailedPaths {
		w.failed = w.failed[:maxFailedPaths]
	}
	w.meta.CrawlStats.FailedPaths = w.failed
	return tree, &w.meta, nil
}

// work takes jobs until the queue is empty and no job is running (no more can come), or ctx ends.
func (w *walker) work(ctx context.Context) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for {
		for len(w.queue) == 0 && w.busy > 0 && ctx.Err() == nil {
			w.cond.Wait()
		}
		if ctx.Err() != nil || len(w.queue) == 0 {
			w.cond.Broadcast()
			return
		}
		j := w.queue[len(w.queue)-1]
		w.queue = w.queue[:len(w.queue)-1]
		w.busy++
		w.mu.Unlock()
		next := w.do(ctx, j)
		w.mu.Lock()
		w.busy--
		w.queue = append(w.queue, next...)
		w.cond.Broadcast()
	}
}

// do runs one job: the children of a dir, path or cmd node, or the syntax and completions of an
// argument. It returns the jobs of the children to walk.
func (w *walker) do(ctx context.Context, j job) []job {
	if j.node.Type == "arg" {
		w.arg(ctx, j)
		return nil
	}
	re, err := w.run(ctx, &w.meta.CrawlStats.Retries, "child", j.path)
	if err != nil {
		if ctx.Err() == nil {
			w.mu.Lock()
			w.meta.CrawlStats.PathsFailed++
			w.failed = append(w.failed, "/"+strings.Join(j.path, "/"))
			w.mu.Unlock()
		}
		return nil
	}
	var next []job
	kids := map[string]*Node{}
	for _, s := range re {
		if t, _ := s.Get("type"); t != "child" {
			continue
		}
		name, _ := s.Get("name")
		typ, _ := s.Get("node-type")
		if name == "" {
			continue
		}
		n := &Node{Type: typ}
		kids[name] = n
		p := append(slices.Clone(j.path), name)
		if typ == "arg" && w.skipped(p) {
			continue
		}
		next = append(next, job{path: p, node: n})
	}
	w.mu.Lock()
	j.node.Children = kids
	w.meta.CrawlStats.Nodes += len(kids)
	for _, n := range kids {
		if n.Type == "arg" {
			w.meta.CrawlStats.Args++
		}
	}
	w.mu.Unlock()
	// Walk names in reverse so the LIFO queue takes them in order (only the order of the
	// requests; the output does not depend on it).
	slices.SortFunc(next, func(a, b job) int { return strings.Compare(b.path[len(b.path)-1], a.path[len(a.path)-1]) })
	return next
}

func (w *walker) skipped(p []string) bool { return len(p) > 0 && w.skip[p[0]] }

// arg reads the syntax text and, if asked, the completions of one argument.
func (w *walker) arg(ctx context.Context, j job) {
	re, err := w.run(ctx, &w.meta.CrawlStats.Retries, "syntax", j.path)
	var desc string
	if err == nil && len(re) == 1 {
		desc, _ = re[0].Get("text")
	}
	var comps Completions
	var st CompletionStats
	if w.opts.Completions && ctx.Err() == nil {
		comps, st = w.completions(ctx, j.path)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if err != nil && ctx.Err() == nil {
		w.meta.CrawlStats.SyntaxFailed++
		w.failed = append(w.failed, "/"+strings.Join(j.path, "/"))
	}
	j.node.Desc = desc
	j.node.Completion = comps
	cs := &w.meta.CompletionStats
	cs.ArgsTotal += st.ArgsTotal
	cs.ArgsWithCompletion += st.ArgsWithCompletion
	cs.ArgsFailed += st.ArgsFailed
	cs.ArgsTimedOut += st.ArgsTimedOut
	cs.ArgsBlankOnRetry += st.ArgsBlankOnRetry
	cs.ArgsDropped += st.ArgsDropped
	cs.ArgsIncomplete += st.ArgsIncomplete
	cs.Retries += st.Retries
}

// completions asks an argument's completions: the names (.proplist=completion,show, which drops
// least), then all fields, again while names lack their fields. Only candidates shown (show=true)
// are kept, as the reference dumps do. The order is that of a full answer that had every name, else
// that of the names.
func (w *walker) completions(ctx context.Context, path []string) (Completions, CompletionStats) {
	st := CompletionStats{ArgsTotal: 1}
	timedOut := false
	ask := func(proplist string) ([]wire.Sentence, bool) {
		var extra []string
		if proplist != "" {
			extra = []string{"=.proplist=" + proplist}
		}
		for attempt := 0; ; attempt++ {
			re, err := w.runOnce(ctx, "completion", path, extra...)
			if err == nil {
				return re, true
			}
			if errors.Is(err, context.DeadlineExceeded) {
				timedOut = true
			}
			if ctx.Err() != nil || attempt >= w.opts.Retries || !retryable(err) {
				return nil, false
			}
			st.Retries++
		}
	}
	names := map[string]bool{}
	var order []string
	addNames := func(re []wire.Sentence) {
		for _, s := range re {
			v, ok := s.Get("completion")
			if !ok || !shown(s) || names[v] {
				continue
			}
			names[v] = true
			order = append(order, v)
		}
	}
	re, ok := ask("completion,show")
	if !ok {
		st.ArgsFailed = 1
		st.ArgsTimedOut = b2i(timedOut)
		return nil, st
	}
	addNames(re)
	if len(re) == 0 && w.opts.BlankRetries > 0 {
		st.ArgsBlankOnRetry = 1
		for i := 0; i < w.opts.BlankRetries && len(names) == 0; i++ {
			st.Retries++
			if re, ok = ask("completion,show"); ok {
				addNames(re)
			}
		}
	}
	full := map[string]Completion{}
	// All fields: at least once when there are names, then while some name lacks its fields.
	for attempt := 0; len(names) > 0 && attempt <= w.opts.Retries; attempt++ {
		if attempt > 0 {
			st.Retries++
		}
		re, ok := ask("")
		if !ok {
			break
		}
		got := 0
		var seen []string
		for _, s := range re {
			v, ok := s.Get("completion")
			if !ok || !shown(s) {
				continue
			}
			got++
			seen = append(seen, v)
			if !names[v] {
				names[v] = true // the name query dropped it: the full one is as good a witness
				order = append(order, v)
			}
			if _, ok := full[v]; !ok {
				full[v] = entry(s)
			}
		}
		if got < len(names) {
			st.ArgsDropped = 1
		} else {
			order = seen // a whole answer: the router's order
		}
		if len(full) == len(names) {
			break
		}
	}
	st.ArgsTimedOut = b2i(timedOut)
	if len(names) == 0 {
		return nil, st
	}
	st.ArgsWithCompletion = 1
	out := make(Completions, 0, len(order))
	for _, v := range order {
		c, ok := full[v]
		if !ok {
			st.ArgsIncomplete = 1
			c = Completion{Style: "none"}
		}
		c.Value = v
		out = append(out, c)
	}
	return out, st
}

func shown(s wire.Sentence) bool {
	v, ok := s.Get("show")
	return !ok || v == "true" || v == "yes"
}

func entry(s wire.Sentence) Completion {
	c := Completion{Style: "none"}
	if v, _ := s.Get("style"); v != "" {
		c.Style = v
	}
	if v, ok := s.Get("preference"); ok {
		if n, err := strconv.Atoi(v); err == nil {
			c.Preference = &n
		}
	}
	c.Desc, _ = s.Get("text")
	return c
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// run sends one inspect request with retries, counting them in *retries (guarded by w.mu).
func (w *walker) run(ctx context.Context, retries *int, request string, path []string) ([]wire.Sentence, error) {
	for attempt := 0; ; attempt++ {
		re, err := w.runOnce(ctx, request, path)
		if err == nil || ctx.Err() != nil || attempt >= w.opts.Retries || !retryable(err) {
			return re, err
		}
		if retries != nil {
			w.mu.Lock()
			*retries++
			w.mu.Unlock()
		}
	}
}

// retryable reports whether sending the command again may help: a timeout or a broken
// connection may; the router refusing the request (a trap) will refuse it again.
func retryable(err error) bool {
	var trap *wire.TrapError
	return !errors.As(err, &trap)
}

// runOnce sends one inspect request under its own deadline.
func (w *walker) runOnce(ctx context.Context, request string, path []string, extra ...string) ([]wire.Sentence, error) {
	cctx, cancel := context.WithTimeout(ctx, w.opts.Timeout)
	defer cancel()
	words := append([]string{"/console/inspect", "=request=" + request, "=path=" + strings.Join(path, ",")}, extra...)
	r, err := w.r.Run(cctx, words...)
	if err != nil {
		return nil, err
	}
	return r.Re, nil
}

// version reads the RouterOS version ("7.24") from /system/resource.
func (w *walker) version(ctx context.Context) (string, error) {
	cctx, cancel := context.WithTimeout(ctx, w.opts.Timeout)
	defer cancel()
	r, err := w.r.Run(cctx, "/system/resource/print", "=.proplist=version")
	if err != nil {
		return "", err
	}
	for _, s := range r.Re {
		if v, ok := s.Get("version"); ok {
			if i := strings.IndexByte(v, ' '); i >= 0 {
				v = v[:i]
			}
			return v, nil
		}
	}
	return "", errors.New("no version")
}
