package spec

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// explainer turns the validator's error tree into one readable diagnostic
// per problem, at the deepest place the document evidently meant. It never
// shows schema keyword locations.
type explainer struct {
	src    *source
	schema map[string]any
	out    Diagnostics
	seen   map[string]bool
}

func (e *explainer) explain(ve *jsonschema.ValidationError) Diagnostics {
	e.seen = map[string]bool{}
	e.walk(ve)
	sortDiagnostics(e.out)
	return e.out
}

func (e *explainer) walk(ve *jsonschema.ValidationError) {
	kw := lastToken(ve.KeywordLocation)
	if len(ve.Causes) == 0 {
		e.leaf(ve, kw)
		return
	}
	if kw == "oneOf" || kw == "anyOf" {
		e.alternatives(ve)
		return
	}
	for _, c := range ve.Causes {
		e.walk(c)
	}
}

// branch is one alternative of a oneOf/anyOf failure.
type branch struct {
	errs      []*jsonschema.ValidationError
	leaves    []*jsonschema.ValidationError
	wrongTag  bool // rejects the item's type/transport/location
	wrongKind bool // wants another kind of value (a string, not a mapping)
	missing   bool // requires a field the item does not have
}

func (e *explainer) alternatives(ve *jsonschema.ValidationError) {
	here := ve.InstanceLocation
	inst, _ := e.valueAt(here).(map[string]any)
	var order []int
	byIndex := map[int]*branch{}
	for _, c := range ve.Causes {
		rest := strings.TrimPrefix(c.KeywordLocation, ve.KeywordLocation+"/")
		idx, err := strconv.Atoi(strings.SplitN(rest, "/", 2)[0])
		if err != nil {
			idx = -1
		}
		b := byIndex[idx]
		if b == nil {
			b = &branch{}
			byIndex[idx] = b
			order = append(order, idx)
		}
		b.errs = append(b.errs, c)
	}
	var all, remaining []*branch
	for _, idx := range order {
		b := byIndex[idx]
		for _, c := range b.errs {
			b.leaves = append(b.leaves, leavesOf(c)...)
		}
		prefix := ve.KeywordLocation + "/" + strconv.Itoa(idx) + "/"
		for _, l := range b.leaves {
			lkw := lastToken(l.KeywordLocation)
			rel := strings.TrimPrefix(l.KeywordLocation, prefix)
			nested := strings.Contains(rel, "oneOf/") || strings.Contains(rel, "anyOf/")
			switch {
			case (lkw == "const" || lkw == "enum") && !nested &&
				isDiscriminator(here, l.InstanceLocation):
				b.wrongTag = true
			case lkw == "additionalProperties" && l.InstanceLocation == here:
				for _, k := range []string{"type", "location"} {
					if _, has := inst[k]; has && e.isUnknown(l, inst, k) {
						b.wrongTag = true
					}
				}
			case lkw == "unevaluatedProperties" &&
				(l.InstanceLocation == here+"/type" || l.InstanceLocation == here+"/location"):
				b.wrongTag = true
			case lkw == "required" && l.InstanceLocation == here:
				b.missing = true
			case lkw == "type" && l.InstanceLocation == here:
				b.wrongKind = true
			}
		}
		all = append(all, b)
		if !b.wrongTag {
			remaining = append(remaining, b)
		}
	}
	if len(remaining) == 0 || allWrongKind(remaining) && len(remaining) < len(all) {
		if e.wrongType(ve, inst, all) {
			return
		}
		remaining = all
	}
	if e.mergedRequired(ve, remaining) || e.mergedPatterns(ve, remaining) ||
		e.mergedTypes(ve, remaining) {
		return
	}
	sort.SliceStable(remaining, func(i, j int) bool {
		a, b := remaining[i], remaining[j]
		if a.wrongKind != b.wrongKind {
			return !a.wrongKind
		}
		if a.missing != b.missing {
			return !a.missing
		}
		return len(a.leaves) < len(b.leaves)
	})
	for _, c := range remaining[0].errs {
		e.walk(c)
	}
}

func allWrongKind(bs []*branch) bool {
	for _, b := range bs {
		if !b.wrongKind {
			return false
		}
	}
	return true
}

func isDiscriminator(here, loc string) bool {
	return loc == here+"/type" || loc == here+"/transport"
}

func leavesOf(ve *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(ve.Causes) == 0 {
		return []*jsonschema.ValidationError{ve}
	}
	var out []*jsonschema.ValidationError
	for _, c := range ve.Causes {
		out = append(out, leavesOf(c)...)
	}
	return out
}

// wrongType reports an item whose type (or transport) matches no
// alternative: `type "rst" is not one of rest, mcp, skill`.
func (e *explainer) wrongType(ve *jsonschema.ValidationError, inst map[string]any,
	all []*branch) bool {
	for _, field := range []string{"type", "transport"} {
		got, ok := inst[field]
		if !ok {
			continue
		}
		var allowed []string
		seen := map[string]bool{}
		for _, b := range all {
			for _, l := range b.leaves {
				if l.InstanceLocation != ve.InstanceLocation+"/"+field {
					continue
				}
				for _, v := range e.allowedValues(l) {
					if !seen[v] {
						seen[v] = true
						allowed = append(allowed, v)
					}
				}
			}
		}
		if len(allowed) == 0 {
			continue
		}
		e.add(ve.InstanceLocation+"/"+field, fmt.Sprintf("%s %s is not one of %s",
			field, showValue(got), strings.Join(allowed, ", ")))
		return true
	}
	return false
}

// allowedValues reads the const or enum values behind a failed leaf.
func (e *explainer) allowedValues(l *jsonschema.ValidationError) []string {
	node := e.schemaAt(l.AbsoluteKeywordLocation)
	var vals []any
	switch v := node.(type) {
	case []any:
		vals = v
	case nil:
		return nil
	default:
		vals = []any{v}
	}
	out := make([]string, 0, len(vals))
	for _, v := range vals {
		out = append(out, fmt.Sprint(v))
	}
	return out
}

// mergedRequired reports alternatives that each only miss fields of the
// same object as one message: `missing required field "call" or "steps"`.
// A field every alternative misses is reported on its own.
func (e *explainer) mergedRequired(ve *jsonschema.ValidationError, bs []*branch) bool {
	if len(bs) < 2 {
		return false // walk into the one branch instead
	}
	perBranch := make([][]string, len(bs))
	count := map[string]int{}
	var order []string
	for i, b := range bs {
		for _, l := range b.leaves {
			if lastToken(l.KeywordLocation) != "required" ||
				l.InstanceLocation != ve.InstanceLocation {
				return false
			}
			for _, n := range e.missingFields(l) {
				if count[n] == 0 {
					order = append(order, n)
				}
				count[n]++
				perBranch[i] = append(perBranch[i], n)
			}
		}
	}
	if len(order) == 0 {
		return false
	}
	var either []string
	satisfied := false
	for _, n := range order {
		if count[n] == len(bs) {
			e.add(ve.InstanceLocation, fmt.Sprintf("missing required field %q", n))
			continue
		}
		either = append(either, strconv.Quote(n))
	}
	for _, missing := range perBranch {
		rest := 0
		for _, n := range missing {
			if count[n] < len(bs) {
				rest++
			}
		}
		satisfied = satisfied || rest == 0
	}
	if len(either) > 0 && !satisfied {
		e.add(ve.InstanceLocation, "missing required field "+joinOr(either))
	}
	return true
}

// mergedPatterns reports alternatives that each only reject the form of
// the same string: `address "a b" is not a host name or an IPv4 address`.
func (e *explainer) mergedPatterns(ve *jsonschema.ValidationError, bs []*branch) bool {
	if len(bs) < 2 {
		return false
	}
	var nouns []string
	for _, b := range bs {
		for _, l := range b.leaves {
			if lastToken(l.KeywordLocation) != "pattern" ||
				l.InstanceLocation != ve.InstanceLocation {
				return false
			}
			nouns = append(nouns, patternNoun(e.schemaAt(l.AbsoluteKeywordLocation)))
		}
	}
	if len(nouns) == 0 {
		return false
	}
	e.add(ve.InstanceLocation, fmt.Sprintf("%s %s is not %s",
		fieldName(ve.InstanceLocation), showValue(e.valueAt(ve.InstanceLocation)),
		joinOr(nouns)))
	return true
}

// add records one diagnostic at a JSON-pointer instance location.
func (e *explainer) add(loc, msg string) {
	path := pointerTokens(loc)
	line, col := e.src.position(path)
	key := fmt.Sprintf("%d:%d:%s", line, col, msg)
	if e.seen[key] {
		return
	}
	e.seen[key] = true
	e.out = append(e.out, errorAt(e.src.name, line, col, formatPath(path), RuleSchema, msg))
}

// mergedTypes reports alternatives that each only want another kind of
// value: `"a" must be a string or a number, got a list`.
func (e *explainer) mergedTypes(ve *jsonschema.ValidationError, bs []*branch) bool {
	if len(bs) < 2 {
		return false
	}
	var wants []string
	got := ""
	for _, b := range bs {
		for _, l := range b.leaves {
			if lastToken(l.KeywordLocation) != "type" ||
				l.InstanceLocation != ve.InstanceLocation {
				return false
			}
			var want string
			want, got = parseTypeMessage(l.Message)
			wants = append(wants, want)
		}
	}
	if len(wants) == 0 {
		return false
	}
	e.add(ve.InstanceLocation, fmt.Sprintf("%s must be %s, got %s",
		quoteField(fieldName(ve.InstanceLocation)), joinOr(wants), got))
	return true
}
