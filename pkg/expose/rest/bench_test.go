package rest_test

import (
	"io"
	"net/http"
	"testing"
)

// benchGet runs GET url b.N times over one keep-alive client.
func benchGet(b *testing.B, url string) {
	b.Helper()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		resp, err := client.Get(url)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatalf("status %d", resp.StatusCode)
		}
	}
}

// BenchmarkDirectUpstream is the baseline: the client calls the upstream
// itself. Compare BenchmarkRESTCall with it (ratio = the cost of one hop
// through the REST exposer, with routing, mapping and metrics).
func BenchmarkDirectUpstream(b *testing.B) {
	up := newUpstream(b, upstreamHandler)
	benchGet(b, up.URL+"/users/42")
}

// BenchmarkRESTCall serves GET /users/{id} through the exposer to the
// same upstream, with an output mapping.
func BenchmarkRESTCall(b *testing.B) {
	up := newUpstream(b, upstreamHandler)
	h := start(b, apiDoc, up.URL, config{})
	benchGet(b, h.base+"/users/42")
}

// BenchmarkRESTMock answers from static outputs: the exposer alone.
func BenchmarkRESTMock(b *testing.B) {
	h := start(b, apiDoc, "http://127.0.0.1:1", config{})
	benchGet(b, h.base+"/mock")
}
