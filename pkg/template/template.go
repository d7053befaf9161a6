package template

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/cbroglie/mustache"
)

// Scope is the data a template is rendered against: a stack of maps
// searched in order, so an earlier map shadows a later one.
type Scope []map[string]any

// Escaper transforms each substituted value before it is written (for
// example percent-encoding for URLs). Literal template text is never
// passed through it.
type Escaper func(string) string

// Template is a compiled Mustache template. It is immutable and safe for
// concurrent use.
type Template struct {
	src      string
	tmpl     *mustache.Template // nil when src has no tags
	vars     []string           // variable tags outside sections, deduplicated
	sections bool               // the template has sections or partials
	whole    string             // the variable name when src is exactly one tag
	parts    []part             // literal text and variables, for simple templates
}

// part is literal text (name empty) or one variable of a simple template.
type part struct {
	text, name string
}

// noPartials answers every partial with an empty template, so that a
// template can never read files.
var noPartials = &mustache.StaticProvider{}

// Compile parses src. Values are substituted raw (no HTML escaping).
func Compile(src string) (*Template, error) {
	t := &Template{src: src}
	if !strings.Contains(src, "{{") {
		return t, nil
	}
	m, err := mustache.ParseStringPartialsRaw(src, noPartials, true)
	if err != nil {
		return nil, fmt.Errorf("template %q: %w", abbreviate(src), err)
	}
	t.tmpl = m
	seen := map[string]bool{}
	for _, tag := range m.Tags() {
		switch tag.Type() {
		case mustache.Variable:
			if name := tag.Name(); !seen[name] {
				seen[name] = true
				t.vars = append(t.vars, name)
			}
		default:
			t.sections = true
		}
	}
	if !t.sections {
		t.parts = splitSimple(src)
	}
	trimmed := strings.TrimSpace(src)
	if len(t.vars) == 1 && !t.sections && isSingleTag(trimmed, t.vars[0]) {
		t.whole = t.vars[0]
	}
	return t, nil
}

// CompileURI is [Compile] for URI templates: it first turns single-brace
// placeholders such as "/users/{id}" (OpenAPI style) into Mustache tags.
func CompileURI(src string) (*Template, error) {
	return Compile(SingleBraces(src))
}

// MustCompile is like Compile but panics on error; for tests and constants.
func MustCompile(src string) *Template {
	t, err := Compile(src)
	if err != nil {
		panic(err)
	}
	return t
}

func isSingleTag(s, name string) bool {
	if !strings.HasPrefix(s, "{{") || !strings.HasSuffix(s, "}}") {
		return false
	}
	inner := strings.TrimSpace(strings.Trim(s, "{}&"))
	return inner == name && strings.Count(s, "{{") == 1
}

// Source returns the template text as written.
func (t *Template) Source() string { return t.src }

// Static reports whether the template has no tags.
func (t *Template) Static() bool { return t.tmpl == nil }

// Whole reports whether the template is exactly one variable tag (see
// [Template.Value]).
func (t *Template) Whole() bool { return t.whole != "" }

// Vars returns the variable names the template uses outside sections.
func (t *Template) Vars() []string { return t.vars }

// Value evaluates a template that is exactly one variable tag to the
// variable's value, keeping its type (a number stays a number, a list a
// list). For other templates it returns the rendered string. found is
// false when a variable was missing.
func (t *Template) Value(scope Scope) (v any, found bool, err error) {
	if t.whole != "" {
		v, ok := Lookup(scope, t.whole)
		return v, ok && v != nil, nil
	}
	s, missing, err := t.Render(scope, nil)
	return s, len(missing) == 0, err
}

// Render renders t against scope. missing lists the variables (outside
// sections) that were absent or null; they render as empty text. esc, when
// not nil, is applied to every substituted value.
func (t *Template) Render(scope Scope, esc Escaper) (out string, missing []string, err error) {
	if t.tmpl == nil {
		return t.src, nil, nil
	}
	if t.parts != nil {
		return t.renderSimple(scope, esc)
	}
	over := make(map[string]any, len(t.vars))
	for _, name := range t.vars {
		v, ok := Lookup(scope, name)
		if !ok || v == nil {
			missing = append(missing, name)
			continue
		}
		s := Format(v)
		if esc != nil {
			s = esc(s)
		}
		place(over, name, s)
	}
	ctx := []any{over}
	if t.sections {
		for _, m := range scope {
			ctx = append(ctx, m)
		}
	}
	out, err = t.tmpl.Render(ctx...)
	if err != nil {
		return "", missing, fmt.Errorf("template %q: %w", abbreviate(t.src), err)
	}
	return out, missing, nil
}

// splitSimple cuts a template made only of text and variable tags
// ({{x}}, {{{x}}}, {{&x}}) into parts; it returns nil for anything else
// (comments, sections, partials, delimiter changes), which the Mustache
// library renders.
func splitSimple(src string) []part {
	var parts []part
	for src != "" {
		i := strings.Index(src, "{{")
		if i < 0 {
			parts = append(parts, part{text: src})
			break
		}
		if i > 0 {
			parts = append(parts, part{text: src[:i]})
		}
		rest := src[i+2:]
		closing := "}}"
		if strings.HasPrefix(rest, "{") {
			rest, closing = rest[1:], "}}}"
		} else if strings.HasPrefix(rest, "&") {
			rest = rest[1:]
		}
		j := strings.Index(rest, closing)
		if j < 0 {
			return nil
		}
		name := strings.TrimSpace(rest[:j])
		if name == "" || name == "." || strings.ContainsAny(name, "{}!#^/>=&") {
			return nil
		}
		parts = append(parts, part{name: name})
		src = rest[j+len(closing):]
	}
	return parts
}

// renderSimple renders a template split by splitSimple.
func (t *Template) renderSimple(scope Scope, esc Escaper) (string, []string, error) {
	var b strings.Builder
	b.Grow(len(t.src) + 16)
	var missing []string
	for _, p := range t.parts {
		if p.name == "" {
			b.WriteString(p.text)
			continue
		}
		v, ok := Lookup(scope, p.name)
		if !ok || v == nil {
			if !contains(missing, p.name) {
				missing = append(missing, p.name)
			}
			continue
		}
		s := Format(v)
		if esc != nil {
			s = esc(s)
		}
		b.WriteString(s)
	}
	return b.String(), missing, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// place stores s in over under the dotted name, creating nested maps the
// way the Mustache library navigates them.
//
// TODO(#3): in templates with sections, a name that is a dotted prefix of
// another ({{a}} with {{a.b}}) renders the nested map instead of a's JSON.
func place(over map[string]any, name, s string) {
	if name == "." || !strings.Contains(name, ".") {
		over[name] = s
		return
	}
	head, rest, _ := strings.Cut(name, ".")
	sub, ok := over[head].(map[string]any)
	if !ok {
		sub = map[string]any{}
		over[head] = sub
	}
	place(sub, rest, s)
}

// Lookup resolves a variable name, possibly dotted ("step.field"), in
// scope. The first segment is searched in every map of scope in order;
// later segments walk nested objects (and list indexes).
func Lookup(scope Scope, name string) (any, bool) {
	head, rest, dotted := strings.Cut(name, ".")
	if name == "." {
		dotted = false
		head = name
	}
	for _, m := range scope {
		v, ok := m[head]
		if !ok {
			continue
		}
		if !dotted {
			return v, true
		}
		return walk(v, rest)
	}
	return nil, false
}

func walk(v any, path string) (any, bool) {
	for path != "" {
		var seg string
		seg, path, _ = strings.Cut(path, ".")
		switch c := v.(type) {
		case map[string]any:
			next, ok := c[seg]
			if !ok {
				return nil, false
			}
			v = next
		case []any:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(c) {
				return nil, false
			}
			v = c[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// Format renders a value as template text: strings as they are, numbers
// without a trailing ".0", lists and objects as JSON, null as "".
func Format(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'f', -1, 32)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		return strconv.FormatBool(x)
	case json.Number:
		return x.String()
	case fmt.Stringer:
		return x.String()
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func abbreviate(s string) string {
	const max = 60
	if len(s) <= max {
		return s
	}
	return s[:max] + "..."
}
