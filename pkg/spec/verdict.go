package spec

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// The verdict schema of a level accepts exactly the documents the level's
// schema accepts, but is cheaper to check: jsonschema/v5 tries every
// branch of a oneOf and of an anyOf and builds an error, with its keyword
// location, for each branch that fails, which was most of the cost of
// loading a valid document. The verdict schema picks the one branch that
// can match instead:
//
//   - a oneOf whose branches are told apart by their "type" field (or by
//     having none, or by being a scalar) becomes an if/then/else chain
//     that checks only the branch the value's "type" names;
//   - a oneOf of bare {"type": T} branches with distinct T becomes one
//     {"type": [T...]};
//   - an anyOf becomes "if A then true else if B ...", which stops at the
//     first branch that matches.
//
// Schemas next to an unevaluatedProperties or unevaluatedItems keyword
// are left as they are, since those depend on what the branches
// evaluated. A document the verdict schema rejects is checked again with
// the level's schema, whose error tree the explainer reads; so the
// verdict schema decides nothing but "valid", and a differential test
// holds it to the same verdict on every fixture, corpus document and
// mutations of them.

// verdictSchemaText rewrites a copy of a level's schema document.
func verdictSchemaText(doc map[string]any, id string) ([]byte, error) {
	var cp map[string]any
	text, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(text, &cp); err != nil {
		return nil, err
	}
	defs, _ := cp["$defs"].(map[string]any)
	rewriteVerdict(cp, defs)
	cp["$id"] = id
	return json.Marshal(cp)
}

// rewriteVerdict rewrites every subschema under v, depth first.
func rewriteVerdict(v any, defs map[string]any) {
	switch x := v.(type) {
	case []any:
		for _, item := range x {
			rewriteVerdict(item, defs)
		}
		return
	case map[string]any:
		for _, sub := range x {
			rewriteVerdict(sub, defs)
		}
		_, ueP := x["unevaluatedProperties"]
		_, ueI := x["unevaluatedItems"]
		if ueP || ueI {
			return
		}
		if branches, ok := x["oneOf"].([]any); ok {
			if chain := oneOfChain(branches, defs); chain != nil {
				delete(x, "oneOf")
				x["allOf"] = append(asList(x["allOf"]), chain)
			}
		}
		if branches, ok := x["anyOf"].([]any); ok && len(branches) > 1 {
			delete(x, "anyOf")
			x["allOf"] = append(asList(x["allOf"]), anyOfChain(branches))
		}
	}
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// anyOfChain checks the branches in turn and stops at the first match.
func anyOfChain(branches []any) any {
	if len(branches) == 1 {
		return branches[0]
	}
	return map[string]any{"if": branches[0], "then": true,
		"else": anyOfChain(branches[1:])}
}

// oneOfChain returns the if/then/else chain for a oneOf, or nil when its
// branches cannot be told apart without checking them.
func oneOfChain(branches []any, defs map[string]any) any {
	var types []any
	for _, b := range branches {
		if t, ok := bareType(b); ok && t != "integer" &&
			!slices.Contains(types, any(t)) {
			types = append(types, t)
		}
	}
	if len(types) == len(branches) {
		return map[string]any{"type": types}
	}

	type arm struct{ cond, then any }
	var arms []arm
	var untyped any // the object branch that has no "type" field
	seen := map[string]bool{}
	for _, b := range branches {
		if t, ok := bareType(b); ok {
			if t == "object" || t == "integer" || seen["scalar "+t] {
				return nil
			}
			seen["scalar "+t] = true
			arms = append(arms, arm{map[string]any{"type": t}, b})
			continue
		}
		d, ok := describe(b, defs)
		if !ok {
			return nil
		}
		switch {
		case d.requiresType && len(d.values) > 0:
			for _, v := range d.values {
				if seen["value "+v] {
					return nil
				}
				seen["value "+v] = true
			}
			arms = append(arms, arm{map[string]any{"type": "object",
				"required":   []any{"type"},
				"properties": map[string]any{"type": map[string]any{"enum": anyList(d.values)}},
			}, b})
		case d.forbidsType && untyped == nil:
			untyped = b
		default:
			return nil
		}
	}
	var chain any = false
	if untyped != nil {
		chain = untyped
	}
	for i := len(arms) - 1; i >= 0; i-- {
		chain = map[string]any{"if": arms[i].cond, "then": arms[i].then, "else": chain}
	}
	return chain
}

func anyList(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// bareType reports a branch that is exactly {"type": "T"}.
func bareType(b any) (string, bool) {
	m, ok := b.(map[string]any)
	if !ok || len(m) != 1 {
		return "", false
	}
	t, ok := m["type"].(string)
	return t, ok
}

// branchShape is what a oneOf branch says about its value's "type" field.
type branchShape struct {
	object       bool     // the value must be a mapping
	requiresType bool     // "type" is required
	values       []string // the only values "type" may take (nil: any)
	forbidsType  bool     // no "type" field is allowed
}

// describe reads a branch that is a $ref to a definition, following the
// $refs of its allOf parts.
func describe(b any, defs map[string]any) (branchShape, bool) {
	var d branchShape
	constrained := false
	var visit func(s any, depth int) bool
	visit = func(s any, depth int) bool {
		m, ok := s.(map[string]any)
		if !ok || depth > 8 {
			return false
		}
		if ref, ok := m["$ref"].(string); ok {
			name, found := strings.CutPrefix(ref, "#/$defs/")
			if !found || defs[name] == nil {
				return false
			}
			if !visit(defs[name], depth+1) {
				return false
			}
		}
		if m["type"] == "object" {
			d.object = true
		}
		if slices.Contains(asList(m["required"]), any("type")) {
			d.requiresType = true
		}
		props, _ := m["properties"].(map[string]any)
		if m["additionalProperties"] == false && m["patternProperties"] == nil &&
			props != nil && props["type"] == nil {
			d.forbidsType = true
		}
		if tp, ok := props["type"].(map[string]any); ok {
			vals, ok := allowedValues(tp)
			if ok {
				if constrained {
					vals = intersect(d.values, vals)
				}
				d.values, constrained = vals, true
			}
		}
		for _, part := range asList(m["allOf"]) {
			if !visit(part, depth+1) {
				return false
			}
		}
		return true
	}
	if m, ok := b.(map[string]any); !ok || len(m) != 1 || m["$ref"] == nil {
		return d, false
	}
	if !visit(b, 0) || !d.object || (d.requiresType && d.forbidsType) {
		return d, false
	}
	return d, true
}

// allowedValues reads the string values a const or enum allows.
func allowedValues(s map[string]any) ([]string, bool) {
	if c, ok := s["const"]; ok {
		str, ok := c.(string)
		return []string{str}, ok
	}
	list, ok := s["enum"].([]any)
	if !ok {
		return nil, false
	}
	var out []string
	for _, v := range list {
		str, ok := v.(string)
		if !ok {
			return nil, false
		}
		out = append(out, str)
	}
	return out, true
}

func intersect(a, b []string) []string {
	var out []string
	for _, s := range a {
		if slices.Contains(b, s) {
			out = append(out, s)
		}
	}
	if out == nil {
		out = []string{} // nothing allowed: still constrained
	}
	return out
}

// verdictURL names the verdict schema of a level.
func verdictURL(level Level) string {
	return fmt.Sprintf("https://github.com/naftiko/naftiko-go/schemas/"+
		"naftiko-1.0.0-alpha1.%s.verdict.json", level)
}
