package binding_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/naftiko/naftiko-go/pkg/binding"
	"github.com/naftiko/naftiko-go/pkg/spec"
)

const usersDoc = `
naftiko: "1.0.0-alpha1"
binds:
  - namespace: env
    keys:
      API_TOKEN: TEST_API_TOKEN
capability:
  consumes:
    - type: http
      namespace: users
      baseUri: "BASE/v1"
      authentication:
        type: bearer
        token: "{{API_TOKEN}}"
      inputParameters:
        - name: X-Trace
          in: header
          value: "{{trace}}"
      resources:
        - name: user
          path: "/users/{id}"
          operations:
            - name: get-user
              method: GET
              inputParameters:
                - name: fields
                  in: query
        - name: users
          path: "/users"
          operations:
            - name: list-users
  exposes:
    - type: mcp
      namespace: tools
      tools:
        - name: get-user
          description: get one user
          call: users.get-user
          with:
            id: tools.userId
          outputParameters:
            - type: object
              properties:
                name:
                  type: string
                  mapping: "$.name"
                city:
                  type: string
                  mapping: "$.address.city"
                missing:
                  type: string
                  mapping: "$.nope"
`

func TestInvokeCallMode(t *testing.T) {
	up := newUpstream(t, jsonReply(200, `{"name":"Ada","address":{"city":"London"}}`))
	e := engine(t, usersDoc, up.URL, binding.Options{
		LookupEnv: noEnv(map[string]string{"TEST_API_TOKEN": "s3cret"}),
	})
	if diff := cmp.Diff([]string{"users.get-user", "users.list-users"}, e.Operations()); diff != "" {
		t.Errorf("Operations (-want +got):\n%s", diff)
	}
	res, err := e.Invoke(context.Background(), "users.get-user",
		map[string]any{"id": "a/../b?c#d", "fields": "name,city"})
	if err != nil {
		t.Fatalf("Invoke: %v", err)
	}
	got := up.last(t)
	if got.Method != "GET" || got.Path != "/v1/users/a%2F..%2Fb%3Fc%23d" ||
		got.RawQuery != "fields=name%2Ccity" {
		t.Errorf("request = %s %s ? %s", got.Method, got.Path, got.RawQuery)
	}
	if a := got.Header.Get("Authorization"); a != "Bearer s3cret" {
		t.Errorf("Authorization = %q", a)
	}
	if _, ok := got.Header["X-Trace"]; ok {
		t.Errorf("optional header X-Trace sent without a value: %q", got.Header.Get("X-Trace"))
	}
	want := map[string]any{"name": "Ada", "address": map[string]any{"city": "London"}}
	if diff := cmp.Diff(any(want), res.Value); diff != "" {
		t.Errorf("Value (-want +got):\n%s", diff)
	}

	tool := &e.Loaded().Document.Capability.Exposes[0].MCP.Tools[0].Invocation
	proc, err := e.Compile("tools", tool, "capability.exposes[0].tools[0]")
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	out, err := proc.Run(context.Background(), map[string]any{"userId": 42.0, "trace": "t-1"})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	got = up.last(t)
	if got.Path != "/v1/users/42" || got.Header.Get("X-Trace") != "t-1" {
		t.Errorf("request = %s, X-Trace %q", got.Path, got.Header.Get("X-Trace"))
	}
	wantOut := &binding.Outcome{Status: 200, Mapped: true,
		Value: map[string]any{"name": "Ada", "city": "London", "missing": nil},
		Raw:   []byte(`{"name":"Ada","address":{"city":"London"}}`), ContentType: "application/json"}
	if diff := cmp.Diff(wantOut, out); diff != "" {
		t.Errorf("Outcome (-want +got):\n%s", diff)
	}
}

var _ = spec.Parse
var _ = http.StatusOK
