package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestQuickRun runs the whole suite in -quick mode against freshly built
// naftiko and naftiko-baselines binaries and checks that every point was
// measured without errors. It asserts no speed.
func TestQuickRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs servers and load for a few seconds")
	}
	dir := t.TempDir()
	build := exec.Command("go", "build", "-o", dir+string(filepath.Separator),
		"github.com/naftiko/naftiko-go/cmd/naftiko",
		"github.com/naftiko/naftiko-go/cmd/naftiko-bench/naftiko-baselines")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	out := filepath.Join(dir, "bench.json")
	var stdout, stderr bytes.Buffer
	code := run(t.Context(), []string{"-quick", "-naftiko", filepath.Join(dir, "naftiko"),
		"-baselines", filepath.Join(dir, "naftiko-baselines"), "-out", out}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit code %d\nstderr:\n%s", code, stderr.String())
	}

	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var rep report
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatalf("report JSON: %v", err)
	}
	if rep.NaftikoError != "" {
		t.Errorf("naftiko run was not measured: %s", rep.NaftikoError)
	}
	for _, suite := range []string{suiteREST, suiteMCP} {
		diff, ok := rep.Parity[suite]
		if !ok || diff != "" {
			t.Errorf("%s: naftiko and the hand-written baseline answer differently (checked %v): %s",
				suite, ok, diff)
		}
	}
	want := map[string][]string{
		suiteREST: {tNaftiko, tHandwritten, tRevProxy, tUpstream},
		suiteMCP:  {tMCPNaftiko, tMCPHand, tMCPRaw, tMCPEcho},
	}
	for suite, names := range want {
		for _, name := range names {
			for _, conc := range []int{1, 64} {
				p := rep.find(suite, name, conc)
				switch {
				case p == nil:
					t.Errorf("%s %s c%d: not measured", suite, name, conc)
				case p.Requests == 0 || p.Errors > 0:
					t.Errorf("%s %s c%d: %d requests, %d errors (first: %s)", suite, name,
						conc, p.Requests, p.Errors, p.FirstError)
				case p.Baseline == "" || p.RatioRate <= 0:
					t.Errorf("%s %s c%d: no ratio to its baseline", suite, name, conc)
				}
			}
		}
	}
	if rep.Startup.Trials != 1 || rep.Startup.ReadyMedianMs <= 0 || rep.Startup.RSSIdleMB <= 0 {
		t.Errorf("start-up figures missing: %+v", rep.Startup)
	}
	if len(rep.Targets) != 9 {
		t.Errorf("got %d targets, want 9: %+v", len(rep.Targets), rep.Targets)
	}
	for _, v := range rep.Validate {
		if v.Set == "fixtures" && (v.SkippedWhy != "" || v.DocsPerSec <= 0) {
			t.Errorf("validate over the fixtures not measured: %+v", v)
		}
	}
	md := stdout.String()
	for _, heading := range []string{"### REST", "### MCP", "### validate", "### Targets"} {
		if !strings.Contains(md, heading) {
			t.Errorf("Markdown lacks %q:\n%s", heading, md)
		}
	}
}
