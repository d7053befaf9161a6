package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/naftiko/naftiko-go/pkg/spec"
)

// validateResult is the outcome for one input file.
type validateResult struct {
	name  string // as shown: relative to the working directory when possible
	diags spec.Diagnostics
}

// cmdValidate implements "naftiko validate [--strict] [--format f] PATH...".
// Exit codes: 0 when no errors (warnings allowed), 1 when any error, 2 for
// usage mistakes and unreadable input.
func cmdValidate(ctx context.Context, args []string, s stdio) int {
	fl := flag.NewFlagSet("validate", flag.ContinueOnError)
	fl.SetOutput(s.err)
	strict := fl.Bool("strict", false,
		"accept exactly the official 1.0.0-alpha1 schema (no compat relaxations)")
	format := fl.String("format", "text", "output format: text, json, sarif or github")
	listRules := fl.Bool("list-rules", false,
		"print the rules (id, severity, description) and exit")
	color := fl.String("color", "auto",
		"colour the text format: auto (on a terminal), always or never")
	fl.Usage = func() {
		fmt.Fprintln(s.err,
			"usage: naftiko validate [--strict] [--format text|json|sarif|github] PATH...")
		fmt.Fprintln(s.err,
			"PATH is a file, a folder (every *.yaml/*.yml with a naftiko key) or - for stdin.")
		fl.PrintDefaults()
	}
	paths, err := parseInterspersed(fl, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	writer, ok := formats[*format]
	if !ok {
		fmt.Fprintf(s.err, "naftiko validate: unknown format %q (text, json, sarif, github)\n", *format)
		return exitUsage
	}
	if *color != "auto" && *color != "always" && *color != "never" {
		fmt.Fprintf(s.err, "naftiko validate: --color must be auto, always or never\n")
		return exitUsage
	}
	if *listRules {
		return printRules(s.out, *format)
	}
	if len(paths) == 0 {
		fl.Usage()
		return exitUsage
	}
	opts := spec.Options{Level: spec.LevelCompat}
	if *strict {
		opts.Level = spec.LevelStrict
	}

	opts.Cache = spec.NewCache()

	inputs, unreadable := expandPaths(paths, s.err)
	loads := loadAll(ctx, inputs, s.in, opts)
	if ctx.Err() != nil {
		fmt.Fprintln(s.err, "naftiko validate: interrupted")
		return exitFailure
	}
	var results []validateResult
	seen := map[string]bool{}
	for i, in := range inputs {
		if loads[i].err != nil {
			fmt.Fprintf(s.err, "naftiko validate: %v\n", loads[i].err)
			unreadable = true
			continue
		}
		rel := !filepath.IsAbs(in)
		results = append(results, validateResult{name: displayName(in),
			diags: dedupe(loads[i].l.Diagnostics, seen, rel)})
	}

	out := report{level: opts.Level, results: results, color: useColor(*color, s.out)}
	if err := writer(s.out, out); err != nil {
		fmt.Fprintf(s.err, "naftiko validate: %v\n", err)
		return exitFailure
	}
	switch {
	case unreadable:
		return exitUsage
	case out.errors() > 0:
		return exitFailure
	}
	return exitOK
}

// parseInterspersed parses flags that may come before or after the paths
// ("naftiko validate caps/ --strict"); "--" ends the flags.
func parseInterspersed(fl *flag.FlagSet, args []string) ([]string, error) {
	var paths []string
	for {
		if err := fl.Parse(args); err != nil {
			return nil, err
		}
		rest := fl.Args()
		if len(rest) == 0 {
			return paths, nil
		}
		if len(args) > 0 && len(rest) < len(args) && args[len(args)-len(rest)-1] == "--" {
			return append(paths, rest...), nil
		}
		paths = append(paths, rest[0])
		args = rest[1:]
	}
}

// loadInput loads a file, or standard input for "-".
func loadInput(path string, stdin io.Reader, opts spec.Options) (*spec.Loaded, error) {
	if path != "-" {
		l, err := spec.Load(path, opts)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %w", path, unwrapPath(err))
		}
		return l, nil
	}
	if stdin == nil {
		return nil, errors.New("cannot read standard input: none")
	}
	data, err := io.ReadAll(io.LimitReader(stdin, spec.MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read standard input: %w", err)
	}
	return spec.Parse("<stdin>", data, opts)
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// capabilityKey finds a root "naftiko" key in a YAML file.
var capabilityKey = regexp.MustCompile(`(?m)^["']?naftiko["']?\s*:`)

// expandPaths turns folders into the capability files under them. It
// reports unreadable paths on w.
func expandPaths(args []string, w io.Writer) (files []string, unreadable bool) {
	for _, a := range args {
		if a == "-" {
			files = append(files, a)
			continue
		}
		st, err := os.Stat(a)
		if err != nil {
			fmt.Fprintf(w, "naftiko validate: cannot read %s: %v\n", a, unwrapPath(err))
			unreadable = true
			continue
		}
		if !st.IsDir() {
			files = append(files, a)
			continue
		}
		var found []string
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				fmt.Fprintf(w, "naftiko validate: cannot read %s: %v\n", p, unwrapPath(err))
				unreadable = true
				return nil
			}
			if d.IsDir() || !(strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
				return nil
			}
			if isCapabilityFile(p) {
				found = append(found, p)
			}
			return nil
		})
		if err != nil {
			unreadable = true
		}
		if len(found) == 0 {
			fmt.Fprintf(w, "naftiko validate: no capability files (YAML with a naftiko key) under %s\n", a)
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	return files, unreadable
}

// isCapabilityFile reports whether the file's root mapping has a naftiko
// key, looking at its first 64 KiB.
func isCapabilityFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head, _ := io.ReadAll(io.LimitReader(f, 64<<10))
	return capabilityKey.Match(head)
}

// displayName shows a path relative to the working directory when it is
// below it.
func displayName(path string) string {
	if path == "-" {
		return "<stdin>"
	}
	return relName(path, false)
}

// relName shows path relative to the working directory when it is below
// it, or always when the user named the input with a relative path.
func relName(path string, relative bool) string {
	if !filepath.IsAbs(path) {
		return filepath.ToSlash(filepath.Clean(path))
	}
	wd, err := os.Getwd()
	if err != nil {
		return path
	}
	rel, err := filepath.Rel(wd, path)
	if err != nil || (!relative && strings.HasPrefix(rel, "..")) {
		return path
	}
	return filepath.ToSlash(rel)
}

// dedupe drops diagnostics already reported for another input (an
// imported file validated with each importer and on its own) and shows
// file names relative to the working directory.
func dedupe(ds spec.Diagnostics, seen map[string]bool, relative bool) spec.Diagnostics {
	var out spec.Diagnostics
	for _, d := range ds {
		d.File = relName(d.File, relative)
		key := d.String()
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, d)
	}
	return out
}
