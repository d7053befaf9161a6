package rest_test

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/naftiko/naftiko-go/pkg/internal/logbuf"

	"github.com/google/go-cmp/cmp"

	"github.com/naftiko/naftiko-go/pkg/consumer"
	"github.com/naftiko/naftiko-go/pkg/expose"
)

const apiDoc = `
naftiko: "1.0.0-alpha1"
capability:
  consumes:
    - type: http
      namespace: up
      baseUri: "BASE"
      resources:
        - name: user
          path: "/users/{id}"
          operations:
            - name: get-user
              method: GET
              inputParameters:
                - name: fields
                  in: query
                - name: X-Session
                  in: header
                  value: "{{session}}"
        - name: items
          path: "/items"
          operations:
            - name: create-item
              method: POST
              body:
                type: json
                data:
                  name: "{{name}}"
                  qty: "{{qty}}"
        - name: slow
          path: "/slow"
          operations:
            - name: get-slow
              method: GET
  exposes:
    - type: rest
      namespace: api
      port: 8080
      resources:
        - path: "/users/{{userId}}"
          operations:
            - method: GET
              call: up.get-user
              with:
                id: api.userId
              inputParameters:
                - name: userId
                  in: path
                  type: string
                  description: user id
                - name: fields
                  in: query
                  type: string
                  description: fields
                - name: session
                  in: cookie
                  type: string
                  description: session cookie
              outputParameters:
                - type: object
                  properties:
                    name:
                      type: string
                      mapping: "$.name"
        - path: "/items"
          operations:
            - method: POST
              call: up.create-item
              inputParameters:
                - name: name
                  in: body
                  type: string
                  description: item name
                  value: "$.item.name"
                - name: qty
                  in: body
                  type: number
                  description: quantity
                  value: "$.item.qty"
        - path: "/mock"
          operations:
            - method: GET
              outputParameters:
                - type: string
                  value: "hello"
        - path: "/slow"
          operations:
            - method: GET
              call: up.get-slow
        - path: "/proxy/{{path}}"
          forward:
            targetNamespace: up
            trustedHeaders:
              - X-Request-Id
`

// upstreamHandler answers like a small users service.
func upstreamHandler(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/users/404":
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"error":"no such user"}`))
	case strings.HasPrefix(r.URL.Path, "/users/"):
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"name":"Ada","id":"` + strings.TrimPrefix(r.URL.Path, "/users/") +
			`"}`))
	case r.URL.Path == "/items":
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write([]byte(`{"ok":true}`))
	case r.URL.Path == "/slow":
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	default:
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("X-Upstream-Secret", "leak")
		_, _ = w.Write([]byte("proxied " + r.Method + " " + r.URL.RequestURI()))
	}
}

func TestRouting(t *testing.T) {
	up := newUpstream(t, upstreamHandler)
	h := start(t, apiDoc, up.URL, config{settings: expose.Settings{MaxBodyBytes: 1024}})

	tests := []struct {
		name, method, path, body string
		header                   map[string]string
		wantStatus               int
		wantType                 string
		wantBody                 string // exact, or a substring for problems
		wantAllow                string
	}{
		{name: "call with mapping", method: "GET", path: "/users/42?fields=name",
			wantStatus: 200, wantType: "application/json", wantBody: `{"name":"Ada"}` + "\n"},
		{name: "upstream status passes through", method: "GET", path: "/users/404",
			wantStatus: 404, wantType: "application/json", wantBody: `{"error":"no such user"}`},
		{name: "mock", method: "GET", path: "/mock", wantStatus: 200,
			wantType: "application/json", wantBody: `{"value":"hello"}` + "\n"},
		{name: "wrong method", method: "DELETE", path: "/users/42", wantStatus: 405,
			wantType: "application/problem+json", wantBody: "method DELETE not allowed",
			wantAllow: "GET"},
		{name: "unknown path", method: "GET", path: "/nope", wantStatus: 404,
			wantType: "application/problem+json", wantBody: "no resource matches /nope"},
		{name: "trailing slash is another path", method: "GET", path: "/mock/",
			wantStatus: 404, wantType: "application/problem+json"},
		{name: "encoded traversal in a path parameter", method: "GET",
			path: "/users/a%2F..%2F..%2Fadmin", wantStatus: 400,
			wantType: "application/problem+json", wantBody: "path parameter is not allowed"},
		{name: "dot-dot path parameter", method: "GET", path: "/users/%2E%2E",
			wantStatus: 400, wantType: "application/problem+json"},
		{name: "control character in a path parameter", method: "GET", path: "/users/a%0d%0ab",
			wantStatus: 400, wantType: "application/problem+json"},
		{name: "JSON body inputs", method: "POST", path: "/items",
			body: `{"item":{"name":"pen","qty":2}}`, wantStatus: 201,
			wantType: "application/json", wantBody: `{"ok":true}`},
		{name: "invalid JSON body", method: "POST", path: "/items", body: `{"item":`,
			wantStatus: 400, wantType: "application/problem+json",
			wantBody: "request body is not valid JSON"},
		{name: "body over the limit", method: "POST", path: "/items",
			body: `{"x":"` + strings.Repeat("a", 4096) + `"}`, wantStatus: 413,
			wantType: "application/problem+json", wantBody: "exceeds the limit of 1024 bytes"},
		{name: "forward keeps the query and trusted headers only", method: "GET",
			path: "/proxy/a/b?x=1&y=2", header: map[string]string{
				"X-Request-Id": "r-1", "Authorization": "Bearer inbound", "X-Other": "no"},
			wantStatus: 200, wantType: "text/plain", wantBody: "proxied GET /a/b?x=1&y=2"},
		{name: "health", method: "GET", path: "/healthz", wantStatus: 200,
			wantType: "text/plain; charset=utf-8", wantBody: "ok\n"},
		{name: "not ready before the runtime says so", method: "GET", path: "/readyz",
			wantStatus: 503, wantType: "text/plain; charset=utf-8", wantBody: "not ready\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, hdr, body := do(t, tt.method, h.base+tt.path, tt.body, tt.header)
			if status != tt.wantStatus {
				t.Errorf("status = %d, want %d; body %s", status, tt.wantStatus, body)
			}
			if ct := hdr.Get("Content-Type"); ct != tt.wantType {
				t.Errorf("Content-Type = %q, want %q", ct, tt.wantType)
			}
			if strings.HasPrefix(tt.wantType, "application/problem") {
				if !strings.Contains(body, tt.wantBody) {
					t.Errorf("body = %s, want it to contain %q", body, tt.wantBody)
				}
			} else if tt.wantBody != "" && body != tt.wantBody {
				t.Errorf("body = %q, want %q", body, tt.wantBody)
			}
			if a := hdr.Get("Allow"); a != tt.wantAllow {
				t.Errorf("Allow = %q, want %q", a, tt.wantAllow)
			}
			if hdr.Get("X-Upstream-Secret") != "" {
				t.Error("an upstream header other than Content-Type leaked through")
			}
		})
	}
}

func TestInputsReachUpstream(t *testing.T) {
	up := newUpstream(t, upstreamHandler)
	h := start(t, apiDoc, up.URL, config{})

	do(t, "GET", h.base+"/users/ad%20a?fields=name", "", map[string]string{
		"Cookie": "session=s-1"})
	got := up.last(t)
	if got.Path != "/users/ad%20a" || got.RawQuery != "fields=name" {
		t.Errorf("upstream request = %s?%s", got.Path, got.RawQuery)
	}
	if s := got.Header.Get("X-Session"); s != "s-1" {
		t.Errorf("X-Session from the cookie = %q, want s-1", s)
	}

	do(t, "POST", h.base+"/items", `{"item":{"name":"pen","qty":2}}`, nil)
	var sent map[string]any
	if err := json.Unmarshal([]byte(up.last(t).Body), &sent); err != nil {
		t.Fatalf("upstream body %q: %v", up.last(t).Body, err)
	}
	if sent["name"] != "pen" {
		t.Errorf("upstream body = %v, want name pen", sent)
	}

	do(t, "GET", h.base+"/proxy/x?q=1", "", map[string]string{
		"X-Request-Id": "r-9", "Authorization": "Bearer inbound"})
	fw := up.last(t)
	if fw.Header.Get("X-Request-Id") != "r-9" || fw.Header.Get("Authorization") != "" {
		t.Errorf("forwarded headers = %v", fw.Header)
	}
}

func TestUpstreamFailures(t *testing.T) {
	up := newUpstream(t, upstreamHandler)
	var logs logbuf.Buffer
	h := start(t, apiDoc, up.URL, config{
		logger:   slog.New(slog.NewTextHandler(&logs, nil)),
		consumes: consumer.Settings{Timeout: 200 * time.Millisecond}})

	status, hdr, body := do(t, "GET", h.base+"/slow", "", nil)
	var p map[string]any
	_ = json.Unmarshal([]byte(body), &p)
	if status != 504 || hdr.Get("Content-Type") != "application/problem+json" ||
		p["operation"] != "GET /slow" {
		t.Errorf("timeout: %d %s %s", status, hdr.Get("Content-Type"), body)
	}

	up.Close()
	status, _, body = do(t, "GET", h.base+"/users/1", "", nil)
	_ = json.Unmarshal([]byte(body), &p)
	if status != 502 || p["operation"] != "GET /users/{userId}" ||
		!strings.Contains(p["detail"].(string), "GET /users/{userId}: ") {
		t.Errorf("transport failure: %d %s", status, body)
	}

	// Operators see every failure in the log, not only the caller.
	for _, want := range []string{
		`level=WARN msg="operation failed"`, `operation="GET /slow"`, "status=504",
		`operation="GET /users/{userId}"`, "status=502",
	} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}
}

func TestReadyAndMetrics(t *testing.T) {
	up := newUpstream(t, upstreamHandler)
	h := start(t, apiDoc, up.URL, config{})
	h.health.SetReady(true)
	if status, _, _ := do(t, "GET", h.base+"/readyz", "", nil); status != 200 {
		t.Errorf("readyz = %d after SetReady", status)
	}
	do(t, "GET", h.base+"/users/1", "", nil)
	do(t, "GET", h.base+"/users/404", "", nil)
	_, _, body := do(t, "GET", h.base+"/metrics", "", nil)
	const op = `namespace="api",operation="GET /users/{userId}"`
	for _, want := range []string{
		`naftiko_exposed_requests_total{code="200",` + op + `} 1`,
		`naftiko_exposed_requests_total{code="404",` + op + `} 1`,
		`naftiko_exposed_errors_total{kind="status",` + op + `} 1`,
		`naftiko_exposed_request_duration_seconds_count{` + op + `} 2`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestReservedPathYieldsToResource(t *testing.T) {
	doc := strings.Replace(apiDoc, `"/mock"`, `"/healthz"`, 1)
	up := newUpstream(t, upstreamHandler)
	h := start(t, doc, up.URL, config{})
	if _, _, body := do(t, "GET", h.base+"/healthz", "", nil); !cmp.Equal(body,
		`{"value":"hello"}`+"\n") {
		t.Errorf("GET /healthz = %q, want the resource's answer", body)
	}
}
