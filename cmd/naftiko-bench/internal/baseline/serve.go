package baseline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"time"
)

// Kinds of baseline server.
const (
	KindUpstream    = "upstream"
	KindHandwritten = "handwritten"
	KindRevProxy    = "revproxy"
	KindMCPHand     = "mcp-handwritten"
	KindMCPRaw      = "mcp-raw"
	KindMCPEcho     = "mcp-echo"
)

// ListenPrefix starts the line a server prints on stdout once it accepts
// connections; the URL follows.
const ListenPrefix = "listening "

// maxUpstreamBody bounds what the hand-written handler reads from upstream.
const maxUpstreamBody = 16 << 20

// Serve runs one baseline server on a free loopback port until ctx ends or
// stdin closes, after printing ListenPrefix and its URL on stdout.
func Serve(ctx context.Context, kind, upstream string, stdout io.Writer) error {
	h, err := handler(kind, upstream)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("serve %s: %w", kind, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "%shttp://%s\n", ListenPrefix, ln.Addr())

	ctx, cancel := UntilStdinCloses(ctx)
	defer cancel()
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve %s: %w", kind, err)
	}
	return nil
}

// UntilStdinCloses returns a copy of ctx that is also cancelled when
// standard input ends: the parent holds a child's stdin open, so its end
// means the parent is gone.
func UntilStdinCloses(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		io.Copy(io.Discard, os.Stdin)
		cancel()
	}()
	return ctx, cancel
}

func handler(kind, upstream string) (http.Handler, error) {
	switch kind {
	case KindUpstream:
		return upstreamHandler(), nil
	case KindHandwritten:
		return handwrittenHandler(upstream), nil
	case KindRevProxy:
		return reverseProxy(upstream)
	case KindMCPHand:
		return mcpHandwritten(upstream), nil
	case KindMCPRaw:
		return mcpRaw(upstream), nil
	case KindMCPEcho:
		return mcpEcho(), nil
	}
	return nil, fmt.Errorf("serve: unknown kind %q", kind)
}

// upstreamClient is the client the hand-written baselines call upstream
// with: the tuned transport, a per-call timeout.
func upstreamClient() *http.Client {
	return &http.Client{Transport: NewTransport(256), Timeout: 30 * time.Second}
}

// fetchUser is the upstream call of the hand-written baselines: GET, read,
// decode, map.
func fetchUser(ctx context.Context, client *http.Client, upstream string) (*MappedUser, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, upstream+UserPath, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxUpstreamBody))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("upstream status %d", resp.StatusCode)
	}
	u, err := decodeUser(body)
	if err != nil {
		return nil, err
	}
	m := mapUser(u)
	return &m, nil
}

// handwrittenHandler is what a Go programmer would write by hand for the
// REST capability: typed decode, five fields copied, JSON out.
func handwrittenHandler(upstream string) http.Handler {
	client := upstreamClient()
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+UserPath, func(w http.ResponseWriter, r *http.Request) {
		m, err := fetchUser(r.Context(), client, upstream)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		out, err := json.Marshal(m)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(out)
	})
	return mux
}

// reverseProxy passes every request through to upstream unchanged.
func reverseProxy(upstream string) (http.Handler, error) {
	target, err := url.Parse(upstream)
	if err != nil {
		return nil, fmt.Errorf("serve revproxy: %w", err)
	}
	return &httputil.ReverseProxy{
		Rewrite:   func(r *httputil.ProxyRequest) { r.SetURL(target) },
		Transport: NewTransport(256),
	}, nil
}

// NewTransport returns an HTTP transport tuned for a benchmark against one
// host: keep-alive, enough idle connections for conns concurrent
// requests, no compression. The load generator and the baselines that call
// upstream use the same settings.
func NewTransport(conns int) *http.Transport {
	dialer := &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}
	return &http.Transport{
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		MaxIdleConns:          conns * 2,
		MaxIdleConnsPerHost:   conns * 2,
		IdleConnTimeout:       90 * time.Second,
		DisableCompression:    true,
		ResponseHeaderTimeout: 30 * time.Second,
	}
}
