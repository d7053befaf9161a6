package spec

import (
	"os"
	"path/filepath"
	"testing"

	"go.yaml.in/yaml/v3"
)

// BenchmarkValidate loads every valid fixture (decode, schema, imports,
// rules) at compat and reports documents per second, without and with a
// [Cache] shared by the loads of one pass (the -cache variants), and the
// same over ../shared/corpus when it is there. The yaml-baseline
// sub-benchmark only decodes the same files with yaml.v3, so the ratio of
// the two is the cost of checking over plain parsing.
func BenchmarkValidate(b *testing.B) {
	files, err := filepath.Glob(filepath.Join(fixtures, "valid", "*.yaml"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no fixtures: %v", err)
	}
	if _, _, err := loadSchema(LevelCompat); err != nil {
		b.Fatal(err)
	}
	if _, err := loadVerdictSchema(LevelCompat); err != nil {
		b.Fatal(err)
	}
	var size int64
	datas := make([][]byte, len(files))
	for i, f := range files {
		datas[i], err = os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		size += int64(len(datas[i]))
	}
	load := func(files []string, cached, wantValid bool) func(b *testing.B) {
		return func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				opts := Options{}
				if cached {
					opts.Cache = NewCache() // one per run, as `naftiko validate` does
				}
				for _, f := range files {
					l, err := Load(f, opts)
					if err != nil || (wantValid && l.Diagnostics.HasErrors()) {
						b.Fatalf("%s: %v %v", f, err, l.Diagnostics.Err())
					}
				}
			}
			b.ReportMetric(float64(b.N*len(files))/b.Elapsed().Seconds(), "docs/s")
		}
	}
	b.Run("load", func(b *testing.B) {
		b.SetBytes(size)
		load(files, false, true)(b)
	})
	b.Run("load-cache", func(b *testing.B) {
		b.SetBytes(size)
		load(files, true, true)(b)
	})
	corpus := filepath.Join(sharedDir, "corpus")
	if _, err := os.Stat(corpus); err == nil {
		docs := yamlFiles(b, corpus)
		b.Run("corpus", load(docs, false, false))
		b.Run("corpus-cache", load(docs, true, false))
	}
	b.Run("yaml-baseline", func(b *testing.B) {
		b.SetBytes(size)
		for i := 0; i < b.N; i++ {
			for _, d := range datas {
				var v any
				if err := yaml.Unmarshal(d, &v); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(b.N*len(files))/b.Elapsed().Seconds(), "docs/s")
	})
}
