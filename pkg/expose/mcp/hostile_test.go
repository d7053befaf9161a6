package mcp_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/naftiko/naftiko-go/pkg/consumer"
)

func post(t *testing.T, url, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestMalformedJSONRPC(t *testing.T) {
	h := startHTTP(t, peopleDoc, consumer.Settings{})
	url := h.ex.Addrs()[0] + "/mcp"
	tests := []struct{ name, body string }{
		{"not JSON", `{"jsonrpc":"2.0","id":1,"method":`},
		{"not an object", `42`},
		{"wrong version", `{"jsonrpc":"1.0","id":1,"method":"tools/list"}`},
		{"huge", `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"x":"` +
			strings.Repeat("a", 5<<20) + `"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := post(t, url, tt.body)
			if status < 400 && !strings.Contains(body, `"error"`) {
				t.Errorf("status %d body %.200s: want an HTTP or JSON-RPC error", status, body)
			}
		})
	}
	// The session still works.
	if _, err := h.session.ListTools(context.Background(), nil); err != nil {
		t.Errorf("tools/list after malformed requests: %v", err)
	}
	resp, err := http.Get(h.ex.Addrs()[0] + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Errorf("healthz on the MCP listener: %v %v", resp, err)
	}
	if resp != nil {
		resp.Body.Close()
	}
}
