package naftiko_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/naftiko/naftiko-go/pkg/naftiko"
	"github.com/naftiko/naftiko-go/pkg/spiffe"
)

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

const settingsYAML = `
logLevel: debug
logFormat: json
adminAddress: 127.0.0.1:9090
shutdownGrace: 5s
identity:
  certFile: svid.pem
  keyFile: key.pem
  bundleFile: /etc/spire/bundle.pem
defaults:
  timeout: 20s
consumes:
  users:
    baseUri: http://file
    timeout: 3
    maxResponseBytes: 1024
    spiffe:
      profile: https_web
      caFile: ca.pem
exposes:
  api:
    port: 9000
    readHeaderTimeout: 2s
    mtls:
      trustDomain: example.org
`

func TestSettingsLayers(t *testing.T) {
	file := writeFile(t, "settings.yaml", settingsYAML)
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	ov := naftiko.RegisterFlags(fs)
	err := fs.Parse([]string{"--settings", file, "--set-base-uri", "users=http://flag",
		"--port", "api=0", "--timeout", "9s", "--log-format", "text"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := ov.Settings(env(map[string]string{
		naftiko.EnvBaseURI: "users=http://env, orders=http://env-orders",
		naftiko.EnvAddress: "api=127.0.0.1", naftiko.EnvLogLevel: "warn",
	}))
	if err != nil {
		t.Fatal(err)
	}
	// Relative paths in the file are relative to the file; absolute ones
	// stay as written.
	dir := filepath.Dir(file)
	want := naftiko.Settings{
		LogLevel: "warn", LogFormat: "text", AdminAddress: "127.0.0.1:9090",
		ShutdownGrace: naftiko.Duration(5 * time.Second),
		Identity: &spiffe.Identity{CertFile: filepath.Join(dir, "svid.pem"),
			KeyFile: filepath.Join(dir, "key.pem"), BundleFile: "/etc/spire/bundle.pem"},
		Defaults: naftiko.ConsumeSettings{Timeout: naftiko.Duration(9 * time.Second)},
		Consumes: map[string]naftiko.ConsumeSettings{
			"users": {BaseURI: "http://flag", Timeout: naftiko.Duration(3 * time.Second),
				MaxResponseBytes: 1024,
				SPIFFE: &spiffe.Client{Profile: "https_web",
					CAFile: filepath.Join(dir, "ca.pem")}},
			"orders": {BaseURI: "http://env-orders"},
		},
		Exposes: map[string]naftiko.ExposeSettings{
			"api": {Port: -1, Address: "127.0.0.1",
				ReadHeaderTimeout: naftiko.Duration(2 * time.Second),
				MTLS:              &spiffe.Authorize{TrustDomain: "example.org"}},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("settings (-want +got):\n%s", diff)
	}
}

func TestSettingsErrors(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		env     map[string]string
		args    []string
		wantErr string
	}{
		{name: "unknown key", file: "logLevel: info\nport: 1\n", wantErr: `unknown field "port"`},
		{name: "bad duration", file: "shutdownGrace: soon\n", wantErr: "soon"},
		{name: "bad level", file: "logLevel: loud\n", wantErr: `logLevel "loud"`},
		{name: "port out of range", file: "exposes:\n  api:\n    port: 70000\n",
			wantErr: "exposes.api.port 70000 is out of range"},
		{name: "env pair without value", env: map[string]string{naftiko.EnvPort: "api="},
			wantErr: "NAFTIKO_PORT"},
		{name: "env timeout", env: map[string]string{naftiko.EnvTimeout: "users=forever"},
			wantErr: "NAFTIKO_TIMEOUT"},
		{name: "missing file", env: map[string]string{naftiko.EnvSettings: "/nope.yaml"},
			wantErr: "nope.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("run", flag.ContinueOnError)
			ov := naftiko.RegisterFlags(fs)
			args := tt.args
			if tt.file != "" {
				args = append(args, "--settings", writeFile(t, "s.yaml", tt.file))
			}
			if err := fs.Parse(args); err != nil {
				t.Fatal(err)
			}
			_, err := ov.Settings(env(tt.env))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestFlagSyntaxIsCheckedAtParse(t *testing.T) {
	for _, args := range [][]string{
		{"--set-base-uri", "noequals"}, {"--port", "api=http"}, {"--timeout", "x=1"},
		{"--max-response-bytes", "-3"}, {"--shutdown-grace", "later"},
	} {
		fs := flag.NewFlagSet("run", flag.ContinueOnError)
		fs.SetOutput(new(strings.Builder))
		naftiko.RegisterFlags(fs)
		if err := fs.Parse(args); err == nil {
			t.Errorf("%v parsed without error", args)
		}
	}
}
