package mapping

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/PaesslerAG/gval"
	"github.com/PaesslerAG/jsonpath"
)

// Path is a compiled JSONPath expression. It is immutable and safe for
// concurrent use.
type Path struct {
	src   string
	eval  gval.Evaluable // nil for the root path
	names []string       // member names of a plain dot path; nil otherwise
}

// CompilePath compiles a JSONPath expression. "$" and "$." both mean the
// root. Dot segments holding characters that JSONPath identifiers cannot
// (such as "$.get-ship.imo" or "$.a b") are read as bracketed names.
func CompilePath(src string) (*Path, error) {
	s := strings.TrimSpace(src)
	if s == "" {
		return nil, fmt.Errorf("jsonpath: empty expression")
	}
	if s == "$" || s == "$." {
		return &Path{src: src}, nil
	}
	if !strings.HasPrefix(s, "$") {
		return nil, fmt.Errorf("jsonpath %q: must start with $", src)
	}
	rewritten, err := bracketNames(s)
	if err != nil {
		return nil, fmt.Errorf("jsonpath %q: %w", src, err)
	}
	eval, err := compile(rewritten)
	if err != nil {
		return nil, fmt.Errorf("jsonpath %q: %w", src, err)
	}
	p := &Path{src: src, eval: eval}
	if names, ok := p.Fields(); ok {
		p.names = names
	}
	return p, nil
}

// compile shields callers from a panic inside the parser.
func compile(s string) (eval gval.Evaluable, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("unparsable: %v", r)
		}
	}()
	return lang.NewEvaluable(s)
}

// lang is JSONPath with the full gval expression language for filters.
var lang = gval.Full(jsonpath.Language())

// MustCompilePath is like CompilePath but panics on error.
func MustCompilePath(src string) *Path {
	p, err := CompilePath(src)
	if err != nil {
		panic(err)
	}
	return p
}

// String returns the expression as written.
func (p *Path) String() string { return p.src }

// IsRoot reports whether p selects the whole document.
func (p *Path) IsRoot() bool { return p.eval == nil }

// Get evaluates p against v. A path that selects nothing yields nil, never
// an error.
func (p *Path) Get(v any) (out any) {
	if p == nil {
		return nil
	}
	if p.eval == nil {
		return v
	}
	if p.names != nil {
		if out, ok := p.lookup(v); ok {
			return out
		}
	}
	defer func() {
		if recover() != nil {
			out = nil
		}
	}()
	out, err := p.eval(context.Background(), v)
	if err != nil {
		return nil
	}
	return out
}

// lookup follows a plain dot path through objects, as the JSONPath
// evaluator does (a missing member selects nothing); ok is false when it
// meets anything but an object, which the evaluator then handles.
func (p *Path) lookup(v any) (out any, ok bool) {
	for _, name := range p.names {
		m, isMap := v.(map[string]any)
		if !isMap {
			return nil, false
		}
		if v, ok = m[name]; !ok {
			return nil, true
		}
	}
	return v, true
}

// bracketNames rewrites ".name" segments that are not plain identifiers
// into "['name']" so that the JSONPath parser reads them as names.
func bracketNames(s string) (string, error) {
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteByte('$')
	i := 1
	for i < len(s) {
		c := s[i]
		switch {
		case c == '[':
			end, err := closeBracket(s, i)
			if err != nil {
				return "", err
			}
			b.WriteString(doubleQuotes(s[i : end+1]))
			i = end + 1
		case c == '.' && i+1 < len(s) && s[i+1] == '.':
			b.WriteString("..")
			i += 2
			i = segment(&b, s, i, false)
		case c == '.':
			i++
			i = segment(&b, s, i, true)
		default:
			return "", fmt.Errorf("unexpected %q at offset %d", c, i)
		}
	}
	return b.String(), nil
}

// segment copies the name starting at s[i]; it returns the index after it.
// dot tells whether a "." must be written before a plain name.
func segment(b *strings.Builder, s string, i int, dot bool) int {
	j := i
	for j < len(s) && s[j] != '.' && s[j] != '[' {
		j++
	}
	name := s[i:j]
	switch {
	case name == "":
		if dot {
			b.WriteByte('.')
		}
	case name == "*" || isIdent(name):
		if dot {
			b.WriteByte('.')
		}
		b.WriteString(name)
	default:
		b.WriteByte('[')
		b.WriteString(strconv.Quote(name))
		b.WriteByte(']')
	}
	return j
}

func isIdent(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9' {
			continue
		}
		return false
	}
	return s != ""
}

// closeBracket finds the "]" matching the "[" at s[i], skipping quoted text
// and nested brackets.
func closeBracket(s string, i int) (int, error) {
	depth := 0
	var quote byte
	for j := i; j < len(s); j++ {
		c := s[j]
		switch {
		case quote != 0:
			if c == '\\' {
				j++
			} else if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '[':
			depth++
		case c == ']':
			depth--
			if depth == 0 {
				return j, nil
			}
		}
	}
	return 0, fmt.Errorf("unclosed [ at offset %d", i)
}

// doubleQuotes rewrites single-quoted strings ('a-b') as double-quoted Go
// strings, which is the only form the expression parser reads.
func doubleQuotes(s string) string {
	if !strings.Contains(s, "'") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			j := i + 1
			for j < len(s) && s[j] != '"' {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(s) {
				j = len(s) - 1
			}
			b.WriteString(s[i : j+1])
			i = j
		case '\'':
			var lit strings.Builder
			j := i + 1
			for ; j < len(s) && s[j] != '\''; j++ {
				if s[j] == '\\' && j+1 < len(s) {
					j++
				}
				lit.WriteByte(s[j])
			}
			b.WriteString(strconv.Quote(lit.String()))
			i = j
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
