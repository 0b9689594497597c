package wire

import (
	"context"
	"errors"
	"iter"
)

// Conn is one logged-in API session. It is safe for use by any number of goroutines.
type Conn struct{}

// Dial connects, logs in and returns a ready connection. (Being implemented.)
func Dial(ctx context.Context, cfg Config) (*Conn, error) { return nil, errors.New("not yet") }

// Run sends one command and waits for its !done.
func (c *Conn) Run(ctx context.Context, words ...string) (*Reply, error) {
	return nil, errors.New("not yet")
}

// Stream sends one command when iteration starts and yields its !re sentences.
func (c *Conn) Stream(ctx context.Context, words ...string) iter.Seq2[Sentence, error] {
	return func(func(Sentence, error) bool) {}
}

// Close closes the connection.
func (c *Conn) Close() error { return nil }
