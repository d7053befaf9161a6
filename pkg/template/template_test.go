package template

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRender(t *testing.T) {
	scope := Scope{
		{"name": "Ada", "n": 42.0, "pi": 3.5, "ok": true, "list": []any{"a", 1.0},
			"obj":  map[string]any{"k": "v", "deep": map[string]any{"x": "y"}},
			"html": "<b>&</b>", "nil": nil, "step-1": map[string]any{"id": "s1"},
			"items": []any{map[string]any{"name": "i1"}, map[string]any{"name": "i2"}}},
		{"name": "shadowed", "TOKEN": "t0k"},
	}
	tests := []struct {
		src, want string
		missing   []string
	}{
		{"plain text", "plain text", nil},
		{"{{name}} {{TOKEN}}", "Ada t0k", nil},
		{"{{n}} {{pi}} {{ok}}", "42 3.5 true", nil},
		{"{{list}} {{obj}}", `["a",1] {"deep":{"x":"y"},"k":"v"}`, nil},
		{"{{obj.k}}/{{obj.deep.x}}/{{step-1.id}}", "v/y/s1", nil},
		{"{{html}}", "<b>&</b>", nil},
		{"{{{html}}} {{&html}}", "<b>&</b> <b>&</b>", nil},
		{"[{{absent}}] [{{nil}}] [{{obj.none}}]", "[] [] []", []string{"absent", "nil", "obj.none"}},
		{"{{#items}}{{name}},{{/items}}", "i1,i2,", nil},
		{"{{#ok}}{{obj}} {{obj.k}}{{/ok}}", `{"deep":{"x":"y"},"k":"v"} v`, nil},
		{"{{#ok}}{{obj.k}} {{obj}}{{/ok}}", `v {"deep":{"x":"y"},"k":"v"}`, nil},
		{"{{obj.k}} {{obj}}{{#ok}}!{{/ok}}", `v {"deep":{"x":"y"},"k":"v"}!`, nil},
		{"{{^absent}}none{{/absent}}", "none", nil},
		{"{{! comment }}x", "x", nil},
		{"{{> partial}}x", "x", nil},
	}
	for _, tc := range tests {
		tmpl, err := Compile(tc.src)
		if err != nil {
			t.Fatalf("%q: %v", tc.src, err)
		}
		got, missing, err := tmpl.Render(scope, nil)
		if err != nil {
			t.Fatalf("%q: %v", tc.src, err)
		}
		if got != tc.want {
			t.Errorf("%q = %q, want %q", tc.src, got, tc.want)
		}
		if diff := cmp.Diff(tc.missing, missing); diff != "" {
			t.Errorf("%q missing (-want +got):\n%s", tc.src, diff)
		}
	}
}

func TestRenderEscaper(t *testing.T) {
	tmpl := MustCompile("/a/{{x}}?q={{y}}")
	got, _, _ := tmpl.Render(Scope{{"x": "1/2", "y": "&"}}, func(s string) string {
		return strings.ToUpper(strings.ReplaceAll(s, "/", "%2f"))
	})
	if got != "/a/1%2F2?q=&" {
		t.Errorf("got %q", got)
	}
}

func TestValue(t *testing.T) {
	scope := Scope{{"n": 42.0, "list": []any{"a"}, "s": "x"}}
	tests := []struct {
		src   string
		want  any
		found bool
	}{
		{"{{n}}", 42.0, true},
		{" {{list}} ", []any{"a"}, true},
		{"{{absent}}", nil, false},
		{"n={{n}}", "n=42", true},
		{"{{s}}{{absent}}", "x", false},
		{"static", "static", true},
	}
	for _, tc := range tests {
		got, found, err := MustCompile(tc.src).Value(scope)
		if err != nil || found != tc.found {
			t.Errorf("%q: found %v err %v", tc.src, found, err)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tc.src, diff)
		}
	}
}

func TestSingleBraces(t *testing.T) {
	tests := map[string]string{
		"/users/{id}":                "/users/{{id}}",
		"/users/{{id}}":              "/users/{{id}}",
		"/a/{x}/b/{y-z}/{{w}}":       "/a/{{x}}/b/{{y-z}}/{{w}}",
		"/json/{\"a\": 1}":           "/json/{\"a\": 1}",
		"{":                          "{",
		"{}":                         "{}",
		"/{{{raw}}}":                 "/{{{raw}}}",
		"/{a}}":                      "/{a}}",
		"http://h/{tenant}.x/{id}?q": "http://h/{{tenant}}.x/{{id}}?q",
		"https://${ENV_ID}.live/api": "https://{{ENV_ID}}.live/api",
		"$${a}":                      "${{a}}",
		"cost: ${ 5 }":               "cost: ${ 5 }",
	}
	for in, want := range tests {
		if got := SingleBraces(in); got != want {
			t.Errorf("SingleBraces(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCompileErrors(t *testing.T) {
	for _, src := range []string{"{{#a}}", "{{/a}}", "{{a"} {
		if _, err := Compile(src); err == nil || !strings.HasPrefix(err.Error(), "template ") {
			t.Errorf("Compile(%q) err = %v", src, err)
		}
	}
}

func FuzzTemplate(f *testing.F) {
	for _, s := range []string{"{{a}}", "/users/{id}", "{{#l}}{{.}}{{/l}}", "{{a.b.c}}",
		"{{=<% %>=}}<%a%>", "{{{a}}}", "{{^a}}x{{/a}}", "{{> p}}", "{{", "}}{{",
		"x{{ a }}y{{&id}}{{{m.b.c}}}{{l}}{{zz}}{{a}}"} {
		f.Add(s)
	}
	scope := Scope{{"a": "x", "l": []any{1.0, "y"}, "id": "../..",
		"m": map[string]any{"b": map[string]any{"c": 1.0}}}}
	f.Fuzz(func(t *testing.T, src string) {
		for _, s := range []string{src, SingleBraces(src)} {
			tmpl, err := Compile(s)
			if err != nil {
				continue
			}
			out, _, err := tmpl.Render(scope, nil)
			if err == nil && !strings.Contains(s, "{{") && out != s {
				t.Fatalf("static template %q rendered as %q", s, out)
			}
			_, _, _ = tmpl.Value(scope)
			if tmpl.parts != nil && err == nil && plainNames(tmpl.vars) {
				// The fast path must agree with the Mustache library.
				slow := *tmpl
				slow.parts = nil
				want, wantMissing, werr := slow.Render(scope, nil)
				_, missing, _ := tmpl.Render(scope, nil)
				if werr != nil || want != out || !equal(wantMissing, missing) {
					t.Fatalf("%q: fast %q %v, library %q %v (%v)", s, out, missing, want,
						wantMissing, werr)
				}
			}
		}
	})
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// plainNames reports whether every name has non-empty dot segments: the
// names for which the library's nested-map navigation is well defined.
func plainNames(names []string) bool {
	for _, n := range names {
		for _, seg := range strings.Split(n, ".") {
			if seg == "" {
				return false
			}
		}
	}
	return true
}
