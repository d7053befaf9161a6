package spec

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// notMessage words a failed "not": the fields that must be absent, and
// the condition when the branch is selected by a const field.
func (e *explainer) notMessage(ve *jsonschema.ValidationError) string {
	neg := e.schemaAt(ve.AbsoluteKeywordLocation)
	var fields []string
	collectRequired(neg, &fields)
	for i, f := range fields {
		fields[i] = strconv.Quote(f)
	}
	inst, _ := e.valueAt(ve.InstanceLocation).(map[string]any)
	var present []string
	for _, f := range fields {
		if _, ok := inst[strings.Trim(f, `"`)]; ok {
			present = append(present, f)
		}
	}
	if len(present) == 0 {
		present = fields
	}
	msg := "field " + joinOr(present) + " is not allowed here"
	parent, _ := e.schemaAt(parentLocation(ve.AbsoluteKeywordLocation)).(map[string]any)
	props, _ := parent["properties"].(map[string]any)
	for k, p := range props {
		pm, _ := p.(map[string]any)
		if c, ok := pm["const"]; ok {
			msg = fmt.Sprintf("field %s is not allowed when %s is %s",
				joinOr(present), k, showValue(c))
		}
	}
	if req, ok := parent["required"].([]any); ok && len(req) == 1 && len(props) == 0 {
		msg = fmt.Sprintf("field %s is not allowed together with %q", joinOr(present), req[0])
	}
	return msg
}

func collectRequired(s any, out *[]string) {
	switch x := s.(type) {
	case map[string]any:
		if req, ok := x["required"].([]any); ok {
			for _, r := range req {
				*out = append(*out, fmt.Sprint(r))
			}
		}
		for k, v := range x {
			if k != "required" {
				collectRequired(v, out)
			}
		}
	case []any:
		for _, v := range x {
			collectRequired(v, out)
		}
	}
}

var matchedIndexes = regexp.MustCompile(`indexes (\d+) and (\d+)`)

// tooManyMessage words a oneOf that more than one alternative matched.
func (e *explainer) tooManyMessage(ve *jsonschema.ValidationError) string {
	m := matchedIndexes.FindStringSubmatch(ve.Message)
	alts, _ := e.schemaAt(ve.AbsoluteKeywordLocation).([]any)
	if m != nil && alts != nil {
		var sets [2][]string
		for n, s := range m[1:] {
			i, _ := strconv.Atoi(s)
			if i < len(alts) {
				if am, ok := alts[i].(map[string]any); ok {
					if req, ok := am["required"].([]any); ok {
						for _, r := range req {
							sets[n] = append(sets[n], fmt.Sprint(r))
						}
					}
				}
			}
		}
		a, b := only(sets[0], sets[1]), only(sets[1], sets[0])
		if len(a) > 0 && len(b) > 0 {
			return fmt.Sprintf("use either %q or %q, not both", a[0], b[0])
		}
	}
	return fmt.Sprintf("%s matches more than one allowed form; remove the fields of all but one",
		quoteField(fieldName(ve.InstanceLocation)))
}

func only(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}
