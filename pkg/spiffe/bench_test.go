package spiffe_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/naftiko/naftiko-go/pkg/consumer"
	"github.com/naftiko/naftiko-go/pkg/spiffe"
	"github.com/naftiko/naftiko-go/pkg/spiffe/bundleendpoint"
)

// BenchmarkBundleCheck measures the bundle endpoint response check (parse
// with spiffebundle, compare, keep) against BenchmarkBundleJSONBaseline,
// the plain JSON decode the consumer does anyway; the ratio is the cost of
// checking a bundle before it reaches a caller.
func BenchmarkBundleCheck(b *testing.B) {
	body, st := benchSetup(b)
	resp := &http.Response{StatusCode: 200}
	b.ReportAllocs()
	for b.Loop() {
		if err := st.CheckResponse(resp, body); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBundleJSONBaseline decodes the same body into a generic value.
func BenchmarkBundleJSONBaseline(b *testing.B) {
	body, _ := benchSetup(b)
	b.ReportAllocs()
	for b.Loop() {
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			b.Fatal(err)
		}
	}
}

func benchSetup(b *testing.B) ([]byte, consumer.Settings) {
	b.Helper()
	ep, err := bundleendpoint.New(bundleendpoint.Config{TrustDomain: td,
		Profile: bundleendpoint.ProfileSPIFFE})
	if err != nil {
		b.Fatal(err)
	}
	body, err := ep.BundleJSON()
	if err != nil {
		b.Fatal(err)
	}
	c := spiffe.Client{Profile: spiffe.ProfileSPIFFE, EndpointID: ep.EndpointID().String(),
		BundleFile: writeFileIn(b, b.TempDir(), "bundle.json", body),
		BundleEndpoint: &spiffe.BundleEndpoint{URL: "https://127.0.0.1:1/",
			TrustDomain: td.String()}}
	st, err := spiffe.ConsumerSettings(c, consumer.Settings{}, nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	return body, st
}
