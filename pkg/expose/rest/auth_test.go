package rest_test

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"net/http"
	"strings"
	"testing"
)

const authDoc = `
naftiko: "1.0.0-alpha1"
binds:
  - namespace: secrets
    keys:
      API_TOKEN: TEST_TOKEN
      API_USER: TEST_USER
      API_PASS: TEST_PASS
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
  exposes:
    - type: rest
      namespace: api
      port: 8080
      authentication:
AUTH
      resources:
        - path: "/users/{{id}}"
          operations:
            - method: GET
              call: up.get-user
              inputParameters:
                - name: id
                  in: path
                  type: string
                  description: user id
`

const (
	apiKeyHeader = "        type: apikey\n        key: X-Api-Key\n        value: \"{{API_TOKEN}}\""
	bearerToken  = "        type: bearer\n        token: \"{{API_TOKEN}}\""
)

var authEnv = map[string]string{"TEST_TOKEN": "t0ken", "TEST_USER": "ada", "TEST_PASS": "pw"}

func authDocWith(auth string) string {
	return strings.Replace(authDoc, "AUTH", auth, 1)
}

func TestServerAuthentication(t *testing.T) {
	up := newUpstream(t, upstreamHandler)
	tests := []struct {
		name   string
		auth   string
		header map[string]string
		query  string
		want   int
		wantWA string // WWW-Authenticate prefix on 401
	}{
		{name: "bearer ok", auth: "        type: bearer\n        token: \"{{API_TOKEN}}\"",
			header: map[string]string{"Authorization": "bearer t0ken"}, want: 200},
		{name: "bearer wrong", auth: "        type: bearer\n        token: \"{{API_TOKEN}}\"",
			header: map[string]string{"Authorization": "Bearer nope"}, want: 401,
			wantWA: "Bearer"},
		{name: "bearer missing", auth: "        type: bearer\n        token: \"{{API_TOKEN}}\"",
			want: 401, wantWA: "Bearer"},
		{name: "apikey header ok",
			auth:   apiKeyHeader,
			header: map[string]string{"x-api-key": "t0ken"}, want: 200},
		{name: "apikey header empty",
			auth:   apiKeyHeader,
			header: map[string]string{"X-Api-Key": ""}, want: 401},
		{name: "apikey query ok", auth: "        type: apikey\n        key: key\n" +
			"        value: \"{{API_TOKEN}}\"\n        placement: query",
			query: "?key=t0ken", want: 200},
		{name: "basic ok", auth: "        type: basic\n        username: \"{{API_USER}}\"\n" +
			"        password: \"{{API_PASS}}\"",
			header: map[string]string{"Authorization": "Basic YWRhOnB3"}, want: 200},
		{name: "basic wrong", auth: "        type: basic\n        username: \"{{API_USER}}\"\n" +
			"        password: \"{{API_PASS}}\"",
			header: map[string]string{"Authorization": "Basic YWRhOng="}, want: 401,
			wantWA: "Basic"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := start(t, authDocWith(tt.auth), up.URL, config{env: authEnv})
			status, hdr, _ := do(t, "GET", h.base+"/users/1"+tt.query, "", tt.header)
			if status != tt.want {
				t.Errorf("status = %d, want %d", status, tt.want)
			}
			if wa := hdr.Get("WWW-Authenticate"); !strings.HasPrefix(wa, tt.wantWA) {
				t.Errorf("WWW-Authenticate = %q, want prefix %q", wa, tt.wantWA)
			}
			// Health endpoints stay open for probes.
			if s, _, _ := do(t, "GET", h.base+"/healthz", "", nil); s != 200 {
				t.Errorf("healthz = %d behind authentication", s)
			}
		})
	}
}

func TestEmptySecretRefusesToStart(t *testing.T) {
	tests := []struct{ name, auth, wantErr string }{
		{"unbound variable", "        type: bearer\n        token: \"{{NOT_BOUND}}\"",
			"capability.exposes[0].authentication.token: variable NOT_BOUND is neither bound"},
		{"variable bound to an empty value", bearerToken,
			"capability.exposes[0].authentication.token: secret is empty"},
		{"empty literal", "        type: bearer\n        token: \"\"",
			"capability.exposes[0].authentication.token: secret is empty"},
		{"empty password", "        type: basic\n        username: ada\n        password: \"\"",
			"capability.exposes[0].authentication.password: secret is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := build(t, authDocWith(tt.auth), "http://127.0.0.1:1", config{
				env: map[string]string{"TEST_TOKEN": "", "TEST_USER": "u", "TEST_PASS": "p"}})
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

// digestResponse answers a Digest challenge the way a client does.
func digestResponse(t *testing.T, challenge, method, uri, user, pass string) string {
	return digestResponseNC(t, challenge, method, uri, user, pass, "00000001")
}

func digestResponseNC(t *testing.T, challenge, method, uri, user, pass, nc string) string {
	t.Helper()
	params := map[string]string{}
	for _, part := range strings.Split(strings.TrimPrefix(challenge, "Digest "), ", ") {
		k, v, _ := strings.Cut(part, "=")
		params[k] = strings.Trim(v, `"`)
	}
	var newHash func() hash.Hash = md5.New
	if params["algorithm"] == "SHA-256" {
		newHash = sha256.New
	}
	hx := func(s string) string {
		d := newHash()
		d.Write([]byte(s))
		return hex.EncodeToString(d.Sum(nil))
	}
	ha1 := hx(user + ":" + params["realm"] + ":" + pass)
	ha2 := hx(method + ":" + uri)
	resp := hx(ha1 + ":" + params["nonce"] + ":" + nc + ":c0ffee:auth:" + ha2)
	return fmt.Sprintf(`Digest username="%s", realm="%s", nonce="%s", uri="%s", `+
		`algorithm=%s, qop=auth, nc=%s, cnonce="c0ffee", response="%s"`,
		user, params["realm"], params["nonce"], uri, params["algorithm"], nc, resp)
}

func TestDigestAuthentication(t *testing.T) {
	up := newUpstream(t, upstreamHandler)
	h := start(t, authDocWith("        type: digest\n        username: \"{{API_USER}}\"\n"+
		"        password: \"{{API_PASS}}\""), up.URL, config{env: authEnv})

	status, hdr, _ := do(t, "GET", h.base+"/users/1", "", nil)
	challenges := hdr.Values("WWW-Authenticate")
	if status != http.StatusUnauthorized || len(challenges) != 2 {
		t.Fatalf("first request: %d, challenges %q", status, challenges)
	}
	nc := 0
	next := func() string { nc++; return fmt.Sprintf("%08x", nc) }
	for _, c := range challenges {
		for _, tc := range []struct {
			pass string
			want int
		}{{"pw", 200}, {"wrong", 401}} {
			auth := digestResponseNC(t, c, "GET", "/users/1?x=1", "ada", tc.pass, next())
			status, _, _ := do(t, "GET", h.base+"/users/1?x=1", "", map[string]string{
				"Authorization": auth})
			if status != tc.want {
				t.Errorf("%.30s… password %q: status %d, want %d", c, tc.pass, status, tc.want)
			}
		}
		// A response computed for another URI is refused.
		auth := digestResponseNC(t, c, "GET", "/users/2", "ada", "pw", next())
		if status, _, _ := do(t, "GET", h.base+"/users/1", "", map[string]string{
			"Authorization": auth}); status != 401 {
			t.Errorf("digest for another uri accepted: %d", status)
		}
	}

	// A replayed header, or one with a lower nonce count, is refused.
	c := challenges[0]
	fresh := digestResponseNC(t, c, "GET", "/users/1", "ada", "pw", next())
	older := digestResponseNC(t, c, "GET", "/users/1", "ada", "pw", "00000001")
	for i, tc := range []struct {
		auth string
		want int
	}{{fresh, 200}, {fresh, 401}, {older, 401}} {
		status, _, _ := do(t, "GET", h.base+"/users/1", "", map[string]string{
			"Authorization": tc.auth})
		if status != tc.want {
			t.Errorf("use %d: status %d, want %d", i, status, tc.want)
		}
	}
}
