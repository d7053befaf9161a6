package expose

import (
	"encoding/json"
	"fmt"
	"regexp"
)

var placeholder = regexp.MustCompile(`\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}`)

// ResolveSecret renders the {{VAR}} placeholders of a server secret (an
// exposes authentication token, key value, user name or password). VAR is
// looked up in the capability's bindings first (see
// [binding.Engine.Bindings]) and then, as older documents expect, in the
// environment. An unresolved variable or an empty result is an error
// naming field, so a server never starts with an empty secret.
func ResolveSecret(bindings map[string]any, lookupEnv func(string) (string, bool), field,
	tmpl string) (string, error) {
	var firstErr error
	out := placeholder.ReplaceAllStringFunc(tmpl, func(m string) string {
		name := placeholder.FindStringSubmatch(m)[1]
		if v, ok := bindings[name]; ok && v != nil {
			if s, ok := v.(string); ok {
				return s
			}
			raw, _ := json.Marshal(v)
			return string(raw)
		}
		if v, ok := lookupEnv(name); ok && v != "" {
			return v
		}
		if firstErr == nil {
			firstErr = fmt.Errorf("%s: variable %s is neither bound nor set in the environment",
				field, name)
		}
		return ""
	})
	if firstErr != nil {
		return "", firstErr
	}
	if out == "" {
		return "", fmt.Errorf("%s: secret is empty", field)
	}
	return out, nil
}
