package spec

import (
	"strconv"
)

// node is a decoded value with its path, for the rule checks.
type node struct {
	v    any
	path []string
}

func (n node) get(key string) node {
	m, _ := n.v.(map[string]any)
	return node{v: m[key], path: n.child(key)}
}

func (n node) child(tok string) []string {
	p := make([]string, len(n.path), len(n.path)+1)
	copy(p, n.path)
	return append(p, tok)
}

func (n node) has(key string) bool {
	m, _ := n.v.(map[string]any)
	_, ok := m[key]
	return ok
}

func (n node) str() string {
	s, _ := n.v.(string)
	return s
}

func (n node) isMap() bool {
	_, ok := n.v.(map[string]any)
	return ok
}

// items returns the elements of a list value.
func (n node) items() []node {
	l, _ := n.v.([]any)
	out := make([]node, 0, len(l))
	for i, x := range l {
		out = append(out, node{v: x, path: n.child(strconv.Itoa(i))})
	}
	return out
}

// entries returns the values of a mapping by key. A map does not keep the
// file's order, so callers that report positions sort by line themselves.
func (n node) entries() map[string]node {
	m, _ := n.v.(map[string]any)
	out := make(map[string]node, len(m))
	for k, x := range m {
		out[k] = node{v: x, path: n.child(k)}
	}
	return out
}

// reporter collects diagnostics for one source.
type reporter struct {
	src *source
	out Diagnostics
}

func (r *reporter) report(sev Severity, rule string, path []string, msg string) {
	line, col := r.src.position(path)
	r.out = append(r.out, Diagnostic{File: r.src.name, Line: line, Column: col,
		Path: formatPath(path), Severity: sev, Rule: rule, Message: msg})
}

func (r *reporter) errorf(rule string, path []string, msg string) {
	r.report(SeverityError, rule, path, msg)
}

func (r *reporter) warnf(rule string, path []string, msg string) {
	r.report(SeverityWarning, rule, path, msg)
}

// exposesOf returns the exposes entries of a capability.
func exposesOf(root node) []node {
	return root.get("capability").get("exposes").items()
}

// inlineConsumes returns the inline (non-import) consumes entries of both
// lists.
func inlineConsumes(root node) []node {
	var out []node
	for _, list := range []node{root.get("consumes"), root.get("capability").get("consumes")} {
		for _, c := range list.items() {
			if c.isMap() && !c.has("location") {
				out = append(out, c)
			}
		}
	}
	return out
}

// invocations returns every object that may call, run steps or shape
// outputs: REST operations, MCP tools and MCP resources.
func invocations(root node) []node {
	var out []node
	for _, ex := range exposesOf(root) {
		switch ex.get("type").str() {
		case "rest":
			for _, res := range ex.get("resources").items() {
				out = append(out, res.get("operations").items()...)
			}
		case "mcp":
			out = append(out, ex.get("tools").items()...)
			out = append(out, ex.get("resources").items()...)
		}
	}
	return out
}
