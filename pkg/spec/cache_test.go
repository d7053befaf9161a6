package spec

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// loadResult is what a caller sees of a load, for comparisons.
type loadResult struct {
	Diagnostics []string
	Imports     []string
	HasDocument bool
}

func resultOf(t testing.TB, path string, opts Options) loadResult {
	t.Helper()
	l, err := Load(path, opts)
	if err != nil {
		return loadResult{Diagnostics: []string{"error: " + err.Error()}}
	}
	r := loadResult{Imports: l.Imports, HasDocument: l.Document != nil}
	for _, d := range l.Diagnostics {
		r.Diagnostics = append(r.Diagnostics, d.String()+" @"+d.Path)
	}
	return r
}

// fixtureFiles lists every fixture, valid and invalid, and with corpus
// the documents of ../shared/corpus when it is there.
func fixtureFiles(t testing.TB, corpus bool) []string {
	files := yamlFiles(t, filepath.Join(fixtures, "valid"))
	files = append(files, yamlFiles(t, filepath.Join(fixtures, "invalid"))...)
	if dir := filepath.Join(sharedDir, "corpus"); corpus {
		if _, err := os.Stat(dir); err == nil {
			files = append(files, yamlFiles(t, dir)...)
		}
	}
	return files
}

// TestCacheSameDiagnostics loads every fixture (and the corpus outside
// -short) without a cache, then with one cache shared by all loads, in
// order and again in reverse order (then mostly from the cache): each
// load reports the same diagnostics and imports.
func TestCacheSameDiagnostics(t *testing.T) {
	files := fixtureFiles(t, !testing.Short())
	levels := []Level{LevelCompat, LevelStrict}
	if !testing.Short() && len(files) > 100 {
		levels = levels[:1] // the corpus at one level keeps the run short
	}
	for _, level := range levels {
		opts := Options{Level: level}
		want := map[string]loadResult{}
		for _, f := range files {
			want[f] = resultOf(t, f, opts)
		}
		opts.Cache = NewCache()
		check := func(f string) {
			if diff := cmp.Diff(want[f], resultOf(t, f, opts)); diff != "" {
				t.Errorf("%s at %s with a cache (-without +with):\n%s", f, level, diff)
			}
		}
		for _, f := range files {
			check(f)
		}
		for i := len(files) - 1; i >= 0; i-- {
			check(files[i])
		}
	}
}

// TestCacheConcurrent shares one cache between goroutines loading the
// fixtures (run with -race).
func TestCacheConcurrent(t *testing.T) {
	files := fixtureFiles(t, false)
	want := map[string]loadResult{}
	for _, f := range files {
		want[f] = resultOf(t, f, Options{})
	}
	opts := Options{Cache: NewCache()}
	var wg sync.WaitGroup
	got := make([][]loadResult, 4)
	for g := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range files {
				got[g] = append(got[g], resultOf(t, files[(i+g*7)%len(files)], opts))
			}
		}()
	}
	wg.Wait()
	for g := range got {
		for i, r := range got[g] {
			f := files[(i+g*7)%len(files)]
			if diff := cmp.Diff(want[f], r); diff != "" {
				t.Errorf("%s (-without +with):\n%s", f, diff)
			}
		}
	}
}

// TestCacheInvalidation changes a file imported two levels down: the next
// load through the cache sees the change.
func TestCacheInvalidation(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(dir, "base.yaml")
	baseText := `naftiko: "1.0.0-alpha1"
consumes:
  - type: http
    namespace: base
    baseUri: https://base.test
    description: Base.
    resources:
      - name: r
        path: /r
        operations:
          - name: op
            method: GET
`
	write(t, base, baseText)
	write(t, filepath.Join(dir, "mid.yaml"), `naftiko: "1.0.0-alpha1"
consumes:
  - import: base
    location: base.yaml
`)
	top := filepath.Join(dir, "top.yaml")
	write(t, top, `naftiko: "1.0.0-alpha1"
capability:
  consumes:
    - import: base
      location: mid.yaml
  exposes:
    - type: mcp
      port: 19102
      namespace: top
      tools:
        - name: a
          description: A.
          call: base.op
`)
	opts := Options{Cache: NewCache()}
	if r := resultOf(t, top, opts); len(r.Diagnostics) != 0 {
		t.Fatalf("first load: %v", r.Diagnostics)
	}
	write(t, base, strings.Replace(baseText, "namespace: base", "namespace: moved", 1))
	// Same size is possible in general; make the time differ for sure.
	later := time.Now().Add(2 * time.Second)
	if err := os.Chtimes(base, later, later); err != nil {
		t.Fatal(err)
	}
	want := resultOf(t, top, Options{})
	if len(want.Diagnostics) == 0 {
		t.Fatal("the changed file should break the import")
	}
	if diff := cmp.Diff(want, resultOf(t, top, opts)); diff != "" {
		t.Errorf("after the change (-without +with cache):\n%s", diff)
	}
}

// TestCacheCycle loads the two files of a cycle in both orders: the cycle
// is named from where the loading entered it, as without a cache.
func TestCacheCycle(t *testing.T) {
	dir := filepath.Join(fixtures, "invalid")
	a := filepath.Join(dir, "import-cycle-a.yaml")
	b := filepath.Join(dir, "import-cycle-b.yaml")
	for _, order := range [][]string{{a, b}, {b, a}} {
		opts := Options{Cache: NewCache()}
		for _, f := range order {
			want := resultOf(t, f, Options{})
			if diff := cmp.Diff(want, resultOf(t, f, opts)); diff != "" {
				t.Errorf("%s (-without +with cache):\n%s", filepath.Base(f), diff)
			}
		}
	}
}

// TestCacheKeys keeps levels and exposes types apart.
func TestCacheKeys(t *testing.T) {
	f := filepath.Join(fixtures, "valid", "compat-dialect.yaml")
	c := NewCache()
	for _, opts := range []Options{{Level: LevelCompat}, {Level: LevelStrict},
		{Level: LevelStrict, ExposeTypes: []string{"grpc"}}, {Level: LevelCompat}} {
		want := resultOf(t, f, opts)
		opts.Cache = c
		if diff := cmp.Diff(want, resultOf(t, f, opts)); diff != "" {
			t.Errorf("%+v (-without +with cache):\n%s", opts, diff)
		}
	}
}
