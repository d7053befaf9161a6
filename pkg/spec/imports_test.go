package spec

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestImportPath(t *testing.T) {
	dir := filepath.FromSlash("/caps")
	cases := []struct {
		location, want, err string
	}{
		{"./shared/x.yaml", "/caps/shared/x.yaml", ""},
		{"../x.yaml", "/x.yaml", ""},
		{"shared/x.yaml", "/caps/shared/x.yaml", ""},
		{"/abs/x.yaml", "/abs/x.yaml", ""},
		{"file:///abs/x%20y.yaml", "/abs/x y.yaml", ""},
		{"file:///./rel.yaml", "/caps/rel.yaml", ""},
		{"file://./rel.yaml", "/caps/rel.yaml", ""},
		{"file://../up.yaml", "/up.yaml", ""},
		{"file://host/x.yaml", "", "names a host"},
		{"https://h.test/x.yaml", "", `scheme "https"`},
		{"", "", "empty"},
	}
	for _, c := range cases {
		got, err := importPath(dir, c.location)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q: error %v, want one containing %q", c.location, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", c.location, err)
			continue
		}
		if diff := cmp.Diff(filepath.FromSlash(c.want), got); diff != "" {
			t.Errorf("%q (-want +got):\n%s", c.location, diff)
		}
	}
}

// TestImportForms resolves absolute paths and file:///abs URIs, applies
// aliases, sets Origin, keeps the imported exposes out of the document
// and reads a shared file once.
func TestImportForms(t *testing.T) {
	dir := t.TempDir()
	shared := filepath.Join(dir, "lib", "shared.yaml")
	write(t, shared, `naftiko: "1.0.0-alpha1"
capability:
  consumes:
    - type: http
      namespace: lib
      baseUri: https://lib.test
      description: Lib.
      resources:
        - name: r
          path: /r
          operations:
            - name: op
              method: GET
  exposes:
    - type: rest
      port: 18100
      namespace: lib-rest
      resources:
        - path: /r
          description: R.
          operations:
            - method: GET
              call: lib.op
`)
	main := filepath.Join(dir, "app", "main.yaml")
	write(t, main, `naftiko: "1.0.0-alpha1"
capability:
  consumes:
    - import: lib
      location: `+shared+`
    - import: lib
      location: file://`+filepath.ToSlash(shared)+`
      as: lib-two
  exposes:
    - type: mcp
      port: 19100
      namespace: app
      tools:
        - name: a
          description: A.
          call: lib.op
        - name: b
          description: B.
          call: lib-two.op
`)
	l := mustLoad(t, main, LevelCompat)
	if l.Diagnostics.HasErrors() {
		t.Fatalf("errors:\n%s", firstErrors(l.Diagnostics, 10))
	}
	var got []string
	for _, c := range l.Document.Capability.Consumes {
		got = append(got, c.Namespace+" "+c.Origin.Path+" "+filepath.Base(c.Origin.File))
	}
	want := []string{"lib capability.consumes[0] shared.yaml",
		"lib-two capability.consumes[0] shared.yaml"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("consumes (-want +got):\n%s", diff)
	}
	if n := len(l.Document.Capability.Exposes); n != 1 {
		t.Errorf("exposes: %d, want only the importer's", n)
	}
	if diff := cmp.Diff([]string{shared}, l.Imports); diff != "" {
		t.Errorf("imports read (-want +got):\n%s", diff)
	}
}

// TestNestedImport follows an import of a file that imports the
// namespace itself.
func TestNestedImport(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "base.yaml"), `naftiko: "1.0.0-alpha1"
consumes:
  - type: http
    namespace: base
    baseUri: https://base.test
    description: Base.
    resources:
      - name: r
        path: /r
        operations:
          - name: op
            method: GET
`)
	write(t, filepath.Join(dir, "mid", "mid.yaml"), `naftiko: "1.0.0-alpha1"
consumes:
  - import: base
    location: ../base.yaml
`)
	top := filepath.Join(dir, "top.yaml")
	write(t, top, `naftiko: "1.0.0-alpha1"
capability:
  consumes:
    - import: base
      location: mid/mid.yaml
  exposes:
    - type: mcp
      port: 19101
      namespace: top
      tools:
        - name: a
          description: A.
          call: base.op
`)
	l := mustLoad(t, top, LevelCompat)
	if l.Diagnostics.HasErrors() {
		t.Fatalf("errors:\n%s", firstErrors(l.Diagnostics, 10))
	}
	c := l.Document.Capability.Consumes[0]
	if c.BaseURI != "https://base.test" || filepath.Base(c.Origin.File) != "base.yaml" {
		t.Errorf("resolved %+v from %+v", c.BaseURI, c.Origin)
	}
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
