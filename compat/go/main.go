// Command compat-go checks that go-routeros v3.0.1, a RouterOS client nobody in this project wrote,
// works against rossim: login, print with a query, add, remove, listen and cancel. It exits non-zero
// with a message on the first failure.
//
//	go run . -addr 127.0.0.1:8728
package main

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/go-routeros/routeros/v3"
	"github.com/go-routeros/routeros/v3/proto"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8728", "rossim address")
	user := flag.String("user", "admin", "user name")
	password := flag.String("password", "", "password")
	flag.Parse()
	if err := run(*addr, *user, *password); err != nil {
		fmt.Fprintln(os.Stderr, "compat-go: FAIL:", err)
		os.Exit(1)
	}
	fmt.Println("compat-go: go-routeros v3.0.1: ok")
}

func run(addr, user, password string) error {
	c, err := routeros.DialTimeout(addr, user, password, 10*time.Second)
	if err != nil {
		return fmt.Errorf("login: %w", err)
	}
	defer c.Close()

	if _, err := routeros.DialTimeout(addr, user, password+"-wrong", 10*time.Second); err == nil {
		return fmt.Errorf("login with a wrong password succeeded")
	}

	// print with a query: ether OR bridge, names only
	r, err := c.Run("/interface/print", "=.proplist=name,type", "?type=ether", "?type=bridge", "?#|")
	if err != nil {
		return fmt.Errorf("print: %w", err)
	}
	var names []string
	for _, s := range r.Re {
		names = append(names, s.Map["name"])
	}
	sort.Strings(names)
	if got := strings.Join(names, ","); got != "bridge,ether1,ether2,ether3,ether4,ether5" {
		return fmt.Errorf("print ?type=ether ?type=bridge ?#|: got %q", got)
	}

	// listen to /ip/address while another command adds and removes an address. go-routeros hands
	// listen sentences over an unbuffered channel by default (Queue 0): its reader then blocks on the
	// listen event and the add's !done is never read. A queue avoids that known limitation.
	c.Queue = 16
	l, err := c.Listen("/ip/address/listen")
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	time.Sleep(100 * time.Millisecond)
	r, err = c.Run("/ip/address/add", "=address=192.0.2.1/24", "=interface=ether1", "=comment=compat-go")
	if err != nil {
		return fmt.Errorf("add: %w", err)
	}
	id := r.Done.Map["ret"]
	if !strings.HasPrefix(id, "*") {
		return fmt.Errorf("add returned %q, want an id", id)
	}
	if s, err := next(l); err != nil {
		return err
	} else if s.Map[".id"] != id || s.Map["address"] != "192.0.2.1/24" {
		return fmt.Errorf("listen: add event %v", s.Map)
	}
	r, err = c.Run("/ip/address/print", "?comment=compat-go")
	if err != nil || len(r.Re) != 1 || r.Re[0].Map["network"] != "192.0.2.0" {
		return fmt.Errorf("print after add: %v %v", r, err)
	}
	if _, err := c.Run("/ip/address/remove", "=.id="+id); err != nil {
		return fmt.Errorf("remove: %w", err)
	}
	if s, err := next(l); err != nil {
		return err
	} else if s.Map[".id"] != id || (s.Map[".dead"] != "yes" && s.Map[".dead"] != "true") {
		return fmt.Errorf("listen: remove event %v", s.Map)
	}
	if _, err := c.Run("/ip/address/remove", "=.id="+id); err == nil {
		return fmt.Errorf("second remove succeeded")
	} else if !strings.Contains(err.Error(), "no such item") {
		return fmt.Errorf("second remove: %v", err)
	}

	if _, err := l.Cancel(); err != nil {
		return fmt.Errorf("cancel: %w", err)
	}
	timeout := time.After(5 * time.Second)
	for {
		select {
		case _, ok := <-l.Chan():
			if !ok {
				if l.Done == nil || l.Done.Map["message"] != "interrupted" {
					return fmt.Errorf("listen ended with %v", l.Done)
				}
				// the connection still works after the cancel
				if _, err := c.Run("/system/identity/print"); err != nil {
					return fmt.Errorf("after cancel: %w", err)
				}
				return nil
			}
		case <-timeout:
			return fmt.Errorf("listen channel not closed 5s after /cancel")
		}
	}
}

func next(l *routeros.ListenReply) (*proto.Sentence, error) {
	select {
	case s, ok := <-l.Chan():
		if !ok {
			return nil, fmt.Errorf("listen ended early: %v", l.Done)
		}
		return s, nil
	case <-time.After(5 * time.Second):
		return nil, fmt.Errorf("no listen event within 5s")
	}
}
