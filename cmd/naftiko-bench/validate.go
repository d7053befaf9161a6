package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/naftiko/naftiko-go/pkg/spec"
)

// validateResult is the validate throughput over one set of documents.
type validateResult struct {
	Set        string  `json:"set"`
	Dir        string  `json:"dir"`
	Documents  int     `json:"documents"`
	Checked    int     `json:"documentsChecked"`
	WithErrors int     `json:"checkedWithErrors"`
	Loads      int     `json:"loads"`
	Seconds    float64 `json:"seconds"`
	DocsPerSec float64 `json:"docsPerSecond"`
	// DocsPerCPUSec divides by the CPU time of the driver process instead
	// of the wall time, which other load on the machine does not dilute.
	DocsPerCPUSec float64 `json:"docsPerCpuSecond"`
	OneCore       bool    `json:"oneCore"`
	SkippedWhy    string  `json:"skipped,omitempty"`
	FirstFailure  string  `json:"firstFailure,omitempty"`
}

// yamlFiles lists the *.yaml and *.yml files under dir, sorted.
func yamlFiles(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		ext := strings.ToLower(filepath.Ext(p))
		if !d.IsDir() && (ext == ".yaml" || ext == ".yml") {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	return files, err
}

// measureValidate loads and validates the documents of dir in turn with
// pkg/spec, on one core (GOMAXPROCS 1 for the measurement), for at least d
// and, when fullPass is set, at least once each. Imports are resolved and
// validated as part of the document that names them.
func measureValidate(set, dir string, d time.Duration, fullPass bool) validateResult {
	res := validateResult{Set: set, Dir: dir, OneCore: true}
	if _, err := os.Stat(dir); err != nil {
		res.SkippedWhy = "absent"
		return res
	}
	files, err := yamlFiles(dir)
	if err != nil {
		res.SkippedWhy = err.Error()
		return res
	}
	if len(files) == 0 {
		res.SkippedWhy = "no documents"
		return res
	}
	res.Documents = len(files)

	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	spec.Load(files[0], spec.Options{}) // warm-up: embedded schemas compile once
	runtime.GC()
	cpu0, cpuErr := selfCPU()
	start := time.Now()
	for i := 0; ; i++ {
		f := files[i%len(files)]
		l, err := spec.Load(f, spec.Options{})
		res.Loads++
		if i < len(files) {
			res.Checked++
			if err != nil || l.Diagnostics.HasErrors() {
				res.WithErrors++
				if res.FirstFailure == "" {
					res.FirstFailure = fmt.Sprintf("%s: %v", f, firstProblem(l, err))
				}
			}
		}
		if time.Since(start) >= d && (!fullPass || res.Loads >= len(files)) {
			break
		}
	}
	elapsed := time.Since(start)
	res.Seconds = elapsed.Seconds()
	res.DocsPerSec = float64(res.Loads) / elapsed.Seconds()
	if cpu1, err := selfCPU(); err == nil && cpuErr == nil && cpu1 > cpu0 {
		res.DocsPerCPUSec = float64(res.Loads) / (cpu1 - cpu0).Seconds()
	}
	return res
}

func firstProblem(l *spec.Loaded, err error) string {
	if err != nil {
		return err.Error()
	}
	for _, d := range l.Diagnostics {
		if d.Severity == spec.SeverityError {
			return d.String()
		}
	}
	return "error"
}
