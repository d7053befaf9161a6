package spec

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v5"
)

// sharedDir is ../shared beside the repository root (the reference
// material); tests that need it skip when it is absent.
var sharedDir = filepath.Join("..", "..", "..", "shared")

// officialSchema compiles the published alpha1 schema from ../shared, or
// returns nil when it is not there.
func officialSchema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	path := filepath.Join(sharedDir, "spec", "naftiko-schema-1.0.0-alpha1.json")
	if _, err := os.Stat(path); err != nil {
		return nil
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(abs)
	if err != nil {
		t.Fatalf("official schema: %v", err)
	}
	return s
}

// yamlFiles lists the *.yaml and *.yml files under dir, sorted.
func yamlFiles(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// folderResult counts outcomes for one corpus folder.
type folderResult struct {
	files, official, strict, compat, version int
}

// TestConformance checks the corpus in ../shared/corpus: documents the
// official schema accepts pass both levels, alpha1 documents pass compat
// unless they have a real defect (listed in the log), and documents of
// other versions are rejected with the version message.
func TestConformance(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus run skipped in -short mode")
	}
	corpus := filepath.Join(sharedDir, "corpus")
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("no corpus at %s", corpus)
	}
	official := officialSchema(t)
	if official == nil {
		t.Skip("no official schema in ../shared/spec")
	}
	var summary, report []string
	for _, folder := range []string{"alpha1", "framework-alpha1", "other", "framework-head"} {
		var res folderResult
		var rejected, defects []string
		alpha1 := !strings.Contains(folder, "other") && !strings.Contains(folder, "head")
		for _, f := range yamlFiles(t, filepath.Join(corpus, folder)) {
			res.files++
			rel, _ := filepath.Rel(corpus, f)
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			src, _ := decodeSource(f, data)
			officialOK := src != nil && official.Validate(src.value) == nil
			if officialOK {
				res.official++
			}
			strict := mustLoad(t, f, LevelStrict)
			compat := mustLoad(t, f, LevelCompat)
			if !strict.Diagnostics.HasErrors() {
				res.strict++
			}
			if !compat.Diagnostics.HasErrors() {
				res.compat++
			}
			if hasRule(compat.Diagnostics, RuleVersion) {
				res.version++
			}
			switch {
			case !alpha1:
				if !hasRule(strict.Diagnostics, RuleVersion) ||
					!hasRule(compat.Diagnostics, RuleVersion) {
					t.Errorf("%s: other version not rejected with the version message", rel)
				}
			case officialOK && (structural(strict.Diagnostics, f) || structural(compat.Diagnostics, f)):
				t.Errorf("%s: accepted by the official schema but rejected:\n%s", rel,
					firstErrors(strict.Diagnostics, 5))
			case officialOK && compat.Diagnostics.HasErrors():
				defects = append(defects, fmt.Sprintf("%s: %s", rel, reasons(compat.Diagnostics, compat.File)))
			case compat.Diagnostics.HasErrors():
				rejected = append(rejected, fmt.Sprintf("%s: %s", rel,
					reasons(compat.Diagnostics, compat.File)))
			}
		}
		line := fmt.Sprintf("%-17s files %3d  official %3d  strict %3d  compat %3d  version-rejected %3d",
			folder, res.files, res.official, res.strict, res.compat, res.version)
		summary = append(summary, line)
		report = append(report, line)
		t.Log(line)
		for _, r := range defects {
			t.Logf("  schema-valid, rejected by rules or imports: %s", r)
			report = append(report, "  schema-valid, rejected by rules or imports: "+r)
		}
		for _, r := range rejected {
			t.Logf("  rejected at compat: %s", r)
			report = append(report, "  rejected at compat: "+r)
		}
	}
	checkConformanceGolden(t, strings.Join(report, "\n")+"\n")
	if testing.Verbose() {
		fmt.Println("conformance summary (pass counts; a pass has no error diagnostics):")
		for _, s := range summary {
			fmt.Println("  " + s)
		}
	}
}

// checkConformanceGolden compares the corpus outcome with
// testdata/spec/conformance.golden (rewritten with -update), so that a
// change in what the corpus gets is a visible diff.
func checkConformanceGolden(t *testing.T, got string) {
	t.Helper()
	golden := filepath.Join(fixtures, "conformance.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./pkg/spec -run TestConformance -update)", err)
	}
	if string(want) != got {
		t.Errorf("corpus outcome changed; diff against %s:\n%s", golden,
			cmp.Diff(string(want), got))
	}
}

func mustLoad(t testing.TB, path string, level Level) *Loaded {
	t.Helper()
	l, err := Load(path, Options{Level: level})
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return l
}

// structural reports errors of the schema, YAML or version kinds in file
// itself (not in the files it imports).
func structural(ds Diagnostics, file string) bool {
	abs, _ := filepath.Abs(file)
	for _, d := range ds {
		if d.Severity == SeverityError && d.File == abs &&
			(d.Rule == RuleSchema || d.Rule == RuleYAML || d.Rule == RuleVersion) {
			return true
		}
	}
	return false
}

func hasRule(ds Diagnostics, rule string) bool {
	for _, d := range ds {
		if d.Rule == rule && d.Severity == SeverityError {
			return true
		}
	}
	return false
}

func firstErrors(ds Diagnostics, n int) string {
	var b strings.Builder
	for _, d := range ds {
		if d.Severity != SeverityError {
			continue
		}
		if n == 0 {
			break
		}
		n--
		b.WriteString("    " + d.String() + "\n")
	}
	return b.String()
}

// reasons summarises the distinct error messages of a rejected file,
// with counts: "[schema] unknown field "path" (x12); ...".
func reasons(ds Diagnostics, file string) string {
	counts := map[string]int{}
	var order []string
	for _, d := range ds {
		if d.Severity != SeverityError {
			continue
		}
		key := fmt.Sprintf("[%s] %s", d.Rule, d.Message)
		if d.File != file {
			key = "in " + filepath.Base(d.File) + ": " + key
		}
		if counts[key] == 0 {
			order = append(order, key)
		}
		counts[key]++
	}
	var parts []string
	for _, k := range order {
		parts = append(parts, fmt.Sprintf("%s (x%d)", k, counts[k]))
	}
	return strings.Join(parts, "; ")
}
