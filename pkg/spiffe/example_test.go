package spiffe_test

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"

	"github.com/spiffe/go-spiffe/v2/spiffeid"

	"github.com/naftiko/naftiko-go/pkg/consumer"
	"github.com/naftiko/naftiko-go/pkg/spiffe"
	"github.com/naftiko/naftiko-go/pkg/spiffe/bundleendpoint"
)

// A namespace declared a bundle endpoint gets the endpoint's URL, https
// only, and a check that rejects anything but a bundle of the trust domain.
func ExampleConsumerSettings() {
	ep, err := bundleendpoint.New(bundleendpoint.Config{
		TrustDomain: spiffeid.RequireTrustDomainFromString("example.org"),
		Profile:     bundleendpoint.ProfileWeb,
	})
	if err != nil {
		panic(err)
	}
	if err := ep.Start(); err != nil {
		panic(err)
	}
	defer ep.Close()
	dir, err := os.MkdirTemp("", "spiffe-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	caFile := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(caFile, ep.WebCAPEM(), 0o600); err != nil {
		panic(err)
	}

	st, err := spiffe.ConsumerSettings(spiffe.Client{
		Profile: spiffe.ProfileWeb,
		CAFile:  caFile,
		BundleEndpoint: &spiffe.BundleEndpoint{
			URL: ep.URL(), TrustDomain: "example.org",
		},
	}, consumer.Settings{}, nil, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println("https only:", st.RequireHTTPS)
	fmt.Println(st.CheckResponse(&http.Response{StatusCode: 200}, []byte(`{"keys":[]}`)))
	// Output:
	// https only: true
	// invalid SPIFFE bundle for "example.org": no keys
}

// Callers of an mTLS exposer can be admitted by an ID prefix.
func ExampleAuthorizer() {
	authz, err := spiffe.Authorizer(spiffe.Authorize{Prefix: "spiffe://example.org/agents/"})
	if err != nil {
		panic(err)
	}
	for _, id := range []string{"spiffe://example.org/agents/claude",
		"spiffe://example.org/agentsmith"} {
		fmt.Println(id, authz(spiffeid.RequireFromString(id), nil) == nil)
	}
	// Output:
	// spiffe://example.org/agents/claude true
	// spiffe://example.org/agentsmith false
}
