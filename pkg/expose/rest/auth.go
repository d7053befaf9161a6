package rest

import (
	"crypto/subtle"
	"fmt"
	"net/http"
	"strings"

	"github.com/naftiko/naftiko-go/pkg/expose"
	"github.com/naftiko/naftiko-go/pkg/spec"
)

// authenticator checks one request; on failure it has written the answer.
type authenticator interface {
	check(w http.ResponseWriter, r *http.Request) bool
}

func newAuthenticator(p expose.Params, a *spec.Authentication, path string) (authenticator, error) {
	secret := func(field, tmpl string) (string, error) {
		return p.Secret(path+"."+field, tmpl)
	}
	switch a.Type {
	case "bearer":
		tok, err := secret("token", a.Token)
		if err != nil {
			return nil, err
		}
		return bearerAuth{token: []byte(tok)}, nil
	case "apikey":
		if a.Key == "" {
			return nil, fmt.Errorf("%s.key: the key name is empty", path)
		}
		val, err := secret("value", a.Value)
		if err != nil {
			return nil, err
		}
		placement := a.Placement
		if placement == "" {
			placement = "header"
		}
		if placement != "header" && placement != "query" {
			return nil, fmt.Errorf("%s.placement: %q is neither header nor query", path, placement)
		}
		return apiKeyAuth{key: a.Key, value: []byte(val), query: placement == "query"}, nil
	case "basic", "digest":
		user, err := secret("username", a.Username)
		if err != nil {
			return nil, err
		}
		pass, err := secret("password", a.Password)
		if err != nil {
			return nil, err
		}
		if a.Type == "basic" {
			return basicAuth{user: []byte(user), pass: []byte(pass)}, nil
		}
		return newDigestAuth(user, pass)
	}
	return nil, fmt.Errorf("%s.type: unsupported server authentication type %q", path, a.Type)
}

func same(a, b []byte) bool { return subtle.ConstantTimeCompare(a, b) == 1 }

func unauthorized(w http.ResponseWriter, r *http.Request, challenges ...string) {
	for _, c := range challenges {
		w.Header().Add("WWW-Authenticate", c)
	}
	writeProblem(w, r, http.StatusUnauthorized, "", "missing or invalid credentials")
}

type bearerAuth struct{ token []byte }

func (a bearerAuth) check(w http.ResponseWriter, r *http.Request) bool {
	h := r.Header.Get("Authorization")
	const prefix = "bearer "
	if len(h) > len(prefix) && strings.EqualFold(h[:len(prefix)], prefix) &&
		same([]byte(strings.TrimSpace(h[len(prefix):])), a.token) {
		return true
	}
	unauthorized(w, r, `Bearer realm="naftiko"`)
	return false
}

type apiKeyAuth struct {
	key   string
	value []byte
	query bool
}

func (a apiKeyAuth) check(w http.ResponseWriter, r *http.Request) bool {
	var got string
	var present bool
	if a.query {
		vs, ok := r.URL.Query()[a.key]
		present = ok && len(vs) > 0
		if present {
			got = vs[0]
		}
	} else {
		vs := r.Header.Values(a.key)
		present = len(vs) > 0
		if present {
			got = vs[0]
		}
	}
	if present && same([]byte(got), a.value) {
		return true
	}
	unauthorized(w, r)
	return false
}

type basicAuth struct{ user, pass []byte }

func (a basicAuth) check(w http.ResponseWriter, r *http.Request) bool {
	u, p, ok := r.BasicAuth()
	// Both comparisons run, so timing does not tell which one failed.
	if ok && same([]byte(u), a.user) && same([]byte(p), a.pass) {
		return true
	}
	unauthorized(w, r, `Basic realm="naftiko", charset="UTF-8"`)
	return false
}
