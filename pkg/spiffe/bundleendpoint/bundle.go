package bundleendpoint

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spiffe/go-spiffe/v2/bundle/spiffebundle"
	"github.com/spiffe/go-spiffe/v2/spiffeid"

	"github.com/naftiko/naftiko-go/pkg/spiffe/authority"
)

// Names of the files [Server.WriteFiles] writes.
const (
	FileCA         = "ca.pem"
	FileBundle     = "bundle.json"
	FileEndpointID = "endpoint-id"
	FileURL        = "url"
)

// GetBundleForTrustDomain implements spiffebundle.Source for the federation
// handler: it returns a copy of the current bundle.
func (s *Server) GetBundleForTrustDomain(td spiffeid.TrustDomain) (*spiffebundle.Bundle, error) {
	if td != s.cfg.TrustDomain {
		return nil, fmt.Errorf("bundleendpoint: no bundle for trust domain %q", td)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bundle.Clone(), nil
}

// Bundle returns a copy of the current bundle.
func (s *Server) Bundle() *spiffebundle.Bundle {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bundle.Clone()
}

// BundleJSON returns the current bundle in SPIFFE bundle format, the
// bootstrap bundle of https_spiffe clients.
func (s *Server) BundleJSON() ([]byte, error) {
	b, err := s.Bundle().Marshal()
	if err != nil {
		return nil, fmt.Errorf("bundleendpoint: marshal bundle: %w", err)
	}
	return b, nil
}

// Served returns the body of the last successful bundle response and the
// number of requests answered by the bundle handler.
func (s *Server) Served() ([]byte, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]byte(nil), s.served...), s.hits
}

// CA returns the X.509 CA that signs the endpoint's current SVID. Tests and
// the demo use it to issue X.509-SVIDs of the trust domain.
func (s *Server) CA() *authority.CA {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cas[0]
}

// WebCAPEM returns the web CA certificate in PEM (https_web), or nil.
func (s *Server) WebCAPEM() []byte {
	if s.webCA == nil {
		return nil
	}
	return s.webCA.CertificatePEM()
}

// PrepareCA is the first step of a CA rotation: it generates a new X.509
// CA and publishes it in the bundle next to the current one, with the next
// sequence number.
func (s *Server) PrepareCA() error {
	ca, err := authority.NewSPIFFECA(s.cfg.TrustDomain, 0)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cas = append(s.cas, ca)
	s.bundle.AddX509Authority(ca.Certificate())
	seq := s.nextSequence()
	s.log.Info("bundle: new X.509 CA prepared", "sequence", seq)
	return nil
}

// ActivateCA is the second step: the newest prepared CA signs the endpoint's
// SVID from now on, and the older CAs leave the bundle (next sequence
// number). Under https_spiffe, a client that did not fetch the bundle since
// PrepareCA can no longer authenticate the endpoint.
func (s *Server) ActivateCA() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.cas) < 2 {
		return errors.New("bundleendpoint: no prepared CA to activate")
	}
	next := s.cas[len(s.cas)-1]
	if s.cfg.Profile == ProfileSPIFFE {
		svid, err := next.IssueSVID(s.endpointID)
		if err != nil {
			return err
		}
		s.svid = svid
	}
	for _, old := range s.cas[:len(s.cas)-1] {
		s.bundle.RemoveX509Authority(old.Certificate())
	}
	s.cas = []*authority.CA{next}
	seq := s.nextSequence()
	if s.srv != nil {
		// Close idle keep-alive connections so that the next request of
		// every client makes a handshake with the new SVID.
		s.srv.SetKeepAlivesEnabled(false)
		s.srv.SetKeepAlivesEnabled(true)
	}
	s.log.Info("bundle: X.509 CA activated, old CAs removed", "sequence", seq)
	return nil
}

func (s *Server) nextSequence() uint64 {
	seq, _ := s.bundle.SequenceNumber()
	seq++
	s.bundle.SetSequenceNumber(seq)
	return seq
}

// WriteFiles writes what a client needs into dir: bundle.json (the
// current bundle, in SPIFFE bundle format), ca.pem (https_web),
// endpoint-id (https_spiffe), and url once started.
func (s *Server) WriteFiles(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("bundleendpoint: %w", err)
	}
	b, err := s.BundleJSON()
	if err != nil {
		return err
	}
	files := map[string][]byte{FileBundle: append(b, '\n')}
	if s.cfg.Profile == ProfileWeb {
		files[FileCA] = s.WebCAPEM()
	} else {
		files[FileEndpointID] = []byte(s.endpointID.String() + "\n")
	}
	if u := s.URL(); u != "" {
		files[FileURL] = []byte(u + "\n")
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return fmt.Errorf("bundleendpoint: %w", err)
		}
	}
	return nil
}
