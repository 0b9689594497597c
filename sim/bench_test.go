package sim_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/rosgen/routeros/sim"
	"github.com/rosgen/routeros/wire"
)

// BenchmarkThroughput reports simulator throughput in commands per second (a print of one settings
// item, and a filtered print of the interface list) on one connection, and on 16 connections used
// at once. Each connection runs one command at a time.
func BenchmarkThroughput(b *testing.B) {
	srv, err := sim.Start(sim.Config{})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	for _, cmd := range []struct {
		name  string
		words []string
	}{
		{"identity", []string{"/system/identity/print"}},
		{"query", []string{"/interface/print", "=.proplist=.id,name,running", "?type=ether", "?running=true", "?#&"}},
	} {
		for _, conns := range []int{1, 16} {
			b.Run(cmd.name+"/conns="+itoa(conns), func(b *testing.B) {
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
				defer cancel()
				cs := make([]*wire.Conn, conns)
				for i := range cs {
					c, err := wire.Dial(ctx, wire.Config{Address: srv.Addr(), Username: "admin"})
					if err != nil {
						b.Fatal(err)
					}
					defer c.Close()
					cs[i] = c
				}
				b.ResetTimer()
				var wg sync.WaitGroup
				per := (b.N + conns - 1) / conns
				for _, c := range cs {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for i := 0; i < per; i++ {
							if _, err := c.Run(ctx, cmd.words...); err != nil {
								b.Error(err)
								return
							}
						}
					}()
				}
				wg.Wait()
				b.ReportMetric(float64(per*conns)/b.Elapsed().Seconds(), "cmd/s")
			})
		}
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	s := ""
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	return s
}
