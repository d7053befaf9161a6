package spiffe

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/spiffe/go-spiffe/v2/bundle/spiffebundle"
	"github.com/spiffe/go-spiffe/v2/bundle/x509bundle"
	"github.com/spiffe/go-spiffe/v2/spiffeid"
	"github.com/spiffe/go-spiffe/v2/svid/x509svid"
	"github.com/spiffe/go-spiffe/v2/workloadapi"
)

// WorkloadAPITimeout bounds how long NewSource waits for the first
// X.509-SVID from the Workload API.
var WorkloadAPITimeout = 30 * time.Second

// NewSource opens the identity: the SPIFFE Workload API when
// id.WorkloadAPI is set ("env" reads SPIFFE_ENDPOINT_SOCKET), otherwise
// the PEM files id.CertFile, id.KeyFile and id.BundleFile. With no field
// set, SPIFFE_ENDPOINT_SOCKET is used when present.
func NewSource(id Identity, log *slog.Logger) (Source, error) {
	log = orDiscard(log)
	files := id.CertFile != "" || id.KeyFile != "" || id.BundleFile != ""
	switch {
	case id.WorkloadAPI != "" && files:
		return nil, errors.New("set either workloadApi or " +
			"certFile/keyFile/bundleFile, not both")
	case files:
		return newFileSource(id, log)
	case id.WorkloadAPI != "":
		return newWorkloadSource(id.WorkloadAPI, log)
	}
	if addr, _ := workloadapi.GetDefaultAddress(); addr != "" {
		return newWorkloadSource("env", log)
	}
	return nil, errors.New("set workloadApi, or certFile, keyFile " +
		"and bundleFile (SPIFFE_ENDPOINT_SOCKET is not set either)")
}

func newWorkloadSource(addr string, log *slog.Logger) (Source, error) {
	if addr == "env" {
		var ok bool
		if addr, ok = workloadapi.GetDefaultAddress(); !ok || addr == "" {
			return nil, fmt.Errorf("workloadApi: env: %s is not set",
				workloadapi.SocketEnv)
		}
	}
	if err := workloadapi.ValidateAddress(addr); err != nil {
		return nil, fmt.Errorf("workloadApi %q: %w", addr, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), WorkloadAPITimeout)
	defer cancel()
	src, err := workloadapi.NewX509Source(ctx, workloadapi.WithClientOptions(
		workloadapi.WithAddr(addr), workloadapi.WithLogger(spiffeLogger{log})))
	if err != nil {
		return nil, fmt.Errorf("workloadApi %q: first X.509-SVID: %w", addr, err)
	}
	if svid, err := src.GetX509SVID(); err == nil {
		log.Info("spiffe: workload identity from the Workload API", "id", svid.ID.String(),
			"address", addr)
	}
	return src, nil
}

// fileSource is an X.509-SVID and bundle read once from PEM files.
// TODO(#5): reread the files when they change, so a rotated SVID written by
// spiffe-helper is picked up without a restart.
type fileSource struct {
	svid    *x509svid.SVID
	bundles *x509bundle.Set
}

func newFileSource(id Identity, log *slog.Logger) (Source, error) {
	if id.CertFile == "" || id.KeyFile == "" || id.BundleFile == "" {
		return nil, errors.New("certFile, keyFile and bundleFile " +
			"are all required for a file identity")
	}
	svid, err := x509svid.Load(id.CertFile, id.KeyFile)
	if err != nil {
		return nil, fmt.Errorf("certFile %s: %w", id.CertFile, err)
	}
	b, err := loadX509Bundle(svid.ID.TrustDomain(), id.BundleFile)
	if err != nil {
		return nil, fmt.Errorf("bundleFile: %w", err)
	}
	log.Info("spiffe: workload identity from files", "id", svid.ID.String(),
		"cert", id.CertFile)
	return &fileSource{svid: svid, bundles: x509bundle.NewSet(b)}, nil
}

// loadX509Bundle reads the X.509 authorities of td from path, in SPIFFE
// bundle (JWKS) format when the file is a JSON object, else PEM.
func loadX509Bundle(td spiffeid.TrustDomain, path string) (*x509bundle.Bundle, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) {
		sb, err := spiffebundle.Parse(td, data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return sb.X509Bundle(), nil
	}
	b, err := x509bundle.Parse(td, data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}

func (f *fileSource) GetX509SVID() (*x509svid.SVID, error) { return f.svid, nil }

func (f *fileSource) GetX509BundleForTrustDomain(
	td spiffeid.TrustDomain) (*x509bundle.Bundle, error) {
	return f.bundles.GetX509BundleForTrustDomain(td)
}

func (f *fileSource) Close() error { return nil }

func orDiscard(log *slog.Logger) *slog.Logger {
	if log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return log
}

// spiffeLogger adapts slog to go-spiffe's logger interface.
type spiffeLogger struct{ log *slog.Logger }

func (l spiffeLogger) Debugf(f string, a ...any) { l.log.Debug(fmt.Sprintf(f, a...)) }
func (l spiffeLogger) Infof(f string, a ...any)  { l.log.Info(fmt.Sprintf(f, a...)) }
func (l spiffeLogger) Warnf(f string, a ...any)  { l.log.Warn(fmt.Sprintf(f, a...)) }
func (l spiffeLogger) Errorf(f string, a ...any) { l.log.Error(fmt.Sprintf(f, a...)) }
