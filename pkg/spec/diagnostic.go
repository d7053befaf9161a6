package spec

import (
	"fmt"
	"strings"
)

// Severity orders diagnostics; only errors make a document invalid.
type Severity int

// The severities, in increasing order.
const (
	// SeverityInfo is advice that needs no change.
	SeverityInfo Severity = iota
	// SeverityWarning is something to fix that does not stop loading.
	SeverityWarning
	// SeverityError makes the document invalid.
	SeverityError
)

// String names the severity as diagnostics print it: info, warning or
// error.
func (s Severity) String() string {
	switch s {
	case SeverityError:
		return "error"
	case SeverityWarning:
		return "warning"
	}
	return "info"
}

// Diagnostic is one finding about a document, located by file, line,
// column and field path (for example
// "capability.exposes[0].resources[0].operations[0].call").
type Diagnostic struct {
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Column   int      `json:"column"`
	Path     string   `json:"path"`
	Severity Severity `json:"-"`
	Rule     string   `json:"rule"`
	Message  string   `json:"message"`
}

// String formats d as "file:line:col: severity: message [rule]".
func (d Diagnostic) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d:%d: %s: %s", d.File, d.Line, d.Column, d.Severity, d.Message)
	if d.Rule != "" {
		fmt.Fprintf(&b, " [%s]", d.Rule)
	}
	return b.String()
}

// Diagnostics is a list of findings in document order.
type Diagnostics []Diagnostic

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity == SeverityError {
			return true
		}
	}
	return false
}

// Err returns nil when ds has no errors, and otherwise an error listing
// them, one per line.
func (ds Diagnostics) Err() error {
	var lines []string
	for _, d := range ds {
		if d.Severity == SeverityError {
			lines = append(lines, d.String())
		}
	}
	if len(lines) == 0 {
		return nil
	}
	return &InvalidError{Diagnostics: ds, summary: strings.Join(lines, "\n")}
}

// InvalidError is returned when a document has error diagnostics.
type InvalidError struct {
	Diagnostics Diagnostics
	summary     string
}

// Error lists the error diagnostics, one per line.
func (e *InvalidError) Error() string { return "invalid document:\n" + e.summary }
