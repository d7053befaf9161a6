package binding_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/naftiko/naftiko-go/pkg/binding"
	"github.com/naftiko/naftiko-go/pkg/consumer"
	"github.com/naftiko/naftiko-go/pkg/spec"
)

func TestImportsWithAlias(t *testing.T) {
	l, err := spec.Load("testdata/imports/capability.yaml", spec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	up := newUpstream(t, jsonReply(200, `[{"imo":"1"}]`))
	e, err := binding.New(l, binding.Options{
		Consumes: map[string]consumer.Settings{"ships": {BaseURI: up.URL}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"ships.list-ships"}, e.Operations()); diff != "" {
		t.Errorf("Operations (-want +got):\n%s", diff)
	}
	res, err := e.Invoke(context.Background(), "ships.list-ships", nil)
	if err != nil || up.last(t).Path != "/ships" {
		t.Fatalf("Invoke: %v", err)
	}
	if diff := cmp.Diff(any([]any{map[string]any{"imo": "1"}}), res.Value); diff != "" {
		t.Errorf("Value (-want +got):\n%s", diff)
	}
}

func TestAvroRefusedAtStart(t *testing.T) {
	l, err := spec.Load("testdata/imports/capability-avro.yaml", spec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = binding.New(l, binding.Options{})
	shared, _ := filepath.Abs("testdata/imports/shared/avro.yaml")
	// The message names the file the operation was imported from, the
	// line, the field path there, and the operation.
	want := "binding: " + shared + ":11:30: consumes[0].resources[0].operations[0]." +
		"outputRawFormat: telemetry.stream-positions: avro responses are not supported"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("err = %v\nwant     %s", err, want)
	}
}

func TestCompileErrors(t *testing.T) {
	e := engine(t, fleetDoc, "http://127.0.0.1:1", binding.Options{})
	tests := []struct {
		inv  spec.Invocation
		want string
	}{
		{spec.Invocation{Call: "registry.nope"},
			`binding: test.yaml: tools[0].call: "registry.nope" is not a consumed operation ` +
				`(known: registry.get-ship, registry.list-crew)`},
		{spec.Invocation{Call: "other.op"}, `(no consumed namespace "other")`},
		{spec.Invocation{Steps: []spec.Step{{Type: "lookup", Name: "l", Index: "x"}}},
			`tools[0].steps[0].index: "x" names no earlier step`},
		{spec.Invocation{Steps: []spec.Step{{Type: "script", Name: "s"}}},
			`tools[0].steps[0].type: "script" is not call or lookup`},
		{spec.Invocation{Call: "registry.get-ship",
			OutputParameters: []spec.OutputParameter{{Type: "string", Mapping: "$[["}}},
			`tools[0].outputParameters[0].mapping: jsonpath "$[["`},
	}
	for _, tc := range tests {
		_, err := e.Compile("fleet", &tc.inv, "tools[0]")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("err = %v\nwant it to contain %q", err, tc.want)
		}
	}
}

func TestInvokeUnknown(t *testing.T) {
	e := engine(t, fleetDoc, "http://127.0.0.1:1", binding.Options{})
	_, err := e.Invoke(context.Background(), "registry.nope", nil)
	if consumer.KindOf(err) != consumer.KindInput ||
		!strings.HasPrefix(err.Error(), "registry.nope:") {
		t.Errorf("err = %v", err)
	}
}

const passDoc = `
naftiko: "1.0.0-alpha1"
capability:
  consumes:
    - type: http
      namespace: api
      baseUri: "BASE"
      resources:
        - name: r
          path: "/r/{{id}}"
          operations:
            - name: get
              inputParameters:
                - {name: a, in: query}
                - {name: b, in: query}
                - {name: c, in: query}
  exposes:
    - type: rest
      namespace: rest
      port: 1
      resources:
        - path: /x
          operations:
            - method: GET
              call: api.get
              with:
                id: rest.key
                a: "{{b}}"
                b: "{{a}}"
                c: 7
              outputParameters:
                - {type: object, mapping: "$."}
`

func passProc(t *testing.T, e *binding.Engine) *binding.Procedure {
	inv := &e.Loaded().Document.Capability.Exposes[0].Rest.Resources[0].Operations[0].Invocation
	p, err := e.Compile("rest", inv, "rest")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestWithIsDeterministic(t *testing.T) {
	up := newUpstream(t, jsonReply(200, `{"k":"v"}`))
	e := engine(t, passDoc, up.URL, binding.Options{})
	in := map[string]any{"key": "k1", "a": "A", "b": "B"}
	out, err := passProc(t, e).Run(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	// a and b swap: both are evaluated against the inputs before with.
	if got := up.last(t); got.Path != "/r/k1" || got.RawQuery != "a=B&b=A&c=7" {
		t.Errorf("request = %s?%s", got.Path, got.RawQuery)
	}
	if diff := cmp.Diff(any(map[string]any{"k": "v"}), decoded(t, out)); diff != "" || !out.Mapped {
		t.Errorf("Value (-want +got):\n%s", diff)
	}
}

func TestErrorStatusPassesThrough(t *testing.T) {
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(409)
		fmt.Fprint(w, `{"title":"conflict"}`)
	})
	e := engine(t, passDoc, up.URL, binding.Options{})
	out, err := passProc(t, e).Run(context.Background(), map[string]any{"key": "k"})
	if err != nil {
		t.Fatal(err)
	}
	want := &binding.Outcome{Status: 409, Raw: []byte(`{"title":"conflict"}`),
		Value: map[string]any{"title": "conflict"}, ContentType: "application/problem+json"}
	if diff := cmp.Diff(want, out); diff != "" {
		t.Errorf("Outcome (-want +got):\n%s", diff)
	}
}

func TestPerNamespaceTLS(t *testing.T) {
	secure := httptest.NewTLSServer(jsonReply(200, `{"tls":true}`))
	defer secure.Close()
	pool := x509.NewCertPool()
	pool.AddCert(secure.Certificate())
	e := engine(t, passDoc, "http://unused.invalid", binding.Options{
		Defaults: consumer.Settings{BaseURI: "http://127.0.0.1:1"},
		Consumes: map[string]consumer.Settings{"api": {BaseURI: secure.URL, RequireHTTPS: true,
			TLSConfig: &tls.Config{RootCAs: pool}}},
	})
	out, err := passProc(t, e).Run(context.Background(), map[string]any{"key": "k"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(any(map[string]any{"tls": true}), decoded(t, out)); diff != "" {
		t.Errorf("Value (-want +got):\n%s", diff)
	}
}

func TestConcurrentRuns(t *testing.T) {
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		jsonReply(200, `{"id":"`+r.URL.Query().Get("a")+`"}`)(w, r)
	})
	e := engine(t, passDoc, up.URL, binding.Options{})
	p := passProc(t, e)
	var wg sync.WaitGroup
	errs := make(chan error, 32)
	for i := 0; i < 32; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			id := fmt.Sprint(i)
			out, err := p.Run(context.Background(), map[string]any{"key": "k", "b": id})
			if err != nil {
				errs <- err
				return
			}
			v, err := out.Decoded()
			if err != nil {
				errs <- err
				return
			}
			if got := v.(map[string]any)["id"]; got != id {
				errs <- fmt.Errorf("run %d got id %v", i, got)
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestUndecodableBody(t *testing.T) {
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<html>maintenance</html>")
	})
	e := engine(t, passDoc, up.URL, binding.Options{})
	// The procedure maps the body: the HTML answer is a decode error.
	_, err := passProc(t, e).Run(context.Background(), map[string]any{"key": "k"})
	if consumer.KindOf(err) != consumer.KindDecode || !strings.Contains(err.Error(),
		"api.get: decode error calling "+up.URL+"/r/k") {
		t.Errorf("mapped: err = %v", err)
	}
	// Without output parameters the body is passed through untouched.
	p, err := e.Compile("rest", &spec.Invocation{Call: "api.get", With: map[string]any{"id": "x"}},
		"raw")
	if err != nil {
		t.Fatal(err)
	}
	out, err := p.Run(context.Background(), nil)
	want := &binding.Outcome{Status: 200, Raw: []byte("<html>maintenance</html>"),
		ContentType: "text/html"}
	if diff := cmp.Diff(want, out); err != nil || diff != "" {
		t.Errorf("passthrough: err %v, Outcome (-want +got):\n%s", err, diff)
	}
}

func TestCompileErrorsNameTheLine(t *testing.T) {
	l, err := spec.Load("testdata/bad-call.yaml", spec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e, err := binding.New(l, binding.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.Compile("tools", &l.Document.Capability.Exposes[0].MCP.Tools[0].Invocation,
		"capability.exposes[0].tools[0]")
	want := "binding: " + l.File + `:21:21: capability.exposes[0].tools[0].steps[0].call: ` +
		`"api.gett" is not a consumed operation (known: api.get)`
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant  %s", err, want)
	}
}
