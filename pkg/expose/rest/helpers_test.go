package rest_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/naftiko/naftiko-go/pkg/binding"
	"github.com/naftiko/naftiko-go/pkg/consumer"
	"github.com/naftiko/naftiko-go/pkg/expose"
	"github.com/naftiko/naftiko-go/pkg/expose/rest"
	"github.com/naftiko/naftiko-go/pkg/spec"
)

// seen is one request as the upstream received it.
type seen struct {
	Method, Path, RawQuery, Body string
	Header                       http.Header
}

// upstream is an httptest server recording what it receives.
type upstream struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []seen
}

func newUpstream(t testing.TB, h http.HandlerFunc) *upstream {
	t.Helper()
	u := &upstream{}
	u.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		u.mu.Lock()
		u.reqs = append(u.reqs, seen{Method: r.Method, Path: r.URL.EscapedPath(),
			RawQuery: r.URL.RawQuery, Header: r.Header.Clone(), Body: string(b)})
		u.mu.Unlock()
		h(w, r)
	}))
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

// harness is a started REST exposer over an inline document.
type harness struct {
	ex      expose.Exposer
	base    string
	metrics *expose.Metrics
	health  *expose.Health
}

type config struct {
	logger   *slog.Logger // nil: discard
	env      map[string]string
	settings expose.Settings
	consumes consumer.Settings
}

func load(t testing.TB, doc, base string) *spec.Loaded {
	t.Helper()
	doc = strings.ReplaceAll(doc, "BASE", base)
	l, err := spec.Parse("test.yaml", []byte(doc), spec.Options{})
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	if l.Document == nil || l.Diagnostics.HasErrors() {
		t.Fatalf("parse: %v", l.Diagnostics)
	}
	return l
}

func lookup(env map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := env[k]; return v, ok }
}

// build builds the exposer of the first exposes entry without starting it.
func build(t testing.TB, doc, base string, c config) (expose.Exposer, *harness, error) {
	t.Helper()
	l := load(t, doc, base)
	c.consumes.BaseURI = ""
	eng, err := binding.New(l, binding.Options{
		LookupEnv: lookup(c.env), Defaults: c.consumes,
	})
	if err != nil {
		t.Fatalf("binding.New: %v", err)
	}
	h := &harness{metrics: expose.NewMetrics(), health: &expose.Health{}}
	logger := c.logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	st := c.settings
	if st.Port == 0 {
		st.Port = -1
	}
	if st.Address == "" {
		st.Address = "127.0.0.1"
	}
	ex, err := rest.New(expose.Params{
		Entry: &l.Document.Capability.Exposes[0], Loaded: l, Engine: eng,
		Logger: logger, Settings: st, LookupEnv: lookup(c.env),
		Metrics: h.metrics, Health: h.health, Version: "test",
		Consumes: map[string]consumer.Settings{},
	})
	h.ex = ex
	return ex, h, err
}

// start builds and starts the exposer; it is shut down at cleanup.
func start(t testing.TB, doc, base string, c config) *harness {
	t.Helper()
	ex, h, err := build(t, doc, base, c)
	if err != nil {
		t.Fatalf("rest.New: %v", err)
	}
	if err := ex.Start(context.Background()); err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = ex.Shutdown(ctx)
	})
	h.base = ex.Addrs()[0]
	return h
}

// do sends one request and returns status, headers and body.
func do(t *testing.T, method, url, body string, hdr map[string]string) (int, http.Header, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}
