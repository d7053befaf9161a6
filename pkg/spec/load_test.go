package spec

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/spec/invalid")

// fixtures is the repository's testdata/spec folder.
var fixtures = filepath.Join("..", "..", "testdata", "spec")

// TestValidFixtures loads every valid fixture at compat: no errors, a
// document, and warnings only from compat rules.
func TestValidFixtures(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(fixtures, "valid", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no valid fixtures: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			l := mustLoad(t, f, LevelCompat)
			if l.Document == nil {
				t.Fatal("no document")
			}
			for _, d := range l.Diagnostics {
				if d.Severity == SeverityError {
					t.Errorf("unexpected error: %s", d)
				}
				if !strings.HasPrefix(d.Rule, "compat-") {
					t.Errorf("unexpected warning: %s", d)
				}
			}
			strict := mustLoad(t, f, LevelStrict)
			if strings.HasPrefix(filepath.Base(f), "compat-") != strict.Diagnostics.HasErrors() {
				t.Errorf("strict verdict: errors=%v\n%s", strict.Diagnostics.HasErrors(),
					firstErrors(strict.Diagnostics, 10))
			}
		})
	}
}

// TestInvalidGolden loads every invalid fixture and compares its
// diagnostics with NAME.golden. Files named strict-*.yaml load at
// LevelStrict, the others at LevelCompat. Run with -update to rewrite.
func TestInvalidGolden(t *testing.T) {
	dir := filepath.Join(fixtures, "invalid")
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no invalid fixtures: %v", err)
	}
	absDir, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".yaml")
		t.Run(name, func(t *testing.T) {
			level := LevelCompat
			if strings.HasPrefix(name, "strict-") {
				level = LevelStrict
			}
			l := mustLoad(t, f, level)
			if !l.Diagnostics.HasErrors() {
				t.Errorf("no error reported")
			}
			got := goldenText(l.Diagnostics, absDir)
			golden := filepath.Join(dir, name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./pkg/spec -update)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("diagnostics differ (-want +got):\n%s", diff)
			}
		})
	}
}

// goldenText renders diagnostics one per line with file names relative
// to dir, so golden files do not depend on where the repository lives.
func goldenText(ds Diagnostics, dir string) string {
	var b strings.Builder
	for _, d := range ds {
		file := d.File
		if rel, err := filepath.Rel(dir, d.File); err == nil {
			file = filepath.ToSlash(rel)
		}
		fmt.Fprintf(&b, "%s:%d:%d: %s: %s [%s] at %s\n", file, d.Line, d.Column, d.Severity,
			d.Message, d.Rule, pathOrRoot(d.Path))
	}
	return b.String()
}

func pathOrRoot(p string) string {
	if p == "" {
		return "(root)"
	}
	return p
}

// TestDifferentialSchema checks that the strict schema gives the
// official schema's verdict on every fixture and corpus document.
func TestDifferentialSchema(t *testing.T) {
	official := officialSchema(t)
	if official == nil {
		t.Skip("no official schema in ../shared/spec")
	}
	var files []string
	dirs := []string{filepath.Join(fixtures, "valid"), filepath.Join(fixtures, "invalid")}
	if !testing.Short() {
		dirs = append(dirs, filepath.Join(sharedDir, "corpus"))
	}
	for _, d := range dirs {
		if _, err := os.Stat(d); err == nil {
			files = append(files, yamlFiles(t, d)...)
		}
	}
	compared := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src, _ := decodeSource(f, data)
		if src == nil {
			continue
		}
		compared++
		want := official.Validate(src.value) == nil
		got := !validateSchema(src, LevelStrict).HasErrors()
		if got != want {
			t.Errorf("%s: strict schema says valid=%v, official says %v", f, got, want)
		}
	}
	t.Logf("compared %d documents", compared)
}

// TestSpiffeExample: the shipped example uses the dialect, so it loads
// at compat with warnings only and fails at strict.
func TestSpiffeExample(t *testing.T) {
	path := filepath.Join("..", "..", "examples", "spiffe", "workload-identity.yaml")
	compat := mustLoad(t, path, LevelCompat)
	if compat.Diagnostics.HasErrors() || len(compat.Diagnostics) == 0 {
		t.Errorf("compat: want warnings only, got\n%v", compat.Diagnostics)
	}
	c := compat.Document.Capability.Consumes[0]
	if c.Namespace != "spiffe-federation" || c.Origin == nil ||
		c.Origin.Path != "capability.consumes[0]" {
		t.Errorf("import not resolved: %+v", c)
	}
	if n := len(compat.Document.Capability.Exposes); n != 2 {
		t.Errorf("exposes: %d, want the example's own 2", n)
	}
	if strict := mustLoad(t, path, LevelStrict); !strict.Diagnostics.HasErrors() {
		t.Error("strict accepts the dialect")
	}
}
