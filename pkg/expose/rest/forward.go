package rest

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"

	"github.com/naftiko/naftiko-go/pkg/consumer"
	"github.com/naftiko/naftiko-go/pkg/expose"
	"github.com/naftiko/naftiko-go/pkg/spec"
)

// forwarder proxies the requests a resource has no operation for to a
// consumed namespace: the target is the namespace's base URI (after
// deployment overrides) plus the "path" placeholder, with the inbound
// query string. Only trusted headers travel upstream; the namespace's
// static header parameters and authentication are added; only the status,
// Content-Type and body come back.
type forwarder struct {
	target  *url.URL
	trusted []string
	headers http.Header
	auth    func(*http.Request)
	proxy   *httputil.ReverseProxy
	limit   int64
	// transport is the proxy's own, with the namespace's TLS settings and
	// timeout; its idle connections are closed at shutdown.
	transport *http.Transport
}

func newForwarder(p expose.Params, f *spec.Forward, path string) (*forwarder, error) {
	c := findConsumes(p.Loaded, f.TargetNamespace)
	if c == nil {
		return nil, fmt.Errorf("%s.targetNamespace: no consumed namespace %q", path,
			f.TargetNamespace)
	}
	st := p.Consumes[f.TargetNamespace]
	base := c.BaseURI
	if st.BaseURI != "" {
		base = st.BaseURI
	}
	target, err := url.Parse(base)
	if err != nil || target.Scheme == "" || target.Host == "" {
		return nil, fmt.Errorf("%s: base URI %q of %s is not an absolute URL", path, base,
			f.TargetNamespace)
	}
	fw := &forwarder{target: target, trusted: f.TrustedHeaders, headers: http.Header{},
		limit: p.Settings.WithDefaults().MaxBodyBytes}
	for _, ip := range c.InputParameters {
		if ip.In == "header" && ip.Value != "" && !strings.Contains(ip.Value, "{{") {
			fw.headers.Set(ip.Name, ip.Value)
		}
	}
	if c.Authentication != nil {
		fw.auth, err = clientAuth(p, c.Authentication, path)
		if err != nil {
			return nil, err
		}
	}
	timeout := st.Timeout
	if timeout == 0 {
		timeout = consumer.DefaultTimeout
	}
	fw.transport = consumer.NewTransport(st.TLSConfig)
	fw.transport.ResponseHeaderTimeout = timeout
	fw.proxy = &httputil.ReverseProxy{
		Rewrite:        fw.rewrite,
		Transport:      fw.transport,
		ModifyResponse: keepContentType,
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			code := http.StatusBadGateway
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				code = http.StatusGatewayTimeout
			}
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				code = http.StatusRequestEntityTooLarge
			}
			writeProblem(w, r, code, "forward "+f.TargetNamespace, err.Error())
		},
	}
	return fw, nil
}

func findConsumes(l *spec.Loaded, ns string) *spec.Consumes {
	if l == nil || l.Document == nil || l.Document.Capability == nil {
		return nil
	}
	for i := range l.Document.Capability.Consumes {
		if c := &l.Document.Capability.Consumes[i]; c.Namespace == ns {
			return c
		}
	}
	return nil
}

func (fw *forwarder) serve(w http.ResponseWriter, r *http.Request, vars map[string]string) int {
	rec := &statusRecorder{ResponseWriter: w, code: http.StatusOK}
	r.Body = http.MaxBytesReader(w, r.Body, fw.limit)
	r = r.WithContext(contextWithVars(r.Context(), vars))
	fw.proxy.ServeHTTP(rec, r)
	return rec.code
}

func (fw *forwarder) rewrite(pr *httputil.ProxyRequest) {
	out := pr.Out
	u := *fw.target
	if v := varsFromContext(pr.In.Context())["path"]; v != "" {
		u.Path = strings.TrimSuffix(u.Path, "/") + "/" + v
		u.RawPath = ""
	}
	u.RawQuery = pr.In.URL.RawQuery
	out.URL = &u
	out.Host = ""
	h := http.Header{}
	for _, name := range fw.trusted {
		if v := pr.In.Header.Get(name); v != "" {
			h.Set(name, v)
		}
	}
	for k, vs := range fw.headers {
		h[k] = vs
	}
	if ct := pr.In.Header.Get("Content-Type"); ct != "" {
		h.Set("Content-Type", ct)
	}
	out.Header = h
	if fw.auth != nil {
		fw.auth(out)
	}
}

func keepContentType(resp *http.Response) error {
	ct := resp.Header.Get("Content-Type")
	resp.Header = http.Header{}
	if ct != "" {
		resp.Header.Set("Content-Type", ct)
	}
	return nil
}

type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.code = code
	s.ResponseWriter.WriteHeader(code)
}

// clientAuth prepares the namespace's authentication for forwarded
// requests. TODO(#4): digest is not supported on forwarded requests.
func clientAuth(p expose.Params, a *spec.Authentication, path string) (func(*http.Request), error) {
	secret := func(field, tmpl string) (string, error) {
		return p.Secret(path+".authentication."+field, tmpl)
	}
	switch a.Type {
	case "bearer":
		tok, err := secret("token", a.Token)
		if err != nil {
			return nil, err
		}
		return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+tok) }, nil
	case "basic":
		u, err := secret("username", a.Username)
		if err != nil {
			return nil, err
		}
		pw, err := secret("password", a.Password)
		if err != nil {
			return nil, err
		}
		return func(r *http.Request) { r.SetBasicAuth(u, pw) }, nil
	case "apikey":
		v, err := secret("value", a.Value)
		if err != nil {
			return nil, err
		}
		if a.Placement == "query" {
			return func(r *http.Request) {
				q := r.URL.Query()
				q.Set(a.Key, v)
				r.URL.RawQuery = q.Encode()
			}, nil
		}
		return func(r *http.Request) { r.Header.Set(a.Key, v) }, nil
	}
	return nil, fmt.Errorf("%s: forwarding with %s authentication is not supported", path, a.Type)
}
