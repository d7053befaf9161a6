package authority

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/url"
	"time"

	"github.com/spiffe/go-spiffe/v2/spiffeid"
	"github.com/spiffe/go-spiffe/v2/svid/x509svid"
)

// DefaultTTL is the lifetime of certificates issued when no TTL is given.
const DefaultTTL = 24 * time.Hour

// CA is a self-signed X.509 certificate authority. A SPIFFE CA (from
// [NewSPIFFECA]) carries its trust domain as URI SAN and issues
// X.509-SVIDs; a web CA (from [NewWebCA]) issues server certificates for
// host names and IP addresses. Both can issue either kind.
type CA struct {
	cert *x509.Certificate
	key  crypto.Signer
	ttl  time.Duration
}

// NewSPIFFECA generates a CA for trust domain td whose certificates live
// ttl (DefaultTTL when zero).
func NewSPIFFECA(td spiffeid.TrustDomain, ttl time.Duration) (*CA, error) {
	if td.IsZero() {
		return nil, errors.New("authority: empty trust domain")
	}
	tmpl := caTemplate("SPIFFE CA "+td.String(), ttl)
	tmpl.URIs = []*url.URL{td.ID().URL()}
	return newCA(tmpl, ttl)
}

// NewWebCA generates a web PKI style root CA named name.
func NewWebCA(name string, ttl time.Duration) (*CA, error) {
	return newCA(caTemplate(name, ttl), ttl)
}

func caTemplate(name string, ttl time.Duration) *x509.Certificate {
	if ttl <= 0 {
		ttl = DefaultTTL
	}
	now := time.Now()
	return &x509.Certificate{
		Subject:               pkix.Name{CommonName: name, Organization: []string{"naftiko demo"}},
		NotBefore:             now.Add(-time.Minute),
		NotAfter:              now.Add(ttl),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
}

func newCA(tmpl *x509.Certificate, ttl time.Duration) (*CA, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("authority: generate CA key: %w", err)
	}
	if tmpl.SerialNumber, err = serial(); err != nil {
		return nil, err
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, fmt.Errorf("authority: self-sign CA: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("authority: parse CA: %w", err)
	}
	if ttl <= 0 {
		ttl = DefaultTTL
	}
	return &CA{cert: cert, key: key, ttl: ttl}, nil
}

// Certificate returns the CA certificate.
func (c *CA) Certificate() *x509.Certificate { return c.cert }

// CertificatePEM returns the CA certificate PEM-encoded.
func (c *CA) CertificatePEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.cert.Raw})
}

// IssueSVID issues an X.509-SVID for id, usable by TLS servers and clients.
func (c *CA) IssueSVID(id spiffeid.ID) (*x509svid.SVID, error) {
	if id.IsZero() || id.Path() == "" {
		return nil, fmt.Errorf("authority: SVID ID %q must have a path", id)
	}
	tmpl := c.leafTemplate(id.String())
	tmpl.URIs = []*url.URL{id.URL()}
	certs, key, err := c.issue(tmpl)
	if err != nil {
		return nil, err
	}
	return &x509svid.SVID{ID: id, Certificates: certs, PrivateKey: key}, nil
}

// IssueServerCert issues a web server certificate for hosts (DNS names or
// IP addresses), with the CA certificate in its chain.
func (c *CA) IssueServerCert(hosts ...string) (tls.Certificate, error) {
	if len(hosts) == 0 {
		return tls.Certificate{}, errors.New("authority: server certificate needs a host")
	}
	tmpl := c.leafTemplate(hosts[0])
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	certs, key, err := c.issue(tmpl)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{
		Certificate: [][]byte{certs[0].Raw, c.cert.Raw},
		PrivateKey:  key,
		Leaf:        certs[0],
	}, nil
}

func (c *CA) leafTemplate(cn string) *x509.Certificate {
	now := time.Now()
	return &x509.Certificate{
		Subject:               pkix.Name{CommonName: cn},
		NotBefore:             now.Add(-time.Minute),
		NotAfter:              now.Add(c.ttl),
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{
			x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth,
		},
	}
}

func (c *CA) issue(tmpl *x509.Certificate) ([]*x509.Certificate, crypto.Signer, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, fmt.Errorf("authority: generate key: %w", err)
	}
	if tmpl.SerialNumber, err = serial(); err != nil {
		return nil, nil, err
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, c.cert, key.Public(), c.key)
	if err != nil {
		return nil, nil, fmt.Errorf("authority: sign %q: %w", tmpl.Subject.CommonName, err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, fmt.Errorf("authority: parse leaf: %w", err)
	}
	return []*x509.Certificate{leaf}, key, nil
}

func serial() (*big.Int, error) {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, fmt.Errorf("authority: serial number: %w", err)
	}
	return n, nil
}
