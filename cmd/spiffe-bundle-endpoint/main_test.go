package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/x509"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spiffe/go-spiffe/v2/bundle/spiffebundle"
	"github.com/spiffe/go-spiffe/v2/federation"
	"github.com/spiffe/go-spiffe/v2/spiffeid"
	"github.com/spiffe/go-spiffe/v2/svid/x509svid"
)

func TestRunServesAndIssues(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"-listen", "127.0.0.1:0", "-profile", "https_web",
			"-out", dir, "-issue", "spiffe://example.org/agent"}, pw, io.Discard)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the URL: %v", err)
	}
	url := strings.TrimSpace(line)
	go io.Copy(io.Discard, pr)

	caPEM, err := os.ReadFile(filepath.Join(dir, "ca.pem"))
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	td := spiffeid.RequireTrustDomainFromString("example.org")
	got, err := federation.FetchBundle(ctx, td, url, federation.WithWebPKIRoots(pool))
	if err != nil {
		t.Fatalf("FetchBundle %s: %v", url, err)
	}
	file, err := spiffebundle.Load(td, filepath.Join(dir, "bundle.json"))
	if err != nil || !file.Equal(got) {
		t.Errorf("bundle.json differs from the served bundle (err %v)", err)
	}
	svid, err := x509svid.Load(filepath.Join(dir, "agent.pem"), filepath.Join(dir, "agent-key.pem"))
	if err != nil {
		t.Fatalf("issued SVID: %v", err)
	}
	if _, _, err := x509svid.Verify(svid.Certificates, got); err != nil {
		t.Errorf("issued SVID does not verify against the served bundle: %v", err)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit code %d after cancel, want 0", code)
	}
}

func TestRunHelp(t *testing.T) {
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"-h"}, io.Discard, &stderr); code != 0 {
		t.Errorf("-h: exit %d, want 0", code)
	}
	if !strings.Contains(stderr.String(), "-trust-domain") {
		t.Errorf("-h printed %q, want the flags", stderr.String())
	}
}

func TestRunUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"-trust-domain", "Not A Domain"},
		{"-profile", "http"},
		{"-issue", "spiffe://example.org/x"},
		{"-nope"},
	} {
		var stderr bytes.Buffer
		if code := run(context.Background(), args, io.Discard, &stderr); code != 2 {
			t.Errorf("run %q = %d, want 2 (stderr %q)", args, code, stderr.String())
		}
		if stderr.Len() == 0 {
			t.Errorf("run %q: nothing on stderr", args)
		}
	}
}
