package authority_test

import (
	"crypto/x509"
	"testing"

	"github.com/spiffe/go-spiffe/v2/bundle/x509bundle"
	"github.com/spiffe/go-spiffe/v2/spiffeid"
	"github.com/spiffe/go-spiffe/v2/svid/x509svid"

	"github.com/naftiko/naftiko-go/pkg/spiffe/authority"
)

func TestIssueSVIDVerifies(t *testing.T) {
	td := spiffeid.RequireTrustDomainFromString("example.org")
	ca, err := authority.NewSPIFFECA(td, 0)
	if err != nil {
		t.Fatal(err)
	}
	id := spiffeid.RequireFromPath(td, "/workload")
	svid, err := ca.IssueSVID(id)
	if err != nil {
		t.Fatal(err)
	}
	// The SVID must survive go-spiffe's own encode, parse and verify.
	certPEM, keyPEM, err := svid.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := x509svid.Parse(certPEM, keyPEM)
	if err != nil {
		t.Fatalf("x509svid.Parse: %v", err)
	}
	bundle := x509bundle.FromX509Authorities(td, []*x509.Certificate{ca.Certificate()})
	got, _, err := x509svid.Verify(parsed.Certificates, bundle)
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	if got != id {
		t.Errorf("verified ID = %s, want %s", got, id)
	}

	other, err := authority.NewSPIFFECA(td, 0)
	if err != nil {
		t.Fatal(err)
	}
	foreign := x509bundle.FromX509Authorities(td, []*x509.Certificate{other.Certificate()})
	if _, _, err := x509svid.Verify(parsed.Certificates, foreign); err == nil {
		t.Error("SVID verified against an unrelated CA")
	}
}

func TestIssueSVIDNeedsPath(t *testing.T) {
	td := spiffeid.RequireTrustDomainFromString("example.org")
	ca, err := authority.NewSPIFFECA(td, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ca.IssueSVID(td.ID()); err == nil {
		t.Error("issued an SVID for the trust domain ID itself")
	}
}

func TestServerCertVerifies(t *testing.T) {
	ca, err := authority.NewWebCA("test web CA", 0)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := ca.IssueServerCert("127.0.0.1", "localhost")
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(ca.CertificatePEM()) {
		t.Fatal("CA PEM did not parse")
	}
	for _, host := range []string{"127.0.0.1", "localhost"} {
		_, err := cert.Leaf.Verify(x509.VerifyOptions{DNSName: host, Roots: pool})
		if err != nil {
			t.Errorf("verify for %s: %v", host, err)
		}
	}
	opts := x509.VerifyOptions{DNSName: "example.com", Roots: pool}
	if _, err := cert.Leaf.Verify(opts); err == nil {
		t.Error("certificate verified for a host it was not issued for")
	}
}

func TestJWTKeyIDStable(t *testing.T) {
	a, err := authority.NewJWTKey()
	if err != nil {
		t.Fatal(err)
	}
	b, err := authority.NewJWTKey()
	if err != nil {
		t.Fatal(err)
	}
	if a.ID == "" || a.ID == b.ID {
		t.Errorf("key IDs %q and %q: want distinct and non-empty", a.ID, b.ID)
	}
}
