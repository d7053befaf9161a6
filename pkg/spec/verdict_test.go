package spec

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"sort"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// corpusMutations is how many mappings of each corpus document the
// verdict test mutates; more than 2 also mutates at strict (slow, for a
// thorough run before changing the rewriting).
var corpusMutations = flag.Int("mutations", 2, "mappings mutated per corpus document")

// mutationValues are the "type" values (and a bogus one) swapped into
// mappings to cross the branches of every discriminated oneOf.
var mutationValues = []any{"rest", "mcp", "skill", "http", "basic", "apikey", "bearer",
	"digest", "json", "text", "formUrlEncoded", "multipartForm", "call", "lookup",
	"string", "number", "boolean", "object", "array", "bogus", 7}

// mutationKeys are fields whose removal moves a value between branches.
var mutationKeys = []string{"type", "call", "steps", "mapping", "value", "items",
	"properties", "location", "name", "transport", "port", "template", "data"}

// TestVerdictSchemaAgrees checks that each level's verdict schema and its
// full schema give the same verdict on every fixture, every corpus
// document (outside -short) and mutations of them: "type" swapped for
// each discriminator value, fields removed, mappings replaced by scalars.
func TestVerdictSchemaAgrees(t *testing.T) {
	files := fixtureFiles(t, !testing.Short())
	fixtureCount := len(fixtureFiles(t, false))
	for _, level := range []Level{LevelCompat, LevelStrict} {
		full, _, err := loadSchema(level)
		if err != nil {
			t.Fatal(err)
		}
		fast, err := loadVerdictSchema(level)
		if err != nil {
			t.Fatal(err)
		}
		checked, rejected := 0, 0
		rotation := 0
		for i, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				continue // the folder fixture
			}
			src, _ := decodeSource(f, data)
			if src == nil {
				continue
			}
			compare := func(what string) {
				checked++
				want := full.Validate(src.value) == nil
				if !want {
					rejected++
				}
				if got := fast.Validate(src.value) == nil; got != want {
					t.Errorf("%s at %s, %s: verdict schema says valid=%v, full schema %v",
						f, level, what, got, want)
				}
			}
			compare("as written")
			// Every mapping of the fixtures at both levels; a few of each
			// corpus document at compat, which keeps the run in seconds.
			switch {
			case i < fixtureCount:
				mutate(src.value, 20, &rotation, compare)
			case level == LevelCompat || *corpusMutations > 2:
				mutate(src.value, *corpusMutations, &rotation, compare)
			}
		}
		t.Logf("%s: %d documents and mutations, %d rejected", level, checked, rejected)
		if rejected == 0 || rejected == checked {
			t.Errorf("%s: the mutations should give both verdicts", level)
		}
	}
}

// mutate changes up to limit mappings of v in turn, calling check after
// each change and undoing it afterwards. The "type" values tried rotate
// through mutationValues, three at a time, across calls.
func mutate(v any, limit int, rotation *int, check func(what string)) {
	var maps []map[string]any
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			maps = append(maps, x)
			for _, k := range sortedKeys(x) {
				walk(x[k])
			}
		case []any:
			for _, item := range x {
				walk(item)
			}
		}
	}
	walk(v)
	step := max(1, len(maps)/limit)
	for i := 0; i < len(maps); i += step {
		m := maps[i]
		for j, k := range mutationKeys {
			old, had := m[k]
			if !had {
				continue
			}
			delete(m, k)
			check(fmt.Sprintf("map %d without %q", i, k))
			if j == 0 || k == "data" {
				for range 3 {
					val := mutationValues[*rotation%len(mutationValues)]
					*rotation++
					m[k] = val
					check(fmt.Sprintf("map %d with %s %v", i, k, val))
				}
			}
			if _, ok := old.(map[string]any); ok {
				m[k] = "scalar"
				check(fmt.Sprintf("map %d with %s a scalar", i, k))
			}
			m[k] = old
		}
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// TestVerdictRewrites checks the shapes the rewriting gives.
func TestVerdictRewrites(t *testing.T) {
	defs := map[string]any{
		"a": map[string]any{"type": "object", "required": []any{"type"},
			"properties": map[string]any{"type": map[string]any{"const": "a"}}},
		"b": map[string]any{"type": "object", "required": []any{"type"},
			"properties": map[string]any{"type": map[string]any{"enum": []any{"b", "c"}}}},
		"none": map[string]any{"type": "object", "additionalProperties": false,
			"properties": map[string]any{"x": true}},
		"open": map[string]any{"type": "object"},
	}
	ref := func(n string) any { return map[string]any{"$ref": "#/$defs/" + n} }
	cases := []struct {
		name     string
		branches []any
		chained  bool
	}{
		{"by type value", []any{ref("a"), ref("b")}, true},
		{"by type or none", []any{ref("a"), ref("none")}, true},
		{"with a scalar", []any{ref("a"), map[string]any{"type": "string"}}, true},
		{"bare types", []any{map[string]any{"type": "string"}, map[string]any{"type": "array"}},
			true},
		{"overlapping values", []any{ref("b"), ref("b")}, false},
		{"open branch", []any{ref("a"), ref("open")}, false},
		{"integer and number", []any{map[string]any{"type": "integer"},
			map[string]any{"type": "number"}}, false},
	}
	for _, c := range cases {
		if got := oneOfChain(c.branches, defs) != nil; got != c.chained {
			t.Errorf("%s: chained %v, want %v", c.name, got, c.chained)
		}
	}
	// A chain compiles and decides like the oneOf it replaces.
	schema := func(body map[string]any) *jsonschema.Schema {
		doc := map[string]any{"$defs": defs, "items": body}
		text, err := verdictSchemaText(doc, "https://test.invalid/s.json")
		if err != nil {
			t.Fatal(err)
		}
		c := jsonschema.NewCompiler()
		c.Draft = jsonschema.Draft2020
		if err := c.AddResource("https://test.invalid/s.json", bytes.NewReader(text)); err != nil {
			t.Fatal(err)
		}
		s, err := c.Compile("https://test.invalid/s.json")
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	s := schema(map[string]any{"oneOf": []any{ref("a"), ref("b"), ref("none"),
		map[string]any{"type": "string"}}})
	for _, c := range []struct {
		v    any
		want bool
	}{
		{map[string]any{"type": "a"}, true}, {map[string]any{"type": "c"}, true},
		{map[string]any{"x": 1}, true}, {"s", true}, {map[string]any{"type": "d"}, false},
		{map[string]any{"type": "a", "y": 1}, true}, {map[string]any{"y": 1}, false}, {3, false},
	} {
		if got := s.Validate([]any{c.v}) == nil; got != c.want {
			t.Errorf("%v: valid %v, want %v", c.v, got, c.want)
		}
	}
}

// FuzzVerdictSchema: on any document that decodes, each level's verdict
// schema and full schema give the same verdict.
func FuzzVerdictSchema(f *testing.F) {
	addFixtureSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		src, _ := decodeSource("fuzz.yaml", data)
		if src == nil {
			return
		}
		for _, level := range []Level{LevelCompat, LevelStrict} {
			full, _, err := loadSchema(level)
			if err != nil {
				t.Fatal(err)
			}
			fast, err := loadVerdictSchema(level)
			if err != nil {
				t.Fatal(err)
			}
			want, got := full.Validate(src.value) == nil, fast.Validate(src.value) == nil
			if got != want {
				t.Fatalf("%s: verdict schema valid=%v, full schema %v", level, got, want)
			}
		}
	})
}
