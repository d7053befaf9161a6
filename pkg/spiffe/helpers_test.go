package spiffe_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/spiffe/go-spiffe/v2/bundle/spiffebundle"
	"github.com/spiffe/go-spiffe/v2/spiffeid"
	"github.com/spiffe/go-spiffe/v2/svid/x509svid"

	"github.com/naftiko/naftiko-go/pkg/consumer"
	"github.com/naftiko/naftiko-go/pkg/spiffe"
	"github.com/naftiko/naftiko-go/pkg/spiffe/authority"
	"github.com/naftiko/naftiko-go/pkg/spiffe/bundleendpoint"
)

var td = spiffeid.RequireTrustDomainFromString("example.org")

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

// writeFile writes data into a file of the test's temporary directory.
func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	return writeFileIn(t, t.TempDir(), name, data)
}

func writeFileIn(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// webClient is the https_web client settings of s, trusting its CA.
func webClient(t *testing.T, s *bundleendpoint.Server) spiffe.Client {
	return spiffe.Client{
		Profile: spiffe.ProfileWeb,
		CAFile:  writeFile(t, "ca.pem", s.WebCAPEM()),
		BundleEndpoint: &spiffe.BundleEndpoint{
			URL: s.URL(), TrustDomain: td.String(),
		},
	}
}

// spiffeClient is the https_spiffe client settings of s, bootstrapped with
// its current bundle.
func spiffeClient(t *testing.T, s *bundleendpoint.Server) spiffe.Client {
	b, err := s.BundleJSON()
	if err != nil {
		t.Fatal(err)
	}
	return spiffe.Client{
		Profile:    spiffe.ProfileSPIFFE,
		EndpointID: s.EndpointID().String(),
		BundleFile: writeFile(t, "bundle.json", b),
		BundleEndpoint: &spiffe.BundleEndpoint{
			URL: s.URL(), TrustDomain: td.String(),
		},
	}
}

// fetch does one GET with the transport of st, as the consumer does: the
// settings' URL, TLS configuration and response check.
func fetch(st consumer.Settings) ([]byte, error) {
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: st.TLSConfig}}
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, st.URL, nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if st.CheckResponse != nil {
		if err := st.CheckResponse(resp, body); err != nil {
			return body, err
		}
	}
	return body, nil
}

// fileIdentity issues an SVID for id from ca and writes it, with ca as the
// bundle, as a file identity.
func fileIdentity(t *testing.T, ca *authority.CA, id string) spiffe.Identity {
	t.Helper()
	svid := issue(t, ca, id)
	cert, key, err := svid.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return spiffe.Identity{
		CertFile:   writeFile(t, "svid.pem", cert),
		KeyFile:    writeFile(t, "svid-key.pem", key),
		BundleFile: writeFile(t, "bundle.pem", ca.CertificatePEM()),
	}
}

func issue(t *testing.T, ca *authority.CA, id string) *x509svid.SVID {
	t.Helper()
	svid, err := ca.IssueSVID(spiffeid.RequireFromString(id))
	if err != nil {
		t.Fatal(err)
	}
	return svid
}

// tlsCert turns an SVID into a client certificate.
func tlsCert(svid *x509svid.SVID) tls.Certificate {
	c := tls.Certificate{PrivateKey: svid.PrivateKey, Leaf: svid.Certificates[0]}
	for _, x := range svid.Certificates {
		c.Certificate = append(c.Certificate, x.Raw)
	}
	return c
}

func spiffebundleOf(certs ...*x509.Certificate) *spiffebundle.Bundle {
	return spiffebundle.FromX509Authorities(td, certs)
}

// serveTLS serves h over TLS with cfg on a loopback port and returns its
// URL. (httptest would add its own certificate, which Go prefers over
// GetCertificate for clients that send no server name.)
func serveTLS(t *testing.T, cfg *tls.Config, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h, ErrorLog: log.New(io.Discard, "", 0)}
	go srv.Serve(tls.NewListener(ln, cfg))
	t.Cleanup(func() { srv.Close() })
	return "https://" + ln.Addr().String()
}

// keptSeq is the sequence number of the bundle cons keeps, or 0.
func keptSeq(cons *spiffe.Consumer) uint64 {
	b, ok := cons.Bundle()
	if !ok {
		return 0
	}
	seq, _ := b.SequenceNumber()
	return seq
}

// waitFor polls cond every 10ms for up to 10s; it fails the test if cond
// never holds. It waits for an event; it is no assertion about speed.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s after 10s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// issueEndpointSVID issues the endpoint's SPIFFE ID from its current CA,
// for a second server that impersonates the endpoint legitimately.
func issueEndpointSVID(t *testing.T, ep *bundleendpoint.Server) *x509svid.SVID {
	t.Helper()
	svid, err := ep.CA().IssueSVID(ep.EndpointID())
	if err != nil {
		t.Fatal(err)
	}
	return svid
}

type svidSource struct{ svid *x509svid.SVID }

func (s svidSource) GetX509SVID() (*x509svid.SVID, error) { return s.svid, nil }
