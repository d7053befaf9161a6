package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fixtures is the repository's testdata/spec folder.
var fixtures = filepath.Join("..", "..", "testdata", "spec")

// runValidate runs "naftiko validate args..." in-process.
func runValidate(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), append([]string{"validate"}, args...),
		stdio{in: strings.NewReader(stdin), out: &out, err: &errb})
	return code, out.String(), errb.String()
}

func TestValidateExitCodes(t *testing.T) {
	valid := filepath.Join(fixtures, "valid", "rest-basic.yaml")
	dialect := filepath.Join(fixtures, "valid", "compat-dialect.yaml")
	typos := filepath.Join(fixtures, "invalid", "typos.yaml")
	cases := []struct {
		name  string
		stdin string
		args  []string
		want  int
	}{
		{"valid file", "", []string{valid}, exitOK},
		{"warnings only", "", []string{dialect}, exitOK},
		{"dialect at strict", "", []string{"--strict", dialect}, exitFailure},
		{"flag after path", "", []string{dialect, "--strict"}, exitFailure},
		{"dash-dash", "", []string{"--", valid}, exitOK},
		{"errors", "", []string{typos}, exitFailure},
		{"valid folder", "", []string{filepath.Join(fixtures, "valid")}, exitOK},
		{"stdin", "naftiko: \"1.0.0-alpha1\"\ncapability: {}\n", []string{"-"}, exitFailure},
		{"missing file", "", []string{"does-not-exist.yaml"}, exitUsage},
		{"missing and valid", "", []string{valid, "does-not-exist.yaml"}, exitUsage},
		{"no path", "", nil, exitUsage},
		{"bad format", "", []string{"--format", "xml", valid}, exitUsage},
		{"bad flag", "", []string{"--nope", valid}, exitUsage},
		{"help", "", []string{"-h"}, exitOK},
		{"list rules", "", []string{"--list-rules"}, exitOK},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := runValidate(t, c.stdin, c.args...)
			if code != c.want {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, c.want, out, errOut)
			}
		})
	}
}

func TestValidateText(t *testing.T) {
	code, out, _ := runValidate(t, "", filepath.Join(fixtures, "invalid", "typos.yaml"))
	if code != exitFailure {
		t.Fatalf("exit %d", code)
	}
	want := "../../testdata/spec/invalid/typos.yaml:18:7: error: " +
		"type \"rst\" is not one of rest, mcp, skill [schema]\n"
	if !strings.Contains(out, want) {
		t.Errorf("missing line %q in:\n%s", want, out)
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour on a buffer")
	}
	if !strings.HasSuffix(out, "1 file checked (compat): 6 errors, 0 warnings\n") {
		t.Errorf("summary line:\n%s", out)
	}
	line := regexp.MustCompile(`^[^:]+:\d+:\d+: (error|warning): .+ \[[a-z0-9-]+\]$`)
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if !line.MatchString(l) && !strings.Contains(l, "checked") {
			t.Errorf("line not in file:line:col form: %q", l)
		}
	}

	_, coloured, _ := runValidate(t, "", "--color", "always",
		filepath.Join(fixtures, "invalid", "typos.yaml"))
	if !strings.Contains(coloured, "\x1b[31merror\x1b[0m") {
		t.Errorf("no colour with --color always:\n%s", coloured)
	}
}

// TestValidateFolder: the folder's capability files are found
// recursively, an imported shared file is reported once, and non-Naftiko
// YAML is skipped.
func TestValidateFolder(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "other.yaml"), "kind: Deployment\n")
	writeFile(t, filepath.Join(dir, "shared", "lib.yaml"), `naftiko: "1.0.0-alpha1"
consumes:
  - type: http
    namespace: lib
    baseUri: https://lib.test/
    description: Lib.
`)
	writeFile(t, filepath.Join(dir, "app.yml"), `naftiko: "1.0.0-alpha1"
capability:
  consumes:
    - import: lib
      location: ./shared/lib.yaml
`)
	code, out, errOut := runValidate(t, "", "--format", "json", dir)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	var rep jsonReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var files []string
	for _, f := range rep.Files {
		files = append(files, filepath.Base(f.File))
	}
	if diff := cmp.Diff([]string{"app.yml", "lib.yaml"}, files); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	if rep.Summary.Warnings != 1 || len(rep.Diagnostics) != 1 {
		t.Errorf("want the trailing-slash warning once, got %+v", rep.Diagnostics)
	}
}

func TestValidateJSON(t *testing.T) {
	code, out, _ := runValidate(t, "", "--format", "json",
		filepath.Join(fixtures, "invalid", "unknown-version.yaml"))
	if code != exitFailure {
		t.Fatalf("exit %d", code)
	}
	var rep jsonReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	want := jsonReport{
		Version: 1, Level: "compat",
		Files: []jsonFile{{File: "../../testdata/spec/invalid/unknown-version.yaml", Errors: 1}},
		Diagnostics: []jsonDiagnostic{{File: "../../testdata/spec/invalid/unknown-version.yaml",
			Line: 1, Column: 10, Path: "naftiko", Severity: "error", Rule: "version",
			Message: `unsupported spec version "1.0.0-alpha3"; supported versions: 1.0.0-alpha1`}},
		Summary: jsonSummary{Files: 1, Errors: 1},
	}
	if diff := cmp.Diff(want, rep); diff != "" {
		t.Errorf("json report (-want +got):\n%s", diff)
	}
}

// TestValidateSARIF checks the parts of SARIF 2.1.0 that code scanning
// reads: version, driver rules, and results pointing at rules with
// regions.
func TestValidateSARIF(t *testing.T) {
	code, out, _ := runValidate(t, "", "--format", "sarif", "--strict",
		filepath.Join(fixtures, "valid", "compat-dialect.yaml"))
	if code != exitFailure {
		t.Fatalf("exit %d", code)
	}
	var log sarifLog
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 || !strings.Contains(log.Schema, "sarif-2.1.0") {
		t.Fatalf("not a SARIF 2.1.0 log: %s", out[:min(len(out), 200)])
	}
	run := log.Runs[0]
	if len(run.Results) == 0 {
		t.Fatal("no results")
	}
	for _, r := range run.Results {
		rule := run.Tool.Driver.Rules[r.RuleIndex]
		if rule.ID != r.RuleID {
			t.Errorf("ruleIndex %d is %s, result says %s", r.RuleIndex, rule.ID, r.RuleID)
		}
		reg := r.Locations[0].PhysicalLocation.Region
		if reg.StartLine < 1 || reg.StartColumn < 1 || r.Level != "error" ||
			!strings.HasSuffix(r.Locations[0].PhysicalLocation.ArtifactLocation.URI, ".yaml") {
			t.Errorf("bad result %+v", r)
		}
	}
	// Required SARIF properties are present in the raw JSON.
	var raw map[string]any
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatal(err)
	}
	driver := raw["runs"].([]any)[0].(map[string]any)["tool"].(map[string]any)["driver"]
	if driver.(map[string]any)["name"] != "naftiko" {
		t.Errorf("driver %v", driver)
	}
}

func TestValidateGitHub(t *testing.T) {
	code, out, _ := runValidate(t, "", "--format", "github",
		filepath.Join(fixtures, "invalid", "typos.yaml"))
	if code != exitFailure {
		t.Fatalf("exit %d", code)
	}
	want := "::error file=../../testdata/spec/invalid/typos.yaml,line=18,col=7,title=schema::" +
		"type \"rst\" is not one of rest, mcp, skill\n"
	if !strings.Contains(out, want) {
		t.Errorf("missing %q in:\n%s", want, out)
	}
	if got := ghProperty("a:b,c%\n"); got != "a%3Ab%2Cc%25%0A" {
		t.Errorf("ghProperty = %q", got)
	}
}

func TestValidateListRules(t *testing.T) {
	_, out, _ := runValidate(t, "", "--list-rules")
	for _, id := range []string{"schema", "call-target", "compat-object-passthrough",
		"naftiko-namespaces-unique", "port-collision"} {
		re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(id) + `\s+(error|warning)\s+\S`)
		if !re.MatchString(out) {
			t.Errorf("rule %s not listed:\n%s", id, out)
		}
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
