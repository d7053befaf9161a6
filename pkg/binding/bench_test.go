package binding_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/naftiko/naftiko-go/pkg/binding"
	"github.com/naftiko/naftiko-go/pkg/consumer"
)

// benchBody is about 1 KB of JSON.
var benchBody = func() string {
	var items []string
	for i := 0; i < 12; i++ {
		items = append(items, fmt.Sprintf(`{"id":"ship-%02d","name":"Vessel %02d","flag":"FR",`+
			`"tonnage":%d}`, i, i, 1000+i))
	}
	return `{"count":12,"ships":[` + strings.Join(items, ",") + `]}`
}()

func benchServer(b *testing.B) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, benchBody)
	}))
	b.Cleanup(srv.Close)
	return srv
}

const benchDoc = `
naftiko: "1.0.0-alpha1"
capability:
  consumes:
    - type: http
      namespace: fleet
      baseUri: "BASE"
      resources:
        - name: ships
          path: "/ships/{{id}}"
          operations:
            - name: get-ships
              inputParameters:
                - {name: status, in: query}
  exposes:
    - type: mcp
      namespace: tools
      tools:
        - name: ships
          description: ships
          call: fleet.get-ships
          with: {id: tools.fleet}
          outputParameters:
            - type: array
              mapping: "$.ships"
              items:
                type: object
                properties:
                  id: {type: string, mapping: "$.id"}
                  name: {type: string, mapping: "$.name"}
`

// BenchmarkBareGet is the baseline: a plain http.Client GET of the same
// upstream, body read, nothing decoded.
func BenchmarkBareGet(b *testing.B) { bareGet(b, false) }

// BenchmarkBareGetDecode is the baseline plus json.Unmarshal of the body,
// which Invoke also does.
func BenchmarkBareGetDecode(b *testing.B) { bareGet(b, true) }

func bareGet(b *testing.B, decode bool) {
	srv := benchServer(b)
	client := &http.Client{Transport: consumer.NewTransport(nil)}
	b.ReportAllocs()
	for b.Loop() {
		resp, err := client.Get(srv.URL + "/ships/atlantic?status=active")
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if len(body) != len(benchBody) {
			b.Fatal("short body")
		}
		if decode {
			var v any
			if err := json.Unmarshal(body, &v); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkInvoke is one Engine.Invoke of the same request: templates,
// parameters, limits, and the decoded body.
func BenchmarkInvoke(b *testing.B) {
	srv := benchServer(b)
	e, err := binding.New(load(b, benchDoc, srv.URL), binding.Options{})
	if err != nil {
		b.Fatal(err)
	}
	params := map[string]any{"id": "atlantic", "status": "active"}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Invoke(ctx, "fleet.get-ships", params); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRun adds the with and the output mapping of an MCP tool.
func BenchmarkRun(b *testing.B) {
	srv := benchServer(b)
	e, err := binding.New(load(b, benchDoc, srv.URL), binding.Options{})
	if err != nil {
		b.Fatal(err)
	}
	p, err := e.Compile("tools", &e.Loaded().Document.Capability.Exposes[0].MCP.Tools[0].Invocation,
		"tools")
	if err != nil {
		b.Fatal(err)
	}
	in := map[string]any{"fleet": "atlantic", "status": "active"}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		out, err := p.Run(ctx, in)
		if err != nil || !out.Mapped {
			b.Fatal(err)
		}
	}
}
