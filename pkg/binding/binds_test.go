package binding_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/naftiko/naftiko-go/pkg/binding"
	"github.com/naftiko/naftiko-go/pkg/spec"
)

const bindsDoc = `
naftiko: "1.0.0-alpha1"
binds:
  - namespace: registry-env
    location: "file:///./secrets.yaml"
    keys:
      REGISTRY_TOKEN: registry-bearer-token
      REGISTRY_VERSION: registry-api-version
capability:
  binds:
    - namespace: dockyard-env
      location: "file://./secrets.json"
      keys:
        DOCKYARD_API_KEY: dockyard-api-key
    - namespace: runtime
      keys:
        TENANT: TEST_TENANT
  consumes:
    - type: http
      namespace: registry
      baseUri: "BASE"
      authentication:
        type: bearer
        token: "{{REGISTRY_TOKEN}}"
      inputParameters:
        - name: Registry-Version
          in: header
          value: "{{REGISTRY_VERSION}}"
        - name: X-Api-Key
          in: header
          value: "{{DOCKYARD_API_KEY}}"
      resources:
        - name: ships
          path: "/{{TENANT}}/ships"
          operations:
            - name: list-ships
              method: POST
              body: '{"tenant": "{{TENANT}}", "key": "{{DOCKYARD_API_KEY}}"}'
`

// parseIn parses doc as if it were a file in dir.
func parseIn(t *testing.T, dir, doc, base string) *spec.Loaded {
	t.Helper()
	l := load(t, doc, base)
	l.Dir = dir
	return l
}

func TestBindsReachEveryTemplate(t *testing.T) {
	up := newUpstream(t, jsonReply(200, `[]`))
	dir, _ := filepath.Abs("testdata/binds")
	l := parseIn(t, dir, bindsDoc, up.URL)
	env := noEnv(map[string]string{"TEST_TENANT": "acme"})
	e, err := binding.New(l, binding.Options{LookupEnv: env})
	if err != nil {
		t.Fatal(err)
	}
	// A request parameter of the same name wins for ordinary templates,
	// not for authentication.
	_, err = e.Invoke(context.Background(), "registry.list-ships",
		map[string]any{"REGISTRY_TOKEN": "from-request", "TENANT": "other"})
	if err != nil {
		t.Fatal(err)
	}
	got := up.last(t)
	if got.Path != "/other/ships" || got.Header.Get("Authorization") != "Bearer yaml-token" ||
		got.Header.Get("Registry-Version") != "2" || got.Header.Get("X-Api-Key") != "json-key" ||
		got.Body != `{"tenant": "other", "key": "json-key"}` {
		t.Errorf("request = %+v", got)
	}
}

func TestBindsCWDFallback(t *testing.T) {
	// The bind file is not in the capability's folder but in the working
	// directory (the reference engine's behaviour).
	up := newUpstream(t, jsonReply(200, `[]`))
	doc := strings.ReplaceAll(bindsDoc, "./secrets", "./testdata/binds/secrets")
	_, err := binding.New(parseIn(t, t.TempDir(), doc, up.URL),
		binding.Options{LookupEnv: noEnv(map[string]string{"TEST_TENANT": "acme"})})
	if err != nil {
		t.Fatal(err)
	}
}

func TestBindErrors(t *testing.T) {
	dir, _ := filepath.Abs("testdata/binds")
	env := noEnv(map[string]string{"TEST_TENANT": "acme"})
	tests := []struct {
		name, from, to string
		env            func(string) (string, bool)
		at             string // line:column
		msg            string
	}{
		{"missing env variable", "", "", noEnv(nil), "17:17",
			"capability.binds[1].keys.TENANT: environment variable TEST_TENANT is not set " +
				"(binds namespace runtime)"},
		{"missing key", "registry-api-version", "nope", env, "8:25",
			`binds[0].keys.REGISTRY_VERSION: key "nope" not found in ` +
				filepath.Join(dir, "secrets.yaml") + " (binds namespace registry-env)"},
		{"missing file", "secrets.json", "absent.json", env, "12:17",
			"capability.binds[0].location: bind file file://./absent.json not found"},
		{"unsupported scheme", "file://./secrets.json", "vault://kv/app", env, "12:17",
			`capability.binds[0].location: location "vault://kv/app": scheme "vault" is not ` +
				"supported (only file://)"},
		{"not a key/value file", "file://./secrets.json", "file://./list.yaml", env, "12:17",
			"capability.binds[0].location: bind file " + filepath.Join(dir, "list.yaml") +
				": yaml: unmarshal errors"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := bindsDoc
			if tc.from != "" {
				doc = strings.Replace(doc, tc.from, tc.to, 1)
			}
			l := parseIn(t, dir, doc, "http://x")
			// The document also exists as a file, for line numbers.
			l.File = filepath.Join(t.TempDir(), "capability.yaml")
			if err := os.WriteFile(l.File, []byte(doc), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := binding.New(l, binding.Options{LookupEnv: tc.env})
			want := "binding: " + l.File + ":" + tc.at + ": " + tc.msg
			if err == nil || !strings.HasPrefix(err.Error(), want) {
				t.Errorf("err = %v\nwant     %s", err, want)
			}
		})
	}
}
