package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/naftiko/naftiko-go/pkg/naftiko"
)

const stdioDoc = `
naftiko: "1.0.0-alpha1"
capability:
  consumes:
    - type: http
      namespace: up
      baseUri: "http://upstream.invalid"
      resources:
        - name: user
          path: "/users/{id}"
          operations:
            - name: get-user
              method: GET
  exposes:
    - type: mcp
      namespace: people
      transport: stdio
      description: "People over stdio."
      tools:
        - name: get-user
          description: Get one user.
          inputParameters:
            - name: id
              type: string
              description: the user id
          call: up.get-user
          outputParameters:
            - type: object
              properties:
                name:
                  type: string
                  mapping: "$.name"
`

func usersUpstream(t *testing.T) *httptest.Server {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/users/500" {
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = io.WriteString(w, "boom")
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"name":"Ada"}`)
	}))
	t.Cleanup(up.Close)
	return up
}

// TestRunStdio runs the built binary as an MCP server over stdio and
// talks to it with the go-sdk client; stdout carries nothing but
// JSON-RPC (any other byte would break the client), logs go to stderr.
func TestRunStdio(t *testing.T) {
	bin := binary(t)
	up := usersUpstream(t)
	cmd := exec.Command(bin, "run", "--set-base-uri", "up="+up.URL, "--log-level", "debug",
		writeDoc(t, stdioDoc))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	client := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "1"}, nil)
	ctx := context.Background()
	session, err := client.Connect(ctx, &mcp.CommandTransport{Command: cmd}, nil)
	if err != nil {
		t.Fatalf("Connect: %v\nstderr:\n%s", err, stderr.String())
	}
	list, err := session.ListTools(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var transcript []any
	transcript = append(transcript, map[string]any{"tools/list": list})
	for _, id := range []string{"1", "500"} {
		res, err := session.CallTool(ctx, &mcp.CallToolParams{Name: "get-user",
			Arguments: map[string]any{"id": id}})
		if err != nil {
			t.Fatal(err)
		}
		transcript = append(transcript, map[string]any{"tools/call": map[string]any{
			"arguments": map[string]any{"id": id}, "result": res}})
	}
	if err := session.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if code := cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("exit code %d after stdin closed; stderr:\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "url=stdio") {
		t.Errorf("stderr lacks the listener line:\n%s", stderr.String())
	}
	golden(t, "stdio-transcript.golden", transcript)
}

func golden(t *testing.T, name string, v any) {
	t.Helper()
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	// The runtime version is not part of the transcript's meaning.
	data = bytes.ReplaceAll(data, []byte(`"version": "`+naftiko.Version+`"`),
		[]byte(`"version": "VERSION"`))
	data = append(data, '\n')
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if diff := cmp.Diff(string(want), string(data)); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}
