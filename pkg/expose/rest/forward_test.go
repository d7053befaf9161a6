package rest_test

import (
	"net/http"
	"strings"
	"testing"
)

const forwardDoc = `
naftiko: "1.0.0-alpha1"
binds:
  - namespace: secrets
    keys:
      UP_TOKEN: TEST_UP_TOKEN
capability:
  consumes:
    - type: http
      namespace: up
      baseUri: "BASE/api"
      authentication:
        type: bearer
        token: "{{UP_TOKEN}}"
      inputParameters:
        - name: X-Client
          in: header
          value: naftiko
      resources:
        - name: things
          path: "/things"
          operations:
            - name: list-things
              method: GET
  exposes:
    - type: rest
      namespace: gw
      port: 8080
      resources:
        - path: "/things/{{path}}"
          operations:
            - method: GET
              call: up.list-things
          forward:
            targetNamespace: up
            trustedHeaders:
              - X-Request-Id
`

func TestForwardAddsNamespaceAuthAndHeaders(t *testing.T) {
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Set-Cookie", "upstream=1")
		w.WriteHeader(http.StatusAccepted)
		_, _ = w.Write([]byte(`{"ok":true}`))
	})
	h := start(t, forwardDoc, up.URL, config{env: map[string]string{"TEST_UP_TOKEN": "up-s3cret"}})

	status, hdr, body := do(t, "DELETE", h.base+"/things/a/b%20c?force=1", "", map[string]string{
		"X-Request-Id": "r-1", "Authorization": "Bearer inbound", "Cookie": "c=1"})
	if status != http.StatusAccepted || body != `{"ok":true}` || hdr.Get("Set-Cookie") != "" {
		t.Errorf("forward answer: %d %s, Set-Cookie %q", status, body, hdr.Get("Set-Cookie"))
	}
	got := up.last(t)
	if got.Method != "DELETE" || got.Path != "/api/a/b%20c" || got.RawQuery != "force=1" {
		t.Errorf("upstream request = %s %s?%s", got.Method, got.Path, got.RawQuery)
	}
	for name, want := range map[string]string{"Authorization": "Bearer up-s3cret",
		"X-Client": "naftiko", "X-Request-Id": "r-1", "Cookie": ""} {
		if v := got.Header.Get(name); v != want {
			t.Errorf("upstream %s = %q, want %q", name, v, want)
		}
	}

	// The GET operation still wins over the forward.
	do(t, "GET", h.base+"/things/x", "", nil)
	if p := up.last(t).Path; p != "/api/things" {
		t.Errorf("GET went to %s, want the operation's /api/things", p)
	}

	// An upstream that cannot be reached is a 502 problem naming the forward.
	up.Close()
	status, hdr, body = do(t, "PUT", h.base+"/things/x", "{}", nil)
	if status != http.StatusBadGateway || !strings.Contains(body, "forward up") ||
		hdr.Get("Content-Type") != "application/problem+json" {
		t.Errorf("unreachable: %d %s %s", status, hdr.Get("Content-Type"), body)
	}
}
