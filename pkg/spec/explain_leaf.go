package spec

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// leaf words one failed keyword.
func (e *explainer) leaf(ve *jsonschema.ValidationError, kw string) {
	loc := ve.InstanceLocation
	field := fieldName(loc)
	val := e.valueAt(loc)
	switch kw {
	case "additionalProperties":
		inst, _ := val.(map[string]any)
		known := e.knownFields(ve.AbsoluteKeywordLocation)
		for _, k := range e.unknownFields(ve, inst) {
			e.add(loc+"/"+escapeToken(k), unknownFieldMessage(k, known))
		}
	case "unevaluatedProperties":
		name := lastToken(loc)
		e.add(loc, unknownFieldMessage(name, e.knownFields(ve.AbsoluteKeywordLocation)))
	case "required":
		for _, n := range e.missingFields(ve) {
			e.add(loc, fmt.Sprintf("missing required field %q", n))
		}
	case "type":
		want, got := parseTypeMessage(ve.Message)
		e.add(loc, fmt.Sprintf("%s must be %s, got %s", quoteField(field), want, got))
	case "const":
		e.add(loc, fmt.Sprintf("%s must be %s", quoteField(field),
			showValue(e.schemaAt(ve.AbsoluteKeywordLocation))))
	case "enum":
		e.add(loc, fmt.Sprintf("%s %s is not one of %s", field, showValue(val),
			strings.Join(e.allowedValues(ve), ", ")))
	case "pattern":
		if strings.Contains(ve.KeywordLocation, "/propertyNames/") {
			e.add(loc, fmt.Sprintf("key %q is not %s", lastToken(loc),
				patternNoun(e.schemaAt(ve.AbsoluteKeywordLocation))))
			return
		}
		e.add(loc, fmt.Sprintf("%s %s is not %s", field, showValue(val),
			patternNoun(e.schemaAt(ve.AbsoluteKeywordLocation))))
	case "minItems":
		n := e.schemaAt(ve.AbsoluteKeywordLocation)
		e.add(loc, fmt.Sprintf("%s must have at least %v item(s)", quoteField(field), n))
	case "minimum", "maximum":
		parent, _ := e.schemaAt(parentLocation(ve.AbsoluteKeywordLocation)).(map[string]any)
		e.add(loc, fmt.Sprintf("%s must be between %v and %v, got %v", quoteField(field),
			parent["minimum"], parent["maximum"], showValue(val)))
	case "maxLength":
		e.add(loc, fmt.Sprintf("%s must be at most %v characters long", quoteField(field),
			e.schemaAt(ve.AbsoluteKeywordLocation)))
	case "not":
		e.add(loc, e.notMessage(ve))
	case "oneOf":
		e.add(loc, e.tooManyMessage(ve))
	default:
		msg := ve.Message
		if msg == "" {
			msg = "is not valid here"
		}
		e.add(loc, fmt.Sprintf("%s: %s", quoteField(field), msg))
	}
}

func escapeToken(k string) string {
	return strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")
}

func quoteField(f string) string {
	if strings.ContainsAny(f, "[.") {
		return f
	}
	return strconv.Quote(f)
}

var typeMessage = regexp.MustCompile(`^expected (.+), but got (\w+)$`)

func parseTypeMessage(msg string) (want, got string) {
	m := typeMessage.FindStringSubmatch(msg)
	if m == nil {
		return "of another type", "something else"
	}
	var ws []string
	for _, t := range strings.Split(m[1], " or ") {
		ws = append(ws, typeWord(t))
	}
	return strings.Join(ws, " or "), typeWord(m[2])
}

func typeWord(t string) string {
	switch t {
	case "object":
		return "a mapping"
	case "array":
		return "a list"
	case "string":
		return "a string"
	case "number":
		return "a number"
	case "integer":
		return "an integer"
	case "boolean":
		return "true or false"
	case "null":
		return "empty (null)"
	}
	return t
}

// unknownFieldMessage words an unknown key, with the closest known field
// as a suggestion when it is a likely typo.
func unknownFieldMessage(name string, known map[string]any) string {
	msg := fmt.Sprintf("unknown field %q", name)
	if s := suggest(name, known); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	return msg
}

func suggest[V any](name string, known map[string]V) string {
	names := slices.Sorted(maps.Keys(known))
	best, bestDist := "", 0
	for _, k := range names {
		d := editDistance(strings.ToLower(name), strings.ToLower(k))
		if best == "" || d < bestDist {
			best, bestDist = k, d
		}
	}
	limit := 2
	if len(name) <= 4 {
		limit = 1
	}
	if best == "" || bestDist > limit {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// patternNouns says in words what each schema pattern accepts.
var patternNouns = map[string]string{
	`^[a-zA-Z0-9-]+$`:             `a valid name (letters, digits and "-" only)`,
	`^[a-zA-Z0-9-_*]+$`:           `a valid name (letters, digits, "-", "_" and "*" only)`,
	`^[A-Z][A-Z0-9_]*$`:           `an upper-case variable name such as API_TOKEN`,
	`^[a-zA-Z][a-zA-Z0-9+.-]*://`: `a URI with a scheme, such as file:///path/to/file`,
	`^file:///`:                   `a file:/// URI`,
	`^https?://[^/]+(/[^{]*)?$`:   `an http:// or https:// URL (with no "{" in its path)`,
	baseURITemplate:               `a {{VARIABLE}} template`,
	callPattern:                   `a call reference of the form "namespace.operation"`,
	datePattern:                   `a date written YYYY-MM-DD`,
	emailPattern:                  `an e-mail address`,
}

// Patterns of the schema too long to be map keys on one line.
const (
	callPattern  = `^[a-zA-Z0-9-]+\.[a-zA-Z0-9-]+$`
	datePattern  = `^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$`
	emailPattern = `^[a-zA-Z0-9._%+\-]+@[a-zA-Z0-9.\-]+\.[a-zA-Z]{2,}$`
)

func patternNoun(pattern any) string {
	p, _ := pattern.(string)
	if n, ok := patternNouns[p]; ok {
		return n
	}
	switch {
	case strings.Contains(p, "{0,61}"):
		return "a host name"
	case strings.Contains(p, "25[0-5]"):
		return "an IPv4 address"
	case strings.Contains(p, "{2,7}"):
		return "an IPv6 address"
	case strings.Contains(p, `\/`):
		return "a media type such as application/json"
	}
	return "in the expected form"
}
