package spiffe_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/spiffe/go-spiffe/v2/bundle/spiffebundle"
	"github.com/spiffe/go-spiffe/v2/spiffetls/tlsconfig"

	"github.com/naftiko/naftiko-go/pkg/consumer"
	"github.com/naftiko/naftiko-go/pkg/spiffe"
	"github.com/naftiko/naftiko-go/pkg/spiffe/bundleendpoint"
)

func TestWebProfileFetchesBundle(t *testing.T) {
	ep := startEndpoint(t, bundleendpoint.ProfileWeb)
	base := consumer.Settings{BaseURI: "https://example.org", MaxResponseBytes: 1 << 20}
	st, err := spiffe.ConsumerSettings(webClient(t, ep), base, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if st.URL != ep.URL() || !st.RequireHTTPS || st.MaxResponseBytes != 1<<20 {
		t.Errorf("settings: URL %q RequireHTTPS %v MaxResponseBytes %d", st.URL,
			st.RequireHTTPS, st.MaxResponseBytes)
	}
	body, err := fetch(st)
	if err != nil {
		t.Fatalf("fetch: %v", err)
	}
	def, _ := spiffe.ConsumerSettings(webClient(t, ep), consumer.Settings{}, nil, nil)
	if def.MaxResponseBytes != spiffe.MaxBundleBytes {
		t.Errorf("default MaxResponseBytes = %d, want %d", def.MaxResponseBytes,
			spiffe.MaxBundleBytes)
	}
	served, _ := ep.Served()
	if !bytes.Equal(body, served) {
		t.Errorf("fetched %s\nserved %s", body, served)
	}

	// Without the CA file the system roots do not know the endpoint.
	c := webClient(t, ep)
	c.CAFile = ""
	st, err = spiffe.ConsumerSettings(c, base, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fetch(st); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("fetch with system roots: err = %v, want a certificate error", err)
	}
}

func TestSPIFFEProfileFetchesBundle(t *testing.T) {
	ep := startEndpoint(t, bundleendpoint.ProfileSPIFFE)
	st, err := spiffe.ConsumerSettings(spiffeClient(t, ep), consumer.Settings{}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fetch(st); err != nil {
		t.Fatalf("fetch: %v", err)
	}

	c := spiffeClient(t, ep)
	c.EndpointID = "spiffe://example.org/not-the-endpoint"
	st, err = spiffe.ConsumerSettings(c, consumer.Settings{}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fetch(st); err == nil || !strings.Contains(err.Error(), "presented SPIFFE ID") {
		t.Errorf("fetch with the wrong endpoint ID: err = %v, want presented SPIFFE ID", err)
	}
}

// TestSPIFFEProfileFollowsRotation: the bundle fetched after the endpoint
// prepared a new CA is used for the next connection, so the client still
// trusts the endpoint once it switched to the new CA.
func TestSPIFFEProfileFollowsRotation(t *testing.T) {
	ep := startEndpoint(t, bundleendpoint.ProfileSPIFFE)
	c := spiffeClient(t, ep)
	following, err := spiffe.ConsumerSettings(c, consumer.Settings{}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	stale, err := spiffe.ConsumerSettings(c, consumer.Settings{}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := ep.PrepareCA(); err != nil {
		t.Fatal(err)
	}
	if _, err := fetch(following); err != nil {
		t.Fatalf("fetch after prepare: %v", err)
	}
	if err := ep.ActivateCA(); err != nil {
		t.Fatal(err)
	}
	body, err := fetch(following)
	if err != nil {
		t.Fatalf("fetch after activate, with the kept bundle: %v", err)
	}
	b, err := spiffebundle.Parse(td, body)
	if err != nil {
		t.Fatal(err)
	}
	if seq, _ := b.SequenceNumber(); seq != 3 {
		t.Errorf("sequence after rotation = %d, want 3", seq)
	}
	if _, err := fetch(stale); err == nil {
		t.Error("a client that never fetched the new CA still trusted the endpoint")
	}
}

func TestCheckResponseRejects(t *testing.T) {
	ep := startEndpoint(t, bundleendpoint.ProfileWeb)
	good, _ := ep.BundleJSON()
	st, err := spiffe.ConsumerSettings(webClient(t, ep), consumer.Settings{}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		status int
		body   string
		want   string
	}{
		{"404", 404, `not found`, "status 404"},
		{"200 but 203", 203, string(good), "status 203"},
		{"not JSON", 200, `<html>`, "invalid SPIFFE bundle"},
		{"no keys member", 200, `{"spiffe_sequence": 1}`, "invalid SPIFFE bundle"},
		{"empty keys", 200, `{"keys": []}`, "no keys"},
		{"bad certificate", 200, `{"keys":[{"use":"x509-svid","kty":"EC","x5c":["AAAA"]}]}`,
			"invalid SPIFFE bundle"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := st.CheckResponse(&http.Response{StatusCode: tc.status}, []byte(tc.body))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
	if err := st.CheckResponse(&http.Response{StatusCode: 200}, good); err != nil {
		t.Errorf("valid bundle rejected: %v", err)
	}
}

// TestUseSVID: an upstream that requires a client X.509-SVID accepts the
// runtime's identity.
func TestUseSVID(t *testing.T) {
	ep := startEndpoint(t, bundleendpoint.ProfileSPIFFE)
	src, err := spiffe.NewSource(fileIdentity(t, ep.CA(), "spiffe://example.org/naftiko"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	serverSVID := issue(t, ep.CA(), "spiffe://example.org/api")
	upURL := serveTLS(t, tlsconfig.MTLSServerConfig(serverSVID, src, tlsconfig.AuthorizeAny()),
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(r.TLS.PeerCertificates[0].URIs[0].String()))
		}))

	c := spiffe.Client{Profile: spiffe.ProfileSPIFFE, EndpointID: "spiffe://example.org/api",
		UseSVID: true}
	st, err := spiffe.ConsumerSettings(c, consumer.Settings{}, src, nil)
	if err != nil {
		t.Fatal(err)
	}
	st.URL = upURL
	body, err := fetch(st)
	if err != nil {
		t.Fatalf("fetch with SVID: %v", err)
	}
	if string(body) != "spiffe://example.org/naftiko" {
		t.Errorf("upstream saw client %q", body)
	}
	c.UseSVID = false
	st, err = spiffe.ConsumerSettings(c, consumer.Settings{}, src, nil)
	if err != nil {
		t.Fatal(err)
	}
	st.URL = upURL
	if _, err := fetch(st); err == nil {
		t.Error("fetch without a client certificate succeeded against an mTLS upstream")
	}
}

func TestConsumerSettingsErrors(t *testing.T) {
	ca := writeFile(t, "ca.pem", []byte("not pem"))
	be := &spiffe.BundleEndpoint{URL: "https://127.0.0.1:1/", TrustDomain: "example.org"}
	for _, tc := range []struct {
		name string
		c    spiffe.Client
		want string
	}{
		{"no profile", spiffe.Client{}, "profile: required"},
		{"bad profile", spiffe.Client{Profile: "https"}, `profile: "https"`},
		{"missing CA file", spiffe.Client{Profile: "https_web", CAFile: "/nonexistent/ca.pem"},
			"caFile"},
		{"CA file not PEM", spiffe.Client{Profile: "https_web", CAFile: ca}, "no PEM"},
		{"web with endpoint ID", spiffe.Client{Profile: "https_web",
			EndpointID: "spiffe://example.org/x"}, "only to profile https_spiffe"},
		{"spiffe without ID", spiffe.Client{Profile: "https_spiffe"}, "endpointSpiffeId: required"},
		{"spiffe bad ID", spiffe.Client{Profile: "https_spiffe", EndpointID: "https://x"},
			"endpointSpiffeId"},
		{"spiffe without bundle", spiffe.Client{Profile: "https_spiffe",
			EndpointID: "spiffe://example.org/x"}, "bundleFile: required"},
		{"spiffe bundle missing", spiffe.Client{Profile: "https_spiffe",
			EndpointID: "spiffe://example.org/x", BundleFile: "/nonexistent.json"}, "bundleFile"},
		{"spiffe with CA file", spiffe.Client{Profile: "https_spiffe", CAFile: ca},
			"caFile applies only"},
		{"useSvid without identity", spiffe.Client{Profile: "https_web", UseSVID: true},
			"useSvid"},
		{"relative endpoint URL", spiffe.Client{Profile: "https_web",
			BundleEndpoint: &spiffe.BundleEndpoint{URL: "/bundle", TrustDomain: "example.org"}},
			"bundleEndpoint.url"},
		{"http endpoint URL", spiffe.Client{Profile: "https_web",
			BundleEndpoint: &spiffe.BundleEndpoint{URL: "http://127.0.0.1:1/",
				TrustDomain: "example.org"}}, "must be https"},
		{"bad trust domain", spiffe.Client{Profile: "https_web",
			BundleEndpoint: &spiffe.BundleEndpoint{URL: be.URL, TrustDomain: "Example Org"}},
			"bundleEndpoint.trustDomain"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := spiffe.ConsumerSettings(tc.c, consumer.Settings{}, nil, nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}
