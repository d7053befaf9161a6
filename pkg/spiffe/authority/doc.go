// Package authority holds small X.509 and JWT signing authorities for a
// SPIFFE trust domain: a self-signed X.509 CA that issues X.509-SVIDs and
// web server certificates, and a JWT signing key. The bundle endpoint
// program uses it to serve a real trust bundle locally, and tests use it to
// mint SVIDs without a SPIRE server.
//
// Keys are ECDSA P-256 and live only in memory; nothing here is meant to
// protect a production trust domain.
package authority
