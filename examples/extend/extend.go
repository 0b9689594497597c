// Package extend is an example of a module of your own that adds a RouterOS menu the SDK does not
// generate: schema/container.yaml describes /container (RouterOS's separate container package, which
// the SDK's base tree does not include), `go generate` runs rosgen (a tool directive in go.mod) to
// write package container, and its tests run it against the SDK's simulator serving the same
// schema file.
//
// The schema refers to the SDK's own menus (a container's interface is `ref: /interface`), and the
// generated package imports the SDK's runtime, so it is used exactly like ros/ip:
//
//	c := container.New(conn)
//	id, err := c.Add(ctx, container.ContainerSpec{Name: ros.Some("pihole"), Interface: ros.Some("veth1")})
package extend

//go:generate go tool rosgen -extend -out . -import example.com/extend
