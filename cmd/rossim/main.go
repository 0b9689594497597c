// Command rossim serves a simulated RouterOS router (package sim) over the RouterOS API, so that
// clients in any language can be tested without a router.
//
//	rossim [-listen 127.0.0.1:8728] [-tls-listen 127.0.0.1:8729] [-user name:password]... [-legacy-login] [-ros-version 7.24]
//
// On start it prints one line per listener, "rossim: api listening on HOST:PORT" and
// "rossim: api-ssl listening on HOST:PORT" (the real port when port 0 was asked), then serves until
// SIGINT or SIGTERM and exits 0. With -tls-listen it also writes the CA of its self-signed
// certificate to the file named by -tls-ca, when given. Without -user there is one user, admin, with
// an empty password, as on a factory router. A user may carry a group: -user name:password:read.
//
// Faults: -latency models a slow router: every reply sentence waits that long, one after the other,
// so a session writes N replies in N*latency (it also helps clients that register a reply tag only
// after sending the request). -rtt models a long link to a fast router: each reply goes out no
// earlier than rtt after its request arrived, and requests are not serialised, so N pipelined
// requests are answered after about one rtt. The two add up when both are given.
//
// As a long-running service (a CI router for clients in other languages): -max-sessions refuses
// connections past a number of sessions, -login-timeout closes connections that do not log in
// (default 1m), -max-pending-bytes bounds the memory of unfinished request sentences over all
// sessions (default 64 MiB), and a listen whose client does not read keeps a bounded queue. -schema
// serves menus from your own schema files beside the built-in ones; -blank starts with no
// configuration.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/rosgen/routeros/sim"
)

type userFlags []sim.User

func (u *userFlags) String() string {
	names := make([]string, len(*u))
	for i, x := range *u {
		names[i] = x.Name
	}
	return strings.Join(names, ",")
}

func (u *userFlags) Set(v string) error {
	name, rest, ok := strings.Cut(v, ":")
	if !ok || name == "" {
		return errors.New("want name:password (or name:password:group)")
	}
	pw, group := rest, ""
	if i := strings.LastIndexByte(rest, ':'); i >= 0 {
		switch g := rest[i+1:]; g {
		case sim.GroupFull, sim.GroupWrite, sim.GroupRead:
			pw, group = rest[:i], g
		}
	}
	*u = append(*u, sim.User{Name: name, Password: pw, Group: group})
	return nil
}

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("rossim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:8728", "address of the api service (empty: off)")
	tlsListen := fs.String("tls-listen", "", "address of the api-ssl service (empty: off)")
	tlsCA := fs.String("tls-ca", "", "file to write the PEM CA certificate of the api-ssl service to")
	var users userFlags
	fs.Var(&users, "user", "a user as name:password or name:password:group (full, write, read); repeatable")
	legacy := fs.Bool("legacy-login", false, "use the pre-6.43 MD5 challenge login")
	version := fs.String("ros-version", sim.DefaultVersion, "RouterOS version to report (7.18 and later send !empty)")
	rebootDelay := fs.Duration("reboot-delay", 2*time.Second, "how long /system/reboot keeps the router down")
	latency := fs.Duration("latency", 0, "a slow router: delay every reply sentence by this much, one after the other")
	rtt := fs.Duration("rtt", 0, "a long link: answer each request no earlier than this after it arrived, requests not serialised")
	maxSessions := fs.Int("max-sessions", 0, "refuse connections past this many sessions (0: no limit)")
	loginTimeout := fs.Duration("login-timeout", time.Minute, "close a connection that has not logged in within this time (negative: never)")
	maxPending := fs.Int64("max-pending-bytes", 64<<20, "bound on bytes of unfinished request sentences over all sessions")
	var schemas stringsFlag
	fs.Var(&schemas, "schema", "a schema YAML file or directory served beside the built-in menus; repeatable")
	blank := fs.Bool("blank", false, "start with no configuration (only the entries RouterOS itself owns)")
	verbose := fs.Bool("v", false, "log sessions and commands to stderr")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *listen == "" && *tlsListen == "" {
		fmt.Fprintln(stderr, "rossim: nothing to serve: -listen and -tls-listen are both empty")
		return 2
	}
	cfg := sim.Config{Users: users, Version: *version, LegacyLogin: *legacy, RebootDelay: *rebootDelay,
		MaxSessions: *maxSessions, LoginTimeout: *loginTimeout, MaxPendingBytes: *maxPending, SchemaFiles: schemas, Blank: *blank}
	if *verbose {
		cfg.Logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	srv, err := sim.New(cfg)
	if err != nil {
		fmt.Fprintln(stderr, "rossim:", err)
		return 1
	}
	defer srv.Close()
	srv.SetFaults(sim.Faults{Latency: *latency, RTT: *rtt})

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	if *listen != "" {
		addr, err := srv.Listen(*listen)
		if err != nil {
			fmt.Fprintln(stderr, "rossim:", err)
			return 1
		}
		fmt.Fprintf(stdout, "rossim: api listening on %s\n", addr)
	}
	if *tlsListen != "" {
		if *tlsCA != "" {
			pem, err := srv.CACertPEM()
			if err == nil {
				err = os.WriteFile(*tlsCA, pem, 0o644)
			}
			if err != nil {
				fmt.Fprintln(stderr, "rossim:", err)
				return 1
			}
		}
		addr, err := srv.ListenTLS(*tlsListen)
		if err != nil {
			fmt.Fprintln(stderr, "rossim:", err)
			return 1
		}
		fmt.Fprintf(stdout, "rossim: api-ssl listening on %s\n", addr)
	}
	if f, ok := stdout.(interface{ Sync() error }); ok {
		_ = f.Sync()
	}
	<-ctx.Done()
	return 0
}

// stringsFlag collects a repeatable string flag.
type stringsFlag []string

func (f *stringsFlag) String() string     { return strings.Join(*f, ",") }
func (f *stringsFlag) Set(v string) error { *f = append(*f, v); return nil }
