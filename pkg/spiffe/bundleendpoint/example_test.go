package bundleendpoint_test

import (
	"context"
	"fmt"

	"github.com/spiffe/go-spiffe/v2/federation"
	"github.com/spiffe/go-spiffe/v2/spiffeid"

	"github.com/naftiko/naftiko-go/pkg/spiffe/bundleendpoint"
)

// An https_spiffe endpoint, fetched with go-spiffe's own federation client
// from its bootstrap bundle.
func ExampleServer() {
	td := spiffeid.RequireTrustDomainFromString("example.org")
	s, err := bundleendpoint.New(bundleendpoint.Config{
		TrustDomain: td, Profile: bundleendpoint.ProfileSPIFFE,
	})
	if err != nil {
		panic(err)
	}
	if err := s.Start(); err != nil {
		panic(err)
	}
	defer s.Close()
	bootstrap := s.Bundle()

	b, err := federation.FetchBundle(context.Background(), td, s.URL(),
		federation.WithSPIFFEAuth(bootstrap, s.EndpointID()))
	if err != nil {
		panic(err)
	}
	seq, _ := b.SequenceNumber()
	hint, _ := b.RefreshHint()
	fmt.Println(s.EndpointID(), seq, hint, len(b.X509Authorities()), len(b.JWTAuthorities()))
	// Output: spiffe://example.org/bundle-endpoint 1 5m0s 1 1
}
