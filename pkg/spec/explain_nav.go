package spec

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// Navigation of the instance and schema behind validation errors, and
// small formatting helpers for messages.

func joinOr(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// isUnknown reports whether the additionalProperties failure l rejects key.
func (e *explainer) isUnknown(l *jsonschema.ValidationError, inst map[string]any,
	key string) bool {
	return slices.Contains(e.unknownFields(l, inst), key)
}

// unknownFields lists the keys of inst that the schema owning the failed
// additionalProperties keyword does not declare.
func (e *explainer) unknownFields(l *jsonschema.ValidationError, inst map[string]any) []string {
	known := e.knownFields(l.AbsoluteKeywordLocation)
	var out []string
	for k := range inst {
		if _, ok := known[k]; !ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// knownFields returns the properties of the schema object that holds the
// keyword at loc.
func (e *explainer) knownFields(loc string) map[string]any {
	parent, _ := e.schemaAt(parentLocation(loc)).(map[string]any)
	props, _ := parent["properties"].(map[string]any)
	return props
}

func (e *explainer) missingFields(l *jsonschema.ValidationError) []string {
	req, _ := e.schemaAt(l.AbsoluteKeywordLocation).([]any)
	inst, _ := e.valueAt(l.InstanceLocation).(map[string]any)
	var out []string
	for _, r := range req {
		name := fmt.Sprint(r)
		if _, ok := inst[name]; !ok {
			out = append(out, name)
		}
	}
	return out
}

// valueAt returns the decoded value at a JSON pointer.
func (e *explainer) valueAt(loc string) any {
	return valueAtPath(e.src.value, pointerTokens(loc))
}

// schemaAt returns the schema JSON at an absolute keyword location.
func (e *explainer) schemaAt(abs string) any {
	_, frag, _ := strings.Cut(abs, "#")
	return valueAtPath(e.schema, pointerTokens(frag))
}

func parentLocation(loc string) string {
	if i := strings.LastIndexByte(loc, '/'); i >= 0 {
		return loc[:i]
	}
	return loc
}

func pointerTokens(p string) []string {
	p = strings.TrimPrefix(p, "/")
	if p == "" {
		return nil
	}
	toks := strings.Split(p, "/")
	for i, t := range toks {
		toks[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	return toks
}

func lastToken(p string) string {
	toks := pointerTokens(p)
	if len(toks) == 0 {
		return ""
	}
	return toks[len(toks)-1]
}

// fieldName names the value at loc for messages: its key, or its path
// when it is a list item.
func fieldName(loc string) string {
	toks := pointerTokens(loc)
	if len(toks) == 0 {
		return "document"
	}
	last := toks[len(toks)-1]
	if _, err := strconv.Atoi(last); err == nil {
		return formatPath(toks)
	}
	return last
}

// showValue renders a document value briefly for messages.
func showValue(v any) string {
	switch x := v.(type) {
	case string:
		if len(x) > 60 {
			x = x[:57] + "..."
		}
		return strconv.Quote(x)
	case nil:
		return "null"
	case map[string]any:
		return "(a mapping)"
	case []any:
		return "(a list)"
	}
	return fmt.Sprint(v)
}
