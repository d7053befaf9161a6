package consumer_test

import (
	"context"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/naftiko/naftiko-go/pkg/consumer"
	"github.com/naftiko/naftiko-go/pkg/spec"
)

// seen is one request as the upstream received it.
type seen struct {
	Method   string
	Path     string
	RawQuery string
	Header   http.Header
	Body     string
}

type upstream struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []seen
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

func newUpstream(t *testing.T, h http.HandlerFunc) *upstream {
	t.Helper()
	u := &upstream{}
	u.Server = httptest.NewServer(u.record(h))
	t.Cleanup(u.Close)
	return u
}

func newTLSUpstream(t *testing.T, h http.HandlerFunc) *upstream {
	t.Helper()
	u := &upstream{}
	u.Server = httptest.NewUnstartedServer(u.record(h))
	u.Config.ErrorLog = log.New(io.Discard, "", 0) // handshake failures are expected
	u.StartTLS()
	t.Cleanup(u.Close)
	return u
}

func (u *upstream) last(t *testing.T) seen {
	t.Helper()
	u.mu.Lock()
	defer u.mu.Unlock()
	if len(u.reqs) == 0 {
		t.Fatal("upstream received no request")
	}
	return u.reqs[len(u.reqs)-1]
}

func (u *upstream) count() int {
	u.mu.Lock()
	defer u.mu.Unlock()
	return len(u.reqs)
}

func reply(status int, contentType, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// compile builds the first consumes entry of an inline document whose
// "BASE" placeholders are replaced by base.
func compile(t *testing.T, doc, base string, opts consumer.Options) *consumer.Namespace {
	t.Helper()
	ns, err := tryCompile(t, doc, base, opts)
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	return ns
}

func tryCompile(t *testing.T, doc, base string, opts consumer.Options) (
	*consumer.Namespace, error) {
	t.Helper()
	doc = strings.ReplaceAll(doc, "BASE", base)
	l, err := spec.Parse("test.yaml", []byte(doc), spec.Options{})
	if err != nil || l.Document == nil || l.Document.Capability == nil {
		t.Fatalf("parse: %v %v", err, l.Diagnostics)
	}
	return consumer.Compile(&l.Document.Capability.Consumes[0], "capability.consumes[0]", opts)
}

// call calls ns.op of a compiled namespace.
func call(t *testing.T, ns *consumer.Namespace, op string, params, binds map[string]any) (
	*consumer.Response, error) {
	t.Helper()
	o := ns.Operation(op)
	if o == nil {
		t.Fatalf("no operation %s", op)
	}
	return o.Call(context.Background(), params, binds)
}

// doc wraps consumes YAML (indented by 4) into a capability.
func doc(consumes string) string {
	return "naftiko: \"1.0.0-alpha1\"\ncapability:\n  consumes:\n" + consumes
}
