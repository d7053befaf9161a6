package spiffe_test

import (
	"net/http"
	"testing"

	"github.com/spiffe/go-spiffe/v2/spiffeid"

	"github.com/naftiko/naftiko-go/pkg/consumer"
	"github.com/naftiko/naftiko-go/pkg/spiffe"
	"github.com/naftiko/naftiko-go/pkg/spiffe/authority"
)

// FuzzBundleCheck feeds arbitrary bodies to the https_spiffe response check,
// which parses them and may replace the kept bundle: it must never panic,
// and a body it accepts must be a bundle with keys.
func FuzzBundleCheck(f *testing.F) {
	ca, err := authority.NewSPIFFECA(td, 0)
	if err != nil {
		f.Fatal(err)
	}
	seed, err := spiffebundleOf(ca.Certificate()).Marshal()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte(`{"keys":[]}`))
	f.Add([]byte(`{"keys":[{"use":"jwt-svid","kty":"EC","kid":"k","crv":"P-256"}]}`))
	f.Add([]byte(`{"keys":null,"spiffe_sequence":-1}`))
	dir := f.TempDir()
	c := spiffe.Client{
		Profile: spiffe.ProfileSPIFFE, EndpointID: "spiffe://example.org/ep",
		BundleFile: writeFileIn(f, dir, "bundle.json", seed),
		BundleEndpoint: &spiffe.BundleEndpoint{
			URL: "https://127.0.0.1:1/", TrustDomain: "example.org",
		},
	}
	st, err := spiffe.ConsumerSettings(c, consumer.Settings{}, nil, nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		err := st.CheckResponse(&http.Response{StatusCode: 200}, body)
		if err == nil && len(body) < 2 {
			t.Errorf("accepted %q", body)
		}
	})
}

// FuzzPrefixMatcher checks the prefix matcher on arbitrary prefixes and IDs:
// no panic, and a matched ID is the prefix or lies under it.
func FuzzPrefixMatcher(f *testing.F) {
	f.Add("spiffe://example.org/ns/", "spiffe://example.org/ns/a")
	f.Add("spiffe://example.org/ns", "spiffe://example.org/nsx")
	f.Add("spiffe://example.org//", "spiffe://example.org/a")
	f.Fuzz(func(t *testing.T, prefix, id string) {
		m, err := spiffe.PrefixMatcher(prefix)
		if err != nil {
			return
		}
		sid, err := spiffeid.FromString(id)
		if err != nil {
			return
		}
		if m(sid) == nil {
			base := prefix
			for len(base) > 0 && base[len(base)-1] == '/' {
				base = base[:len(base)-1]
			}
			if id != base && (len(id) <= len(base) || id[:len(base)+1] != base+"/") {
				t.Errorf("prefix %q matched %q", prefix, id)
			}
		}
	})
}
