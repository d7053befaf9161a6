package spec

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

var (
	stepName      = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
	stepRef       = regexp.MustCompile(`^\$\.([A-Za-z0-9_-]+)`)
	pathParam     = regexp.MustCompile(`\{\{?\s*([A-Za-z0-9_.-]+)\s*\}?\}`)
	mustacheVar   = regexp.MustCompile(`\{\{\{?\s*[#^/&]?\s*([A-Za-z0-9_.-]+)`)
	bindVariable  = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)
	scriptTag     = regexp.MustCompile(`(?i)<script`)
	evalCall      = regexp.MustCompile(`eval\(`)
	exampleSuffix = regexp.MustCompile(`(?i)example\.com$`)
)

// checkREST: unique (path, method) and operation names per server, path
// placeholders against path parameters, and path hygiene.
func checkREST(r *reporter, root node) {
	for _, ex := range exposesOf(root) {
		if ex.get("type").str() != "rest" {
			continue
		}
		routes := map[string][]string{}
		var ops []node
		for _, res := range ex.get("resources").items() {
			path := res.get("path").str()
			if len(path) > 1 && strings.HasSuffix(path, "/") {
				r.warnf(RuleRestPathSlash, res.get("path").path,
					fmt.Sprintf("resource path %q ends with a slash", path))
			}
			if strings.Contains(path, "?") {
				r.warnf(RuleRestPathQuery, res.get("path").path,
					fmt.Sprintf("resource path %q holds a query string", path))
			}
			if !res.has("description") {
				r.warnf(RuleRestResourceDesc, res.path, "REST resource has no description")
			}
			shape := pathParam.ReplaceAllString(path, "{}")
			for _, op := range res.get("operations").items() {
				ops = append(ops, op)
				key := shape + " " + op.get("method").str()
				if first, dup := routes[key]; dup {
					line, _ := r.src.position(first)
					r.errorf(RuleRouteUnique, op.get("method").path, fmt.Sprintf(
						"%s %s is already defined at line %d", op.get("method").str(), path, line))
				} else {
					routes[key] = op.get("method").path
				}
				checkPathParams(r, res, op)
			}
		}
		uniqueSev(r, SeverityWarning, RuleOperationNamesUnique, ops, "name", "operation")
		uniqueSev(r, SeverityWarning, RuleOperationNamesUnique, ex.get("resources").items(),
			"name", "resource")
	}
}

// checkPathParams compares the placeholders of a resource path with the
// in: path parameters of the resource and the operation.
func checkPathParams(r *reporter, res, op node) {
	holders := map[string]bool{}
	for _, m := range pathParam.FindAllStringSubmatch(res.get("path").str(), -1) {
		holders[m[1]] = true
	}
	declared := map[string]bool{}
	params := append(res.get("inputParameters").items(), op.get("inputParameters").items()...)
	for _, p := range params {
		if p.get("in").str() != "path" {
			continue
		}
		name := p.get("name").str()
		declared[name] = true
		if !holders[name] {
			r.warnf(RulePathParameters, p.get("name").path, fmt.Sprintf(
				"path parameter %q does not appear as {%s} in path %q", name, name,
				res.get("path").str()))
		}
	}
	var missing []string
	for h := range holders {
		if !declared[h] {
			missing = append(missing, h)
		}
	}
	sort.Strings(missing)
	for _, h := range missing {
		r.warnf(RulePathParameters, op.get("method").path, fmt.Sprintf(
			"placeholder {%s} in path %q has no input parameter with in: path", h,
			res.get("path").str()))
	}
}

// checkConsumesHygiene: baseUri without trailing slash, no query in
// consumed paths, descriptions present, addresses not example.com.
func checkConsumesHygiene(r *reporter, root node) {
	for _, c := range inlineConsumes(root) {
		base := c.get("baseUri")
		if strings.HasSuffix(base.str(), "/") {
			r.warnf(RuleBaseURISlash, base.path, fmt.Sprintf(
				"baseUri %q ends with a slash; resource paths start with one", base.str()))
		}
		if c.get("description").str() == "" {
			r.warnf(RuleConsumesDescription, c.path, fmt.Sprintf(
				"consumes %q has no description", c.get("namespace").str()))
		}
		for _, res := range c.get("resources").items() {
			if strings.Contains(res.get("path").str(), "?") {
				r.warnf(RuleConsumedPathQuery, res.get("path").path, fmt.Sprintf(
					"resource path %q holds a query string; use query input parameters",
					res.get("path").str()))
			}
		}
	}
	for _, ex := range exposesOf(root) {
		addr := ex.get("address")
		if exampleSuffix.MatchString(addr.str()) {
			r.warnf(RuleAddressExample, addr.path,
				fmt.Sprintf("address %q is an example host", addr.str()))
		}
	}
}

// checkMarkdown: no <script tags or eval( calls in texts rendered as
// Markdown.
func checkMarkdown(r *reporter, root node) {
	var texts []node
	info := root.get("info")
	texts = append(texts, info.get("description"), info.get("label"))
	for _, c := range inlineConsumes(root) {
		texts = append(texts, c.get("description"))
	}
	for _, ex := range exposesOf(root) {
		texts = append(texts, ex.get("description"))
		for _, res := range ex.get("resources").items() {
			texts = append(texts, res.get("description"))
			for _, op := range res.get("operations").items() {
				texts = append(texts, op.get("description"))
			}
		}
		for _, t := range ex.get("tools").items() {
			texts = append(texts, t.get("description"))
		}
		for _, sk := range ex.get("skills").items() {
			texts = append(texts, sk.get("description"))
			for _, t := range sk.get("tools").items() {
				texts = append(texts, t.get("description"))
			}
		}
	}
	for _, t := range texts {
		s := t.str()
		if scriptTag.MatchString(s) {
			r.errorf(RuleNoScriptTags, t.path, "text holds a <script tag")
		}
		if evalCall.MatchString(s) {
			r.errorf(RuleNoEval, t.path, "text holds an eval( call")
		}
	}
}

// checkTemplates: each {{VAR}} in an inline consumes adapter names a binds
// key or an input (parameter, with key, prompt argument). Namespace
// references such as {{tools.x}} are left to the runtime.
//
// A shared-consumes document (no capability) is skipped: its templates
// are fed by whoever imports it.
//
// TODO(#2): an imported adapter is not checked against the importer's
// binds and inputs; only adapters written inline in a capability are.
func checkTemplates(r *reporter, root node) {
	if !root.has("capability") {
		return
	}
	known := map[string]bool{}
	for _, list := range []node{root.get("binds"), root.get("capability").get("binds")} {
		for _, b := range list.items() {
			for k := range b.get("keys").entries() {
				known[k] = true
			}
		}
	}
	collectInputNames(root.v, known)
	for _, c := range inlineConsumes(root) {
		walkStrings(c, func(s node) {
			for _, m := range mustacheVar.FindAllStringSubmatch(s.str(), -1) {
				name := m[1]
				if strings.Contains(name, ".") || known[name] {
					continue
				}
				what := "an input parameter"
				if bindVariable.MatchString(name) {
					what = "a binds key"
				}
				r.warnf(RuleTemplateVariable, s.path, fmt.Sprintf(
					"{{%s}} is neither a binds key nor an input; expected %s named %q",
					name, what, name))
			}
		})
	}
}

// collectInputNames gathers every name a template may refer to: input
// parameter and argument names, and the keys of with blocks.
func collectInputNames(v any, out map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		for _, k := range []string{"inputParameters", "arguments"} {
			if list, ok := x[k].([]any); ok {
				for _, p := range list {
					if pm, ok := p.(map[string]any); ok {
						if n, ok := pm["name"].(string); ok {
							out[n] = true
						}
					}
				}
			}
		}
		if w, ok := x["with"].(map[string]any); ok {
			for k := range w {
				out[k] = true
			}
		}
		for _, c := range x {
			collectInputNames(c, out)
		}
	case []any:
		for _, c := range x {
			collectInputNames(c, out)
		}
	}
}

func walkStrings(n node, f func(node)) {
	switch x := n.v.(type) {
	case string:
		f(n)
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			walkStrings(n.get(k), f)
		}
	case []any:
		for _, it := range n.items() {
			walkStrings(it, f)
		}
	}
}
