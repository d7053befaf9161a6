package spec

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHugeFile refuses a 100 MB file without reading it all, from disk
// and from memory.
func TestHugeFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.yaml")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("naftiko: \"1.0.0-alpha1\"\n# "); err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(100 << 20); err != nil { // sparse: no 100 MB on disk
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	l := mustLoad(t, path, LevelCompat)
	if len(l.Diagnostics) != 1 || l.Diagnostics[0].Rule != RuleLimit {
		t.Fatalf("want one limit diagnostic, got %v", l.Diagnostics)
	}

	data := bytes.Repeat([]byte("# padding line\n"), (MaxFileSize/15)+2)
	l, err = Parse("mem.yaml", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Diagnostics) != 1 || l.Diagnostics[0].Rule != RuleLimit ||
		!strings.Contains(l.Diagnostics[0].Message, "limit") {
		t.Fatalf("want one limit diagnostic, got %v", l.Diagnostics)
	}
}

// TestGeneratedBombs covers inputs too large to commit: a wide alias
// fan-out and nesting far past the cap in block style.
func TestGeneratedBombs(t *testing.T) {
	var wide strings.Builder
	wide.WriteString("naftiko: \"1.0.0-alpha1\"\nx: &x [" + strings.Repeat("1,", 2000) + "1]\n")
	wide.WriteString("y: [" + strings.Repeat("*x,", 2000) + "*x]\n")

	var deep strings.Builder
	deep.WriteString("naftiko: \"1.0.0-alpha1\"\ncapability:\n")
	for i := 0; i < 1000; i++ {
		deep.WriteString(strings.Repeat(" ", i+1) + "k:\n")
	}
	cases := []struct{ name, doc, want string }{
		{"alias fan-out", wide.String(), "aliases expanding too much"},
		{"block nesting", deep.String(), "deeper than"},
		{"self alias", "naftiko: x\na: &a [*a]\n", "refers to itself"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, err := Parse(c.name, []byte(c.doc), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !l.Diagnostics.HasErrors() || !strings.Contains(l.Diagnostics[0].Message, c.want) {
				t.Fatalf("want %q, got %v", c.want, l.Diagnostics)
			}
		})
	}
}
