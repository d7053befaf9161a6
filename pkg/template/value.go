package template

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Lookup resolves a variable name, possibly dotted ("step.field"), in
// scope. The first segment is searched in every map of scope in order;
// later segments walk nested objects (and list indexes).
func Lookup(scope Scope, name string) (any, bool) {
	head, rest, dotted := strings.Cut(name, ".")
	if name == "." {
		dotted = false
		head = name
	}
	for _, m := range scope {
		v, ok := m[head]
		if !ok {
			continue
		}
		if !dotted {
			return v, true
		}
		return walk(v, rest)
	}
	return nil, false
}

func walk(v any, path string) (any, bool) {
	for path != "" {
		var seg string
		seg, path, _ = strings.Cut(path, ".")
		switch c := v.(type) {
		case map[string]any:
			next, ok := c[seg]
			if !ok {
				return nil, false
			}
			v = next
		case []any:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(c) {
				return nil, false
			}
			v = c[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// Format renders a value as template text: strings as they are, numbers
// without a trailing ".0", lists and objects as JSON, null as "".
func Format(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'f', -1, 32)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		return strconv.FormatBool(x)
	case json.Number:
		return x.String()
	case fmt.Stringer:
		return x.String()
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
