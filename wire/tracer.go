package wire

import (
	"context"
	"log/slog"
)

// MultiTracer fans every event out to several tracers in order. Each receives the command events;
// the optional DialTracer, LoginTracer, StreamTracer and PoolTracer events go only to those that
// implement them. A context returned by one start event is passed to the next tracer. Put it in
// Config.Tracer; nil entries are skipped.
type MultiTracer []CommandTracer

var (
	_ DialTracer    = MultiTracer(nil)
	_ LoginTracer   = MultiTracer(nil)
	_ CommandTracer = MultiTracer(nil)
	_ StreamTracer  = MultiTracer(nil)
	_ PoolTracer    = MultiTracer(nil)
)

// TraceDialStart implements DialTracer.
func (m MultiTracer) TraceDialStart(ctx context.Context, d TraceDialStartData) context.Context {
	for _, t := range m {
		if t, ok := t.(DialTracer); ok {
			if c := t.TraceDialStart(ctx, d); c != nil {
				ctx = c
			}
		}
	}
	return ctx
}

// TraceDialEnd implements DialTracer.
func (m MultiTracer) TraceDialEnd(ctx context.Context, d TraceDialEndData) {
	for _, t := range m {
		if t, ok := t.(DialTracer); ok {
			t.TraceDialEnd(ctx, d)
		}
	}
}

// TraceLoginStart implements LoginTracer.
func (m MultiTracer) TraceLoginStart(ctx context.Context, d TraceLoginStartData) context.Context {
	for _, t := range m {
		if t, ok := t.(LoginTracer); ok {
			if c := t.TraceLoginStart(ctx, d); c != nil {
				ctx = c
			}
		}
	}
	return ctx
}

// TraceLoginEnd implements LoginTracer.
func (m MultiTracer) TraceLoginEnd(ctx context.Context, d TraceLoginEndData) {
	for _, t := range m {
		if t, ok := t.(LoginTracer); ok {
			t.TraceLoginEnd(ctx, d)
		}
	}
}

// TraceCommandStart implements CommandTracer.
func (m MultiTracer) TraceCommandStart(ctx context.Context, c *Conn, d TraceCommandStartData) context.Context {
	for _, t := range m {
		if t != nil {
			if nc := t.TraceCommandStart(ctx, c, d); nc != nil {
				ctx = nc
			}
		}
	}
	return ctx
}

// TraceCommandEnd implements CommandTracer.
func (m MultiTracer) TraceCommandEnd(ctx context.Context, c *Conn, d TraceCommandEndData) {
	for _, t := range m {
		if t != nil {
			t.TraceCommandEnd(ctx, c, d)
		}
	}
}

// TraceStreamSentence implements StreamTracer.
func (m MultiTracer) TraceStreamSentence(ctx context.Context, c *Conn, d TraceStreamSentenceData) {
	for _, t := range m {
		if t, ok := t.(StreamTracer); ok {
			t.TraceStreamSentence(ctx, c, d)
		}
	}
}

// SlogTracer writes one debug record per dial, login and command, and per dial, dropped connection
// and close of a Pool (warning level when it failed), to Logger. Secret values are already redacted in the data it receives.
type SlogTracer struct {
	Logger *slog.Logger
}

var (
	_ DialTracer    = SlogTracer{}
	_ LoginTracer   = SlogTracer{}
	_ CommandTracer = SlogTracer{}
	_ PoolTracer    = SlogTracer{}
)

func (s SlogTracer) log(ctx context.Context, err error, msg string, args ...any) {
	if s.Logger == nil {
		return
	}
	level := slog.LevelDebug
	if err != nil {
		level = slog.LevelWarn
		args = append(args, "err", err)
	}
	s.Logger.Log(ctx, level, msg, args...)
}

// TraceDialStart implements DialTracer.
func (s SlogTracer) TraceDialStart(ctx context.Context, _ TraceDialStartData) context.Context {
	return ctx
}

// TraceDialEnd implements DialTracer.
func (s SlogTracer) TraceDialEnd(ctx context.Context, d TraceDialEndData) {
	s.log(ctx, d.Err, "routeros dial")
}

// TraceLoginStart implements LoginTracer.
func (s SlogTracer) TraceLoginStart(ctx context.Context, _ TraceLoginStartData) context.Context {
	return ctx
}

// TraceLoginEnd implements LoginTracer.
func (s SlogTracer) TraceLoginEnd(ctx context.Context, d TraceLoginEndData) {
	s.log(ctx, d.Err, "routeros login", "method", d.Method)
}

// TraceCommandStart implements CommandTracer.
func (s SlogTracer) TraceCommandStart(ctx context.Context, _ *Conn, _ TraceCommandStartData) context.Context {
	return ctx
}

// TraceCommandEnd implements CommandTracer.
func (s SlogTracer) TraceCommandEnd(ctx context.Context, _ *Conn, d TraceCommandEndData) {
	s.log(ctx, d.Err, "routeros command", "command", d.Command, "tag", d.Tag, "replies", d.Replies,
		"duration", d.Duration)
}
