package spec

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"go.yaml.in/yaml/v3"
)

// Level selects how strictly documents are checked.
type Level int

const (
	// LevelCompat accepts what the official schema accepts plus the narrow
	// relaxations real documents need, each reported as a warning.
	LevelCompat Level = iota
	// LevelStrict accepts exactly what the official 1.0.0-alpha1 schema
	// accepts.
	LevelStrict
)

// Options tune loading. The zero value loads at [LevelCompat].
type Options struct {
	Level Level
}

// Loaded is the result of loading a capability: the document with its
// imports resolved, where it came from, and what was found wrong with it.
type Loaded struct {
	Document *Document
	// File is the absolute path of the loaded file, or the name given to
	// [Parse].
	File string
	// Dir is the folder relative references (imports, bind files, static
	// MCP resources) resolve against.
	Dir         string
	Diagnostics Diagnostics
}

// Load reads, validates and resolves the document at path. The error is
// non-nil only when the file cannot be read at all; problems with its
// content are diagnostics (see [Diagnostics.Err]).
//
// TODO(#2): schema validation, positions and semantic rules; this first
// cut decodes and resolves imports only.
func Load(path string, opts Options) (*Loaded, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("spec: %w", err)
	}
	data, err := os.ReadFile(abs)
	if err != nil {
		return nil, fmt.Errorf("spec: %w", err)
	}
	return parse(abs, filepath.Dir(abs), data, opts)
}

// Parse decodes a document held in memory. Imports resolve against the
// current directory.
func Parse(name string, data []byte, opts Options) (*Loaded, error) {
	dir, err := os.Getwd()
	if err != nil {
		return nil, fmt.Errorf("spec: %w", err)
	}
	return parse(name, dir, data, opts)
}

func parse(name, dir string, data []byte, opts Options) (*Loaded, error) {
	l := &Loaded{File: name, Dir: dir}
	var doc Document
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		l.Diagnostics = append(l.Diagnostics, Diagnostic{
			File: name, Line: 1, Column: 1, Severity: SeverityError,
			Rule: "yaml", Message: err.Error(),
		})
		return l, nil
	}
	l.Document = &doc
	if doc.Capability != nil {
		for i := range doc.Capability.Consumes {
			c := &doc.Capability.Consumes[i]
			if !c.IsImport() {
				continue
			}
			resolved, err := resolveImport(dir, c)
			if err != nil {
				l.Diagnostics = append(l.Diagnostics, Diagnostic{
					File: name, Line: 1, Column: 1, Severity: SeverityError,
					Path:    fmt.Sprintf("capability.consumes[%d]", i),
					Rule:    "import",
					Message: err.Error(),
				})
				continue
			}
			*c = *resolved
		}
	}
	return l, nil
}

func resolveImport(dir string, c *Consumes) (*Consumes, error) {
	path := c.Location
	if !filepath.IsAbs(path) {
		path = filepath.Join(dir, path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("import %q: %w", c.Import, err)
	}
	var src Document
	if err := yaml.Unmarshal(data, &src); err != nil {
		return nil, fmt.Errorf("import %q: %s: %w", c.Import, path, err)
	}
	lists := [][]Consumes{src.Consumes}
	if src.Capability != nil {
		lists = append(lists, src.Capability.Consumes)
	}
	for li, list := range lists {
		for i := range list {
			if list[i].Namespace == c.Import && !list[i].IsImport() {
				out := list[i]
				if c.As != "" {
					out.Namespace = c.As
				}
				field := "consumes"
				if li == 1 {
					field = "capability.consumes"
				}
				out.Origin = &Origin{File: path, Path: fmt.Sprintf("%s[%d]", field, i)}
				return &out, nil
			}
		}
	}
	return nil, fmt.Errorf("namespace %q not found in %s", c.Import, path)
}
