package mcp

import (
	"context"
	"sync"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// drainTransport wraps a stdio transport so that the end of the input, or
// a shutdown, does not drop calls in flight: the connection tracks the
// requests it has read and not yet answered, and a Read that meets the
// end of the input waits for their answers before it reports it.
type drainTransport struct {
	inner mcp.Transport
	conn  chan *drainConn // receives the connection once connected
}

func (t *drainTransport) Connect(ctx context.Context) (mcp.Connection, error) {
	c, err := t.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	dc := &drainConn{Connection: c, pending: map[jsonrpc.ID]bool{}, changed: make(chan struct{})}
	select {
	case t.conn <- dc:
	default:
	}
	return dc, nil
}

type drainConn struct {
	mcp.Connection
	mu      sync.Mutex
	pending map[jsonrpc.ID]bool
	changed chan struct{} // closed and replaced whenever pending shrinks
}

func (c *drainConn) Read(ctx context.Context) (jsonrpc.Message, error) {
	msg, err := c.Connection.Read(ctx)
	if err != nil {
		c.waitIdle(ctx)
		return nil, err
	}
	if r, ok := msg.(*jsonrpc.Request); ok && r.IsCall() {
		c.mu.Lock()
		c.pending[r.ID] = true
		c.mu.Unlock()
	}
	return msg, nil
}

func (c *drainConn) Write(ctx context.Context, msg jsonrpc.Message) error {
	err := c.Connection.Write(ctx, msg)
	if r, ok := msg.(*jsonrpc.Response); ok {
		c.mu.Lock()
		if c.pending[r.ID] {
			delete(c.pending, r.ID)
			close(c.changed)
			c.changed = make(chan struct{})
		}
		c.mu.Unlock()
	}
	return err
}

// waitIdle returns once every request read has been answered, or when ctx
// is done.
func (c *drainConn) waitIdle(ctx context.Context) {
	for {
		c.mu.Lock()
		n, ch := len(c.pending), c.changed
		c.mu.Unlock()
		if n == 0 {
			return
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return
		}
	}
}
