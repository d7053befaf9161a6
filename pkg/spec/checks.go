package spec

import (
	"fmt"
	"sort"
	"strings"
)

// checkRules runs the semantic rules on a document that passed the schema.
func checkRules(src *source, imports []resolvedImport) Diagnostics {
	r := &reporter{src: src}
	root := node{v: src.value}
	checkNamespaces(r, root, imports)
	ops := consumedOperations(r, root, imports)
	checkCalls(r, root, ops)
	checkSteps(r, root)
	checkMCPNames(r, root)
	checkREST(r, root)
	checkPorts(r, root)
	checkSkills(r, root)
	checkConsumesHygiene(r, root)
	checkMarkdown(r, root)
	checkTemplates(r, root)
	return r.out
}

// checkNamespaces: namespaces of consumes (imports resolved), exposes and
// binds are unique across the document.
func checkNamespaces(r *reporter, root node, imports []resolvedImport) {
	type use struct {
		ns   string
		path []string
	}
	var uses []use
	for _, c := range inlineConsumes(root) {
		uses = append(uses, use{c.get("namespace").str(), c.get("namespace").path})
	}
	for _, im := range imports {
		if im.namespace != "" {
			uses = append(uses, use{im.namespace, append(append([]string{}, im.path...), "import")})
		}
	}
	for _, ex := range exposesOf(root) {
		uses = append(uses, use{ex.get("namespace").str(), ex.get("namespace").path})
	}
	for _, list := range []node{root.get("binds"), root.get("capability").get("binds")} {
		for _, b := range list.items() {
			uses = append(uses, use{b.get("namespace").str(), b.get("namespace").path})
		}
	}
	seen := map[string][]string{}
	for _, u := range uses {
		if u.ns == "" {
			continue
		}
		if first, dup := seen[u.ns]; dup {
			line, _ := r.src.position(first)
			r.errorf(RuleNamespacesUnique, u.path, fmt.Sprintf(
				"namespace %q is already used at %s (line %d)", u.ns, formatPath(first), line))
			continue
		}
		seen[u.ns] = u.path
	}
}

// consumedOperations maps each consumed namespace to its operation names;
// a nil set marks a namespace whose import failed. It also checks that
// operation names are unique per adapter.
func consumedOperations(r *reporter, root node,
	imports []resolvedImport) map[string]map[string]bool {
	ops := map[string]map[string]bool{}
	for _, c := range inlineConsumes(root) {
		uniqueSev(r, SeverityWarning, RuleOperationNamesUnique, c.get("resources").items(),
			"name", "resource")
		set := map[string]bool{}
		for _, res := range c.get("resources").items() {
			for _, op := range res.get("operations").items() {
				name := op.get("name").str()
				if set[name] {
					r.warnf(RuleOperationNamesUnique, op.get("name").path, fmt.Sprintf(
						"operation %q is defined twice in namespace %q", name,
						c.get("namespace").str()))
				}
				set[name] = true
			}
		}
		ops[c.get("namespace").str()] = set
	}
	for _, im := range imports {
		if _, dup := ops[im.namespace]; !dup || im.ok {
			ops[im.namespace] = im.ops
		}
	}
	return ops
}

// callSites returns every call reference of the exposes with its path.
func callSites(root node) []node {
	var out []node
	for _, inv := range invocations(root) {
		if inv.has("call") {
			out = append(out, inv.get("call"))
		}
		for _, st := range inv.get("steps").items() {
			if st.has("call") {
				out = append(out, st.get("call"))
			}
		}
	}
	return out
}

func checkCalls(r *reporter, root node, ops map[string]map[string]bool) {
	known := make([]string, 0, len(ops))
	for ns := range ops {
		known = append(known, ns)
	}
	sort.Strings(known)
	for _, call := range callSites(root) {
		ref := call.str()
		ns, op, ok := strings.Cut(ref, ".")
		if !ok {
			continue
		}
		set, found := ops[ns]
		switch {
		case !found:
			r.errorf(RuleCallTarget, call.path, fmt.Sprintf(
				"call %q: no consumed namespace %q (known: %s)", ref, ns, orNone(known)))
		case set == nil:
			// The import failed and was reported already.
		case !set[op]:
			msg := fmt.Sprintf("call %q: namespace %q has no operation %q", ref, ns, op)
			if s := suggest(op, set); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			r.errorf(RuleCallTarget, call.path, msg)
		}
	}
	for _, ex := range exposesOf(root) {
		for _, res := range ex.get("resources").items() {
			fw := res.get("forward").get("targetNamespace")
			if ns := fw.str(); ns != "" {
				if _, found := ops[ns]; !found {
					r.errorf(RuleCallTarget, fw.path, fmt.Sprintf(
						"forward: no consumed namespace %q (known: %s)", ns, orNone(known)))
				}
			}
		}
	}
}

func orNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// checkSteps: unique step names, lookup indexes naming earlier call steps,
// and $.step references in mappings naming a step.
func checkSteps(r *reporter, root node) {
	for _, inv := range invocations(root) {
		steps := inv.get("steps").items()
		if len(steps) == 0 {
			continue
		}
		names := map[string]string{} // name -> type
		for _, st := range steps {
			name := st.get("name").str()
			if !stepName.MatchString(name) {
				r.warnf(RuleStepsNamePattern, st.get("name").path, fmt.Sprintf(
					"step name %q should use letters, digits, - and _ only", name))
			}
			if _, dup := names[name]; dup {
				r.errorf(RuleStepNamesUnique, st.get("name").path,
					fmt.Sprintf("step %q is defined twice", name))
			}
			if st.get("type").str() == "lookup" {
				idx := st.get("index").str()
				if typ, ok := names[idx]; !ok || typ != "call" {
					r.errorf(RuleStepIndex, st.get("index").path, fmt.Sprintf(
						"lookup index %q does not name an earlier call step", idx))
				}
			}
			names[name] = st.get("type").str()
		}
		for _, m := range inv.get("mappings").items() {
			ref := stepRef.FindStringSubmatch(m.get("value").str())
			if ref == nil {
				continue
			}
			if _, ok := names[ref[1]]; !ok {
				r.errorf(RuleStepReference, m.get("value").path, fmt.Sprintf(
					"mapping value %q refers to step %q, which is not defined here",
					m.get("value").str(), ref[1]))
			}
		}
	}
}

// checkMCPNames: tool, resource and prompt names and resource URIs are
// unique per MCP server.
func checkMCPNames(r *reporter, root node) {
	for _, ex := range exposesOf(root) {
		if ex.get("type").str() != "mcp" {
			continue
		}
		unique(r, RuleToolNamesUnique, ex.get("tools").items(), "name", "tool")
		unique(r, RuleToolNamesUnique, ex.get("resources").items(), "name", "resource")
		unique(r, RuleToolNamesUnique, ex.get("resources").items(), "uri", "resource URI")
		unique(r, RuleToolNamesUnique, ex.get("prompts").items(), "name", "prompt")
	}
}

func unique(r *reporter, rule string, items []node, field, what string) {
	uniqueSev(r, SeverityError, rule, items, field, what)
}

func uniqueSev(r *reporter, sev Severity, rule string, items []node, field, what string) {
	seen := map[string][]string{}
	for _, it := range items {
		v := it.get(field)
		s := v.str()
		if s == "" {
			continue
		}
		if first, dup := seen[s]; dup {
			line, _ := r.src.position(first)
			r.report(sev, rule, v.path, fmt.Sprintf("%s %q is already defined at line %d",
				what, s, line))
			continue
		}
		seen[s] = v.path
	}
}
