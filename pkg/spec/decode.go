package spec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Limits that keep decoding bounded whatever the input.
const (
	// MaxFileSize is the largest document the loader reads, in bytes.
	MaxFileSize = 10 << 20
	// maxDepth caps the nesting of mappings and lists, aliases included.
	maxDepth = 128
	// maxValues caps the number of values after alias expansion, which
	// defeats "billion laughs" documents.
	maxValues = 1_000_000
	// maxShownPath caps the path shown in limit diagnostics.
	maxShownPath = 8
)

// source is one decoded YAML file: its node tree for positions and model
// decoding, and a JSON-compatible value for the schema validator.
type source struct {
	name  string
	root  *yaml.Node // the root mapping
	value map[string]any
}

// yamlLine finds the line number in a yaml.v3 error message.
var yamlLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?`)

// decodeSource parses data into a source. On failure it returns nil and
// at least one error diagnostic.
func decodeSource(name string, data []byte) (src *source, ds Diagnostics) {
	defer func() {
		if r := recover(); r != nil {
			src = nil
			ds = append(ds, errorAt(name, 1, 1, "", RuleYAML,
				fmt.Sprintf("cannot decode the document: %v", r)))
		}
	}()
	if len(data) > MaxFileSize {
		return nil, Diagnostics{errorAt(name, 1, 1, "", RuleLimit, fmt.Sprintf(
			"file is %d bytes, larger than the %d byte limit", len(data), MaxFileSize))}
	}
	if i := bytes.IndexByte(data, 0); i >= 0 || !utf8.Valid(data) {
		line, col := offsetPosition(data, firstBinary(data))
		return nil, Diagnostics{errorAt(name, line, col, "", RuleYAML,
			"file is not UTF-8 text (binary data)")}
	}

	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, Diagnostics{errorAt(name, 1, 1, "", RuleYAML, "file is empty")}
		}
		return nil, Diagnostics{yamlError(name, err)}
	}
	var next yaml.Node
	if err := dec.Decode(&next); err == nil {
		return nil, Diagnostics{errorAt(name, next.Line, next.Column, "", RuleYAML,
			"file holds more than one YAML document; a capability is one document")}
	} else if !errors.Is(err, io.EOF) {
		return nil, Diagnostics{yamlError(name, err)}
	}

	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind != yaml.MappingNode {
		return nil, Diagnostics{errorAt(name, root.Line, root.Column, "", RuleYAML,
			fmt.Sprintf("the document root must be a mapping of fields, got %s", kindName(root)))}
	}

	c := converter{name: name, active: map[*yaml.Node]bool{}}
	v := c.convert(root, nil, 0)
	if len(c.diags) > 0 {
		return nil, c.diags
	}
	return &source{name: name, root: root, value: v.(map[string]any)}, nil
}

func firstBinary(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == 0 || (r == utf8.RuneError && size <= 1) {
			return i
		}
		i += size
	}
	return 0
}

func offsetPosition(data []byte, off int) (line, col int) {
	line = 1 + bytes.Count(data[:off], []byte("\n"))
	col = off - bytes.LastIndexByte(data[:off], '\n')
	return line, col
}

func yamlError(name string, err error) Diagnostic {
	msg := err.Error()
	line := 1
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		if m[1] != "" {
			line, _ = strconv.Atoi(m[1])
		}
		msg = msg[len(m[0]):]
	}
	return errorAt(name, line, 1, "", RuleYAML, "invalid YAML: "+msg)
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.ScalarNode:
		if n.ShortTag() == "!!null" {
			return "nothing (null)"
		}
		return "a scalar value"
	case yaml.AliasNode:
		return "an alias"
	}
	return "an empty document"
}

// converter turns a node tree into JSON-compatible values, checking
// duplicate keys, depth and alias expansion on the way.
type converter struct {
	name   string
	count  int
	active map[*yaml.Node]bool // alias targets being expanded
	diags  Diagnostics
}

func (c *converter) fail(n *yaml.Node, path []string, msg string) any {
	if len(path) > maxShownPath {
		path = append(path[:maxShownPath:maxShownPath], "...")
	}
	if len(c.diags) == 0 {
		c.diags = append(c.diags, errorAt(c.name, n.Line, n.Column, formatPath(path),
			RuleYAML, msg))
	}
	return nil
}

func (c *converter) convert(n *yaml.Node, path []string, depth int) any {
	if len(c.diags) > 0 {
		return nil
	}
	c.count++
	if c.count > maxValues {
		return c.fail(n, path, fmt.Sprintf(
			"document expands to more than %d values (aliases expanding too much)", maxValues))
	}
	if depth > maxDepth {
		return c.fail(n, path, fmt.Sprintf("document nests deeper than %d levels", maxDepth))
	}
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias == nil || c.active[n.Alias] {
			return c.fail(n, path, fmt.Sprintf("alias *%s refers to itself", n.Value))
		}
		c.active[n.Alias] = true
		v := c.convert(n.Alias, path, depth+1)
		delete(c.active, n.Alias)
		return v
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for i, item := range n.Content {
			out = append(out, c.convert(item, append(path, strconv.Itoa(i)), depth+1))
		}
		return out
	case yaml.MappingNode:
		return c.mapping(n, path, depth)
	case yaml.ScalarNode:
		return scalarValue(n)
	}
	return c.fail(n, path, "unexpected YAML node")
}

func (c *converter) mapping(n *yaml.Node, path []string, depth int) any {
	out := make(map[string]any, len(n.Content)/2)
	seen := make(map[string]*yaml.Node, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return c.fail(k, path, "mapping keys must be plain strings")
		}
		if k.ShortTag() == "!!merge" {
			c.merge(out, v, path, depth)
			continue
		}
		if prev, dup := seen[k.Value]; dup {
			return c.fail(k, append(path, k.Value), fmt.Sprintf(
				"duplicate field %q (first defined at line %d)", k.Value, prev.Line))
		}
		seen[k.Value] = k
		out[k.Value] = c.convert(v, append(path, k.Value), depth+1)
	}
	return out
}

// merge applies a "<<" merge key: fields of the merged mappings that are
// not set explicitly.
func (c *converter) merge(out map[string]any, v *yaml.Node, path []string, depth int) {
	var sources []map[string]any
	switch m := c.convert(v, path, depth+1).(type) {
	case map[string]any:
		sources = append(sources, m)
	case []any:
		for _, item := range m {
			if im, ok := item.(map[string]any); ok {
				sources = append(sources, im)
			}
		}
	}
	for _, m := range sources {
		for k, x := range m {
			if _, set := out[k]; !set {
				out[k] = x
			}
		}
	}
}

// scalarValue keeps the text of timestamps (dates stay strings) and
// resolves other scalars as YAML 1.2 core types.
func scalarValue(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		b, err := strconv.ParseBool(strings.ToLower(n.Value))
		if err != nil {
			return n.Value
		}
		return b
	case "!!int", "!!float":
		var v any
		if err := n.Decode(&v); err != nil {
			return n.Value
		}
		switch x := v.(type) {
		case int:
			return int64(x)
		case int64, uint64, float64:
			return x
		}
		return n.Value
	}
	return n.Value
}
