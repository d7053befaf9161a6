package binding_test

import (
	"context"
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
		msg            string
	}{
		{"missing env variable", "", "", noEnv(nil),
			"capability.binds[1] (runtime): variable TENANT: environment variable TEST_TENANT is not set"},
		{"missing key", "registry-api-version", "nope", env,
			`binds[0] (registry-env): variable REGISTRY_VERSION: key "nope" not found in ` +
				filepath.Join(dir, "secrets.yaml")},
		{"missing file", "secrets.json", "absent.json", env,
			"capability.binds[0] (dockyard-env).location: bind file file://./absent.json not found"},
		{"unsupported scheme", "file://./secrets.json", "vault://kv/app", env,
			`scheme "vault" is not supported`},
		{"not a key/value file", "file://./secrets.json", "file://./list.yaml", env,
			"list.yaml: yaml: unmarshal errors"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := bindsDoc
			if tc.from != "" {
				doc = strings.Replace(doc, tc.from, tc.to, 1)
			}
			_, err := binding.New(parseIn(t, dir, doc, "http://x"), binding.Options{LookupEnv: tc.env})
			if err == nil || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("err = %v\nwant it to contain %q", err, tc.msg)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "binding: test.yaml: ") {
				t.Errorf("err = %q does not name the file", err)
			}
		})
	}
}
