// End-to-end tests of the SPIFFE Workload Identity example: the unchanged
// documents, served by pkg/naftiko, fetching from a real go-spiffe bundle
// endpoint over https_web and https_spiffe, called by a plain HTTP client
// and by the go-sdk MCP client.
package spiffe_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/naftiko/naftiko-go/pkg/spiffe"
	"github.com/naftiko/naftiko-go/pkg/spiffe/bundleendpoint"
)

func TestBundleOverRESTAndMCP(t *testing.T) {
	for _, profile := range []string{bundleendpoint.ProfileWeb, bundleendpoint.ProfileSPIFFE} {
		t.Run(profile, func(t *testing.T) {
			ep := startEndpoint(t, profile)
			c := webClient(t, ep)
			if profile == bundleendpoint.ProfileSPIFFE {
				c = spiffeClient(t, ep)
			}
			rt := start(t, settingsFor(c))

			status, ctype, body, err := getBundle(t, nil, rt.rest)
			if err != nil {
				t.Fatal(err)
			}
			if status != http.StatusOK || !strings.HasPrefix(ctype, "application/json") {
				t.Fatalf("GET /v1/bundle: %d %s: %s", status, ctype, body)
			}
			served, hits := ep.Served()
			if hits != 1 {
				t.Errorf("bundle endpoint answered %d requests, want 1", hits)
			}
			want := decode(t, served)
			if d := cmp.Diff(want, decode(t, body)); d != "" {
				t.Errorf("REST body differs from the served bundle (-served +REST):\n%s", d)
			}
			checkBundleShape(t, want)

			s, err := connectMCP(t, rt.mcp, nil)
			if err != nil {
				t.Fatalf("MCP connect: %v", err)
			}
			text, isErr := callBundleTool(t, s)
			if isErr {
				t.Fatalf("tools/call isError: %s", text)
			}
			served, _ = ep.Served()
			if d := cmp.Diff(decode(t, served), decode(t, []byte(text))); d != "" {
				t.Errorf("MCP text differs from the served bundle (-served +MCP):\n%s", d)
			}
		})
	}
}

// checkBundleShape checks the members the issue names.
func checkBundleShape(t *testing.T, v any) {
	t.Helper()
	m, _ := v.(map[string]any)
	keys, _ := m["keys"].([]any)
	if len(keys) != 2 {
		t.Errorf("keys: %d entries, want an X.509 and a JWT authority", len(keys))
	}
	if m["spiffe_sequence"] != 1.0 || m["spiffe_refresh_hint"] != 300.0 {
		t.Errorf("spiffe_sequence %v, spiffe_refresh_hint %v; want 1 and 300",
			m["spiffe_sequence"], m["spiffe_refresh_hint"])
	}
}

func TestToolsListShowsHints(t *testing.T) {
	ep := startEndpoint(t, bundleendpoint.ProfileWeb)
	rt := start(t, settingsFor(webClient(t, ep)))
	s, err := connectMCP(t, rt.mcp, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.ListTools(context.Background(), &mcp.ListToolsParams{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Tools) != 1 || res.Tools[0].Name != "get-trust-bundle" {
		t.Fatalf("tools/list = %+v, want get-trust-bundle only", res.Tools)
	}
	no := false
	want := &mcp.ToolAnnotations{ReadOnlyHint: true, OpenWorldHint: &no}
	if d := cmp.Diff(want, res.Tools[0].Annotations); d != "" {
		t.Errorf("annotations (-want +got):\n%s", d)
	}
	if !strings.HasPrefix(res.Tools[0].Description, "Retrieve the SPIFFE trust bundle (JWKS)") {
		t.Errorf("description = %q", res.Tools[0].Description)
	}
	if s.InitializeResult().Instructions != "MCP server for AI-assisted SPIFFE workload "+
		"identity and federation management." {
		t.Errorf("instructions = %q", s.InitializeResult().Instructions)
	}
}

// TestUpstreamFailures: each way the bundle endpoint can be wrong is a
// clear error to the REST caller (502 problem+json), to the MCP caller
// (isError) and in the log.
func TestUpstreamFailures(t *testing.T) {
	ep := startEndpoint(t, bundleendpoint.ProfileWeb)
	spiffeEP := startEndpoint(t, bundleendpoint.ProfileSPIFFE)
	for _, tc := range []struct {
		name   string
		client func(t *testing.T) spiffe.Client
		want   string
	}{
		{"wrong endpoint SPIFFE ID", func(t *testing.T) spiffe.Client {
			c := spiffeClient(t, spiffeEP)
			c.EndpointID = "spiffe://example.org/imposter"
			return c
		}, "upstream presented SPIFFE ID"},
		{"unknown CA", func(t *testing.T) spiffe.Client {
			c := webClient(t, ep)
			c.CAFile = "" // system roots do not know the endpoint's CA
			return c
		}, "certificate signed by unknown authority"},
		{"invalid bundle", func(t *testing.T) spiffe.Client {
			return fakeEndpoint(t, http.StatusOK, `{"keys": [{"use": "x509-svid"}]}`)
		}, "invalid SPIFFE bundle"},
		{"not a bundle", func(t *testing.T) spiffe.Client {
			return fakeEndpoint(t, http.StatusOK, `{"status": "ok"}`)
		}, "invalid SPIFFE bundle"},
		{"404", func(t *testing.T) spiffe.Client {
			c := webClient(t, ep)
			c.BundleEndpoint.URL = ep.URL() + "spiffe/v1/bundle"
			return c
		}, "status 404"},
		{"redirect to http", func(t *testing.T) spiffe.Client {
			return redirectEndpoint(t, "http://127.0.0.1:9/")
		}, "from https to http"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rt := start(t, settingsFor(tc.client(t)))
			status, ctype, body, err := getBundle(t, nil, rt.rest)
			if err != nil {
				t.Fatal(err)
			}
			if status != http.StatusBadGateway || ctype != "application/problem+json" {
				t.Errorf("REST: %d %s, want 502 application/problem+json", status, ctype)
			}
			if !strings.Contains(string(body), tc.want) {
				t.Errorf("REST body %s\nwant it to contain %q", body, tc.want)
			}
			s, err := connectMCP(t, rt.mcp, nil)
			if err != nil {
				t.Fatal(err)
			}
			text, isErr := callBundleTool(t, s)
			if !isErr || !strings.Contains(text, tc.want) {
				t.Errorf("MCP: isError %v, text %q; want isError and %q", isErr, text, tc.want)
			}
			if !strings.Contains(rt.log.String(), tc.want) {
				t.Errorf("log does not mention %q:\n%s", tc.want, rt.log)
			}
		})
	}
}
