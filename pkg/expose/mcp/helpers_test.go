package mcp_test

import (
	"context"
	"encoding/json"
	"flag"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/naftiko/naftiko-go/pkg/binding"
	"github.com/naftiko/naftiko-go/pkg/consumer"
	"github.com/naftiko/naftiko-go/pkg/expose"
	mcpexp "github.com/naftiko/naftiko-go/pkg/expose/mcp"
	"github.com/naftiko/naftiko-go/pkg/spec"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// golden compares got (marshalled as indented JSON) with testdata/name.
func golden(t *testing.T, name string, got any) {
	t.Helper()
	data, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	data = append(data, '\n')
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(data)); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}

// people is a small upstream: /users/{id} answers a user, /users/500
// fails, /slow waits for its client to leave.
func people(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/users/500":
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(`{"error":"database down"}`))
	case strings.HasPrefix(r.URL.Path, "/users/"):
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"name":"Ada","id":"` + strings.TrimPrefix(r.URL.Path, "/users/") +
			`","tags":["x"]}`))
	case r.URL.Path == "/slow":
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	default:
		http.NotFound(w, r)
	}
}

type harness struct {
	ex      expose.Exposer
	session *mcp.ClientSession
	up      *httptest.Server
}

// startHTTP serves the first exposes entry of doc over streamable HTTP on
// 127.0.0.1 and connects a go-sdk client to it.
func startHTTP(t testing.TB, doc string, cs consumer.Settings) *harness {
	t.Helper()
	up := httptest.NewServer(http.HandlerFunc(people))
	t.Cleanup(up.Close)
	docs := t.TempDir()
	writeDocs(t, docs)
	doc = strings.NewReplacer("BASE", up.URL, "DOCS", filepath.ToSlash(docs)).Replace(doc)
	l, err := spec.Parse("test.yaml", []byte(doc), spec.Options{})
	if err != nil || l.Diagnostics.HasErrors() {
		t.Fatalf("parse: %v %v", err, l.Diagnostics)
	}
	l.Dir = docs
	eng, err := binding.New(l, binding.Options{Defaults: cs})
	if err != nil {
		t.Fatalf("binding.New: %v", err)
	}
	ex, err := mcpexp.New(expose.Params{
		Entry: &l.Document.Capability.Exposes[0], Loaded: l, Engine: eng,
		Logger:   slog.New(slog.DiscardHandler),
		Settings: expose.Settings{Address: "127.0.0.1", Port: -1},
		Metrics:  expose.NewMetrics(), Health: &expose.Health{}, Version: "9.9.9-test",
		LookupEnv: func(string) (string, bool) { return "", false },
	})
	if err != nil {
		t.Fatalf("mcp.New: %v", err)
	}
	if err := ex.Start(context.Background()); err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { _ = ex.Shutdown(context.Background()) })
	client := mcp.NewClient(&mcp.Implementation{Name: "test-client", Version: "1"}, nil)
	session, err := client.Connect(context.Background(),
		&mcp.StreamableClientTransport{Endpoint: ex.Addrs()[0] + "/mcp"}, nil)
	if err != nil {
		t.Fatalf("Connect: %v", err)
	}
	t.Cleanup(func() { _ = session.Close() })
	return &harness{ex: ex, session: session, up: up}
}

func writeDocs(t testing.TB, dir string) {
	t.Helper()
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "guides", "sub"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "guides", "intro.md"), []byte("# Intro\n"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "guides", "sub", "data.json"), []byte(`{"a":1}`),
		0o644))
	must(os.WriteFile(filepath.Join(dir, "secret.txt"), []byte("top secret"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "prompt.md"), []byte("Summarize {{topic}}."), 0o644))
	must(os.Symlink(filepath.Join(dir, "secret.txt"), filepath.Join(dir, "guides", "escape.txt")))
}
