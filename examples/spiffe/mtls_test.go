package spiffe_test

import (
	"crypto/tls"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spiffe/go-spiffe/v2/bundle/spiffebundle"
	"github.com/spiffe/go-spiffe/v2/spiffeid"
	"github.com/spiffe/go-spiffe/v2/spiffetls/tlsconfig"
	"github.com/spiffe/go-spiffe/v2/svid/x509svid"

	"github.com/naftiko/naftiko-go/pkg/spiffe"
	"github.com/naftiko/naftiko-go/pkg/spiffe/bundleendpoint"
)

const runtimeID = "spiffe://example.org/naftiko"

// TestMTLSExposers serves both exposers over SPIFFE mTLS with a file
// identity issued by the trust domain's CA: REST admits one ID, MCP an ID
// prefix.
func TestMTLSExposers(t *testing.T) {
	ep := startEndpoint(t, bundleendpoint.ProfileWeb)
	bundleJSON, err := ep.BundleJSON()
	if err != nil {
		t.Fatal(err)
	}
	bundle, err := spiffebundle.Parse(td, bundleJSON)
	if err != nil {
		t.Fatal(err)
	}
	own := issue(t, ep, runtimeID)
	cert, key, err := own.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	st := settingsFor(webClient(t, ep))
	st.Identity = &spiffe.Identity{
		CertFile:   writeFile(t, "svid.pem", cert),
		KeyFile:    writeFile(t, "svid-key.pem", key),
		BundleFile: writeFile(t, "bundle.json", bundleJSON),
	}
	st.Exposes[restNS] = withMTLS(st.Exposes[restNS],
		spiffe.Authorize{IDs: []string{"spiffe://example.org/agents/claude"}})
	st.Exposes[mcpNS] = withMTLS(st.Exposes[mcpNS],
		spiffe.Authorize{Prefix: "spiffe://example.org/agents/"})
	rt := start(t, st)
	if !strings.HasPrefix(rt.rest, "https://") || !strings.HasPrefix(rt.mcp, "https://") {
		t.Fatalf("listeners %s and %s: want https", rt.rest, rt.mcp)
	}

	// client presents svid (or nothing) and accepts only the runtime's ID.
	client := func(svid *x509svid.SVID) *http.Client {
		want := tlsconfig.AuthorizeID(spiffeid.RequireFromString(runtimeID))
		cfg := tlsconfig.TLSClientConfig(bundle, want)
		if svid != nil {
			cfg = tlsconfig.MTLSClientConfig(svid, bundle, want)
		}
		return &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}}
	}
	claude := issue(t, ep, "spiffe://example.org/agents/claude")
	other := issue(t, ep, "spiffe://example.org/agents/other")
	intruder := issue(t, ep, "spiffe://example.org/intruder")

	status, _, body, err := getBundle(t, client(claude), rt.rest)
	if err != nil || status != http.StatusOK {
		t.Fatalf("authorized REST caller: %d %v %s", status, err, body)
	}
	served, _ := ep.Served()
	if d := cmp.Diff(decode(t, served), decode(t, body)); d != "" {
		t.Errorf("REST body differs from the served bundle:\n%s", d)
	}
	for name, svid := range map[string]*x509svid.SVID{
		"ID not in the list": other, "ID outside the prefix": intruder, "no certificate": nil,
	} {
		if _, _, _, err := getBundle(t, client(svid), rt.rest); err == nil {
			t.Errorf("REST, %s: request succeeded, want a refused handshake", name)
		}
	}

	s, err := connectMCP(t, rt.mcp, client(other))
	if err != nil {
		t.Fatalf("authorized MCP caller: %v", err)
	}
	if text, isErr := callBundleTool(t, s); isErr {
		t.Errorf("MCP over mTLS: %s", text)
	}
	for name, svid := range map[string]*x509svid.SVID{
		"ID outside the prefix": intruder, "no certificate": nil,
	} {
		if _, err := connectMCP(t, rt.mcp, client(svid)); err == nil {
			t.Errorf("MCP, %s: connected, want a refused handshake", name)
		}
	}
	// A plain https client that does not know the runtime's CA is refused too.
	plain := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{}}}
	if _, _, _, err := getBundle(t, plain, rt.rest); err == nil {
		t.Error("plain https client accepted the runtime's SVID as a web certificate")
	}
}

func withMTLS(e naftikoExpose, az spiffe.Authorize) naftikoExpose {
	e.MTLS = &az
	return e
}

func issue(t *testing.T, ep *bundleendpoint.Server, id string) *x509svid.SVID {
	t.Helper()
	svid, err := ep.CA().IssueSVID(spiffeid.RequireFromString(id))
	if err != nil {
		t.Fatal(err)
	}
	return svid
}
