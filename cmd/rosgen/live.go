package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/rosgen/routeros/internal/inspectwalk"
	"github.com/rosgen/routeros/wire"
)

// liveFlags are the flags of `rosgen import` that read the tree from a router (or rossim) instead
// of a dump file. The password is never a flag: it is read from the environment variable named by
// -password-env, so it appears in no process list, shell history or error.
type liveFlags struct {
	addr        *string
	user        *string
	passwordEnv *string
	root        *string
	concurrency *int
	timeout     *time.Duration
	retries     *int
	save        *string
	noComp      *bool
}

// addLiveFlags registers the live-source flags on fl.
func addLiveFlags(fl *flag.FlagSet) *liveFlags {
	return &liveFlags{
		addr:        fl.String("router", "", "read the tree from this router's API (host, host:port; port 8729 means TLS) instead of -tree"),
		user:        fl.String("user", "admin", "user name for -router"),
		passwordEnv: fl.String("password-env", "ROUTEROS_PASSWORD", "environment variable holding the password for -router"),
		root:        fl.String("router-path", "", "walk only this subtree of -router (\"/ip/firewall\")"),
		concurrency: fl.Int("router-concurrency", 4, "inspect commands in flight at once on -router"),
		timeout:     fl.Duration("router-timeout", 15*time.Second, "deadline of one inspect command"),
		retries:     fl.Int("router-retries", 3, "times a failed, timed-out or short inspect command is sent again"),
		save:        fl.String("save-dump", "", "also write the dump read from -router to this file"),
		noComp:      fl.Bool("router-no-completions", false, "do not ask completions (faster; types from syntax texts only)"),
	}
}

// enabled reports whether -router was given.
func (l *liveFlags) enabled() bool { return *l.addr != "" }

// dump walks the router and returns its tree in the dump format. Progress and a partial walk are
// reported on log; a partial walk is still returned (its _meta says what is missing).
func (l *liveFlags) dump(ctx context.Context, log io.Writer) ([]byte, error) {
	var root []string
	if p := strings.Trim(*l.root, "/"); p != "" {
		root = strings.Split(p, "/")
	}
	out, err := liveDump(ctx, *l.addr, *l.user, os.Getenv(*l.passwordEnv), inspectwalk.Options{
		Root:        root,
		Completions: !*l.noComp,
		Concurrency: *l.concurrency,
		Timeout:     *l.timeout,
		Retries:     *l.retries,
	})
	if errors.Is(err, inspectwalk.ErrIncomplete) {
		fmt.Fprintf(log, "rosgen import: %v; importing what was read\n", err)
		err = nil
	}
	if err != nil {
		return nil, err
	}
	if *l.save != "" {
		if err := os.WriteFile(*l.save, out, 0o644); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// liveDump logs in to the router at addr and walks its command tree (see package inspectwalk). The
// connections come from a wire.Pool, so a connection the router stops answering is replaced
// instead of failing the rest of the walk. An incomplete walk returns the dump and an error
// matching inspectwalk.ErrIncomplete.
func liveDump(ctx context.Context, addr, user, password string, opts inspectwalk.Options) ([]byte, error) {
	size := max(opts.Concurrency/4, 1) + 1
	pool, err := wire.NewPool(ctx, wire.PoolConfig{Size: size, Config: wire.Config{
		Address:  addr,
		Username: user,
		Password: password,
	}})
	if err != nil {
		return nil, fmt.Errorf("router %s: %w", addr, err)
	}
	defer pool.Close()
	return inspectwalk.Walk(ctx, pool, opts)
}
