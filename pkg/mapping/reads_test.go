package mapping_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/naftiko/naftiko-go/pkg/mapping"
	"github.com/naftiko/naftiko-go/pkg/spec"
)

func TestReads(t *testing.T) {
	str := func(m string) spec.OutputParameter {
		return spec.OutputParameter{Type: "string", Mapping: m}
	}
	obj := func(m string, props ...spec.NamedOutput) spec.OutputParameter {
		return spec.OutputParameter{Type: "object", Mapping: m, Properties: props}
	}
	named := func(n string, p spec.OutputParameter) spec.NamedOutput {
		return spec.NamedOutput{Name: n, Param: p}
	}
	items := str("$.x.y")
	tests := []struct {
		name string
		outs []spec.OutputParameter
		want [][]string
		ok   bool
	}{
		{"plain paths", []spec.OutputParameter{obj("", named("a", str("$.a")),
			named("b", str("$.b.c-d.e_f")))}, [][]string{{"a"}, {"b", "c-d", "e_f"}}, true},
		{"root pass-through", []spec.OutputParameter{obj("$.")}, [][]string{{}}, true},
		{"root with spaces", []spec.OutputParameter{str(" $ ")}, [][]string{{}}, true},
		{"nested object with a mapping is read whole", []spec.OutputParameter{obj("",
			named("n", obj("$.n", named("x", str("$.n.x")))))}, [][]string{{"n"}}, true},
		{"nested object without a mapping reads its properties", []spec.OutputParameter{
			obj("", named("n", obj("", named("x", str("$.p.x")))))}, [][]string{{"p", "x"}},
			true},
		{"array items read inside the array", []spec.OutputParameter{{Type: "array",
			Mapping: "$.list", Items: &items}}, [][]string{{"list"}}, true},
		{"static values read nothing", []spec.OutputParameter{{Name: "s", Type: "string",
			Value: "hi"}}, nil, true},
		{"several outputs", []spec.OutputParameter{str("$.a"), str("$.b")},
			[][]string{{"a"}, {"b"}}, true},
		{"wildcard", []spec.OutputParameter{str("$.a.*")}, nil, false},
		{"brackets", []spec.OutputParameter{str("$['a']")}, nil, false},
		{"descent", []spec.OutputParameter{str("$..a")}, nil, false},
		{"filter", []spec.OutputParameter{str("$.a[?(@.b)]")}, nil, false},
		{"index", []spec.OutputParameter{str("$.a[0]")}, nil, false},
		{"quoted name", []spec.OutputParameter{str("$.a b")}, nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			outs, err := mapping.CompileAll(tc.outs, "outputParameters")
			if err != nil {
				t.Fatal(err)
			}
			got, ok := mapping.Reads(outs)
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v", ok, tc.ok)
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}
