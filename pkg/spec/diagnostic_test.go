package spec

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDiagnosticsErr(t *testing.T) {
	warn := Diagnostic{File: "a.yaml", Line: 1, Column: 2, Severity: SeverityWarning,
		Rule: "r", Message: "careful"}
	if err := (Diagnostics{warn}).Err(); err != nil {
		t.Fatalf("warnings only: %v", err)
	}
	bad := Diagnostic{File: "a.yaml", Line: 3, Column: 4, Severity: SeverityError,
		Rule: RuleSchema, Message: "broken"}
	err := Diagnostics{warn, bad}.Err()
	var inv *InvalidError
	if !errors.As(err, &inv) || len(inv.Diagnostics) != 2 {
		t.Fatalf("want an InvalidError with both diagnostics, got %v", err)
	}
	want := "invalid document:\na.yaml:3:4: error: broken [schema]"
	if diff := cmp.Diff(want, err.Error()); diff != "" {
		t.Errorf("message (-want +got):\n%s", diff)
	}
}

// TestMergeKeys: anchors, aliases and "<<" merges decode into both the
// schema value and the model.
func TestMergeKeys(t *testing.T) {
	l := mustLoad(t, filepath.Join(fixtures, "valid", "anchors.yaml"), LevelStrict)
	if l.Diagnostics.HasErrors() {
		t.Fatalf("errors:\n%s", firstErrors(l.Diagnostics, 5))
	}
	var got []string
	for _, tool := range l.Document.Capability.Exposes[0].MCP.Tools {
		got = append(got, tool.Name+" "+tool.Call+" "+strings.Repeat("o", len(tool.OutputParameters)))
	}
	want := []string{"list-notes notes.list-notes o", "list-notes-again notes.list-notes o",
		"list-notes-third notes.list-notes o"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tools (-want +got):\n%s", diff)
	}
}
