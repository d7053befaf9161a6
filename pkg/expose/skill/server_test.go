package skill_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/naftiko/naftiko-go/pkg/binding"
	"github.com/naftiko/naftiko-go/pkg/expose"
	"github.com/naftiko/naftiko-go/pkg/expose/skill"
	"github.com/naftiko/naftiko-go/pkg/spec"
)

const skillDoc = `
naftiko: "1.0.0-alpha1"
capability:
  consumes:
    - type: http
      namespace: up
      baseUri: "http://127.0.0.1:1"
      resources:
        - name: user
          path: "/users/{id}"
          operations:
            - name: get-user
              method: GET
  exposes:
    - type: mcp
      namespace: people
      port: 9000
      tools:
        - name: get-user
          description: Get one user.
          call: up.get-user
    - type: skill
      namespace: catalogue
      port: 9001
      skills:
        - name: directory
          description: Find people.
          license: MIT
          location: "file://SKILLDIR"
          tools:
            - name: lookup
              description: Look a person up.
              from:
                sourceNamespace: people
                action: get-user
            - name: how-to
              description: Read me first.
              instruction: guide.md
        - name: bare
          description: No folder.
          tools:
            - name: lookup
              description: Look a person up.
              from:
                sourceNamespace: people
                action: get-user
`

// build builds the skill exposer of doc; lenient ignores the spec's own
// findings, to reach the exposer's checks.
func build(t *testing.T, doc string, lenient bool) (expose.Exposer, error) {
	t.Helper()
	dir := t.TempDir()
	for name, text := range map[string]string{"guide.md": "# Guide\n",
		"scripts/run.sh": "echo hi\n", "../outside.txt": "secret"} {
		p := filepath.Join(dir, "skill", name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(dir, "outside.txt"),
		filepath.Join(dir, "skill", "link.txt")); err != nil {
		t.Fatal(err)
	}
	doc = strings.ReplaceAll(doc, "SKILLDIR", filepath.ToSlash(filepath.Join(dir, "skill")))
	l, err := spec.Parse("test.yaml", []byte(doc), spec.Options{})
	if err != nil || (!lenient && l.Diagnostics.HasErrors()) {
		t.Fatalf("parse: %v %v", err, l.Diagnostics)
	}
	eng, err := binding.New(l, binding.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return skill.New(expose.Params{Entry: &l.Document.Capability.Exposes[1], Index: 1,
		Loaded: l, Engine: eng, Logger: slog.New(slog.DiscardHandler),
		Settings: expose.Settings{Address: "127.0.0.1", Port: -1},
		Metrics:  expose.NewMetrics(), Health: &expose.Health{}})
}

func get(t *testing.T, url string) (int, string, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), b
}

func TestCatalogue(t *testing.T) {
	ex, err := build(t, skillDoc, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := ex.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer ex.Shutdown(context.Background())
	base := ex.Addrs()[0]

	tests := []struct {
		path       string
		wantStatus int
		wantType   string
		wantBody   string
	}{
		{"/skills", 200, "application/json", `{"count":2,"skills":[{"name":"directory",` +
			`"description":"Find people.","license":"MIT","tools":["lookup","how-to"]},` +
			`{"name":"bare","description":"No folder.","tools":["lookup"]}]}`},
		{"/skills/directory", 200, "application/json", `{"name":"directory",` +
			`"description":"Find people.","license":"MIT","tools":[{"name":"lookup",` +
			`"description":"Look a person up.","type":"derived","invocationRef":` +
			`{"targetNamespace":"people","action":"get-user","mode":"mcp"}},{"name":"how-to",` +
			`"description":"Read me first.","type":"instruction","instruction":"guide.md"}]}`},
		{"/skills/directory/contents", 200, "application/json", `{"files":[` +
			`{"path":"guide.md","size":8,"type":"text/markdown"},` +
			`{"path":"scripts/run.sh","size":8,"type":"text/x-shellscript"}],"name":"directory"}`},
		{"/skills/directory/contents/guide.md", 200, "text/markdown", "# Guide\n"},
		{"/skills/directory/contents/scripts/run.sh", 200, "text/x-shellscript", "echo hi\n"},
		{"/skills/nope", 404, "application/json", ""},
		{"/skills/bare/download", 404, "application/json", ""},
		{"/skills/directory/contents/missing.md", 404, "application/json", ""},
		{"/skills/directory/contents/link.txt", 400, "application/json", ""},
		{"/skills/directory/contents/%2e%2e/outside.txt", 400, "application/json", ""},
		{"/skills/directory/contents/a%20b", 400, "application/json", ""},
	}
	for _, tt := range tests {
		status, ct, body := get(t, base+tt.path)
		if status != tt.wantStatus || !strings.HasPrefix(ct, tt.wantType) {
			t.Errorf("GET %s = %d %s %s", tt.path, status, ct, body)
		}
		if tt.wantBody != "" && strings.TrimSpace(string(body)) != strings.TrimSpace(tt.wantBody) {
			t.Errorf("GET %s body:\n got %s\nwant %s", tt.path, body, tt.wantBody)
		}
		if bytes.Contains(body, []byte("secret")) {
			t.Errorf("GET %s leaked a file outside the skill folder", tt.path)
		}
	}

	status, ct, body := get(t, base+"/skills/directory/download")
	if status != 200 || ct != "application/zip" {
		t.Fatalf("download = %d %s", status, ct)
	}
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	sort.Strings(names)
	if diff := cmp.Diff([]string{"directory/guide.md", "directory/scripts/run.sh"},
		names); diff != "" {
		t.Errorf("zip entries (-want +got):\n%s", diff)
	}
}

func TestCatalogueChecks(t *testing.T) {
	tests := []struct{ name, from, to, wantErr string }{
		{"unknown namespace", "sourceNamespace: people\n                action: get-user\n" +
			"            - name: how-to", "sourceNamespace: ghost\n                " +
			"action: get-user\n            - name: how-to",
			`skills[0].tools[0].from.sourceNamespace: no rest or mcp entry "ghost"`},
		{"unknown action", "action: get-user\n            - name: how-to",
			"action: nope\n            - name: how-to",
			`skills[0].tools[0].from.action: people has no operation or tool "nope"`},
		{"instruction without location", `location: "file://SKILLDIR"`, "",
			"skills[0].tools[1].instruction: the skill has no location"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := strings.Replace(skillDoc, tt.from, tt.to, 1)
			_, err := build(t, doc, true)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func TestMissingFolderAnswers404(t *testing.T) {
	doc := strings.Replace(skillDoc, `location: "file://SKILLDIR"`,
		`location: "file:///nonexistent/naftiko-skill"`, 1)
	ex, err := build(t, doc, false)
	if err != nil {
		t.Fatalf("a missing skill folder must not stop the server: %v", err)
	}
	if err := ex.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer ex.Shutdown(context.Background())
	for _, p := range []string{"/contents", "/contents/guide.md", "/download"} {
		if status, _, _ := get(t, ex.Addrs()[0]+"/skills/directory"+p); status != 404 {
			t.Errorf("GET %s = %d, want 404", p, status)
		}
	}
}
