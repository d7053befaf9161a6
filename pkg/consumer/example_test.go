package consumer_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/naftiko/naftiko-go/pkg/consumer"
	"github.com/naftiko/naftiko-go/pkg/spec"
)

func ExampleCompile() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/csv")
		fmt.Fprintf(w, "path,status\n%s,%s\n", r.URL.EscapedPath(), r.URL.Query().Get("status"))
	}))
	defer srv.Close()

	l, err := spec.Parse("example.yaml", []byte(`
naftiko: "1.0.0-alpha1"
capability:
  consumes:
    - type: http
      namespace: reports
      baseUri: "`+srv.URL+`"
      resources:
        - name: report
          path: "/reports/{name}"
          operations:
            - name: get-report
              outputRawFormat: csv
              inputParameters:
                - {name: status, in: query}
`), spec.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	ns, err := consumer.Compile(&l.Document.Capability.Consumes[0], "capability.consumes[0]",
		consumer.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	resp, err := ns.Operation("get-report").Call(context.Background(),
		map[string]any{"name": "q1/../admin", "status": "open"}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.Status, resp.Value)
	// Output: 200 [map[path:/reports/q1%2F..%2Fadmin status:open]]
}
