package spiffe_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/naftiko/naftiko-go/pkg/naftiko"
	"github.com/naftiko/naftiko-go/pkg/spiffe"
	"github.com/naftiko/naftiko-go/pkg/spiffe/bundleendpoint"
)

// TestDemoSettings checks that the demo settings files say what demo.sh
// and the bundle endpoint expect.
func TestDemoSettings(t *testing.T) {
	be := &spiffe.BundleEndpoint{URL: "https://127.0.0.1:8443/", TrustDomain: "example.org"}
	for file, want := range map[string]spiffe.Client{
		"demo-settings.yaml": {Profile: "https_web", CAFile: demoFile(t, "ca.pem"),
			BundleEndpoint: be},
		"demo-settings-spiffe.yaml": {Profile: "https_spiffe",
			EndpointID: "spiffe://example.org" + bundleendpoint.DefaultEndpointID,
			BundleFile: demoFile(t, "bundle.json"), BundleEndpoint: be},
	} {
		t.Run(file, func(t *testing.T) {
			st, err := naftiko.LoadSettingsFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got := st.Consumes[ns].SPIFFE
			if got == nil {
				t.Fatalf("no consumes.%s.spiffe", ns)
			}
			if d := cmp.Diff(want, *got); d != "" {
				t.Errorf("consumes.%s.spiffe (-want +got):\n%s", ns, d)
			}
			if st.Exposes[restNS].Port != 8080 || st.Exposes[mcpNS].Port != 9090 {
				t.Errorf("ports %d and %d, want 8080 and 9090 as in the document",
					st.Exposes[restNS].Port, st.Exposes[mcpNS].Port)
			}
		})
	}
}

// demoFile is where demo.sh's bundle endpoint writes name: bin/spiffe-demo
// at the repository root, which the settings files name relative to
// themselves.
func demoFile(t *testing.T, name string) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(root, "bin", "spiffe-demo", name)
}

// TestDemoSettingsMTLS checks the identity and mtls keys of the MTLS=1 demo.
func TestDemoSettingsMTLS(t *testing.T) {
	st, err := naftiko.LoadSettingsFile("demo-settings-mtls.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := spiffe.Identity{CertFile: demoFile(t, "naftiko.pem"),
		KeyFile: demoFile(t, "naftiko-key.pem"), BundleFile: demoFile(t, "bundle.json")}
	if st.Identity == nil || *st.Identity != want {
		t.Errorf("identity = %+v, want %+v", st.Identity, want)
	}
	rest, mcp := st.Exposes[restNS].MTLS, st.Exposes[mcpNS].MTLS
	if rest == nil || len(rest.IDs) != 1 || rest.IDs[0] != "spiffe://example.org/agents/claude" {
		t.Errorf("exposes.%s.mtls = %+v", restNS, rest)
	}
	if mcp == nil || mcp.Prefix != "spiffe://example.org/agents/" {
		t.Errorf("exposes.%s.mtls = %+v", mcpNS, mcp)
	}
}

// TestStartErrors: settings that can never work stop the runtime before it
// listens, naming the setting.
func TestStartErrors(t *testing.T) {
	ep := startEndpoint(t, bundleendpoint.ProfileWeb)
	for _, tc := range []struct {
		name string
		edit func(*naftiko.Settings)
		want string
	}{
		{"http bundle endpoint", func(s *naftiko.Settings) {
			s.Consumes[ns].SPIFFE.BundleEndpoint.URL = "http://127.0.0.1:8443/"
		}, "consumes.spiffe-federation.spiffe: bundleEndpoint.url"},
		{"missing CA file", func(s *naftiko.Settings) {
			s.Consumes[ns].SPIFFE.CAFile = filepath.Join(t.TempDir(), "nope.pem")
		}, "consumes.spiffe-federation.spiffe: caFile"},
		{"mtls without identity", func(s *naftiko.Settings) {
			e := s.Exposes[restNS]
			e.MTLS = &spiffe.Authorize{TrustDomain: "example.org"}
			s.Exposes[restNS] = e
		}, "exposes.spiffe-workload-identity-api.mtls"},
		{"bad identity", func(s *naftiko.Settings) {
			s.Identity = &spiffe.Identity{CertFile: "nope.pem"}
		}, "identity"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := settingsFor(webClient(t, ep))
			tc.edit(&st)
			l, err := naftiko.Load(document)
			if err != nil {
				t.Fatal(err)
			}
			_, err = naftiko.New(l, naftiko.Options{Settings: st})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

// TestDocumentsUnchanged: the example is the published document, byte for
// byte (checked when the reference corpus is next to the repository).
func TestDocumentsUnchanged(t *testing.T) {
	corpus := "../../../shared/corpus/alpha1/api-evangelist__spiffe/capabilities"
	if _, err := os.Stat(corpus); err != nil {
		t.Skip("reference corpus not present")
	}
	for _, f := range []string{"workload-identity.yaml", "shared/federation.yaml"} {
		ours, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		published, err := os.ReadFile(filepath.Join(corpus, f))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(ours, published) {
			t.Errorf("%s differs from the published document", f)
		}
	}
}
