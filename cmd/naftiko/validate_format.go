package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/naftiko/naftiko-go/pkg/naftiko"
	"github.com/naftiko/naftiko-go/pkg/spec"
)

// report is what a validate run found, ready to be written in a format.
type report struct {
	level   spec.Level
	results []validateResult
	color   bool
}

func (r report) count(sev spec.Severity) int {
	n := 0
	for _, res := range r.results {
		for _, d := range res.diags {
			if d.Severity == sev {
				n++
			}
		}
	}
	return n
}

func (r report) errors() int { return r.count(spec.SeverityError) }

// formats maps --format values to writers.
var formats = map[string]func(io.Writer, report) error{
	"text":   writeText,
	"json":   writeJSON,
	"sarif":  writeSARIF,
	"github": writeGitHub,
}

func useColor(mode string, w io.Writer) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	if os.Getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// writeText prints "file:line:col: severity: message [rule]" lines and a
// summary.
func writeText(w io.Writer, r report) error {
	for _, res := range r.results {
		for _, d := range res.diags {
			sev := d.Severity.String()
			if r.color {
				code := "33"
				if d.Severity == spec.SeverityError {
					code = "31"
				}
				sev = "\x1b[" + code + "m" + sev + "\x1b[0m"
			}
			line := fmt.Sprintf("%s:%d:%d: %s: %s", d.File, d.Line, d.Column, sev, d.Message)
			if d.Rule != "" {
				line += " [" + d.Rule + "]"
			}
			if _, err := fmt.Fprintln(w, line); err != nil {
				return err
			}
		}
	}
	return r.writeSummary(w)
}

// writeSummary prints the closing line of the text and github formats:
// "2 files checked (compat): 1 error, 0 warnings".
func (r report) writeSummary(w io.Writer) error {
	_, err := fmt.Fprintf(w, "%s checked (%s): %s, %s\n",
		plural(len(r.results), "file"), r.level,
		plural(r.errors(), "error"), plural(r.count(spec.SeverityWarning), "warning"))
	return err
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// jsonReport is the documented --format json structure (version 1):
//
//	{"version": 1, "level": "compat"|"strict",
//	 "files": [{"file", "valid", "errors", "warnings"}],
//	 "diagnostics": [{"file", "line", "column", "path", "severity", "rule", "message"}],
//	 "summary": {"files", "errors", "warnings"}}
type jsonReport struct {
	Version     int              `json:"version"`
	Level       string           `json:"level"`
	Files       []jsonFile       `json:"files"`
	Diagnostics []jsonDiagnostic `json:"diagnostics"`
	Summary     jsonSummary      `json:"summary"`
}

type jsonFile struct {
	File     string `json:"file"`
	Valid    bool   `json:"valid"`
	Errors   int    `json:"errors"`
	Warnings int    `json:"warnings"`
}

type jsonDiagnostic struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Path     string `json:"path"`
	Severity string `json:"severity"`
	Rule     string `json:"rule"`
	Message  string `json:"message"`
}

type jsonSummary struct {
	Files    int `json:"files"`
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
}

func writeJSON(w io.Writer, r report) error {
	out := jsonReport{Version: 1, Level: r.level.String(),
		Files: []jsonFile{}, Diagnostics: []jsonDiagnostic{}}
	for _, res := range r.results {
		f := jsonFile{File: res.name}
		for _, d := range res.diags {
			switch d.Severity {
			case spec.SeverityError:
				f.Errors++
			case spec.SeverityWarning:
				f.Warnings++
			}
			out.Diagnostics = append(out.Diagnostics, jsonDiagnostic{File: d.File, Line: d.Line,
				Column: d.Column, Path: d.Path, Severity: d.Severity.String(), Rule: d.Rule,
				Message: d.Message})
		}
		f.Valid = f.Errors == 0
		out.Files = append(out.Files, f)
	}
	out.Summary = jsonSummary{Files: len(r.results), Errors: r.errors(),
		Warnings: r.count(spec.SeverityWarning)}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// writeGitHub prints GitHub Actions workflow commands, one annotation per
// diagnostic.
func writeGitHub(w io.Writer, r report) error {
	for _, res := range r.results {
		for _, d := range res.diags {
			cmd := "warning"
			switch d.Severity {
			case spec.SeverityError:
				cmd = "error"
			case spec.SeverityInfo:
				cmd = "notice"
			}
			_, err := fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d,title=%s::%s\n", cmd,
				ghProperty(d.File), max(d.Line, 1), max(d.Column, 1), ghProperty(d.Rule),
				ghData(d.Message))
			if err != nil {
				return err
			}
		}
	}
	return r.writeSummary(w)
}

func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A",
		",", "%2C").Replace(s)
}

// printRules lists the rules for --list-rules.
func printRules(w io.Writer, format string) int {
	if format == "json" {
		type rule struct {
			ID          string `json:"id"`
			Severity    string `json:"severity"`
			Description string `json:"description"`
		}
		var out []rule
		for _, r := range spec.Rules {
			out = append(out, rule{r.ID, r.Severity.String(), r.Description})
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return exitFailure
		}
		return exitOK
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tSEVERITY\tDESCRIPTION")
	for _, r := range spec.Rules {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, r.Severity, r.Description)
	}
	if err := tw.Flush(); err != nil {
		return exitFailure
	}
	return exitOK
}

// toolVersion is reported in SARIF output.
var toolVersion = naftiko.Version
