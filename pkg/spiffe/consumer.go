package spiffe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"

	"github.com/spiffe/go-spiffe/v2/bundle/spiffebundle"
	"github.com/spiffe/go-spiffe/v2/spiffeid"
	"github.com/spiffe/go-spiffe/v2/spiffetls/tlsconfig"

	"github.com/naftiko/naftiko-go/pkg/consumer"
)

// MaxBundleBytes bounds a bundle endpoint's response when the settings
// give no maxResponseBytes: bundles are a few kilobytes per key.
const MaxBundleBytes = 1 << 20

// ConsumerSettings returns base with its TLS, URL and response check set
// for c. src is the runtime identity, needed when c.UseSVID, and used as
// the https_spiffe bundle when c.BundleFile is empty; it may be nil
// otherwise. Errors name the settings field at fault. The bundle is
// refreshed only by calls; [NewConsumer] also polls it in the background.
func ConsumerSettings(c Client, base consumer.Settings, src Source,
	log *slog.Logger) (consumer.Settings, error) {
	cons, err := NewConsumer(c, base, src, log, RefreshPolicy{})
	if err != nil {
		return base, err
	}
	return cons.Settings(), nil
}

// Consumer is the SPIFFE transport of one consumed namespace: its
// consumer settings and, when the namespace is a bundle endpoint under
// https_spiffe with a kept bundle of the endpoint's trust domain, a
// refresher that polls the endpoint at the bundle's spiffe_refresh_hint
// between Start and Close, so that a CA rotation is followed even when no
// caller invokes the operation.
type Consumer struct {
	settings consumer.Settings
	refresh  *refresher
	accept   bundleAccept
}

// NewConsumer is [ConsumerSettings] with a background refresher, polling
// as policy says (its zero value: the defaults). Nothing runs until Start.
func NewConsumer(c Client, base consumer.Settings, src Source, log *slog.Logger,
	policy RefreshPolicy) (*Consumer, error) {
	log = orDiscard(log)
	s := base
	if c.UseSVID && src == nil {
		return nil, errors.New("useSvid: the runtime has no identity " +
			"(set identity in the settings)")
	}
	var store *bundleStore
	switch c.Profile {
	case ProfileWeb:
		cfg, err := webTLS(c, src)
		if err != nil {
			return nil, err
		}
		s.TLSConfig = cfg
	case ProfileSPIFFE:
		id, st, err := spiffeBundles(c, src)
		if err != nil {
			return nil, err
		}
		store = st
		if c.UseSVID {
			s.TLSConfig = tlsconfig.MTLSClientConfig(src, store, authorizeEndpoint(id))
		} else {
			s.TLSConfig = tlsconfig.TLSClientConfig(store, authorizeEndpoint(id))
		}
		s.TLSConfig.VerifyPeerCertificate = logFailure(s.TLSConfig.VerifyPeerCertificate,
			id, log)
	case "":
		return nil, fmt.Errorf("profile: required: %s or %s", ProfileWeb, ProfileSPIFFE)
	default:
		return nil, fmt.Errorf("profile: %q: want %s or %s", c.Profile,
			ProfileWeb, ProfileSPIFFE)
	}
	s.RequireHTTPS = true
	cons := &Consumer{}
	if c.BundleEndpoint != nil {
		acc, err := newBundleAccept(*c.BundleEndpoint, store, log)
		if err != nil {
			return nil, err
		}
		s.URL = c.BundleEndpoint.URL
		s.CheckResponse = acc.checkResponse
		cons.accept = acc
		if s.MaxResponseBytes == 0 {
			s.MaxResponseBytes = MaxBundleBytes
		}
		if store != nil && store.has(acc.td) {
			cons.refresh = newRefresher(acc, s, policy)
		}
	}
	cons.settings = s
	return cons, nil
}

// Settings returns the namespace's consumer settings.
func (c *Consumer) Settings() consumer.Settings { return c.settings }

// Bundle returns the bundle kept for the bundle endpoint's trust domain
// (the bootstrap bundle, then the newest fetched), or false when none is
// kept (https_web, no bundle endpoint, or bundles from the identity).
func (c *Consumer) Bundle() (*spiffebundle.Bundle, bool) {
	if c.accept.store == nil {
		return nil, false
	}
	return c.accept.store.get(c.accept.td)
}

// Polls reports whether Start starts a background refresher.
func (c *Consumer) Polls() bool { return c.refresh != nil }

// Start starts the background refresher, if any, until Close or until ctx
// is done; the first poll comes one interval after Start. Only the first
// call has an effect.
func (c *Consumer) Start(ctx context.Context) {
	if c.refresh != nil {
		c.refresh.start(ctx)
	}
}

// Close stops the refresher, aborting a poll in flight, and returns once
// it has stopped. It is safe to call more than once, and without Start.
func (c *Consumer) Close() error {
	if c.refresh != nil {
		c.refresh.close()
	}
	return nil
}

// webTLS is the https_web client configuration: CAFile or system roots.
func webTLS(c Client, src Source) (*tls.Config, error) {
	if c.EndpointID != "" || c.BundleFile != "" {
		return nil, errors.New("endpointSpiffeId and bundleFile apply only to " +
			"profile https_spiffe")
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if c.CAFile != "" {
		pem, err := os.ReadFile(c.CAFile)
		if err != nil {
			return nil, fmt.Errorf("caFile: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("caFile: %s: no PEM certificate found", c.CAFile)
		}
		cfg.RootCAs = pool
	}
	if c.UseSVID {
		cfg.GetClientCertificate = tlsconfig.GetClientCertificate(src)
	}
	return cfg, nil
}

// spiffeBundles parses the endpoint ID and opens the bundle store of an
// https_spiffe client.
func spiffeBundles(c Client, src Source) (spiffeid.ID, *bundleStore, error) {
	if c.CAFile != "" {
		return spiffeid.ID{}, nil, errors.New("caFile applies only to profile " +
			"https_web")
	}
	if c.EndpointID == "" {
		return spiffeid.ID{}, nil, errors.New("endpointSpiffeId: required for " +
			"profile https_spiffe")
	}
	id, err := spiffeid.FromString(c.EndpointID)
	if err != nil {
		return id, nil, fmt.Errorf("endpointSpiffeId %q: %w", c.EndpointID, err)
	}
	store := &bundleStore{fallback: src}
	switch {
	case c.BundleFile != "":
		b, err := spiffebundle.Load(id.TrustDomain(), c.BundleFile)
		if err != nil {
			return id, nil, fmt.Errorf("bundleFile: %w", err)
		}
		if len(b.X509Authorities()) == 0 {
			return id, nil, fmt.Errorf("bundleFile: %s: no X.509 authorities",
				c.BundleFile)
		}
		store.set(b)
	case src == nil:
		return id, nil, errors.New("bundleFile: required for profile https_spiffe " +
			"when the runtime has no identity to take bundles from")
	}
	return id, store, nil
}

// bundleAccept checks bundle endpoint responses: status 200 and a valid
// SPIFFE bundle of the trust domain. Under https_spiffe (store set) the
// bundle of the endpoint's own trust domain replaces the stored one when
// newer. Calls and the refresher share it.
type bundleAccept struct {
	url   string
	td    spiffeid.TrustDomain
	store *bundleStore
	log   *slog.Logger
}

func newBundleAccept(be BundleEndpoint, store *bundleStore,
	log *slog.Logger) (bundleAccept, error) {
	u, err := url.Parse(be.URL)
	if err != nil || u.Host == "" {
		return bundleAccept{}, fmt.Errorf("bundleEndpoint.url %q: not an absolute URL", be.URL)
	}
	if u.Scheme != "https" {
		return bundleAccept{}, fmt.Errorf("bundleEndpoint.url %q: must be https (both "+
			"SPIFFE Federation profiles are https)", be.URL)
	}
	td, err := spiffeid.TrustDomainFromString(be.TrustDomain)
	if err != nil {
		return bundleAccept{}, fmt.Errorf("bundleEndpoint.trustDomain %q: %w",
			be.TrustDomain, err)
	}
	return bundleAccept{url: be.URL, td: td, store: store, log: log}, nil
}

// accept parses one response and keeps the bundle when newer; it reports
// whether the kept bundle changed.
func (a bundleAccept) accept(status int, body []byte) (*spiffebundle.Bundle, bool, error) {
	b, err := parseBundle(a.td, status, body)
	if err != nil {
		return nil, false, err
	}
	updated := a.store != nil && a.store.update(b, a.log)
	if updated {
		seq, _ := b.SequenceNumber()
		a.log.Info("spiffe: trust bundle updated from the bundle endpoint",
			"trust_domain", a.td.String(), "sequence", seq,
			"x509_authorities", len(b.X509Authorities()))
	}
	return b, updated, nil
}

// checkResponse is the consumer.Settings CheckResponse of a call.
func (a bundleAccept) checkResponse(resp *http.Response, body []byte) error {
	if _, _, err := a.accept(resp.StatusCode, body); err != nil {
		a.log.Warn("spiffe: bundle endpoint response rejected", "url", a.url,
			"trust_domain", a.td.String(), "error", err)
		return err
	}
	return nil
}

// parseBundle checks one bundle endpoint response.
func parseBundle(td spiffeid.TrustDomain, status int, body []byte) (*spiffebundle.Bundle, error) {
	if status != http.StatusOK {
		return nil, fmt.Errorf("bundle endpoint answered status %d, want 200", status)
	}
	b, err := spiffebundle.Parse(td, body)
	if err != nil {
		return nil, fmt.Errorf("invalid SPIFFE bundle for %q: %w", td, err)
	}
	if b.Empty() {
		return nil, fmt.Errorf("invalid SPIFFE bundle for %q: no keys", td)
	}
	return b, nil
}

// logFailure logs why an https_spiffe peer was not authenticated: the
// caller sees the error too, but wrapped in transport messages.
func logFailure(verify func([][]byte, [][]*x509.Certificate) error, id spiffeid.ID,
	log *slog.Logger) func([][]byte, [][]*x509.Certificate) error {
	return func(raw [][]byte, chains [][]*x509.Certificate) error {
		err := verify(raw, chains)
		if err != nil {
			log.Warn("spiffe: upstream failed SPIFFE authentication", "want_id", id.String(),
				"error", err)
		}
		return err
	}
}

// authorizeEndpoint admits only id, with an error that names both IDs.
func authorizeEndpoint(id spiffeid.ID) tlsconfig.Authorizer {
	return func(got spiffeid.ID, _ [][]*x509.Certificate) error {
		if got != id {
			return fmt.Errorf("upstream presented SPIFFE ID %q, want %q (endpointSpiffeId)",
				got, id)
		}
		return nil
	}
}
