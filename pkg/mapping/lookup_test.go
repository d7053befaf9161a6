package mapping

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestPlainPathLookup compares the direct lookup of plain dot paths with
// the JSONPath evaluator it stands in for.
func TestPlainPathLookup(t *testing.T) {
	doc := map[string]any{"a": map[string]any{"b": 1.0, "n": nil, "l": []any{
		map[string]any{"b": 2.0}, "x"}, "c-d": map[string]any{"e": "f"},
		"big": json.Number("12345678901234567890")}, "s": "str", "0": "zero",
		"list": []any{10.0, 20.0}}
	roots := []any{doc, []any{doc, 1.0}, "text", nil, map[string]any{}, 1.5}
	for _, src := range []string{"$.a", "$.a.b", "$.a.n", "$.a.missing", "$.missing.b",
		"$.a.l", "$.a.l.b", "$.a.l.0", "$.a.c-d.e", "$.a.big", "$.s", "$.s.x", "$.0",
		"$.list.0", "$.list.1.x", "$.a.b.c", " $.a.b "} {
		fast := MustCompilePath(src)
		if fast.names == nil {
			t.Fatalf("%s: not read as a plain path", src)
		}
		slow := *fast
		slow.names = nil
		for i, root := range roots {
			if d := cmp.Diff(slow.Get(root), fast.Get(root)); d != "" {
				t.Errorf("%s on root %d (-evaluator +lookup):\n%s", src, i, d)
			}
		}
	}
}

// BenchmarkPlainPath reads $.location.city by lookup and by the evaluator.
func BenchmarkPlainPath(b *testing.B) {
	root := map[string]any{"id": 1.0, "location": map[string]any{"city": "London"}}
	fast := MustCompilePath("$.location.city")
	slow := *fast
	slow.names = nil
	for _, bc := range []struct {
		name string
		p    *Path
	}{{"evaluator", &slow}, {"lookup", fast}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if bc.p.Get(root) != "London" {
					b.Fatal("wrong value")
				}
			}
		})
	}
}
