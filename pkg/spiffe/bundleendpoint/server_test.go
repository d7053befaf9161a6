package bundleendpoint_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spiffe/go-spiffe/v2/bundle/spiffebundle"
	"github.com/spiffe/go-spiffe/v2/federation"
	"github.com/spiffe/go-spiffe/v2/spiffeid"

	"github.com/naftiko/naftiko-go/pkg/spiffe/bundleendpoint"
)

var td = spiffeid.RequireTrustDomainFromString("example.org")

func start(t *testing.T, profile string) *bundleendpoint.Server {
	t.Helper()
	s, err := bundleendpoint.New(bundleendpoint.Config{
		TrustDomain: td, Profile: profile, RefreshHint: 90 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestWebProfileServesBundle(t *testing.T) {
	s := start(t, bundleendpoint.ProfileWeb)
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(s.WebCAPEM()) {
		t.Fatal("web CA PEM did not parse")
	}
	got, err := federation.FetchBundle(context.Background(), td, s.URL(),
		federation.WithWebPKIRoots(pool))
	if err != nil {
		t.Fatalf("FetchBundle: %v", err)
	}
	checkBundle(t, s, got, 1)

	// A client that does not trust the web CA is refused.
	_, err = federation.FetchBundle(context.Background(), td, s.URL())
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("fetch with system roots: err = %v, want a certificate error", err)
	}
}

func TestSPIFFEProfileServesBundle(t *testing.T) {
	s := start(t, bundleendpoint.ProfileSPIFFE)
	data, err := s.BundleJSON()
	if err != nil {
		t.Fatal(err)
	}
	bootstrap, err := spiffebundle.Parse(td, data)
	if err != nil {
		t.Fatalf("bootstrap bundle does not parse: %v", err)
	}
	got, err := federation.FetchBundle(context.Background(), td, s.URL(),
		federation.WithSPIFFEAuth(bootstrap, s.EndpointID()))
	if err != nil {
		t.Fatalf("FetchBundle: %v", err)
	}
	checkBundle(t, s, got, 1)

	wrongID := spiffeid.RequireFromPath(td, "/someone-else")
	_, err = federation.FetchBundle(context.Background(), td, s.URL(),
		federation.WithSPIFFEAuth(bootstrap, wrongID))
	if err == nil || !strings.Contains(err.Error(), "unexpected ID") {
		t.Errorf("fetch expecting %s: err = %v, want unexpected ID", wrongID, err)
	}
}

func checkBundle(t *testing.T, s *bundleendpoint.Server, got *spiffebundle.Bundle, seq uint64) {
	t.Helper()
	if !got.Equal(s.Bundle()) {
		t.Error("fetched bundle differs from the served one")
	}
	if n, ok := got.SequenceNumber(); !ok || n != seq {
		t.Errorf("spiffe_sequence = %d (%v), want %d", n, ok, seq)
	}
	if h, ok := got.RefreshHint(); !ok || h != 90*time.Second {
		t.Errorf("spiffe_refresh_hint = %v (%v), want 90s", h, ok)
	}
	if len(got.X509Authorities()) != 1 || len(got.JWTAuthorities()) != 1 {
		t.Errorf("authorities: %d X.509, %d JWT; want 1 and 1",
			len(got.X509Authorities()), len(got.JWTAuthorities()))
	}
	body, hits := s.Served()
	if hits == 0 || len(body) == 0 {
		t.Fatalf("Served() = %d bytes after %d hits", len(body), hits)
	}
	parsed, err := spiffebundle.Parse(td, body)
	if err != nil || !parsed.Equal(got) {
		t.Errorf("recorded body does not match the fetched bundle (err %v)", err)
	}
}

// TestRotation follows a CA rotation: a client that keeps the latest
// bundle still trusts the endpoint, one that kept the bootstrap does not.
func TestRotation(t *testing.T) {
	s := start(t, bundleendpoint.ProfileSPIFFE)
	data, err := s.BundleJSON()
	if err != nil {
		t.Fatal(err)
	}
	bootstrap, err := spiffebundle.Parse(td, data)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.PrepareCA(); err != nil {
		t.Fatal(err)
	}
	latest, err := federation.FetchBundle(context.Background(), td, s.URL(),
		federation.WithSPIFFEAuth(bootstrap, s.EndpointID()))
	if err != nil {
		t.Fatalf("fetch after prepare: %v", err)
	}
	if n, _ := latest.SequenceNumber(); n != 2 || len(latest.X509Authorities()) != 2 {
		t.Errorf("after prepare: sequence %d with %d CAs, want 2 and 2", n,
			len(latest.X509Authorities()))
	}
	if err := s.ActivateCA(); err != nil {
		t.Fatal(err)
	}
	if _, err := federation.FetchBundle(context.Background(), td, s.URL(),
		federation.WithSPIFFEAuth(bootstrap, s.EndpointID())); err == nil {
		t.Error("a client with the stale bootstrap bundle still trusted the rotated endpoint")
	}
	after, err := federation.FetchBundle(context.Background(), td, s.URL(),
		federation.WithSPIFFEAuth(latest, s.EndpointID()))
	if err != nil {
		t.Fatalf("fetch with the latest bundle after activate: %v", err)
	}
	if n, _ := after.SequenceNumber(); n != 3 || len(after.X509Authorities()) != 1 {
		t.Errorf("after activate: sequence %d with %d CAs, want 3 and 1", n,
			len(after.X509Authorities()))
	}
	if err := s.ActivateCA(); err == nil {
		t.Error("ActivateCA without a prepared CA succeeded")
	}
}

func TestOtherPathsAre404(t *testing.T) {
	s := start(t, bundleendpoint.ProfileWeb)
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(s.WebCAPEM())
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := c.Get("https://" + s.Addr() + "/spiffe/v1/bundle")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("status = %d, want 404", resp.StatusCode)
	}
}

func TestConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  bundleendpoint.Config
		want string
	}{
		{"no trust domain", bundleendpoint.Config{Profile: "https_web"}, "trust domain"},
		{"bad profile", bundleendpoint.Config{TrustDomain: td, Profile: "http"}, "profile"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := bundleendpoint.New(tc.cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to mention %q", err, tc.want)
			}
		})
	}
	s, err := bundleendpoint.New(bundleendpoint.Config{
		TrustDomain: td, Profile: "https_web", Listen: "0.0.0.0:0"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(); err == nil || !strings.Contains(err.Error(), "loopback") {
		s.Close()
		t.Errorf("Start on 0.0.0.0: err = %v, want a loopback error", err)
	}
}

func TestWriteFiles(t *testing.T) {
	for _, profile := range []string{bundleendpoint.ProfileWeb, bundleendpoint.ProfileSPIFFE} {
		t.Run(profile, func(t *testing.T) {
			s := start(t, profile)
			dir := t.TempDir()
			if err := s.WriteFiles(dir); err != nil {
				t.Fatal(err)
			}
			read := func(name string) string {
				b, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil {
					t.Fatal(err)
				}
				return strings.TrimSpace(string(b))
			}
			if got := read(bundleendpoint.FileURL); got != s.URL() {
				t.Errorf("url file = %q, want %q", got, s.URL())
			}
			if profile == bundleendpoint.ProfileWeb {
				if got := read(bundleendpoint.FileCA); got != strings.TrimSpace(string(s.WebCAPEM())) {
					t.Error("ca.pem differs from the web CA")
				}
				return
			}
			if got := read(bundleendpoint.FileEndpointID); got != s.EndpointID().String() {
				t.Errorf("endpoint-id = %q, want %s", got, s.EndpointID())
			}
			b, err := spiffebundle.Load(td, filepath.Join(dir, bundleendpoint.FileBundle))
			if err != nil || !b.Equal(s.Bundle()) {
				t.Errorf("bundle.json does not hold the current bundle (err %v)", err)
			}
		})
	}
}
