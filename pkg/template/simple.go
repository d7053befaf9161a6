package template

import (
	"slices"
	"strings"
)

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
			if !slices.Contains(missing, p.name) {
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
