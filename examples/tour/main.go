// Command tour is a short walk through the typed RouterOS client: system resources, interfaces and a
// typed filter, a listener that sees an address come and go, 64 goroutines adding address-list
// entries over one connection, a duplicate refused with ros.ErrAlreadyExists, and traffic samples
// that follow an interface being disabled and enabled.
//
//	go run ./examples/tour
//
// With no router configured it starts the embedded simulator (package sim) and talks to it over a
// real loopback socket; the README shows the output of such a run. To run it against a router, set
// ROUTEROS_ADDR (host or host:port), ROUTEROS_USER and ROUTEROS_PASSWORD. The tour then changes
// only what it creates and removes again: a bridge named tour-br0 with the documentation address
// 192.0.2.1/32, and 64 entries of the address list "tour" (198.51.100.1 to 198.51.100.64).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/rosgen/routeros/ros"
	iface "github.com/rosgen/routeros/ros/interface"
	"github.com/rosgen/routeros/ros/ip"
	"github.com/rosgen/routeros/ros/system"
	"github.com/rosgen/routeros/sim"
	"github.com/rosgen/routeros/wire"
)

const (
	bridgeName = "tour-br0"
	listName   = "tour"
	goroutines = 64
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := run(ctx, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "tour:", err)
		os.Exit(1)
	}
}

// connect dials the router named by the environment, or starts the simulator when there is none.
// The returned function closes what connect opened.
func connect(ctx context.Context, out io.Writer) (*wire.Conn, func(), error) {
	cfg := wire.Config{
		Address:  os.Getenv("ROUTEROS_ADDR"),
		Username: os.Getenv("ROUTEROS_USER"),
		Password: os.Getenv("ROUTEROS_PASSWORD"),
	}
	stop := func() {}
	if cfg.Address == "" {
		srv, err := sim.Start(sim.Config{})
		if err != nil {
			return nil, nil, err
		}
		stop = func() { srv.Close() }
		cfg.Address, cfg.Username, cfg.Password = srv.Addr(), "admin", ""
		fmt.Fprintf(out, "No ROUTEROS_ADDR set: started the built-in simulator (RouterOS %s) on a loopback port.\n", srv.Version())
	} else if cfg.Username == "" {
		cfg.Username = "admin"
	}
	conn, err := wire.Dial(ctx, cfg)
	if err != nil {
		stop()
		return nil, nil, err
	}
	return conn, func() { conn.Close(); stop() }, nil
}

func run(ctx context.Context, out io.Writer) error {
	conn, closeAll, err := connect(ctx, out)
	if err != nil {
		return err
	}
	defer closeAll()

	ifc := iface.New(conn)
	ipc := ip.New(conn)
	sys := system.New(conn)

	// 1. System resources: typed values (time.Duration, int64).
	res, err := sys.Resource.Get(ctx)
	if err != nil {
		return fmt.Errorf("system resource: %w", err)
	}
	fmt.Fprintf(out, "\nSystem: %s, RouterOS %s, %d CPUs, %s of %s memory free, up %s\n",
		res.BoardName, res.Version, res.CPUCount, mib(res.FreeMemory), mib(res.TotalMemory), res.Uptime)

	// 2. Interfaces as a table, and a typed filter that the router evaluates.
	ifaces, err := ifc.List(ctx)
	if err != nil {
		return fmt.Errorf("list interfaces: %w", err)
	}
	fmt.Fprintln(out, "\nInterfaces:")
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  NAME\tTYPE\tMTU\tRUNNING\tMAC ADDRESS")
	for _, i := range ifaces {
		mac := i.MACAddress.String()
		if mac == "" {
			mac = "-"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%d\t%t\t%s\n", i.Name, i.Type, i.ActualMTU, i.Running, mac)
	}
	tw.Flush()
	w := iface.InterfaceWhere
	running, err := ifc.List(ctx, w.Type.Eq("ether"), w.Running.Eq(true))
	if err != nil {
		return fmt.Errorf("list running ethernets: %w", err)
	}
	names := make([]string, len(running))
	for i, r := range running {
		names[i] = r.Name
	}
	fmt.Fprintf(out, "Running ethernets (?type=ether ?running=true, filtered by the router): %s\n", strings.Join(names, " "))

	// The tour's own bridge: the address and the traffic samples below use it, so that on a real
	// router nothing but what the tour creates is touched.
	bridgeID, err := ifc.Bridge.Add(ctx, iface.BridgeSpec{Name: ros.Some(bridgeName), Comment: ros.Some("examples/tour")})
	if err != nil {
		return fmt.Errorf("add bridge: %w", err)
	}
	defer ifc.Bridge.Remove(context.WithoutCancel(ctx), bridgeID)
	fmt.Fprintf(out, "Added bridge %s.\n", bridgeName)

	if err := watchAddresses(ctx, out, ipc); err != nil {
		return err
	}
	if err := sharedConnection(ctx, out, ipc); err != nil {
		return err
	}
	if err := traffic(ctx, out, ifc, bridgeID); err != nil {
		return err
	}

	// 6. Uptime again: the router's clock has moved on while the tour ran.
	res2, err := sys.Resource.Get(ctx)
	if err != nil {
		return fmt.Errorf("system resource: %w", err)
	}
	fmt.Fprintf(out, "\nSystem: up %s now (%s at the start of the tour).\n", res2.Uptime, res.Uptime)
	fmt.Fprintln(out, "Done.")
	return nil
}

// watchAddresses (3) watches /ip/address on the tour's bridge: Watch yields the current items, then
// Synced once the snapshot is complete, then every change, with nothing missed or repeated in
// between, so the add needs no sleep before it. It then adds and removes an address and prints the
// events the router sent. iter.Pull2 turns the stream into a next function; stop cancels the watch
// on the router.
func watchAddresses(ctx context.Context, out io.Writer, ipc *ip.Client) error {
	fmt.Fprintf(out, "\nWatching /ip/address where interface=%s.\n", bridgeName)
	next, stop := iter.Pull2(ipc.Address.Watch(ctx, ip.AddressWhere.Interface.Eq(bridgeName)))
	defer stop()
	event := func() (ros.WatchEvent[ip.Address], error) {
		ev, err, ok := next()
		if !ok && err == nil {
			err = errors.New("watch ended")
		}
		return ev, err
	}
	snapshot := 0
	for {
		ev, err := event()
		if err != nil {
			return fmt.Errorf("watch: %w", err)
		}
		if ev.Kind == ros.Synced {
			break
		}
		snapshot++
	}
	fmt.Fprintf(out, "  synced: %d addresses on %s now; every change from here on is reported\n", snapshot, bridgeName)

	prefix := netip.MustParsePrefix("192.0.2.1/32")
	id, err := ipc.Address.Add(ctx, ip.AddressSpec{
		Address:   ros.Some(prefix),
		Interface: ros.Some(bridgeName),
		Comment:   ros.Some("added by examples/tour"),
	})
	if err != nil {
		return fmt.Errorf("add address: %w", err)
	}
	fmt.Fprintf(out, "  added %s as %s\n", prefix, id)
	ev, err := event()
	if err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	fmt.Fprintf(out, "  event: %s %s: %s on %s, network %s\n", ev.Kind, ev.ID, ev.Item.Address, ev.Item.Interface, ev.Item.Network)

	if err := ipc.Address.Remove(ctx, id); err != nil {
		return fmt.Errorf("remove address: %w", err)
	}
	fmt.Fprintf(out, "  removed %s\n", id)
	if ev, err = event(); err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	fmt.Fprintf(out, "  event: %s %s\n", ev.Kind, ev.ID)
	return nil
}

// sharedConnection (4) has 64 goroutines add address-list entries at once over the one connection
// (every command is tagged, so they are all in flight together), then adds a duplicate, which the
// router refuses: errors.Is matches ros.ErrAlreadyExists, and errors.As still reaches the router's
// own text.
func sharedConnection(ctx context.Context, out io.Writer, ipc *ip.Client) error {
	al, w := ipc.Firewall.AddressList, ip.FirewallAddressListWhere
	addr := func(i int) string { return "198.51.100." + strconv.Itoa(i+1) }
	defer al.RemoveWhere(context.WithoutCancel(ctx), w.List.Eq(listName))

	errs := make([]error, goroutines)
	var wg sync.WaitGroup
	for i := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = al.Add(ctx, ip.FirewallAddressListSpec{List: ros.Some(listName), Address: ros.Some(addr(i))})
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("concurrent adds: %w", err)
	}
	n, err := al.Count(ctx, w.List.Eq(listName))
	if err != nil {
		return fmt.Errorf("count: %w", err)
	}
	fmt.Fprintf(out, "\n%d goroutines, one connection: %d adds, none failed; address list %q holds %d entries.\n",
		goroutines, goroutines, listName, n)

	_, err = al.Add(ctx, ip.FirewallAddressListSpec{List: ros.Some(listName), Address: ros.Some(addr(0))})
	var trap *wire.TrapError
	if !errors.Is(err, ros.ErrAlreadyExists) || !errors.As(err, &trap) {
		return fmt.Errorf("duplicate add: %v, want ros.ErrAlreadyExists", err)
	}
	fmt.Fprintf(out, "Adding %s again: errors.Is(err, ros.ErrAlreadyExists) is true; the router said %q.\n", addr(0), trap.Message)

	removed, err := al.RemoveWhere(ctx, w.List.Eq(listName))
	if err != nil {
		return fmt.Errorf("remove: %w", err)
	}
	fmt.Fprintf(out, "RemoveWhere(list=%s) removed %d entries in one command.\n", listName, removed)
	return nil
}

// traffic (5) streams monitor-traffic samples of the tour's bridge and prints a sample whenever it
// differs from the one before, while the bridge is disabled and enabled again. Breaking out of the
// loop cancels the command on the router.
func traffic(ctx context.Context, out io.Writer, ifc *iface.Client, bridgeID string) error {
	fmt.Fprintf(out, "\nTraffic on %s, a line per change (a sample a second):\n", bridgeName)
	type sample struct{ rx, tx int64 }
	var last *sample
	steps := []struct {
		say string
		do  func(context.Context, ...string) error
	}{{"disable", ifc.Disable}, {"enable", ifc.Enable}}
	step, unchanged := -1, 0
	const patience = 5 // samples to wait for a change: an idle bridge on a real router shows none
	for s, err := range ifc.MonitorTraffic(ctx, iface.MonitorTrafficArgs{
		Interface: ros.Some([]string{bridgeName}),
		Interval:  ros.Some(time.Second),
	}) {
		if err != nil {
			return fmt.Errorf("monitor-traffic: %w", err)
		}
		cur := sample{s.RxBitsPerSecond, s.TxBitsPerSecond}
		if last != nil && cur == *last && unchanged < patience {
			unchanged++
			continue
		}
		if last != nil && cur == *last {
			fmt.Fprintf(out, "  (no change in %d samples)\n", patience)
		} else {
			fmt.Fprintf(out, "  rx %s  tx %s\n", rate(cur.rx), rate(cur.tx))
		}
		last, unchanged = &cur, 0
		if step++; step == len(steps) {
			break
		}
		if err := steps[step].do(ctx, bridgeID); err != nil {
			return fmt.Errorf("%s %s: %w", steps[step].say, bridgeName, err)
		}
		fmt.Fprintf(out, "  %sd %s\n", steps[step].say, bridgeName)
	}
	return nil
}

func mib(b int64) string { return strconv.FormatInt(b>>20, 10) + " MiB" }

func rate(bps int64) string {
	switch {
	case bps >= 1e6:
		return strconv.FormatFloat(float64(bps)/1e6, 'f', 1, 64) + " Mbit/s"
	case bps >= 1e3:
		return strconv.FormatFloat(float64(bps)/1e3, 'f', 1, 64) + " kbit/s"
	}
	return strconv.FormatInt(bps, 10) + " bit/s"
}
