// Package fielderr carries the field path of a document problem (for
// example "capability.consumes[0].resources[1].operations[0].method")
// inside an error, so that the layer that knows the file can add the line.
package fielderr

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Error is a problem with one field of a document.
type Error struct {
	Path string
	Err  error
}

// Error formats the error as "path: cause".
func (e *Error) Error() string { return e.Path + ": " + e.Err.Error() }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// New returns an *Error for path with a formatted message.
func New(path, format string, args ...any) error {
	return &Error{Path: path, Err: fmt.Errorf(format, args...)}
}

// Wrap returns an *Error for path around err.
func Wrap(path string, err error) error {
	return &Error{Path: path, Err: err}
}

// Locate prefixes err with "file:line:column: " when err holds an *Error
// whose path can be found in file, and with "file: " otherwise.
func Locate(file string, err error) error {
	var fe *Error
	if errors.As(err, &fe) {
		if line, col := Position(file, fe.Path); line > 0 {
			return fmt.Errorf("%s:%d:%d: %w", file, line, col, err)
		}
	}
	return fmt.Errorf("%s: %w", file, err)
}

// Position returns the line and column of the node at path in the YAML
// file, or of its deepest ancestor that exists; 0, 0 when the file
// cannot be read.
func Position(file, path string) (line, col int) {
	data, err := os.ReadFile(file)
	if err != nil {
		return 0, 0
	}
	var root yaml.Node
	if yaml.Unmarshal(data, &root) != nil || len(root.Content) == 0 {
		return 0, 0
	}
	n := root.Content[0]
	for _, tok := range tokens(path) {
		next := child(n, tok)
		if next == nil {
			break
		}
		n = next
	}
	return n.Line, n.Column
}

func child(n *yaml.Node, tok string) *yaml.Node {
	if i, err := strconv.Atoi(tok); err == nil && n.Kind == yaml.SequenceNode {
		if i >= 0 && i < len(n.Content) {
			return n.Content[i]
		}
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == tok {
			return n.Content[i+1]
		}
	}
	return nil
}

// tokens splits "a.b[2].c" into "a", "b", "2", "c".
func tokens(path string) []string {
	var out []string
	for _, seg := range strings.Split(path, ".") {
		for seg != "" {
			i := strings.IndexByte(seg, '[')
			if i < 0 {
				out = append(out, seg)
				break
			}
			if i > 0 {
				out = append(out, seg[:i])
			}
			j := strings.IndexByte(seg[i:], ']')
			if j < 0 {
				out = append(out, seg[i:])
				break
			}
			out = append(out, seg[i+1:i+j])
			seg = seg[i+j+1:]
		}
	}
	return out
}
