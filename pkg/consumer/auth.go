package consumer

import (
	"crypto/md5"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/net/http/httpguts"

	"github.com/naftiko/naftiko-go/pkg/internal/fielderr"
	"github.com/naftiko/naftiko-go/pkg/spec"
	"github.com/naftiko/naftiko-go/pkg/template"
)

// auth is compiled client authentication.
type auth struct {
	typ               string
	user, pass, token *template.Template
	key, value        *template.Template
	placement         string
}

func compileAuth(a *spec.Authentication, where string) (*auth, error) {
	if a == nil {
		return nil, nil
	}
	out := &auth{typ: strings.ToLower(a.Type), placement: strings.ToLower(a.Placement)}
	compile := func(field, src string) (*template.Template, error) {
		t, err := template.Compile(src)
		if err != nil {
			return nil, fielderr.Wrap(where+"."+field, err)
		}
		return t, nil
	}
	var err error
	switch out.typ {
	case "basic", "digest":
		if out.user, err = compile("username", a.Username); err != nil {
			return nil, err
		}
		out.pass, err = compile("password", a.Password)
	case "bearer":
		out.token, err = compile("token", a.Token)
	case "apikey":
		if out.placement != "header" && out.placement != "query" {
			return nil, fielderr.New(where+".placement", "must be header or query, got %q",
				a.Placement)
		}
		if a.Key == "" {
			return nil, fielderr.New(where+".key", "missing")
		}
		if out.key, err = compile("key", a.Key); err != nil {
			return nil, err
		}
		out.value, err = compile("value", a.Value)
	default:
		return nil, fielderr.New(where+".type", "%q is not one of basic, digest, bearer, apikey",
			a.Type)
	}
	return out, err
}

// apply adds the credentials to req (or, for apikey in query, to query).
func (a *auth) apply(req *request, scope template.Scope, query *[]string) error {
	render := func(t *template.Template) (string, error) {
		s, _, err := t.Render(scope, nil)
		if err == nil && strings.ContainsAny(s, "\r\n") {
			err = fmt.Errorf("authentication value contains CR or LF")
		}
		return s, err
	}
	switch a.typ {
	case "basic", "digest":
		user, err := render(a.user)
		if err != nil {
			return err
		}
		pass, err := render(a.pass)
		if err != nil {
			return err
		}
		if a.typ == "digest" {
			req.digest = &credentials{user: user, pass: pass}
			return nil
		}
		hr := http.Request{Header: req.header}
		hr.SetBasicAuth(user, pass)
	case "bearer":
		tok, err := render(a.token)
		if err != nil {
			return err
		}
		req.header.Set("Authorization", "Bearer "+tok)
	case "apikey":
		key, err := render(a.key)
		if err != nil {
			return err
		}
		val, err := render(a.value)
		if err != nil {
			return err
		}
		if a.placement == "query" {
			*query = append(*query, url.QueryEscape(key)+"="+url.QueryEscape(val))
			req.secretQuery = url.QueryEscape(key) + "="
			return nil
		}
		if !httpguts.ValidHeaderFieldName(key) {
			return fmt.Errorf("apikey: %q is not a valid header name", key)
		}
		req.header.Set(key, val)
	}
	return nil
}

// credentials answer an RFC 7616 Digest challenge.
type credentials struct {
	user, pass string
}

// answer computes the Authorization header for a Digest challenge (MD5 or
// SHA-256, qop=auth or none).
func (c *credentials) answer(challenge, method string, u *url.URL) (string, error) {
	scheme, rest, _ := strings.Cut(strings.TrimSpace(challenge), " ")
	if !strings.EqualFold(scheme, "Digest") {
		return "", fmt.Errorf("digest authentication: upstream asked for %q", scheme)
	}
	p := parseChallenge(rest)
	realm, nonce := p["realm"], p["nonce"]
	if nonce == "" {
		return "", fmt.Errorf("digest authentication: challenge without nonce")
	}
	algo := p["algorithm"]
	var h func() hash.Hash
	switch strings.ToUpper(algo) {
	case "", "MD5":
		h = md5.New
	case "SHA-256":
		h = sha256.New
	default:
		return "", fmt.Errorf("digest authentication: unsupported algorithm %q", algo)
	}
	sum := func(s string) string {
		d := h()
		d.Write([]byte(s))
		return hex.EncodeToString(d.Sum(nil))
	}
	uri := u.RequestURI()
	ha1 := sum(c.user + ":" + realm + ":" + c.pass)
	ha2 := sum(method + ":" + uri)
	var b strings.Builder
	fmt.Fprintf(&b, `Digest username=%q, realm=%q, nonce=%q, uri=%q`, c.user, realm, nonce, uri)
	qops := strings.Split(p["qop"], ",")
	hasAuth := false
	for _, q := range qops {
		if strings.TrimSpace(q) == "auth" {
			hasAuth = true
		}
	}
	if hasAuth {
		cnonce := randomHex(8)
		const nc = "00000001"
		resp := sum(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2)
		fmt.Fprintf(&b, `, qop=auth, nc=%s, cnonce=%q, response=%q`, nc, cnonce, resp)
	} else if p["qop"] != "" {
		return "", fmt.Errorf("digest authentication: unsupported qop %q", p["qop"])
	} else {
		fmt.Fprintf(&b, `, response=%q`, sum(ha1+":"+nonce+":"+ha2))
	}
	if algo != "" {
		fmt.Fprintf(&b, `, algorithm=%s`, algo)
	}
	if op := p["opaque"]; op != "" {
		fmt.Fprintf(&b, `, opaque=%q`, op)
	}
	return b.String(), nil
}

// parseChallenge reads the comma-separated key=value pairs of a challenge.
func parseChallenge(s string) map[string]string {
	out := map[string]string{}
	for s != "" {
		s = strings.TrimLeft(s, " ,")
		k, rest, ok := strings.Cut(s, "=")
		if !ok {
			break
		}
		k = strings.ToLower(strings.TrimSpace(k))
		rest = strings.TrimLeft(rest, " ")
		var v string
		if strings.HasPrefix(rest, `"`) {
			var b strings.Builder
			i := 1
			for ; i < len(rest) && rest[i] != '"'; i++ {
				if rest[i] == '\\' && i+1 < len(rest) {
					i++
				}
				b.WriteByte(rest[i])
			}
			v = b.String()
			if i < len(rest) {
				i++
			}
			s = rest[i:]
		} else {
			end := strings.IndexByte(rest, ',')
			if end < 0 {
				end = len(rest)
			}
			v, s = strings.TrimSpace(rest[:end]), rest[end:]
		}
		out[k] = v
	}
	return out
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
