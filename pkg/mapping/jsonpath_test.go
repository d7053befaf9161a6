package mapping

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func mustJSON(t testing.TB, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestPath(t *testing.T) {
	doc := mustJSON(t, `{"a-b": 1, "get-ship": {"imo": "IMO1", "crew": ["c1", "c2"]},
		"ships": [{"n": 1, "flag": "FR"}, {"n": 2, "flag": "DE"}], "a b": "space",
		"0lead": "digit", "it's": "quote", "nul": null}`)
	tests := []struct {
		path string
		want any
	}{
		{"$", doc},
		{"$.", doc},
		{" $. ", doc},
		{"$['a-b']", 1.0},
		{`$["a-b"]`, 1.0},
		{"$.a-b", 1.0},
		{"$.get-ship.imo", "IMO1"},
		{"$.get-ship.crew[1]", "c2"},
		{"$.get-ship.crew[5]", nil},
		{"$.ships[*].flag", []any{"FR", "DE"}},
		{"$.ships[?(@.n > 1)].flag", []any{"DE"}},
		{"$.ships[?(@.flag == 'FR')].n", []any{1.0}},
		{"$..flag", []any{"FR", "DE"}},
		{"$.a b", "space"},
		{"$['a b']", "space"},
		{"$.0lead", "digit"},
		{`$['it\'s']`, "quote"},
		{"$.missing", nil},
		{"$.missing.deeper", nil},
		{"$.nul", nil},
		{"$.ships.flag", nil},
		{"$.get-ship.imo.x", nil},
	}
	for _, tc := range tests {
		p, err := CompilePath(tc.path)
		if err != nil {
			t.Errorf("CompilePath(%q): %v", tc.path, err)
			continue
		}
		got := p.Get(doc)
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.path, diff)
		}
	}
}

func TestPathErrors(t *testing.T) {
	for _, p := range []string{"", "name", "$[", "$.a[?(@.x ==)]", "$x"} {
		if _, err := CompilePath(p); err == nil {
			t.Errorf("CompilePath(%q) succeeded", p)
		}
	}
}

func FuzzPath(f *testing.F) {
	for _, s := range []string{"$", "$.", "$.a", "$['a-b']", "$.a[0].b", "$..x", "$.a[*]",
		"$.l[?(@.n > 1)]", "$.get-ship.imo", `$["x"]`, "$.a b", "$[1:2]"} {
		f.Add(s)
	}
	doc := map[string]any{"a": map[string]any{"b": []any{1.0, "x"}}, "a-b": true,
		"l": []any{map[string]any{"n": 2.0}}}
	f.Fuzz(func(t *testing.T, src string) {
		p, err := CompilePath(src)
		if err != nil {
			return
		}
		_ = p.Get(doc)
		_ = p.Get(nil)
		_ = p.Get([]any{doc})
	})
}
