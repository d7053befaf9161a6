package template

import (
	"fmt"
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
	inner    []string           // variable tags inside sections
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
		case mustache.Section, mustache.InvertedSection:
			t.sections = true
			t.inner = innerVars(tag.Tags(), seen, t.inner)
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

// innerVars collects the variable names of section contents that are not
// in seen.
func innerVars(tags []mustache.Tag, seen map[string]bool, out []string) []string {
	for _, tag := range tags {
		switch tag.Type() {
		case mustache.Variable:
			if name := tag.Name(); !seen[name] {
				seen[name] = true
				out = append(out, name)
			}
		case mustache.Section, mustache.InvertedSection:
			out = innerVars(tag.Tags(), seen, out)
		}
	}
	return out
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
	for _, name := range t.inner {
		// Variables inside sections resolve against the section's item
		// first (the library does that); what they find at top level is
		// formatted like any other value.
		if v, ok := Lookup(scope, name); ok && v != nil {
			s := Format(v)
			if esc != nil {
				s = esc(s)
			}
			place(over, name, s)
		}
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

// place stores s in over under the dotted name, creating nested maps the
// way the Mustache library navigates them. A name that is also the prefix
// of another ({{a}} with {{a.b}}) becomes a [branch] that renders as its
// own text.
func place(over map[string]any, name, s string) {
	if name == "." || !strings.Contains(name, ".") {
		if b, ok := over[name].(branch); ok {
			b[self] = s
			return
		}
		over[name] = s
		return
	}
	head, rest, _ := strings.Cut(name, ".")
	sub, ok := over[head].(branch)
	if !ok {
		sub = branch{}
		if text, isText := over[head].(string); isText {
			sub[self] = text
		}
		over[head] = sub
	}
	place(sub, rest, s)
}

// self is the key under which a branch keeps its own text; no template
// name can contain it.
const self = "\x00"

// branch is a nested map of rendered values that also has a text of its
// own, printed when the branch itself is substituted.
type branch map[string]any

// String returns the branch's own text.
func (b branch) String() string {
	s, _ := b[self].(string)
	return s
}

func abbreviate(s string) string {
	const max = 60
	if len(s) <= max {
		return s
	}
	return s[:max] + "..."
}
