package binding_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/naftiko/naftiko-go/pkg/binding"
	"github.com/naftiko/naftiko-go/pkg/consumer"
)

// fieldsDoc maps plain dot paths (so that Run decodes only what they read)
// and, in the last tool, a filter (so that Run decodes the whole body).
const fieldsDoc = `
naftiko: "1.0.0-alpha1"
capability:
  consumes:
    - type: http
      namespace: up
      baseUri: "BASE"
      resources:
        - name: r
          path: /r
          operations:
            - {name: get, method: GET}
  exposes:
    - type: mcp
      namespace: tools
      tools:
        - name: some
          description: some fields
          call: up.get
          outputParameters:
            - type: object
              properties:
                id: {type: number, mapping: $.id}
                city: {type: string, mapping: $.location.city}
                gone: {type: string, mapping: $.nope.x}
                big: {type: number, mapping: $.big}
                tags: {type: array, mapping: $.tags}
                kebab: {type: string, mapping: $.a-b.c}
        - name: none
          description: a path that selects nothing
          call: up.get
          outputParameters:
            - {type: string, mapping: $.absent}
        - name: filter
          description: not a plain path
          call: up.get
          outputParameters:
            - {type: array, mapping: "$.tags[?(@ != 'x')]"}
`

func TestRunDecodesOnlyWhatOutputsRead(t *testing.T) {
	body := `{"id":7,"location":{"city":"Paris","zip":"75001"},"big":12345678901234567890,` +
		`"tags":["a",{"b":1}],"a-b":{"c":"k"},"skip":{"deep":[1,2,3]}}`
	up := newUpstream(t, jsonReply(200, body))
	e := engine(t, fieldsDoc, up.URL, binding.Options{})
	tests := []struct {
		tool   int
		mapped bool
		want   any
	}{
		{0, true, map[string]any{"id": 7.0, "city": "Paris", "gone": nil,
			"big": json.Number("12345678901234567890"), "tags": []any{"a",
				map[string]any{"b": 1.0}}, "kebab": "k"}},
		// Nothing mapped: Value is the whole body, decoded.
		{1, false, nil},
		{2, true, []any{"a", map[string]any{"b": 1.0}}},
	}
	for _, tc := range tests {
		inv := &e.Loaded().Document.Capability.Exposes[0].MCP.Tools[tc.tool].Invocation
		p, err := e.Compile("tools", inv, "tools")
		if err != nil {
			t.Fatal(err)
		}
		out, err := p.Run(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if out.Mapped != tc.mapped {
			t.Fatalf("tool %d: Mapped %v", tc.tool, out.Mapped)
		}
		want := tc.want
		if !tc.mapped {
			full, _ := e.Invoke(context.Background(), "up.get", nil)
			want = full.Value
			if want == nil {
				t.Fatal("no full decode to compare with")
			}
		}
		if d := cmp.Diff(want, out.Value); d != "" {
			t.Errorf("tool %d (-want +got):\n%s", tc.tool, d)
		}
	}
}

func TestRunFieldsMalformedBody(t *testing.T) {
	up := newUpstream(t, jsonReply(200, `{"id":7,"location":{"city":"Paris"`))
	e := engine(t, fieldsDoc, up.URL, binding.Options{})
	inv := &e.Loaded().Document.Capability.Exposes[0].MCP.Tools[0].Invocation
	p, err := e.Compile("tools", inv, "tools")
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.Run(context.Background(), nil)
	_, ierr := e.Invoke(context.Background(), "up.get", nil)
	if consumer.KindOf(err) != consumer.KindDecode || err.Error() != ierr.Error() {
		t.Fatalf("Run error %v, want the full decoder's %v", err, ierr)
	}
}
