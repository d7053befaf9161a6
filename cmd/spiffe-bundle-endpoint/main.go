// Command spiffe-bundle-endpoint serves a real SPIFFE trust bundle for one
// trust domain over HTTPS on a loopback address, with go-spiffe's
// federation handler, so the SPIFFE example can run without a SPIRE
// server.
//
// Usage:
//
//	spiffe-bundle-endpoint [-listen 127.0.0.1:8443] [-trust-domain example.org]
//	    [-profile https_web|https_spiffe] [-out DIR] [-issue ID,...]
//	    [-rotate-every 0]
//
// It prints the bundle URL on stdout and logs to stderr. In -out it writes
// bundle.json (the bundle in SPIFFE format), ca.pem (https_web: the CA of
// its serving certificate), endpoint-id (https_spiffe: the SPIFFE ID it
// presents), url, and for each -issue ID an X.509-SVID as NAME.pem and
// NAME-key.pem (NAME = the ID's last path segment). It stops on SIGINT or
// SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/spiffe/go-spiffe/v2/spiffeid"

	"github.com/naftiko/naftiko-go/pkg/spiffe/bundleendpoint"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("spiffe-bundle-endpoint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:8443", "loopback `address` to listen on")
	tdName := fs.String("trust-domain", "example.org", "trust `domain` whose bundle is served")
	profile := fs.String("profile", bundleendpoint.ProfileWeb, "https_web or https_spiffe")
	out := fs.String("out", "", "`dir`ectory to write ca.pem, bundle.json, endpoint-id, url")
	urlPath := fs.String("path", "/", "URL `path` of the bundle (SPIRE serves it at /)")
	hint := fs.Duration("refresh-hint", 5*time.Minute, "spiffe_refresh_hint to publish")
	issue := fs.String("issue", "", "comma-separated SPIFFE `IDs` to issue X.509-SVIDs for (-out)")
	rotate := fs.Duration("rotate-every", 0, "rotate the X.509 CA in two steps this often (0: never)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	td, err := spiffeid.TrustDomainFromString(*tdName)
	if err != nil {
		fmt.Fprintf(stderr, "spiffe-bundle-endpoint: -trust-domain %q: %v\n", *tdName, err)
		return 2
	}
	if *issue != "" && *out == "" {
		fmt.Fprintln(stderr, "spiffe-bundle-endpoint: -issue needs -out")
		return 2
	}
	s, err := bundleendpoint.New(bundleendpoint.Config{
		TrustDomain: td, Profile: *profile, Listen: *listen, Path: *urlPath,
		RefreshHint: *hint, Logger: log,
	})
	if err != nil {
		fmt.Fprintf(stderr, "spiffe-bundle-endpoint: %v\n", err)
		return 2
	}
	if err := s.Start(); err != nil {
		fmt.Fprintf(stderr, "spiffe-bundle-endpoint: %v\n", err)
		return 1
	}
	defer s.Close()
	if *out != "" {
		if err := s.WriteFiles(*out); err != nil {
			fmt.Fprintf(stderr, "spiffe-bundle-endpoint: %v\n", err)
			return 1
		}
		if err := issueSVIDs(s, td, *issue, *out); err != nil {
			fmt.Fprintf(stderr, "spiffe-bundle-endpoint: %v\n", err)
			return 1
		}
	}
	fmt.Fprintln(stdout, s.URL())
	if s.Profile() == bundleendpoint.ProfileSPIFFE {
		log.Info("endpoint SPIFFE ID", "id", s.EndpointID().String())
	}
	if *rotate > 0 {
		go rotateLoop(ctx, s, *rotate, log)
	}
	<-ctx.Done()
	log.Info("stopping")
	return 0
}

// issueSVIDs writes an X.509-SVID for each ID in list into dir.
func issueSVIDs(s *bundleendpoint.Server, td spiffeid.TrustDomain, list, dir string) error {
	for _, raw := range strings.Split(list, ",") {
		raw = strings.TrimSpace(raw)
		if raw == "" {
			continue
		}
		id, err := spiffeid.FromString(raw)
		if err != nil {
			return fmt.Errorf("-issue %q: %w", raw, err)
		}
		if !id.MemberOf(td) {
			return fmt.Errorf("-issue %q: not in trust domain %s", raw, td)
		}
		svid, err := s.CA().IssueSVID(id)
		if err != nil {
			return err
		}
		cert, key, err := svid.Marshal()
		if err != nil {
			return fmt.Errorf("-issue %q: %w", raw, err)
		}
		name := path.Base(id.Path())
		if err := os.WriteFile(filepath.Join(dir, name+".pem"), cert, 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name+"-key.pem"), key, 0o600); err != nil {
			return err
		}
	}
	return nil
}

// rotateLoop alternates PrepareCA and ActivateCA every half period.
func rotateLoop(ctx context.Context, s *bundleendpoint.Server, every time.Duration,
	log *slog.Logger) {
	t := time.NewTicker(every / 2)
	defer t.Stop()
	prepared := false
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		var err error
		if prepared {
			err = s.ActivateCA()
		} else {
			err = s.PrepareCA()
		}
		if err != nil {
			log.Error("rotation", "err", err)
			continue
		}
		prepared = !prepared
	}
}
