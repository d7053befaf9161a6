package fielderr

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const doc = `naftiko: "1.0.0-alpha1"
capability:
  consumes:
    - namespace: a
      resources:
        - name: r
          operations:
            - name: get
              method: BREW
`

func TestPosition(t *testing.T) {
	file := filepath.Join(t.TempDir(), "cap.yaml")
	if err := os.WriteFile(file, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path      string
		line, col int
	}{
		{"capability.consumes[0].resources[0].operations[0].method", 9, 23},
		{"capability.consumes[0].resources[0].operations[0]", 8, 15},
		{"capability.consumes[0].resources[0].operations[0].missing", 8, 15},
		{"capability.consumes[3]", 4, 5},
		{"naftiko", 1, 10},
	}
	for _, tc := range tests {
		line, col := Position(file, tc.path)
		if line != tc.line || col != tc.col {
			t.Errorf("%s: %d:%d, want %d:%d", tc.path, line, col, tc.line, tc.col)
		}
	}
	err := Locate(file, Wrap("capability.consumes[0].resources[0].operations[0].method",
		errors.New("bad method")))
	want := file + ":9:23: capability.consumes[0].resources[0].operations[0].method: bad method"
	if err.Error() != want {
		t.Errorf("Locate = %q, want %q", err, want)
	}
	if got := Locate("absent.yaml", New("x", "y")).Error(); got != "absent.yaml: x: y" {
		t.Errorf("Locate without file = %q", got)
	}
}

func TestTokens(t *testing.T) {
	got := tokens("a.b[2][3].c.d[x")
	if diff := cmp.Diff([]string{"a", "b", "2", "3", "c", "d", "[x"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
