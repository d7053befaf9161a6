package spiffe

import (
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/spiffe/go-spiffe/v2/bundle/spiffebundle"
	"github.com/spiffe/go-spiffe/v2/bundle/x509bundle"
	"github.com/spiffe/go-spiffe/v2/spiffeid"
)

// bundleStore is the x509bundle.Source of an https_spiffe client: the
// bootstrap bundle, replaced by each newer bundle the endpoint serves for
// its own trust domain, as the SPIFFE Federation specification requires
// of clients of self-serving endpoints. Bundles arrive from caller
// requests (the response check) and from the background refresher, which
// polls at spiffe_refresh_hint (refresh.go). Other trust domains come from
// fallback (the runtime identity), when set.
type bundleStore struct {
	fallback x509bundle.Source

	mu      sync.RWMutex
	bundles map[spiffeid.TrustDomain]*spiffebundle.Bundle
}

func (s *bundleStore) set(b *spiffebundle.Bundle) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.bundles == nil {
		s.bundles = map[spiffeid.TrustDomain]*spiffebundle.Bundle{}
	}
	s.bundles[b.TrustDomain()] = b
}

// has reports whether the store keeps a bundle of td (and so accepts
// updates for it).
func (s *bundleStore) has(td spiffeid.TrustDomain) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	_, ok := s.bundles[td]
	return ok
}

// get returns a copy of the bundle kept for td.
func (s *bundleStore) get(td spiffeid.TrustDomain) (*spiffebundle.Bundle, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	b, ok := s.bundles[td]
	if !ok {
		return nil, false
	}
	return b.Clone(), true
}

// refreshHint is the spiffe_refresh_hint of the bundle kept for td, or 0.
func (s *bundleStore) refreshHint(td spiffeid.TrustDomain) time.Duration {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if b, ok := s.bundles[td]; ok {
		h, _ := b.RefreshHint()
		return h
	}
	return 0
}

// update stores b when the store already trusts its trust domain (the
// endpoint serves its own bundle), b has X.509 authorities, and b is not
// older than the stored bundle by sequence number. It reports whether b
// was stored.
func (s *bundleStore) update(b *spiffebundle.Bundle, log *slog.Logger) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.bundles[b.TrustDomain()]
	if !ok || old.Equal(b) {
		return false
	}
	if len(b.X509Authorities()) == 0 {
		log.Warn("spiffe: fetched bundle has no X.509 authorities; keeping the previous one",
			"trust_domain", b.TrustDomain().String())
		return false
	}
	newSeq, okNew := b.SequenceNumber()
	oldSeq, okOld := old.SequenceNumber()
	if okNew && okOld && newSeq < oldSeq {
		log.Warn("spiffe: fetched bundle is older than the one kept; ignored",
			"trust_domain", b.TrustDomain().String(), "sequence", newSeq, "kept", oldSeq)
		return false
	}
	s.bundles[b.TrustDomain()] = b
	return true
}

// GetX509BundleForTrustDomain implements x509bundle.Source.
func (s *bundleStore) GetX509BundleForTrustDomain(
	td spiffeid.TrustDomain) (*x509bundle.Bundle, error) {
	s.mu.RLock()
	b, ok := s.bundles[td]
	s.mu.RUnlock()
	if ok {
		return b.X509Bundle(), nil
	}
	if s.fallback != nil {
		return s.fallback.GetX509BundleForTrustDomain(td)
	}
	return nil, fmt.Errorf("spiffe: no trust bundle for trust domain %q", td)
}
