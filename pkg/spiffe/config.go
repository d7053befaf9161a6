package spiffe

// CONTRACT FILE. The configuration types below are read by the runtime's
// settings layer (pkg/naftiko, issue #4) and implemented here (issue #5):
// NewSource in source.go, ConsumerSettings in consumer.go, ServerTLS in
// server.go. Change a signature only with its callers.

import (
	"github.com/spiffe/go-spiffe/v2/bundle/x509bundle"
	"github.com/spiffe/go-spiffe/v2/svid/x509svid"
)

// Profile names of the SPIFFE Federation bundle endpoint profiles.
const (
	ProfileWeb    = "https_web"
	ProfileSPIFFE = "https_spiffe"
)

// Client configures how one consumed namespace reaches its upstream, in the
// settings file under consumes.<namespace>.spiffe.
type Client struct {
	// Profile is https_web (server authenticated by a CA: CAFile, or the
	// system roots) or https_spiffe (server authenticated by its SPIFFE ID,
	// EndpointID, against BundleFile and then the latest fetched bundle).
	Profile string `json:"profile"`
	// CAFile is a PEM file of CA certificates for https_web.
	CAFile string `json:"caFile,omitempty"`
	// EndpointID is the SPIFFE ID the endpoint must present (https_spiffe).
	EndpointID string `json:"endpointSpiffeId,omitempty"`
	// BundleFile is a bootstrap bundle in SPIFFE bundle (JWKS) format for
	// https_spiffe.
	BundleFile string `json:"bundleFile,omitempty"`
	// BundleEndpoint declares the namespace a SPIFFE bundle endpoint: its
	// full URL replaces baseUri + resource path, and every response must be
	// a valid bundle of TrustDomain.
	BundleEndpoint *BundleEndpoint `json:"bundleEndpoint,omitempty"`
	// UseSVID presents the runtime's own X.509-SVID (see Identity) as the
	// client certificate, for upstreams that require mTLS.
	UseSVID bool `json:"useSvid,omitempty"`
}

// BundleEndpoint is the endpoint URL and trust domain of a SPIFFE bundle
// endpoint.
type BundleEndpoint struct {
	URL         string `json:"url"`
	TrustDomain string `json:"trustDomain"`
}

// Identity is the runtime's own workload identity: an X.509-SVID from the
// SPIFFE Workload API or from PEM files.
type Identity struct {
	// WorkloadAPI is the Workload API address (unix:///path or tcp://);
	// "env" means SPIFFE_ENDPOINT_SOCKET.
	WorkloadAPI string `json:"workloadApi,omitempty"`
	CertFile    string `json:"certFile,omitempty"`   // SVID and chain, PEM
	KeyFile     string `json:"keyFile,omitempty"`    // private key, PEM
	BundleFile  string `json:"bundleFile,omitempty"` // trust bundle, PEM or SPIFFE bundle
}

// Authorize says which SPIFFE IDs may call an exposer served over mTLS.
// Exactly one field is set.
type Authorize struct {
	IDs         []string `json:"ids,omitempty"`
	Prefix      string   `json:"prefix,omitempty"` // an ID prefix: spiffe://td/ns/
	TrustDomain string   `json:"trustDomain,omitempty"`
}

// Source is a live X.509-SVID and bundle source: the runtime's own
// workload identity and the trust bundles it knows. Close releases it.
type Source interface {
	x509svid.Source
	x509bundle.Source
	Close() error
}
