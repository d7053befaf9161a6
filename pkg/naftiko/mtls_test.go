package naftiko_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/naftiko/naftiko-go/pkg/internal/logbuf"

	"github.com/spiffe/go-spiffe/v2/bundle/x509bundle"
	"github.com/spiffe/go-spiffe/v2/spiffeid"
	"github.com/spiffe/go-spiffe/v2/spiffetls/tlsconfig"
	"github.com/spiffe/go-spiffe/v2/svid/x509svid"

	"github.com/naftiko/naftiko-go/pkg/naftiko"
	"github.com/naftiko/naftiko-go/pkg/spiffe"
)

// testCA issues X.509-SVIDs for one trust domain.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

func newTestCA(t *testing.T) *testCA {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		URIs:     []*url.URL{{Scheme: "spiffe", Host: "example.org"}},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return &testCA{cert: cert, key: key}
}

// issue returns the PEM certificate and key of an SVID for id.
func (ca *testCA) issue(t *testing.T, id string, serial int64) ([]byte, []byte) {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	u, _ := url.Parse(id)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(serial), NotBefore: time.Now().Add(-time.Hour),
		NotAfter: time.Now().Add(time.Hour), URIs: []*url.URL{u},
		KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth,
			x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	kder, _ := x509.MarshalPKCS8PrivateKey(key)
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder})
}

// TestExposerOverSPIFFEMTLS serves the REST exposer with the runtime's
// file identity and checks that only an SVID of the authorized trust
// domain gets in.
func TestExposerOverSPIFFEMTLS(t *testing.T) {
	ca := newTestCA(t)
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cert, key := ca.issue(t, "spiffe://example.org/naftiko", 2)
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.cert.Raw})
	id := &spiffe.Identity{CertFile: write("svid.pem", cert), KeyFile: write("key.pem", key),
		BundleFile: write("bundle.pem", caPEM)}

	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"name":"Ada"}`)
	}))
	defer up.Close()
	path, cleanup := writeExample(exampleDoc)
	defer cleanup()
	l, err := naftiko.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	var logs logbuf.Buffer
	settings := naftiko.Settings{
		Identity: id,
		Consumes: map[string]naftiko.ConsumeSettings{"users": {BaseURI: up.URL}},
		Exposes: map[string]naftiko.ExposeSettings{"users-api": {Address: "127.0.0.1",
			Port: -1, MTLS: &spiffe.Authorize{TrustDomain: "example.org"}}},
	}
	rt, err := naftiko.New(l, naftiko.Options{
		Logger: slog.New(slog.NewTextHandler(&logs, nil)), Settings: settings})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := rt.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer rt.Shutdown(ctx)
	base := rt.Listeners()[0].URL
	if !strings.HasPrefix(base, "https://") {
		t.Fatalf("listener %s is not https", base)
	}

	td := spiffeid.RequireTrustDomainFromString("example.org")
	bundle := x509bundle.FromX509Authorities(td, []*x509.Certificate{ca.cert})
	client := func(cfg *tls.Config) *http.Client {
		return &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}}
	}
	ccert, ckey := ca.issue(t, "spiffe://example.org/caller", 3)
	svid, err := x509svid.Parse(ccert, ckey)
	if err != nil {
		t.Fatal(err)
	}
	good := client(tlsconfig.MTLSClientConfig(svid, bundle,
		tlsconfig.AuthorizeID(spiffeid.RequireFromString("spiffe://example.org/naftiko"))))
	resp, err := good.Get(base + "/people/1")
	if err != nil {
		t.Fatalf("with an SVID: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != `{"name":"Ada"}`+"\n" {
		t.Errorf("with an SVID: %d %s", resp.StatusCode, body)
	}

	anonymous := client(tlsconfig.TLSClientConfig(bundle, tlsconfig.AuthorizeAny()))
	if resp, err := anonymous.Get(base + "/people/1"); err == nil {
		resp.Body.Close()
		t.Errorf("without a client SVID: %d, want a TLS failure", resp.StatusCode)
	}

	// The refusal is a warning in the server's log. The server writes it
	// after the client has seen the failure, so wait for it to arrive.
	const want = "level=WARN msg=\"http server\""
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(logs.String(), want) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if got := logs.String(); !strings.Contains(got, want) ||
		!strings.Contains(got, "TLS handshake error") {
		t.Errorf("log lacks a refused-handshake warning:\n%s", got)
	}
}
