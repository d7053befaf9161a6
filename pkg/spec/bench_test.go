package spec

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkValidate parses and validates every valid fixture (imports
// resolved) at compat and reports documents per second.
func BenchmarkValidate(b *testing.B) {
	files, err := filepath.Glob(filepath.Join(fixtures, "valid", "*.yaml"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no fixtures: %v", err)
	}
	if _, err := loadSchemas(); err != nil {
		b.Fatal(err)
	}
	var size int64
	for _, f := range files {
		st, err := os.Stat(f)
		if err != nil {
			b.Fatal(err)
		}
		size += st.Size()
	}
	b.SetBytes(size)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, f := range files {
			l, err := Load(f, Options{})
			if err != nil || l.Diagnostics.HasErrors() {
				b.Fatalf("%s: %v %v", f, err, l.Diagnostics.Err())
			}
		}
	}
	b.ReportMetric(float64(b.N*len(files))/b.Elapsed().Seconds(), "docs/s")
}
