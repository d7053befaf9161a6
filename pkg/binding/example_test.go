package binding_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/naftiko/naftiko-go/pkg/binding"
	"github.com/naftiko/naftiko-go/pkg/spec"
)

func Example() {
	// An upstream API.
	mux := http.NewServeMux()
	mux.HandleFunc("GET /ships/{imo}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"imo_number":"`+r.PathValue("imo")+`","vessel_name":"Ever Given",`+
			`"auth":"`+r.Header.Get("Authorization")+`"}`)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	doc := `
naftiko: "1.0.0-alpha1"
binds:
  - namespace: env
    keys:
      REGISTRY_TOKEN: EXAMPLE_REGISTRY_TOKEN
capability:
  consumes:
    - type: http
      namespace: registry
      baseUri: "` + srv.URL + `"
      authentication:
        type: bearer
        token: "{{REGISTRY_TOKEN}}"
      resources:
        - name: ship
          path: "/ships/{imo}"
          operations:
            - name: get-ship
  exposes:
    - type: mcp
      namespace: tools
      tools:
        - name: get-ship
          description: One ship by IMO number.
          call: registry.get-ship
          with:
            imo: tools.number
          outputParameters:
            - type: object
              properties:
                name: {type: string, mapping: "$.vessel_name"}
                token: {type: string, mapping: "$.auth"}
`
	l, err := spec.Parse("example.yaml", []byte(doc), spec.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	e, err := binding.New(l, binding.Options{
		LookupEnv: func(name string) (string, bool) { return "s3cret", name == "EXAMPLE_REGISTRY_TOKEN" },
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer e.Close()
	fmt.Println(strings.Join(e.Operations(), ", "))

	// Call the consumed operation directly...
	res, err := e.Invoke(context.Background(), "registry.get-ship", map[string]any{"imo": "IMO 9"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Status, res.Value.(map[string]any)["imo_number"])

	// ...or run what the MCP tool does, with its output mapping.
	tool := &l.Document.Capability.Exposes[0].MCP.Tools[0].Invocation
	p, err := e.Compile("tools", tool, "capability.exposes[0].tools[0]")
	if err != nil {
		fmt.Println(err)
		return
	}
	out, err := p.Run(context.Background(), map[string]any{"number": "IMO-9811000"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(out.Mapped, out.Value)
	// Output:
	// registry.get-ship
	// 200 IMO 9
	// true map[name:Ever Given token:Bearer s3cret]
}
