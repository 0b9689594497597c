package wire_test

import (
	"context"
	"sync"
	"testing"

	"github.com/rosgen/routeros/wire"
	"github.com/rosgen/routeros/wire/wiretest"
)

// echoRouter answers every command with one !re and a !done, as fast as it can.
func echoRouter(b *testing.B) *wiretest.Server {
	return wiretest.NewHandlerServer(b, func(sc *wiretest.ServerConn) {
		for {
			s, err := sc.ReadSentence()
			if err != nil {
				return
			}
			if s.Word == "/login" {
				_ = sc.WriteSentence("!done")
				continue
			}
			_ = sc.WriteSentence("!re", "=.id=*1", "=name=ether1", "=mtu=1500", ".tag="+s.Tag)
			_ = sc.WriteSentence("!done", ".tag="+s.Tag)
		}
	})
}

// BenchmarkConnRun measures one command's round trip on one connection, serially and with 16
// goroutines sharing the connection (the multiplexing case).
func BenchmarkConnRun(b *testing.B) {
	for _, par := range []int{1, 16} {
		b.Run(map[int]string{1: "serial", 16: "parallel16"}[par], func(b *testing.B) {
			srv := echoRouter(b)
			c, err := wire.Dial(context.Background(), wire.Config{Address: srv.Addr, Username: "admin"})
			if err != nil {
				b.Fatal(err)
			}
			defer c.Close()
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			var wg sync.WaitGroup
			per := b.N / par
			for g := 0; g < par; g++ {
				n := per
				if g == 0 {
					n += b.N % par
				}
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := 0; i < n; i++ {
						if _, err := c.Run(ctx, "/interface/print", "=.proplist=.id,name,mtu"); err != nil {
							b.Error(err)
							return
						}
					}
				}()
			}
			wg.Wait()
		})
	}
}
