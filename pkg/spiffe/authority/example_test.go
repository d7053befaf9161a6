package authority_test

import (
	"fmt"

	"github.com/spiffe/go-spiffe/v2/spiffeid"

	"github.com/naftiko/naftiko-go/pkg/spiffe/authority"
)

func ExampleCA_IssueSVID() {
	td := spiffeid.RequireTrustDomainFromString("example.org")
	ca, err := authority.NewSPIFFECA(td, 0)
	if err != nil {
		panic(err)
	}
	svid, err := ca.IssueSVID(spiffeid.RequireFromPath(td, "/agents/claude"))
	if err != nil {
		panic(err)
	}
	fmt.Println(svid.ID, svid.Certificates[0].URIs[0], ca.Certificate().URIs[0])
	// Output: spiffe://example.org/agents/claude spiffe://example.org/agents/claude spiffe://example.org
}
