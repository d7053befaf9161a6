package main

import (
	"bufio"
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
	"os/exec"
	"strings"
	"sync"
	"time"
)

// The baselines run as child processes of the driver (the driver re-executes
// itself with -serve KIND), exactly as `naftiko run` does, so every server
// under test has a process of its own with the same GOMAXPROCS and is
// measured by the same load generator over loopback.
const (
	serveUpstream    = "upstream"
	serveHandwritten = "handwritten"
	serveRevProxy    = "revproxy"
	serveMCPHand     = "mcp-handwritten"
	serveMCPEcho     = "mcp-echo"
)

// listenPrefix starts the line a child prints on stdout once it accepts
// connections.
const listenPrefix = "listening "

// maxUpstreamBody bounds what the hand-written handler reads from upstream.
const maxUpstreamBody = 16 << 20

// serveChild runs one baseline server until ctx ends or stdin closes.
func serveChild(ctx context.Context, kind, upstream string, stdout io.Writer) error {
	h, err := childHandler(kind, upstream)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("serve %s: %w", kind, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "%shttp://%s\n", listenPrefix, ln.Addr())

	// The parent holds our stdin open; its end means the parent is gone.
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		io.Copy(io.Discard, os.Stdin)
		cancel()
	}()
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve %s: %w", kind, err)
	}
	return nil
}

func childHandler(kind, upstream string) (http.Handler, error) {
	switch kind {
	case serveUpstream:
		return upstreamHandler(), nil
	case serveHandwritten:
		return handwrittenHandler(upstream), nil
	case serveRevProxy:
		return reverseProxy(upstream)
	case serveMCPHand:
		return mcpHandwritten(upstream), nil
	case serveMCPEcho:
		return mcpEcho(), nil
	}
	return nil, fmt.Errorf("serve: unknown kind %q", kind)
}

// upstreamClient is the client the hand-written baselines call upstream
// with: the tuned transport, a per-call timeout.
func upstreamClient() *http.Client {
	return &http.Client{Transport: newTransport(256), Timeout: 30 * time.Second}
}

// fetchUser is the upstream call of the hand-written baselines: GET, read,
// decode, map.
func fetchUser(ctx context.Context, client *http.Client, upstream string) (*mappedUser, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, upstream+userPath, nil)
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
	mux.HandleFunc("GET "+userPath, func(w http.ResponseWriter, r *http.Request) {
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
		Transport: newTransport(256),
	}, nil
}

// child is a running server process.
type child struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	URL   string
	done  chan error
	once  sync.Once
}

// PID is the process id of the child.
func (c *child) PID() int { return c.cmd.Process.Pid }

// startChild re-executes the driver as a server of the given kind and waits
// for it to print its address.
func startChild(ctx context.Context, self, kind, upstream string) (*child, error) {
	return startChildArgs(ctx, self, kind, "-serve", kind, "-upstream", upstream)
}

// startChildArgs starts the driver with args and waits for the address
// line of a child of the given kind.
func startChildArgs(ctx context.Context, self, kind string, args ...string) (*child, error) {
	cmd := exec.CommandContext(ctx, self, args...)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", kind, err)
	}
	c := &child{cmd: cmd, stdin: stdin, done: make(chan error, 1)}
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		if sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		io.Copy(io.Discard, out)
	}()
	go func() { c.done <- cmd.Wait() }()
	select {
	case line, ok := <-lines:
		if !ok || !strings.HasPrefix(line, listenPrefix) {
			c.Stop()
			return nil, fmt.Errorf("start %s: no address printed (got %q)", kind, line)
		}
		c.URL = strings.TrimPrefix(line, listenPrefix)
		return c, nil
	case <-time.After(10 * time.Second):
		c.Stop()
		return nil, fmt.Errorf("start %s: no address within 10s", kind)
	}
}

// Stop ends the child and waits for it.
func (c *child) Stop() {
	c.once.Do(func() {
		c.stdin.Close()
		select {
		case <-c.done:
		case <-time.After(5 * time.Second):
			c.cmd.Process.Kill()
			<-c.done
		}
	})
}
