package spec

import (
	"os"
	"path/filepath"
	"testing"

	"go.yaml.in/yaml/v3"
)

// BenchmarkValidate loads every valid fixture (decode, schema, imports,
// rules) at compat and reports documents per second. The yaml-baseline
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
	var size int64
	datas := make([][]byte, len(files))
	for i, f := range files {
		datas[i], err = os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		size += int64(len(datas[i]))
	}
	b.Run("load", func(b *testing.B) {
		b.SetBytes(size)
		for i := 0; i < b.N; i++ {
			for _, f := range files {
				l, err := Load(f, Options{})
				if err != nil || l.Diagnostics.HasErrors() {
					b.Fatalf("%s: %v %v", f, err, l.Diagnostics.Err())
				}
			}
		}
		b.ReportMetric(float64(b.N*len(files))/b.Elapsed().Seconds(), "docs/s")
	})
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
