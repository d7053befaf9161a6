package mapping

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"github.com/naftiko/naftiko-go/pkg/spec"
	"github.com/naftiko/naftiko-go/pkg/template"
)

func outputs(t *testing.T, src string) []*Output {
	t.Helper()
	var ps []spec.OutputParameter
	if err := yaml.Unmarshal([]byte(src), &ps); err != nil {
		t.Fatal(err)
	}
	outs, err := CompileAll(ps, "outputParameters")
	if err != nil {
		t.Fatal(err)
	}
	return outs
}

const shipJSON = `{"imo_number": "IMO1", "vessel_name": "Ada", "year_built": 1999,
	"dimensions": {"length_overall": 120.5, "beam": 20},
	"crew": [{"id": "c1", "name": "Jo", "role": "captain"}, {"id": "c2", "name": "Al"}],
	"tags": ["a", "b"], "long": "abcdefgh"}`

func TestApply(t *testing.T) {
	root := mustJSON(t, shipJSON)
	scope := template.Scope{{"who": "tester"}}
	tests := []struct {
		name, yaml string
		want       any
	}{{
		name: "object with properties, nested objects use absolute paths",
		yaml: `
- type: object
  mapping: "$.ignored"
  properties:
    imo: {type: string, mapping: "$.imo_number"}
    year: {type: number, mapping: "$.year_built"}
    missing: {type: string, mapping: "$.nope"}
    specs:
      type: object
      properties:
        length: {type: number, mapping: "$.dimensions.length_overall"}
    note: {type: string, value: "made by {{who}}"}
    short: {type: string, mapping: "$.long", maxLength: 3}`,
		want: map[string]any{"imo": "IMO1", "year": 1999.0, "missing": nil,
			"specs": map[string]any{"length": 120.5}, "note": "made by tester", "short": "abc"},
	}, {
		name: "nested object with a mapping yields the subtree",
		yaml: `
- type: object
  properties:
    dims:
      type: object
      mapping: "$.dimensions"
      properties:
        beam: {type: number, mapping: "$.beam"}`,
		want: map[string]any{"dims": map[string]any{"length_overall": 120.5, "beam": 20.0}},
	}, {
		name: "object without properties passes the node through",
		yaml: `[{type: object, mapping: "$."}]`,
		want: root,
	}, {
		name: "array with object items, element-relative paths",
		yaml: `
- type: array
  mapping: "$.crew"
  items:
    type: object
    properties:
      who: {type: string, mapping: "$.name"}
      role: {type: string, mapping: "$.role"}`,
		want: []any{map[string]any{"who": "Jo", "role": "captain"},
			map[string]any{"who": "Al", "role": nil}},
	}, {
		name: "array with scalar items",
		yaml: `[{type: array, mapping: "$.crew", items: {type: string, mapping: "$.id"}}]`,
		want: []any{"c1", "c2"},
	}, {
		name: "array items $. and array without items",
		yaml: `
- type: object
  properties:
    tags: {type: array, mapping: "$.tags", items: {type: string, mapping: "$."}}
    raw: {type: array, mapping: "$.tags"}
    notarray: {type: array, mapping: "$.vessel_name"}`,
		want: map[string]any{"tags": []any{"a", "b"}, "raw": []any{"a", "b"}, "notarray": nil},
	}, {
		name: "first non-null output wins",
		yaml: `
- {type: string, mapping: "$.nope"}
- {type: string, mapping: "$.vessel_name"}
- {type: string, mapping: "$.imo_number"}`,
		want: "Ada",
	}, {
		name: "no coercion",
		yaml: `[{type: string, mapping: "$.year_built"}]`,
		want: 1999.0,
	}, {
		name: "all null",
		yaml: `[{type: string, mapping: "$.nope"}, {type: array, mapping: "$.nope2"}]`,
		want: nil,
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := First(outputs(t, tc.yaml), root, scope)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestNamed(t *testing.T) {
	root := mustJSON(t, shipJSON)
	tests := []struct {
		name, yaml string
		want       any
	}{
		{"none: the body", `[]`, root},
		{"named JSONPath values and pass-through objects", `
- {name: imo, type: string, value: "$.imo_number"}
- {name: result, type: object, value: "$."}
- {name: label, type: string, value: "static"}
- {type: string, mapping: "$.vessel_name"}`,
			map[string]any{"imo": "IMO1", "result": root, "label": "static"}},
		{"only unnamed: the first", `[{type: string, mapping: "$.vessel_name"}]`, "Ada"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Named(outputs(t, tc.yaml), root, nil)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestMock(t *testing.T) {
	outs := outputs(t, `
- type: object
  properties:
    greeting: {type: string, value: "hello {{name}}"}
    count: {type: number, value: 3}
    mapped: {type: string, mapping: "$.x"}
    empty: {type: object, properties: {a: {type: string, mapping: "$.a"}}}
    list: {type: array, items: {type: string, value: "item"}}
- name: status
  type: string
  value: ok`)
	got := MockAll(outs, template.Scope{{"name": "Ada"}})
	want := map[string]any{
		"value":  map[string]any{"greeting": "hello Ada", "count": 3, "list": []any{"item"}},
		"status": "ok",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if !outs[0].IsStatic() || !outs[0].HasMapping() {
		t.Errorf("IsStatic/HasMapping wrong")
	}
}

func TestCompileErrorsNamePath(t *testing.T) {
	var ps []spec.OutputParameter
	_ = yaml.Unmarshal([]byte(`[{type: object, properties: {a: {type: string, mapping: "$["}}}]`), &ps)
	_, err := CompileAll(ps, "tools[0].outputParameters")
	want := "tools[0].outputParameters[0].properties.a.mapping"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("err = %v", err)
	}
}
