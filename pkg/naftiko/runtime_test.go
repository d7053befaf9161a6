package naftiko_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/naftiko/naftiko-go/pkg/naftiko"
	"github.com/naftiko/naftiko-go/pkg/spiffe"
)

func TestNewRefusesBadSettings(t *testing.T) {
	path, cleanup := writeExample(exampleDoc)
	defer cleanup()
	l, err := naftiko.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		s       naftiko.Settings
		wantErr string
	}{
		{"unknown consumed namespace", naftiko.Settings{Consumes: map[string]naftiko.
			ConsumeSettings{"ghost": {}}}, `settings consumes.ghost: the capability consumes no`},
		{"unknown exposed namespace", naftiko.Settings{Exposes: map[string]naftiko.
			ExposeSettings{"ghost": {}}}, `settings exposes.ghost: the capability exposes no`},
		{"mtls without identity", naftiko.Settings{Exposes: map[string]naftiko.
			ExposeSettings{"users-api": {MTLS: &spiffe.Authorize{TrustDomain: "x.org"}}}},
			"settings exposes.users-api.mtls needs an identity"},
		{"bad admin address", naftiko.Settings{AdminAddress: "nope"},
			`settings adminAddress "nope"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := naftiko.New(l, naftiko.Options{Settings: tt.s})
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestOneStdioServerOnly(t *testing.T) {
	stdio := `
    - type: mcp
      namespace: NS
      transport: stdio
      tools:
        - name: get-user
          description: Get one user.
          call: users.get-user
`
	path, cleanup := writeExample(exampleDoc + strings.ReplaceAll(stdio, "NS", "one") +
		strings.ReplaceAll(stdio, "NS", "two"))
	defer cleanup()
	l, err := naftiko.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = naftiko.New(l, naftiko.Options{})
	want := "capability.exposes[2]: a second stdio MCP server (capability.exposes[1]"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("err = %v, want %q", err, want)
	}
}

func TestAdminAddressAndReadiness(t *testing.T) {
	path, cleanup := writeExample(exampleDoc)
	defer cleanup()
	l, err := naftiko.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	rt, err := naftiko.New(l, naftiko.Options{Settings: naftiko.Settings{
		AdminAddress: "127.0.0.1:0",
		Consumes: map[string]naftiko.ConsumeSettings{
			"users": {BaseURI: "http://127.0.0.1:1"}, // nothing listens there
		},
		Exposes: map[string]naftiko.ExposeSettings{"users-api": {Address: "127.0.0.1",
			Port: -1}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := rt.Start(ctx); err != nil {
		t.Fatal(err)
	}
	get := func(url string) (int, string) {
		resp, err := http.Get(url)
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	ls := rt.Listeners()
	if len(ls) != 2 || ls[1].Type != "admin" {
		t.Fatalf("listeners = %+v, want the REST server then admin", ls)
	}
	api, admin := ls[0].URL, ls[1].URL
	if code, body := get(admin + "/readyz"); code != 200 || body != "ready\n" {
		t.Errorf("admin readyz = %d %q", code, body)
	}
	if code, _ := get(api + "/readyz"); code != 200 {
		t.Errorf("readyz after Start = %d", code)
	}
	if code, _ := get(api + "/people/1"); code != 502 {
		t.Errorf("GET /people/1 with an unreachable upstream = %d, want 502", code)
	}
	code, body := get(admin + "/metrics")
	for _, want := range []string{
		`naftiko_consumed_requests_total{code="0",operation="users.get-user"} 1`,
		`naftiko_consumed_errors_total{kind="transport",operation="users.get-user"} 1`,
		`naftiko_exposed_requests_total{code="502",namespace="users-api",` +
			`operation="GET /people/{id}"} 1`,
		"go_goroutines",
	} {
		if code != 200 || !strings.Contains(body, want) {
			t.Errorf("metrics (%d) lack %s", code, want)
		}
	}
	if err := rt.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if code, _ := get(api + "/healthz"); code != 0 {
		t.Errorf("healthz answered %d after Shutdown", code)
	}
}
