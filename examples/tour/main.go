// Command tour is a five-minute walk through the typed RouterOS client: it lists interfaces, adds
// and removes an address while watching the change events, reads system resources and streams a
// few traffic samples.
//
//	go run ./examples/tour
//
// With no router configured it starts the embedded simulator (package sim) and talks to it over a
// real loopback socket. To run it against a router, set ROUTEROS_ADDR (host or host:port),
// ROUTEROS_USER and ROUTEROS_PASSWORD; the tour then adds 192.0.2.1/32 (a documentation address)
// to the first ethernet interface for a moment and removes it again.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/rosgen/routeros/ros"
	iface "github.com/rosgen/routeros/ros/interface"
	"github.com/rosgen/routeros/ros/ip"
	"github.com/rosgen/routeros/ros/system"
	"github.com/rosgen/routeros/sim"
	"github.com/rosgen/routeros/wire"
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
		fmt.Fprintf(out, "No ROUTEROS_ADDR set: started the built-in simulator on %s (RouterOS %s).\n\n", srv.Addr(), srv.Version())
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

	// 1. Interfaces as a table.
	ifaces, err := ifc.List(ctx)
	if err != nil {
		return fmt.Errorf("list interfaces: %w", err)
	}
	fmt.Fprintln(out, "Interfaces:")
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  NAME\tTYPE\tMTU\tRUNNING\tDISABLED\tMAC ADDRESS")
	target := ""
	for _, i := range ifaces {
		fmt.Fprintf(tw, "  %s\t%s\t%d\t%t\t%t\t%s\n", i.Name, i.Type, i.ActualMTU, i.Running, i.Disabled, i.MACAddress)
		if target == "" && i.Type == "ether" {
			target = i.Name
		}
	}
	tw.Flush()
	if target == "" {
		return errors.New("no ethernet interface to put the example address on")
	}

	// 2. Watch /ip/address while adding and removing an address.
	watchCtx, stopWatch := context.WithCancel(ctx)
	events := make(chan ros.Event[ip.Address], 4)
	watchDone := make(chan error, 1)
	go func() {
		defer close(events)
		for ev, err := range ipc.Address.Listen(watchCtx) {
			if err != nil {
				if watchCtx.Err() == nil {
					watchDone <- err
				}
				return
			}
			events <- ev
		}
	}()
	time.Sleep(100 * time.Millisecond) // let the listen reach the router before the change

	prefix := netip.MustParsePrefix("192.0.2.1/32")
	fmt.Fprintf(out, "\nAdding %s to %s...\n", prefix, target)
	id, err := ipc.Address.Add(ctx, ip.AddressSpec{
		Address:   ros.Some(prefix),
		Interface: ros.Some(target),
		Comment:   ros.Some("added by examples/tour"),
	})
	if err != nil {
		stopWatch()
		return fmt.Errorf("add address: %w", err)
	}
	added, err := ipc.Address.Get(ctx, id)
	if err != nil {
		stopWatch()
		return fmt.Errorf("get address: %w", err)
	}
	fmt.Fprintf(out, "  added %s: %s on %s, network %s\n", added.ID, added.Address, added.Interface, added.Network)
	if err := ipc.Address.Remove(ctx, id); err != nil {
		stopWatch()
		return fmt.Errorf("remove address: %w", err)
	}
	fmt.Fprintf(out, "  removed %s\n", id)
	fmt.Fprintln(out, "Change events seen by a listener:")
	for seen := 0; seen < 2; {
		select {
		case ev, ok := <-events:
			if !ok {
				seen = 2
				break
			}
			if ev.ID != id {
				continue
			}
			seen++
			if ev.Dead {
				fmt.Fprintf(out, "  %s removed\n", ev.ID)
			} else {
				fmt.Fprintf(out, "  %s is now %s on %s\n", ev.ID, ev.Item.Address, ev.Item.Interface)
			}
		case err := <-watchDone:
			stopWatch()
			return fmt.Errorf("listen: %w", err)
		case <-time.After(5 * time.Second):
			seen = 2
			fmt.Fprintln(out, "  (no event within 5s)")
		}
	}
	stopWatch()
	for range events {
	}

	// 3. System resources.
	res, err := sys.Resource.Get(ctx)
	if err != nil {
		return fmt.Errorf("system resource: %w", err)
	}
	fmt.Fprintf(out, "\nSystem: %s, RouterOS %s, up %s, CPU load %d%%, memory %s free of %s\n",
		res.BoardName, res.Version, res.Uptime, res.CPULoad, mib(res.FreeMemory), mib(res.TotalMemory))

	// 4. A few traffic samples; breaking out of the loop cancels the command on the router.
	fmt.Fprintf(out, "\nTraffic on %s:\n", target)
	n := 0
	for s, err := range ifc.MonitorTraffic(ctx, iface.MonitorTrafficArgs{
		Interface: ros.Some([]string{target}),
		Interval:  ros.Some(250 * time.Millisecond),
	}) {
		if err != nil {
			return fmt.Errorf("monitor-traffic: %w", err)
		}
		fmt.Fprintf(out, "  rx %s  tx %s\n", rate(s.RxBitsPerSecond), rate(s.TxBitsPerSecond))
		if n++; n == 3 {
			break
		}
	}
	fmt.Fprintln(out, "\nDone.")
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
