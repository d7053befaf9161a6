package spec

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
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

// String names the level as the command line spells it.
func (l Level) String() string {
	if l == LevelStrict {
		return "strict"
	}
	return "compat"
}

// normalized is the level loading applies: any value other than
// LevelStrict is LevelCompat.
func (l Level) normalized() Level {
	if l != LevelStrict {
		return LevelCompat
	}
	return l
}

// SupportedVersions lists the values of the naftiko field this package
// loads.
var SupportedVersions = []string{"1.0.0-alpha1"}

// Options tune loading. The zero value loads at [LevelCompat].
type Options struct {
	Level Level
	// ExposeTypes names extra exposes types that an embedding program
	// serves itself. Entries of these types are left out of the schema
	// check (their "type" and anything under them), and the semantic rules
	// still run on the rest of the document; their namespace and port take
	// part in the uniqueness and collision rules.
	ExposeTypes []string
	// Cache, when set, keeps the files loaded by one call for the next
	// calls that share it, so that a file imported by many documents is
	// decoded and checked once. See [Cache].
	Cache *Cache
}

// Loaded is the result of loading a capability: the document with its
// imports resolved, where it came from, and what was found wrong with it.
type Loaded struct {
	// Document is the decoded model, or nil when the file could not be
	// decoded at all. Imports in Capability.Consumes are replaced by the
	// entries they name (see [Consumes.Origin]); unresolved ones are left.
	Document *Document
	// File is the absolute path of the loaded file, or the name given to
	// [Parse].
	File string
	// Dir is the folder relative references (imports, bind files, static
	// MCP resources) resolve against.
	Dir string
	// Diagnostics holds every finding, those of imported files included
	// (they name their own file).
	Diagnostics Diagnostics
	// Imports lists the absolute paths of the files read to resolve
	// imports, nested ones included, in the order they were first read.
	Imports []string
}

// Load reads, validates and resolves the document at path. The error is
// non-nil only when the file cannot be read at all (missing, a folder,
// unreadable); problems with its content are diagnostics (see
// [Diagnostics.Err]).
func Load(path string, opts Options) (*Loaded, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("spec: %w", err)
	}
	l, err := newLoader(opts).loadFile(abs)
	if err != nil {
		return nil, fmt.Errorf("spec: %w", err)
	}
	return l, nil
}

// Parse decodes, validates and resolves a document held in memory; name
// is used in diagnostics. Imports resolve against the current directory.
func Parse(name string, data []byte, opts Options) (*Loaded, error) {
	dir, err := os.Getwd()
	if err != nil {
		return nil, fmt.Errorf("spec: %w", err)
	}
	return newLoader(opts).load(name, dir, data, &entry{}), nil
}

// ErrFolder is returned (wrapped) by [Load] when the path names a folder.
var ErrFolder = errors.New("is a folder, not a file")

// readBounded reads a regular file, refusing folders and reading at most
// one byte more than MaxFileSize so that decodeSource can report the size.
// It also returns what the file was when opened, for the cache.
func readBounded(path string) ([]byte, os.FileInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if st.IsDir() {
		return nil, nil, fmt.Errorf("%s: %w", path, ErrFolder)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	return data, st, err
}
