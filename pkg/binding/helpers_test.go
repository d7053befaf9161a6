package binding_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/naftiko/naftiko-go/pkg/binding"
	"github.com/naftiko/naftiko-go/pkg/spec"
)

// seen is one request as the upstream received it.
type seen struct {
	Method   string
	Path     string // escaped path, as sent
	RawQuery string
	Header   http.Header
	Body     string
}

// upstream is an httptest server that records every request and answers
// with a fixed handler.
type upstream struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []seen
}

func newUpstream(t *testing.T, h http.HandlerFunc) *upstream {
	t.Helper()
	u := &upstream{}
	u.Server = httptest.NewServer(u.record(h))
	t.Cleanup(u.Close)
	return u
}

func (u *upstream) record(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		u.mu.Lock()
		u.reqs = append(u.reqs, seen{Method: r.Method, Path: r.URL.EscapedPath(),
			RawQuery: r.URL.RawQuery, Header: r.Header.Clone(), Body: string(b)})
		u.mu.Unlock()
		h(w, r)
	}
}

func (u *upstream) requests() []seen {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]seen(nil), u.reqs...)
}

func (u *upstream) last(t *testing.T) seen {
	t.Helper()
	r := u.requests()
	if len(r) == 0 {
		t.Fatal("upstream received no request")
	}
	return r[len(r)-1]
}

// jsonReply answers with a JSON body.
func jsonReply(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// load parses an inline document, replacing BASE with base.
func load(t testing.TB, doc, base string) *spec.Loaded {
	t.Helper()
	doc = strings.ReplaceAll(doc, "BASE", base)
	l, err := spec.Parse("test.yaml", []byte(doc), spec.Options{})
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	if l.Document == nil {
		t.Fatalf("parse: %v", l.Diagnostics)
	}
	return l
}

// engine builds an engine over an inline document.
func engine(t *testing.T, doc, base string, opts binding.Options) *binding.Engine {
	t.Helper()
	e, err := binding.New(load(t, doc, base), opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { _ = e.Close() })
	return e
}

// noEnv is a LookupEnv that knows only the given variables.
func noEnv(vars map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := vars[k]
		return v, ok
	}
}

// decoded returns an outcome's value decoded, failing t when it cannot be.
func decoded(t *testing.T, out *binding.Outcome) any {
	t.Helper()
	v, err := out.Decoded()
	if err != nil {
		t.Fatal(err)
	}
	return v
}
