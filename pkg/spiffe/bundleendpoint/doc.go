// Package bundleendpoint serves a real SPIFFE trust bundle over HTTPS with
// go-spiffe's federation handler, the way a SPIRE server's bundle endpoint
// does, for one trust domain on a loopback address.
//
// A [Server] generates an X.509 CA and a JWT signing key for its trust
// domain and publishes them as a SPIFFE bundle (a JWKS document with
// spiffe_sequence and spiffe_refresh_hint). It speaks either bundle
// endpoint profile of the SPIFFE Federation specification:
//
//   - https_web: the server presents a certificate from its own web CA;
//     clients trust that CA ([Server.WebCAPEM], written as ca.pem).
//   - https_spiffe: the server presents an X.509-SVID of the trust domain
//     ([Server.EndpointID]); clients start from a bootstrap bundle
//     ([Server.BundleJSON], written as bundle.json) and then keep the
//     latest bundle they fetched.
//
// [Server.PrepareCA] and [Server.ActivateCA] rotate the X.509 CA in two
// steps, so a client that follows the specification keeps trusting the
// endpoint across the rotation. cmd/spiffe-bundle-endpoint wraps this
// package as a program.
package bundleendpoint
