package binding_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/naftiko/naftiko-go/pkg/binding"
)

const formatsDoc = `
naftiko: "1.0.0-alpha1"
capability:
  consumes:
    - type: http
      namespace: shop
      baseUri: "BASE"
      resources:
        - name: products
          path: "/products"
          operations:
            - name: products-html
              outputRawFormat: html
              outputSchema: "table.products"
            - name: products-xml
              path: ".xml"
              outputRawFormat: xml
  exposes:
    - type: rest
      namespace: api
      port: 1
      resources:
        - path: /products
          operations:
            - method: GET
              call: shop.products-html
              outputParameters:
                - type: array
                  mapping: "$.tables[0]"
                  items:
                    type: object
                    properties:
                      name: {type: string, mapping: "$.Name"}
                      price: {type: string, mapping: "$.Price"}
            - method: POST
              call: shop.products-xml
              outputParameters:
                - type: array
                  mapping: "$.product"
                  items:
                    type: object
                    properties:
                      sku: {type: string, mapping: "$.sku"}
                      name: {type: string, mapping: "$.name"}
`

func TestNonJSONFormatsAreMapped(t *testing.T) {
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/products.xml" {
			w.Header().Set("Content-Type", "application/xml")
			_, _ = w.Write([]byte(`<products><product sku="a1"><name>Kettle</name></product>` +
				`<product sku="b2"><name>Mug</name></product></products>`))
			return
		}
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte(`<table><tr><th>Other</th></tr><tr><td>x</td></tr></table>
			<table class="products"><tr><th>Name</th><th>Price</th></tr>
			<tr><td>Kettle</td><td>20</td></tr><tr><td>Mug</td><td>5</td></tr></table>`))
	})
	e := engine(t, formatsDoc, up.URL, binding.Options{})
	ops := e.Loaded().Document.Capability.Exposes[0].Rest.Resources[0].Operations
	want := []any{
		[]any{map[string]any{"name": "Kettle", "price": "20"},
			map[string]any{"name": "Mug", "price": "5"}},
		[]any{map[string]any{"sku": "a1", "name": "Kettle"}, map[string]any{"sku": "b2", "name": "Mug"}},
	}
	for i := range ops {
		p, err := e.Compile("api", &ops[i].Invocation, "api")
		if err != nil {
			t.Fatal(err)
		}
		out, err := p.Run(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want[i], out.Value); diff != "" || !out.Mapped {
			t.Errorf("%s (-want +got):\n%s", ops[i].Call, diff)
		}
	}
}
