package spiffe_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spiffe/go-spiffe/v2/spiffeid"

	"github.com/naftiko/naftiko-go/pkg/consumer"
	"github.com/naftiko/naftiko-go/pkg/spiffe"
	"github.com/naftiko/naftiko-go/pkg/spiffe/bundleendpoint"
)

// Between Start and Close, a Consumer of an https_spiffe bundle endpoint
// polls it at the bundle's refresh hint and keeps the newest bundle, with
// no call at all.
func ExampleNewConsumer() {
	ep, err := bundleendpoint.New(bundleendpoint.Config{
		TrustDomain: spiffeid.RequireTrustDomainFromString("example.org"),
		Profile:     bundleendpoint.ProfileSPIFFE,
		RefreshHint: time.Second,
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
	bootstrap, err := ep.BundleJSON()
	if err != nil {
		panic(err)
	}
	bundleFile := filepath.Join(dir, "bundle.json")
	if err := os.WriteFile(bundleFile, bootstrap, 0o600); err != nil {
		panic(err)
	}

	cons, err := spiffe.NewConsumer(spiffe.Client{
		Profile:    spiffe.ProfileSPIFFE,
		EndpointID: ep.EndpointID().String(),
		BundleFile: bundleFile,
		BundleEndpoint: &spiffe.BundleEndpoint{
			URL: ep.URL(), TrustDomain: "example.org",
		},
	}, consumer.Settings{}, nil, nil,
		spiffe.RefreshPolicy{Min: time.Second}) // the default floor is 30s
	if err != nil {
		panic(err)
	}
	cons.Start(context.Background())
	defer cons.Close()

	if err := ep.PrepareCA(); err != nil { // the endpoint publishes sequence 2
		panic(err)
	}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		if b, _ := cons.Bundle(); len(b.X509Authorities()) == 2 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	b, _ := cons.Bundle()
	seq, _ := b.SequenceNumber()
	fmt.Println("polls:", cons.Polls())
	fmt.Println("kept sequence:", seq, "X.509 authorities:", len(b.X509Authorities()))
	// Output:
	// polls: true
	// kept sequence: 2 X.509 authorities: 2
}

// A refresh hint is followed within the floor and the ceiling.
func ExampleRefreshPolicy_Interval() {
	var p spiffe.RefreshPolicy // the defaults
	for _, hint := range []time.Duration{0, time.Second, 10 * time.Minute, 24 * time.Hour} {
		fmt.Printf("hint %v: poll every %v\n", hint, p.Interval(hint))
	}
	// Output:
	// hint 0s: poll every 5m0s
	// hint 1s: poll every 30s
	// hint 10m0s: poll every 10m0s
	// hint 24h0m0s: poll every 1h0m0s
}
