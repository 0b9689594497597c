// Package extend is an example of a module of your own that adds a RouterOS menu the SDK does not
// generate: schema/tool.yaml describes /tool/traffic-monitor, `go generate` runs rosgen (a tool
// directive in go.mod) to write package tool, and tool's tests run it against the SDK's simulator
// serving the same schema file.
//
// The schema refers to the SDK's own menus (the monitor's interface is `ref: /interface`), and the
// generated package imports the SDK's runtime, so it is used exactly like ros/ip:
//
//	tm := tool.New(conn)
//	id, err := tm.TrafficMonitor.Add(ctx, tool.TrafficMonitorSpec{Name: ros.Some("uplink"), Interface: ros.Some("ether1")})
package extend

//go:generate go tool rosgen -extend -out . -import example.com/extend
