package spiffe_test

import (
	"net"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spiffe/go-spiffe/v2/proto/spiffe/workload"
	"github.com/spiffe/go-spiffe/v2/spiffeid"
	"google.golang.org/grpc"

	"github.com/naftiko/naftiko-go/pkg/spiffe"
	"github.com/naftiko/naftiko-go/pkg/spiffe/authority"
)

func TestFileSource(t *testing.T) {
	ca, err := authority.NewSPIFFECA(td, 0)
	if err != nil {
		t.Fatal(err)
	}
	id := fileIdentity(t, ca, "spiffe://example.org/naftiko")
	// The same bundle in SPIFFE bundle format must work as well as PEM.
	jsonID := id
	jsonID.BundleFile = writeFile(t, "bundle.json", bundleJSON(t, ca))
	for name, ident := range map[string]spiffe.Identity{"pem bundle": id, "json bundle": jsonID} {
		t.Run(name, func(t *testing.T) {
			src, err := spiffe.NewSource(ident, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			svid, err := src.GetX509SVID()
			if err != nil || svid.ID.String() != "spiffe://example.org/naftiko" {
				t.Fatalf("SVID %v, err %v", svid, err)
			}
			b, err := src.GetX509BundleForTrustDomain(td)
			if err != nil || !b.HasX509Authority(ca.Certificate()) {
				t.Errorf("bundle for %s: %v (err %v)", td, b, err)
			}
		})
	}
}

func TestNewSourceErrors(t *testing.T) {
	ca, err := authority.NewSPIFFECA(td, 0)
	if err != nil {
		t.Fatal(err)
	}
	good := fileIdentity(t, ca, "spiffe://example.org/naftiko")
	t.Setenv("SPIFFE_ENDPOINT_SOCKET", "")
	for _, tc := range []struct {
		name string
		id   spiffe.Identity
		want string
	}{
		{"nothing set", spiffe.Identity{}, "set workloadApi"},
		{"both", spiffe.Identity{WorkloadAPI: "unix:///tmp/x", CertFile: good.CertFile},
			"not both"},
		{"key missing", spiffe.Identity{CertFile: good.CertFile, BundleFile: good.BundleFile},
			"all required"},
		{"cert is not a cert", spiffe.Identity{CertFile: good.BundleFile, KeyFile: good.KeyFile,
			BundleFile: good.BundleFile}, "certFile"},
		{"bad bundle", spiffe.Identity{CertFile: good.CertFile, KeyFile: good.KeyFile,
			BundleFile: writeFile(t, "b.json", []byte(`{"keys": 1}`))}, "bundleFile"},
		{"bad address", spiffe.Identity{WorkloadAPI: "http://x"}, "workloadApi"},
		{"env unset", spiffe.Identity{WorkloadAPI: "env"}, "SPIFFE_ENDPOINT_SOCKET"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := spiffe.NewSource(tc.id, nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

// workloadAPI is a minimal SPIFFE Workload API server: it streams one
// X.509-SVID response and keeps the stream open.
type workloadAPI struct {
	workload.UnimplementedSpiffeWorkloadAPIServer
	resp *workload.X509SVIDResponse
}

func (w *workloadAPI) FetchX509SVID(_ *workload.X509SVIDRequest,
	stream grpc.ServerStreamingServer[workload.X509SVIDResponse]) error {
	if err := stream.Send(w.resp); err != nil {
		return err
	}
	<-stream.Context().Done()
	return nil
}

// TestWorkloadAPISource reads the identity from a real gRPC Workload API
// server on a unix socket, through SPIFFE_ENDPOINT_SOCKET.
func TestWorkloadAPISource(t *testing.T) {
	ca, err := authority.NewSPIFFECA(td, 0)
	if err != nil {
		t.Fatal(err)
	}
	fed, err := authority.NewSPIFFECA(spiffeid.RequireTrustDomainFromString("partner.org"), 0)
	if err != nil {
		t.Fatal(err)
	}
	svid := issue(t, ca, "spiffe://example.org/naftiko")
	certs, key, err := svid.MarshalRaw()
	if err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(t.TempDir(), "agent.sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	workload.RegisterSpiffeWorkloadAPIServer(srv, &workloadAPI{resp: &workload.X509SVIDResponse{
		Svids: []*workload.X509SVID{{
			SpiffeId: svid.ID.String(), X509Svid: certs, X509SvidKey: key,
			Bundle: ca.Certificate().Raw,
		}},
		FederatedBundles: map[string][]byte{"spiffe://partner.org": fed.Certificate().Raw},
	}})
	go srv.Serve(ln)
	defer srv.Stop()

	t.Setenv("SPIFFE_ENDPOINT_SOCKET", "unix://"+sock)
	idents := []spiffe.Identity{{WorkloadAPI: "env"}, {}, {WorkloadAPI: "unix://" + sock}}
	for _, ident := range idents {
		src, err := spiffe.NewSource(ident, nil)
		if err != nil {
			t.Fatalf("NewSource(%+v): %v", ident, err)
		}
		got, err := src.GetX509SVID()
		if err != nil || got.ID != svid.ID {
			t.Errorf("SVID %v err %v, want %s", got, err, svid.ID)
		}
		b, err := src.GetX509BundleForTrustDomain(spiffeid.RequireTrustDomainFromString("partner.org"))
		if err != nil || !b.HasX509Authority(fed.Certificate()) {
			t.Errorf("federated bundle: %v", err)
		}
		if err := src.Close(); err != nil {
			t.Error(err)
		}
	}
}

func bundleJSON(t *testing.T, ca *authority.CA) []byte {
	t.Helper()
	b := spiffebundleOf(ca.Certificate())
	data, err := b.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return data
}
