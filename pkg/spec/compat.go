package spec

import (
	"fmt"
	"regexp"
	"strings"
)

var (
	strictBaseURI = regexp.MustCompile(`^https?://[^/]+(/[^{]*)?$`)
	templateBase  = regexp.MustCompile(baseURITemplate)
)

// compatWarnings reports each use of a compat relaxation (semantics §9.3)
// in a document checked at LevelCompat.
func compatWarnings(src *source) Diagnostics {
	r := &reporter{src: src}
	root := node{v: src.value}
	for _, list := range []node{root.get("consumes"), root.get("capability").get("consumes")} {
		for _, c := range list.items() {
			if c.has("location") {
				if c.has("description") {
					r.warnf(RuleCompatImportDesc, c.get("description").path,
						"description on an import is not part of 1.0.0-alpha1; it is ignored")
				}
				continue
			}
			compatConsumes(r, c)
		}
	}
	for _, ex := range exposesOf(root) {
		if ex.get("type").str() == "rest" && ex.has("description") {
			r.warnf(RuleCompatRestDesc, ex.get("description").path,
				"description on a rest exposes block is not part of 1.0.0-alpha1; it is ignored")
		}
	}
	for _, inv := range invocations(root) {
		// TODO(#2): pass-through outputs of an orchestrated invocation
		// (one with steps) are not reported; its outputs are named ones.
		if inv.has("steps") {
			continue
		}
		for _, out := range inv.get("outputParameters").items() {
			compatOutput(r, out)
		}
	}
	return r.out
}

func compatConsumes(r *reporter, c node) {
	base := c.get("baseUri").str()
	if !strictBaseURI.MatchString(base) && templateBase.MatchString(base) {
		r.warnf(RuleCompatBaseURITmpl, c.get("baseUri").path, fmt.Sprintf(
			"baseUri %q is a template; it must render to an http(s) URL at run time", base))
	}
	params := c.get("inputParameters").items()
	for _, res := range c.get("resources").items() {
		params = append(params, res.get("inputParameters").items()...)
		for _, op := range res.get("operations").items() {
			params = append(params, op.get("inputParameters").items()...)
		}
	}
	for _, p := range params {
		var extra []string
		for _, k := range []string{"type", "required", "description"} {
			if p.has(k) {
				extra = append(extra, k)
			}
		}
		if len(extra) > 0 {
			r.warnf(RuleCompatParamFields, p.get(extra[0]).path, fmt.Sprintf(
				"%s on a consumed input parameter is not part of 1.0.0-alpha1; ignored",
				strings.Join(extra, ", ")))
		}
	}
}

// compatOutput reports pass-through object and array outputs, nested
// ones included.
func compatOutput(r *reporter, out node) {
	if !out.isMap() {
		return
	}
	mapped := out.has("mapping") || out.has("value")
	switch out.get("type").str() {
	case "object":
		if !out.has("properties") && mapped {
			r.warnf(RuleCompatObjectPass, out.get("type").path,
				"object output without properties: the mapped value is passed through as is")
		}
		for _, p := range out.get("properties").entries() {
			compatOutput(r, p)
		}
	case "array":
		if !out.has("items") && out.has("mapping") {
			r.warnf(RuleCompatArrayPass, out.get("type").path,
				"array output without items: the mapped elements are passed through as is")
		}
		compatOutput(r, out.get("items"))
	}
}
