package spec

import (
	"os"
	"path/filepath"
	"testing"
)

// addFixtureSeeds adds every fixture document as a fuzz seed.
func addFixtureSeeds(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(fixtures, "*", "*.yaml"))
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err == nil && len(data) < 64<<10 {
			f.Add(data)
		}
	}
	f.Add([]byte("naftiko: 1.0.0-alpha1\ncapability: {exposes: [{type: rest}]}\n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte("<<: {naftiko: x}\n"))
}

// FuzzParse: any input gives diagnostics with positions, never a panic,
// and an error whenever there is no document.
func FuzzParse(f *testing.F) {
	addFixtureSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Parse("fuzz.yaml", data, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if l.Document == nil && !l.Diagnostics.HasErrors() {
			t.Fatal("no document and no error")
		}
		for _, d := range l.Diagnostics {
			if d.Line < 1 || d.Column < 1 || d.Message == "" || d.Rule == "" {
				t.Fatalf("diagnostic without position, message or rule: %#v", d)
			}
		}
	})
}

// FuzzValidate: compat only relaxes strict, so a document that passes
// strict passes compat, and both levels agree on the rest.
func FuzzValidate(f *testing.F) {
	addFixtureSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		strict, err := Parse("fuzz.yaml", data, Options{Level: LevelStrict})
		if err != nil {
			t.Fatal(err)
		}
		compat, err := Parse("fuzz.yaml", data, Options{Level: LevelCompat})
		if err != nil {
			t.Fatal(err)
		}
		if !strict.Diagnostics.HasErrors() && compat.Diagnostics.HasErrors() {
			t.Fatalf("strict accepts, compat rejects:\n%s", firstErrors(compat.Diagnostics, 5))
		}
	})
}
