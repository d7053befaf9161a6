package spiffe_test

import (
	"crypto/tls"
	"crypto/x509"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/spiffe/go-spiffe/v2/spiffeid"

	"github.com/naftiko/naftiko-go/pkg/spiffe"
	"github.com/naftiko/naftiko-go/pkg/spiffe/authority"
)

// TestServerTLS serves over mTLS with a file identity and calls it with
// several client certificates.
func TestServerTLS(t *testing.T) {
	ca, err := authority.NewSPIFFECA(td, 0)
	if err != nil {
		t.Fatal(err)
	}
	other, err := authority.NewSPIFFECA(td, 0) // same trust domain name, unknown CA
	if err != nil {
		t.Fatal(err)
	}
	src, err := spiffe.NewSource(fileIdentity(t, ca, "spiffe://example.org/naftiko"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	cfg, err := spiffe.ServerTLS(src, spiffe.Authorize{Prefix: "spiffe://example.org/agents/"})
	if err != nil {
		t.Fatal(err)
	}
	url := serveTLS(t, cfg, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, "bundle")
	}))

	roots := x509.NewCertPool()
	roots.AddCert(ca.Certificate())
	for _, tc := range []struct {
		name string
		cert *tls.Certificate
		ok   bool
	}{
		{"authorized", certOf(t, ca, "spiffe://example.org/agents/claude"), true},
		{"unauthorized ID", certOf(t, ca, "spiffe://example.org/agentsmith"), false},
		{"unknown CA", certOf(t, other, "spiffe://example.org/agents/claude"), false},
		{"no certificate", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// The server presents an SVID; the client checks it by SPIFFE ID,
			// not host name.
			cc := &tls.Config{InsecureSkipVerify: true, VerifyPeerCertificate: serverIs(t, roots,
				"spiffe://example.org/naftiko")}
			if tc.cert != nil {
				cc.Certificates = []tls.Certificate{*tc.cert}
			}
			c := &http.Client{Transport: &http.Transport{TLSClientConfig: cc}}
			resp, err := c.Get(url)
			if err == nil {
				resp.Body.Close()
			}
			if tc.ok != (err == nil) {
				t.Errorf("err = %v, want ok=%v", err, tc.ok)
			}
		})
	}
}

func certOf(t *testing.T, ca *authority.CA, id string) *tls.Certificate {
	c := tlsCert(issue(t, ca, id))
	return &c
}

func serverIs(t *testing.T, roots *x509.CertPool,
	id string) func([][]byte, [][]*x509.Certificate) error {
	return func(raw [][]byte, _ [][]*x509.Certificate) error {
		leaf, err := x509.ParseCertificate(raw[0])
		if err != nil {
			return err
		}
		if _, err := leaf.Verify(x509.VerifyOptions{Roots: roots,
			KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}); err != nil {
			return err
		}
		if len(leaf.URIs) != 1 || leaf.URIs[0].String() != id {
			t.Errorf("server presented %v, want %s", leaf.URIs, id)
		}
		return nil
	}
}

func TestAuthorizer(t *testing.T) {
	for _, tc := range []struct {
		name    string
		az      spiffe.Authorize
		allowed []string
		denied  []string
	}{
		{"ids", spiffe.Authorize{IDs: []string{"spiffe://example.org/a", "spiffe://example.org/b"}},
			[]string{"spiffe://example.org/a", "spiffe://example.org/b"},
			[]string{"spiffe://example.org/a/b", "spiffe://other.org/a"}},
		{"prefix with slash", spiffe.Authorize{Prefix: "spiffe://example.org/ns/prod/"},
			[]string{"spiffe://example.org/ns/prod", "spiffe://example.org/ns/prod/api"},
			[]string{"spiffe://example.org/ns/production", "spiffe://other.org/ns/prod/api",
				"spiffe://example.org/ns"}},
		{"prefix without slash", spiffe.Authorize{Prefix: "spiffe://example.org/ns"},
			[]string{"spiffe://example.org/ns/x"}, []string{"spiffe://example.org/nsx"}},
		{"trust domain", spiffe.Authorize{TrustDomain: "example.org"},
			[]string{"spiffe://example.org/anything"}, []string{"spiffe://example.com/x"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			authz, err := spiffe.Authorizer(tc.az)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range tc.allowed {
				if err := authz(spiffeid.RequireFromString(s), nil); err != nil {
					t.Errorf("%s denied: %v", s, err)
				}
			}
			for _, s := range tc.denied {
				if err := authz(spiffeid.RequireFromString(s), nil); err == nil {
					t.Errorf("%s allowed", s)
				}
			}
		})
	}
}

func TestAuthorizeErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		az   spiffe.Authorize
		want string
	}{
		{"none", spiffe.Authorize{}, "exactly one"},
		{"two", spiffe.Authorize{TrustDomain: "example.org", Prefix: "spiffe://example.org/a"},
			"exactly one"},
		{"bad id", spiffe.Authorize{IDs: []string{"spiffe://example.org/a", "nope"}}, "ids[1]"},
		{"prefix without path", spiffe.Authorize{Prefix: "spiffe://example.org/"}, "needs a path"},
		{"bad prefix", spiffe.Authorize{Prefix: "example.org/ns"}, "prefix"},
		{"bad trust domain", spiffe.Authorize{TrustDomain: "spiffe://Example"}, "trustDomain"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := spiffe.Authorizer(tc.az)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
	if _, err := spiffe.ServerTLS(nil, spiffe.Authorize{TrustDomain: "example.org"}); err == nil {
		t.Error("ServerTLS without a source succeeded")
	}
}
