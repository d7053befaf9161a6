package consumer_test

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"net/http"
	"strings"
	"testing"

	"github.com/naftiko/naftiko-go/pkg/consumer"
)

func authDoc(auth string) string {
	return doc(`
    - type: http
      namespace: api
      baseUri: "BASE"
      authentication:
` + auth + `
      resources:
        - name: r
          path: "/secure"
          operations:
            - name: get
              inputParameters:
                - name: page
                  in: query
`)
}

func TestAuthentication(t *testing.T) {
	binds := map[string]any{"USER": "bound-user", "PASS": "p@ss:word", "TOKEN": "tok-1",
		"KEY": "k 1"}
	tests := []struct {
		name, auth string
		params     map[string]any
		header     string // Authorization or the apikey header
		headerName string
		rawQuery   string
	}{
		{"basic from binds", "        type: basic\n        username: \"{{USER}}\"\n" +
			"        password: \"{{PASS}}\"", nil,
			"Basic Ym91bmQtdXNlcjpwQHNzOndvcmQ=", "Authorization", ""},
		{"bindings win over params for auth", "        type: bearer\n        token: \"{{TOKEN}}\"",
			map[string]any{"TOKEN": "from-request"}, "Bearer tok-1", "Authorization", ""},
		{"apikey header", "        type: apikey\n        key: X-Api-Key\n        value: \"{{KEY}}\"\n" +
			"        placement: header", nil, "k 1", "X-Api-Key", ""},
		{"apikey query", "        type: apikey\n        key: api key\n        value: \"{{KEY}}\"\n" +
			"        placement: query", map[string]any{"page": 2.0}, "", "Authorization",
			"page=2&api+key=k+1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			up := newUpstream(t, reply(200, "application/json", `{}`))
			ns := compile(t, authDoc(tc.auth), up.URL, consumer.Options{})
			if _, err := call(t, ns, "get", tc.params, binds); err != nil {
				t.Fatal(err)
			}
			got := up.last(t)
			if h := got.Header.Get(tc.headerName); h != tc.header {
				t.Errorf("%s = %q, want %q", tc.headerName, h, tc.header)
			}
			if got.RawQuery != tc.rawQuery {
				t.Errorf("query = %q, want %q", got.RawQuery, tc.rawQuery)
			}
		})
	}
}

func TestAPIKeyMaskedInMessages(t *testing.T) {
	up := newUpstream(t, reply(500, "application/json", `{}`))
	ns := compile(t, authDoc("        type: apikey\n        key: key\n        value: top-secret\n"+
		"        placement: query"), up.URL, consumer.Options{})
	res, err := call(t, ns, "get", map[string]any{"page": "1"}, nil)
	if up.last(t).RawQuery != "page=1&key=top-secret" {
		t.Errorf("query = %q", up.last(t).RawQuery)
	}
	want := up.URL + "/secure?page=1&key=REDACTED"
	if consumer.KindOf(err) != consumer.KindStatus || strings.Contains(err.Error(), "top-secret") ||
		res.URL != want {
		t.Errorf("err = %v, URL = %s", err, res.URL)
	}
}

func TestSecretsNotSentAcrossRedirects(t *testing.T) {
	other := newUpstream(t, reply(200, "application/json", `{}`))
	origin := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/elsewhere", http.StatusFound)
	})
	ns := compile(t, authDoc("        type: apikey\n        key: X-Api-Key\n"+
		"        value: k1\n        placement: header"), origin.URL, consumer.Options{})
	if _, err := call(t, ns, "get", nil, nil); err != nil {
		t.Fatal(err)
	}
	if origin.last(t).Header.Get("X-Api-Key") != "k1" {
		t.Errorf("the origin did not receive the key")
	}
	if got := other.last(t); got.Path != "/elsewhere" || got.Header.Get("X-Api-Key") != "" {
		t.Errorf("redirect target received %s with X-Api-Key %q", got.Path,
			got.Header.Get("X-Api-Key"))
	}
}

func TestAuthenticationErrors(t *testing.T) {
	noPlacement := authDoc("        type: apikey\n        key: k\n        value: v")
	_, err := tryCompile(t, noPlacement, "http://x", consumer.Options{})
	if err == nil || !strings.Contains(err.Error(), "authentication.placement") {
		t.Errorf("apikey without placement: err = %v", err)
	}
	_, err = tryCompile(t, authDoc("        type: oauth2"), "http://x", consumer.Options{})
	if err == nil || !strings.Contains(err.Error(), `"oauth2" is not one of`) {
		t.Errorf("unknown type: err = %v", err)
	}
}

// digestServer checks RFC 7616 Digest credentials computed independently
// of the client code.
func digestServer(t *testing.T, algo string, qop bool) *upstream {
	const realm, nonce, opaque = "test@example", "n0nce-123", "op4que"
	h := func() hash.Hash { return md5.New() }
	if algo == "SHA-256" {
		h = sha256.New
	}
	sum := func(s string) string {
		d := h()
		d.Write([]byte(s))
		return hex.EncodeToString(d.Sum(nil))
	}
	return newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		authz := r.Header.Get("Authorization")
		challenge := fmt.Sprintf(`Digest realm=%q, nonce=%q, opaque=%q, algorithm=%s`,
			realm, nonce, opaque, algo)
		if qop {
			challenge += `, qop="auth,auth-int"`
		}
		if !strings.HasPrefix(authz, "Digest ") {
			w.Header().Set("WWW-Authenticate", challenge)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		f := map[string]string{}
		for _, kv := range strings.Split(strings.TrimPrefix(authz, "Digest "), ", ") {
			k, v, _ := strings.Cut(kv, "=")
			f[k] = strings.Trim(v, `"`)
		}
		ha1 := sum("alice:" + realm + ":wonder land")
		ha2 := sum(r.Method + ":" + r.URL.RequestURI())
		want := sum(ha1 + ":" + nonce + ":" + ha2)
		if qop {
			want = sum(ha1 + ":" + nonce + ":" + f["nc"] + ":" + f["cnonce"] + ":auth:" + ha2)
		}
		if f["response"] != want || f["opaque"] != opaque || f["uri"] != r.URL.RequestURI() ||
			f["username"] != "alice" {
			w.WriteHeader(http.StatusForbidden)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"ok":true}`))
	})
}

func TestDigest(t *testing.T) {
	for _, tc := range []struct {
		algo string
		qop  bool
	}{{"MD5", true}, {"SHA-256", true}, {"MD5", false}} {
		t.Run(fmt.Sprintf("%s qop=%v", tc.algo, tc.qop), func(t *testing.T) {
			up := digestServer(t, tc.algo, tc.qop)
			ns := compile(t, authDoc("        type: digest\n        username: alice\n"+
				"        password: \"{{PW}}\""), up.URL, consumer.Options{})
			res, err := call(t, ns, "get", map[string]any{"page": "1 2"},
				map[string]any{"PW": "wonder land"})
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != 200 || up.count() != 2 {
				t.Errorf("status %d after %d requests, want 200 after 2", res.Status, up.count())
			}
		})
	}
	t.Run("wrong password", func(t *testing.T) {
		up := digestServer(t, "MD5", true)
		ns := compile(t, authDoc("        type: digest\n        username: alice\n"+
			"        password: nope"), up.URL, consumer.Options{})
		res, err := call(t, ns, "get", nil, nil)
		if consumer.KindOf(err) != consumer.KindStatus || res == nil || res.Status != 403 {
			t.Errorf("err = %v, want status 403", err)
		}
	})
}
