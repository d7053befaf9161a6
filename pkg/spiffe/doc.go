// Package spiffe is the SPIFFE-aware transport of the runtime, built on
// go-spiffe v2: how a consumed namespace reaches a SPIFFE bundle endpoint
// (or any upstream authenticated by SPIFFE ID), where the runtime's own
// X.509-SVID comes from, and how exposers are served over mTLS. It knows
// nothing of the capability document: everything here comes from the
// deployment settings file.
//
// # Consuming a bundle endpoint
//
// A namespace's settings (consumes.<namespace>.spiffe, a [Client]) name a
// profile of the SPIFFE Federation specification:
//
//   - https_web: the endpoint has a web PKI certificate, checked against
//     CAFile or the system roots.
//   - https_spiffe: the endpoint presents an X.509-SVID whose ID must be
//     EndpointID, checked against the bootstrap bundle in BundleFile. Every
//     valid bundle the endpoint serves for its own trust domain replaces
//     the kept one and is used for the next connection, so CA rotations at
//     the endpoint are followed as the specification requires.
//
// With BundleEndpoint set, the endpoint's URL replaces the document's
// baseUri and resource path (a SPIRE server serves its bundle at "/"),
// only https is allowed (redirects included), and a response is a success
// only when its status is 200 and its body parses as a SPIFFE bundle of
// the configured trust domain; anything else is an upstream error
// (consumer.KindRejected) for the REST or MCP caller.
//
// [ConsumerSettings] turns a Client into consumer.Settings:
//
//	st, err := spiffe.ConsumerSettings(spiffe.Client{
//		Profile:    spiffe.ProfileSPIFFE,
//		EndpointID: "spiffe://example.org/spire/server",
//		BundleFile: "bootstrap.json",
//		BundleEndpoint: &spiffe.BundleEndpoint{
//			URL: "https://spire.example.org:8443/", TrustDomain: "example.org",
//		},
//	}, consumer.Settings{}, nil, log)
//
// # Refreshing the bundle in the background
//
// [NewConsumer] builds the same settings and, for an https_spiffe bundle
// endpoint with a bootstrap bundle, a refresher: between [Consumer.Start]
// and [Consumer.Close] it polls the endpoint at the kept bundle's
// spiffe_refresh_hint, held between a floor and a ceiling, or at a
// default interval when the bundle has none ([RefreshPolicy]). A poll
// goes through the same TLS configuration and the same checks as a call,
// and a newer bundle replaces the kept one, so that a CA rotation between
// two calls does not leave the client with stale roots. A failed poll is
// logged at warn and retried sooner, with backoff; the kept bundle stays.
// Under https_web nothing is kept (the bundle does not authenticate the
// endpoint), and bundles taken from the runtime identity are kept fresh
// by the identity source, so neither polls.
//
// # The runtime's identity
//
// [NewSource] opens an [Identity]: the SPIFFE Workload API (a SPIRE agent's
// socket, or SPIFFE_ENDPOINT_SOCKET) whose SVID and bundles rotate live, or
// PEM files. The source gives the client certificate when a namespace sets
// UseSVID, and the server certificate and trust bundles of mTLS exposers.
//
// # Serving exposers over mTLS
//
// [ServerTLS] returns a tls.Config that presents the runtime's SVID and
// requires a client X.509-SVID from a trusted trust domain, authorized by
// an [Authorize]: a list of IDs, an ID prefix on path segment boundaries
// ([PrefixMatcher]) or a whole trust domain.
//
// The sub-packages authority and bundleendpoint mint keys and serve a real
// bundle locally, for the demo and for tests.
package spiffe
