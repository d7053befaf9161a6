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

// passThroughDoc maps the whole body, as the spiffe example does.
const passThroughDoc = `
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
        - name: whole
          description: the whole body
          call: up.get
          outputParameters:
            - {type: object, mapping: "$."}
`

func TestRunPassThroughKeepsEncodedBody(t *testing.T) {
	tests := []struct {
		name, body string
		kept       bool // passed on as consumer.JSONText, not decoded
	}{
		{"go-spiffe trust bundle", spiffeBundle(t), true},
		{"compact and sorted", `{"a":1,"b":{"c":[1.5,"x"]},"big":12345678901234567890}`, true},
		{"pretty and sorted", "{\n  \"a\": \"<b>\",\n  \"b\": null\n}\n", true},
		{"array", `[3,2,1]`, true},
		{"names out of order", `{"b":1,"a":2,"b":3}`, true},
		{"number written otherwise", `{"a":1.0}`, true},
		{"escape written otherwise", `{"a":"\u0041"}`, false},
		{"null", `null`, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			up := newUpstream(t, jsonReply(200, tc.body))
			e := engine(t, passThroughDoc, up.URL, binding.Options{})
			inv := &e.Loaded().Document.Capability.Exposes[0].MCP.Tools[0].Invocation
			p, err := e.Compile("tools", inv, "tools")
			if err != nil {
				t.Fatal(err)
			}
			out, err := p.Run(context.Background(), nil)
			if err != nil {
				t.Fatal(err)
			}
			full, err := e.Invoke(context.Background(), "up.get", nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, kept := out.Value.(consumer.JSONText); kept != tc.kept {
				t.Errorf("kept = %v, want %v (Value %#v)", kept, tc.kept, out.Value)
			}
			if out.Mapped != (full.Value != nil) {
				t.Errorf("Mapped = %v for the value %v", out.Mapped, full.Value)
			}
			if !out.Mapped {
				return
			}
			want, err := json.Marshal(full.Value)
			if err != nil {
				t.Fatal(err)
			}
			got, err := out.JSON()
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Errorf("JSON() = %s, want %s", got, want)
			}
			if d := cmp.Diff(full.Value, decoded(t, out)); d != "" {
				t.Errorf("Decoded (-full +got):\n%s", d)
			}
		})
	}
}

func TestRunPassThroughMalformedBody(t *testing.T) {
	up := newUpstream(t, jsonReply(200, `{"a":1,}`))
	e := engine(t, passThroughDoc, up.URL, binding.Options{})
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
