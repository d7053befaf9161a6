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
	Set          string  `json:"set"`
	Dir          string  `json:"dir"`
	Documents    int     `json:"documents"`
	WithErrors   int     `json:"documentsWithErrors"`
	Loads        int     `json:"loads"`
	Seconds      float64 `json:"seconds"`
	DocsPerSec   float64 `json:"docsPerSecond"`
	OneCore      bool    `json:"oneCore"`
	SkippedWhy   string  `json:"skipped,omitempty"`
	FirstFailure string  `json:"firstFailure,omitempty"`
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

// measureValidate loads and validates every document of dir with pkg/spec,
// on one core (GOMAXPROCS 1 for the measurement), for at least d and at
// least one full pass after a warm-up pass.
func measureValidate(set, dir string, d time.Duration) validateResult {
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

	pass := func() (withErrors int, firstErr string) {
		for _, f := range files {
			l, err := spec.Load(f, spec.Options{})
			switch {
			case err != nil:
				withErrors++
			case l.Diagnostics.HasErrors():
				withErrors++
			default:
				continue
			}
			if firstErr == "" {
				firstErr = fmt.Sprintf("%s: %v", f, firstProblem(l, err))
			}
		}
		return withErrors, firstErr
	}

	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	res.WithErrors, res.FirstFailure = pass() // warm-up: caches, schema compile
	runtime.GC()
	start := time.Now()
	for {
		pass()
		res.Loads += len(files)
		if time.Since(start) >= d {
			break
		}
	}
	elapsed := time.Since(start)
	res.Seconds = elapsed.Seconds()
	res.DocsPerSec = float64(res.Loads) / elapsed.Seconds()
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
