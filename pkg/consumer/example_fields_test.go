package consumer_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/naftiko/naftiko-go/pkg/consumer"
	"github.com/naftiko/naftiko-go/pkg/spec"
)

func ExampleOperation_CallFields() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w,
			`{"id":7,"bio":"long text","location":{"city":"Paris","zip":"75001"}}`)
	}))
	defer srv.Close()
	l, err := spec.Parse("example.yaml", []byte(`
naftiko: "1.0.0-alpha1"
capability:
  consumes:
    - type: http
      namespace: users
      baseUri: "`+srv.URL+`"
      resources:
        - name: user
          path: /user
          operations:
            - {name: get-user, method: GET}
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
	op := ns.Operation("get-user")
	fields := consumer.NewFields([][]string{{"id"}, {"location", "city"}})
	resp, err := op.CallFields(context.Background(), nil, nil, fields)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.Value)
	resp, err = op.CallFields(context.Background(), nil, nil, consumer.RawJSON())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s\n", resp.Value)
	// Output:
	// map[id:7 location:map[city:Paris]]
	// {"bio":"long text","id":7,"location":{"city":"Paris","zip":"75001"}}
}
