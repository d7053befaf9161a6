package spec

import (
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// formatPath renders path tokens as "capability.exposes[0].call".
func formatPath(path []string) string {
	var b strings.Builder
	for _, p := range path {
		if p == "..." {
			b.WriteString("...")
			continue
		}
		if _, err := strconv.Atoi(p); err == nil {
			b.WriteString("[" + p + "]")
			continue
		}
		if p == "" || strings.ContainsAny(p, ".[]\" ") {
			b.WriteString("[" + strconv.Quote(p) + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(p)
	}
	return b.String()
}

// locate finds the key and value nodes at path under root; key is nil for
// list items and the root. It stops at the deepest node that exists.
func locate(root *yaml.Node, path []string) (key, val *yaml.Node, found bool) {
	val = root
	for _, p := range path {
		for val.Kind == yaml.AliasNode && val.Alias != nil {
			val = val.Alias
		}
		switch val.Kind {
		case yaml.MappingNode:
			k, v := mappingEntry(val, p)
			if v == nil {
				return key, val, false
			}
			key, val = k, v
		case yaml.SequenceNode:
			i, err := strconv.Atoi(p)
			if err != nil || i < 0 || i >= len(val.Content) {
				return key, val, false
			}
			key, val = nil, val.Content[i]
		default:
			return key, val, false
		}
	}
	return key, val, true
}

func mappingEntry(m *yaml.Node, name string) (key, val *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == name {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

// position returns where to point at for path: the key when there is
// one, else the value.
func (s *source) position(path []string) (line, col int) {
	key, val, _ := locate(s.root, path)
	if key != nil {
		return key.Line, key.Column
	}
	return val.Line, val.Column
}

func errorAt(file string, line, col int, path, rule, msg string) Diagnostic {
	return Diagnostic{File: file, Line: line, Column: col, Path: path,
		Severity: SeverityError, Rule: rule, Message: msg}
}
