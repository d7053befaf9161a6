package mcp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/naftiko/naftiko-go/pkg/expose"
)

// Server is the exposer of one mcp entry.
type Server struct {
	p   expose.Params
	ns  string
	srv *mcp.Server

	lis *expose.HTTPListener // http transport

	// stdio transport
	mu     sync.Mutex
	cancel context.CancelFunc
	conn   chan *drainConn
	done   chan struct{}
}

// New builds the exposer of p.Entry, which must be an mcp entry. Tools,
// resources and prompts are compiled here, so that a broken entry fails
// before anything listens.
func New(p expose.Params) (expose.Exposer, error) {
	e := p.Entry.MCP
	if e == nil {
		return nil, fmt.Errorf("mcp: %s: entry is not of type mcp", p.Path())
	}
	s := &Server{p: p, ns: e.Namespace, done: make(chan struct{})}
	s.srv = mcp.NewServer(&mcp.Implementation{Name: e.Namespace, Version: p.Version},
		&mcp.ServerOptions{Instructions: e.Description, Logger: p.Logger})
	for i := range e.Tools {
		if err := s.addTool(&e.Tools[i], fmt.Sprintf("%s.tools[%d]", p.Path(), i)); err != nil {
			return nil, fmt.Errorf("mcp: %w", err)
		}
	}
	for i := range e.Resources {
		path := fmt.Sprintf("%s.resources[%d]", p.Path(), i)
		if err := s.addResource(&e.Resources[i], path); err != nil {
			return nil, fmt.Errorf("mcp: %w", err)
		}
	}
	for i := range e.Prompts {
		path := fmt.Sprintf("%s.prompts[%d]", p.Path(), i)
		if err := s.addPrompt(&e.Prompts[i], path); err != nil {
			return nil, fmt.Errorf("mcp: %w", err)
		}
	}
	switch e.Transport {
	case "", "http":
		s.lis = s.httpListener()
	case "stdio":
	default:
		return nil, fmt.Errorf("mcp: %s.transport: unknown transport %q", p.Path(), e.Transport)
	}
	return s, nil
}

func (s *Server) httpListener() *expose.HTTPListener {
	e := s.p.Entry.MCP
	st := s.p.Settings.WithDefaults()
	h := mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return s.srv },
		&mcp.StreamableHTTPOptions{
			JSONResponse: true, Logger: s.p.Logger, MaxRequestBodyBytes: st.MaxBodyBytes,
		})
	mux := http.NewServeMux()
	expose.Mount(mux, s.p.Health, s.p.Metrics)
	mux.Handle("/", h)
	host := e.Address
	if host == "" {
		host = "localhost"
	}
	return s.p.Listener("mcp "+e.Namespace, host, e.Port, mux)
}

// MCPServer returns the SDK server, for embedding programs that serve it
// on a transport of their own.
func (s *Server) MCPServer() *mcp.Server { return s.srv }

// Start serves the transport: it listens (http) or connects to the
// standard streams (stdio) and returns.
func (s *Server) Start(ctx context.Context) error {
	if s.lis != nil {
		return s.lis.Start(ctx)
	}
	var in io.Reader = os.Stdin
	var out io.Writer = os.Stdout
	if s.p.Settings.Stdin != nil {
		in = s.p.Settings.Stdin
	}
	if s.p.Settings.Stdout != nil {
		out = s.p.Settings.Stdout
	}
	t := stdioTransport(in, out)
	s.conn = make(chan *drainConn, 1)
	t = &drainTransport{inner: t, conn: s.conn}
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	s.mu.Lock()
	s.cancel = cancel
	s.mu.Unlock()
	go func() {
		defer close(s.done)
		err := s.srv.Run(runCtx, t)
		if err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, io.EOF) {
			s.p.Logger.Error("mcp stdio session ended", "namespace", s.ns, "error", err)
		}
	}()
	return nil
}

// Shutdown stops the server. Requests in flight are answered until ctx
// is done (over stdio: every request already read), then the listener or
// session is closed.
func (s *Server) Shutdown(ctx context.Context) error {
	if s.lis != nil {
		return s.lis.Shutdown(ctx)
	}
	s.mu.Lock()
	cancel := s.cancel
	s.mu.Unlock()
	if cancel == nil {
		return nil
	}
	select {
	case dc := <-s.conn:
		dc.waitIdle(ctx)
	default:
	}
	cancel()
	select {
	case <-s.done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("mcp %s: shutdown: %w", s.ns, ctx.Err())
	}
}

// Done is closed when a stdio session ends (its input closed). It never
// closes for the http transport.
func (s *Server) Done() <-chan struct{} {
	if s.lis != nil {
		return nil
	}
	return s.done
}

// Addrs returns the listener URL, or "stdio".
func (s *Server) Addrs() []string {
	if s.lis != nil {
		return s.lis.Addrs()
	}
	return []string{"stdio"}
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }
