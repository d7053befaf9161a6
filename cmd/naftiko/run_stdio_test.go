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

// TestRunStdioRawFrames writes raw lines, malformed ones included, to the
// server's stdin and checks that every stdout line is a JSON-RPC message
// and that the bad ones got errors.
func TestRunStdioRawFrames(t *testing.T) {
	up := usersUpstream(t)
	cmd := exec.Command(binary(t), "run", "--set-base-uri", "up="+up.URL,
		"--log-level", "debug", writeDoc(t, stdioDoc))
	in := strings.Join([]string{
		`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":` +
			`"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}`,
		`{"jsonrpc":"2.0","method":"notifications/initialized"}`,
		`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"nope"}}`,
		`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"get-user",` +
			`"arguments":{"id":7}}}`,
		`{"jsonrpc":"2.0","id":4,"method":"no/such/method"}`,
		`{"jsonrpc":"2.0","id":6,"method":"tools/list","params":{"cursor":`,
		``,
		`42`,
		`{"jsonrpc":"2.0","id":7,"method":"tools/list"} trailing`,
		`{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"get-user",` +
			`"arguments":{"id":"7"}}}`,
	}, "\n") + "\n"
	cmd.Stdin = strings.NewReader(in)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("run: %v\nstderr:\n%s", err, stderr.String())
	}
	codes := map[float64]any{}
	var nullIDErrors []any
	for _, line := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
		var msg map[string]any
		if err := json.Unmarshal([]byte(line), &msg); err != nil || msg["jsonrpc"] != "2.0" {
			t.Fatalf("stdout line is not JSON-RPC: %q", line)
		}
		id, _ := msg["id"].(float64)
		if e, ok := msg["error"].(map[string]any); ok && msg["id"] == nil {
			nullIDErrors = append(nullIDErrors, e["code"])
		} else if ok {
			codes[id] = e["code"]
		} else {
			codes[id] = "ok"
		}
	}
	want := map[float64]any{1: "ok", 2: -32602.0, 3: -32602.0, 4: -32601.0, 5: "ok"}
	if diff := cmp.Diff(want, codes); diff != "" {
		t.Errorf("answers by id (-want +got):\n%s\nstderr:\n%s", diff, stderr.String())
	}
	wantNull := []any{-32700.0, -32600.0, -32700.0}
	if diff := cmp.Diff(wantNull, nullIDErrors); diff != "" {
		t.Errorf("errors with a null id (-want +got):\n%s", diff)
	}
}
