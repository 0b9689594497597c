package system_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/rosgen/routeros/ros"
	"github.com/rosgen/routeros/ros/system"
	"github.com/rosgen/routeros/sim"
	"github.com/rosgen/routeros/wire"
)

// Example reads the system resource, renames the router and reboots it. The router here is the
// simulator; with a real router, only the wire.Config changes.
func Example() {
	router, err := sim.Start(sim.Config{RebootDelay: 50 * time.Millisecond})
	if err != nil {
		log.Fatal(err)
	}
	defer router.Close()
	ctx := context.Background()
	conn, err := wire.Dial(ctx, wire.Config{Address: router.Addr(), Username: "admin"})
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	sys := system.New(conn)

	res, err := sys.Resource.Get(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Version, res.TotalMemory > res.FreeMemory)

	if err := sys.Identity.Set(ctx, system.IdentitySpec{Name: ros.Some("core-1")}); err != nil {
		log.Fatal(err)
	}
	id, err := sys.Identity.Get(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(id.Name)

	// The router drops every session while it reboots: this connection ends with it.
	fmt.Println(sys.Reboot(ctx))
	<-conn.Done()
	fmt.Println("connection closed by the reboot")
	// Output:
	// 7.24 (stable) true
	// core-1
	// <nil>
	// connection closed by the reboot
}
