package spiffe_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/spiffe/go-spiffe/v2/spiffeid"

	"github.com/naftiko/naftiko-go/pkg/naftiko"
	"github.com/naftiko/naftiko-go/pkg/spiffe"
	"github.com/naftiko/naftiko-go/pkg/spiffe/authority"
	"github.com/naftiko/naftiko-go/pkg/spiffe/bundleendpoint"
)

const (
	document = "workload-identity.yaml"
	ns       = "spiffe-federation"
	restNS   = "spiffe-workload-identity-api"
	mcpNS    = "spiffe-workload-identity-mcp"
)

var td = spiffeid.RequireTrustDomainFromString("example.org")

// logBuffer collects a runtime's log lines; safe for concurrent writers.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// running is a started runtime of the unchanged example.
type running struct {
	rest, mcp string // base URLs
	log       *logBuffer
}

// startEndpoint starts a real bundle endpoint for example.org.
func startEndpoint(t *testing.T, profile string) *bundleendpoint.Server {
	t.Helper()
	s, err := bundleendpoint.New(bundleendpoint.Config{TrustDomain: td, Profile: profile})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// settingsFor points the example's consumed namespace at c and moves both
// exposers to free loopback ports.
func settingsFor(c spiffe.Client) naftiko.Settings {
	return naftiko.Settings{
		Consumes: map[string]naftiko.ConsumeSettings{ns: {
			Timeout: naftiko.Duration(10 * time.Second), SPIFFE: &c,
		}},
		Exposes: map[string]naftiko.ExposeSettings{
			restNS: {Address: "127.0.0.1", Port: -1},
			mcpNS:  {Address: "127.0.0.1", Port: -1},
		},
	}
}

// webClient trusts the https_web endpoint's CA.
func webClient(t *testing.T, ep *bundleendpoint.Server) spiffe.Client {
	return spiffe.Client{
		Profile: spiffe.ProfileWeb,
		CAFile:  writeFile(t, "ca.pem", ep.WebCAPEM()),
		BundleEndpoint: &spiffe.BundleEndpoint{
			URL: ep.URL(), TrustDomain: td.String(),
		},
	}
}

// spiffeClient starts from the https_spiffe endpoint's current bundle.
func spiffeClient(t *testing.T, ep *bundleendpoint.Server) spiffe.Client {
	b, err := ep.BundleJSON()
	if err != nil {
		t.Fatal(err)
	}
	return spiffe.Client{
		Profile:    spiffe.ProfileSPIFFE,
		EndpointID: ep.EndpointID().String(),
		BundleFile: writeFile(t, "bundle.json", b),
		BundleEndpoint: &spiffe.BundleEndpoint{
			URL: ep.URL(), TrustDomain: td.String(),
		},
	}
}

// start loads the unchanged example and serves it with st.
func start(t *testing.T, st naftiko.Settings) *running {
	t.Helper()
	l, err := naftiko.Load(document)
	if err != nil {
		t.Fatalf("load %s: %v", document, err)
	}
	logs := &logBuffer{}
	rt, err := naftiko.New(l, naftiko.Options{
		Settings: st, Logger: slog.New(slog.NewTextHandler(logs, nil)),
	})
	if err != nil {
		t.Fatalf("naftiko.New: %v", err)
	}
	if err := rt.Start(context.Background()); err != nil {
		t.Fatalf("start: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		rt.Shutdown(ctx)
		if t.Failed() {
			t.Logf("runtime log:\n%s", logs)
		}
	})
	r := &running{log: logs}
	for _, l := range rt.Listeners() {
		switch l.Namespace {
		case restNS:
			r.rest = l.URL
		case mcpNS:
			r.mcp = l.URL
		}
	}
	if r.rest == "" || r.mcp == "" {
		t.Fatalf("listeners %+v: want the REST and MCP exposers", rt.Listeners())
	}
	return r
}

// getBundle does GET /v1/bundle and returns status, content type, body.
func getBundle(t *testing.T, c *http.Client, base string) (int, string, []byte, error) {
	t.Helper()
	if c == nil {
		c = http.DefaultClient
	}
	resp, err := c.Get(strings.TrimSuffix(base, "/") + "/v1/bundle")
	if err != nil {
		return 0, "", nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), body, err
}

// connectMCP opens a go-sdk client session over streamable HTTP.
func connectMCP(t *testing.T, url string, hc *http.Client) (*mcp.ClientSession, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c := mcp.NewClient(&mcp.Implementation{Name: "e2e", Version: "1"}, nil)
	s, err := c.Connect(ctx, &mcp.StreamableClientTransport{
		Endpoint: url, HTTPClient: hc, MaxRetries: -1, DisableStandaloneSSE: true,
	}, nil)
	if err == nil {
		t.Cleanup(func() { s.Close() })
	}
	return s, err
}

// callBundleTool calls get-trust-bundle and returns its text and isError.
func callBundleTool(t *testing.T, s *mcp.ClientSession) (string, bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	res, err := s.CallTool(ctx, &mcp.CallToolParams{Name: "get-trust-bundle",
		Arguments: map[string]any{}})
	if err != nil {
		t.Fatalf("tools/call: %v", err)
	}
	if len(res.Content) != 1 {
		t.Fatalf("tools/call: %d content items, want 1", len(res.Content))
	}
	text, ok := res.Content[0].(*mcp.TextContent)
	if !ok {
		t.Fatalf("tools/call: content is %T, want text", res.Content[0])
	}
	return text.Text, res.IsError
}

// decode parses JSON into a generic value for cmp.Diff.
func decode(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("not JSON: %v: %s", err, data)
	}
	return v
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// serveTLS serves h over TLS with cfg on a loopback port; returns its URL.
func serveTLS(t *testing.T, cfg *tls.Config, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h, ErrorLog: nil, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(tls.NewListener(ln, cfg))
	t.Cleanup(func() { srv.Close() })
	return "https://" + ln.Addr().String() + "/"
}

// fakeEndpoint serves a fixed answer over https_web with its own CA, for
// bundle endpoints that misbehave.
func fakeEndpoint(t *testing.T, status int, body string) spiffe.Client {
	return webServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
}

// redirectEndpoint redirects every request to target.
func redirectEndpoint(t *testing.T, target string) spiffe.Client {
	return webServer(t, http.RedirectHandler(target, http.StatusFound))
}

func webServer(t *testing.T, h http.Handler) spiffe.Client {
	t.Helper()
	ca, err := authority.NewWebCA("test CA", 0)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := ca.IssueServerCert("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	url := serveTLS(t, &tls.Config{Certificates: []tls.Certificate{cert}}, h)
	return spiffe.Client{
		Profile: spiffe.ProfileWeb,
		CAFile:  writeFile(t, "ca.pem", ca.CertificatePEM()),
		BundleEndpoint: &spiffe.BundleEndpoint{
			URL: url, TrustDomain: td.String(),
		},
	}
}

type naftikoExpose = naftiko.ExposeSettings
