package spec

import (
	"path/filepath"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSuggest(t *testing.T) {
	known := map[string]any{"description": true, "mapping": true, "name": true, "type": true,
		"inputParameters": true}
	cases := []struct{ name, want string }{
		{"descripton", "description"},
		{"mappping", "mapping"},
		{"Description", "description"},
		{"nmae", ""}, // two edits on a short word: no guess
		{"tpye", ""},
		{"inputParameter", "inputParameters"},
		{"personas", ""},
	}
	for _, c := range cases {
		if got := suggest(c.name, known); got != c.want {
			t.Errorf("suggest(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{{"", "", 0}, {"a", "", 1}, {"kitten", "sitting", 3}, {"über", "uber", 1}}
	for _, c := range cases {
		if got := editDistance(c.a, c.b); got != c.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

// TestCompatWarnings: each relaxation used by the dialect fixture is
// reported once with its own rule.
func TestCompatWarnings(t *testing.T) {
	l := mustLoad(t, filepath.Join(fixtures, "valid", "compat-dialect.yaml"), LevelCompat)
	var got []string
	for _, d := range l.Diagnostics {
		got = append(got, d.Rule)
	}
	sort.Strings(got)
	want := []string{RuleCompatArrayPass, RuleCompatBaseURITmpl, RuleCompatParamFields,
		RuleCompatImportDesc, RuleCompatObjectPass, RuleCompatRestDesc}
	sort.Strings(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rules (-want +got):\n%s", diff)
	}
}

// TestRulesListed: every rule id a diagnostic may carry is in Rules.
func TestRulesListed(t *testing.T) {
	ids := map[string]bool{}
	for _, r := range Rules {
		if ids[r.ID] {
			t.Errorf("rule %s listed twice", r.ID)
		}
		ids[r.ID] = true
	}
	files, _ := filepath.Glob(filepath.Join(fixtures, "*", "*.yaml"))
	for _, f := range files {
		for _, lv := range []Level{LevelCompat, LevelStrict} {
			for _, d := range mustLoad(t, f, lv).Diagnostics {
				if !ids[d.Rule] {
					t.Errorf("%s: rule %q not in Rules", d, d.Rule)
				}
			}
		}
	}
}

// TestExposeTypes: an exposes type the caller serves itself is left out
// of the schema check, and the rules still run on the document.
func TestExposeTypes(t *testing.T) {
	doc := []byte(`naftiko: "1.0.0-alpha1"
capability:
  consumes:
    - type: http
      namespace: api
      baseUri: https://api.test
      description: API.
  exposes:
    - type: control
      port: 9000
      namespace: ops
      anything: [goes, here]
    - type: rest
      port: 9000
      namespace: api-rest
      resources:
        - path: /x
          description: X.
          forward: {targetNamespace: api}
`)
	l, err := Parse("custom.yaml", doc, Options{ExposeTypes: []string{"control"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range l.Diagnostics {
		got = append(got, d.Rule+" "+d.Path)
	}
	want := []string{RulePortCollision + " capability.exposes[1].port"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	if l.Document.Capability.Exposes[0].Type != "control" {
		t.Errorf("custom entry not kept: %+v", l.Document.Capability.Exposes[0])
	}

	plain, err := Parse("custom.yaml", doc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !hasRule(plain.Diagnostics, RuleSchema) {
		t.Error("without ExposeTypes the control entry must be a schema error")
	}
}
