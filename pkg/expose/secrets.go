package expose

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"sigs.k8s.io/yaml"

	"github.com/naftiko/naftiko-go/pkg/spec"
)

var placeholder = regexp.MustCompile(`\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}`)

// ResolveSecret renders the {{VAR}} placeholders of a server secret (an
// exposes authentication token, key value, user name or password). A
// variable named by the capability's binds is read from its source (an
// environment variable, or a key of the bind's file:// JSON or YAML file);
// any other variable is read from the environment, as older documents
// expect. An unresolved variable or an empty result is an error naming
// field, so a server never starts with an empty secret.
func ResolveSecret(l *spec.Loaded, lookupEnv func(string) (string, bool), field,
	tmpl string) (string, error) {
	var firstErr error
	out := placeholder.ReplaceAllStringFunc(tmpl, func(m string) string {
		name := placeholder.FindStringSubmatch(m)[1]
		v, err := lookupBind(l, lookupEnv, name)
		if err != nil && firstErr == nil {
			firstErr = fmt.Errorf("%s: %w", field, err)
		}
		return v
	})
	if firstErr != nil {
		return "", firstErr
	}
	if out == "" {
		return "", fmt.Errorf("%s: secret is empty", field)
	}
	return out, nil
}

func lookupBind(l *spec.Loaded, lookupEnv func(string) (string, bool), name string) (string, error) {
	for _, b := range allBinds(l) {
		src, ok := b.Keys[name]
		if !ok {
			continue
		}
		if b.Location == "" {
			v, ok := lookupEnv(src)
			if !ok || v == "" {
				return "", fmt.Errorf("variable %s (bind %s) is not set: environment %s is empty",
					name, b.Namespace, src)
			}
			return v, nil
		}
		return fileKey(l, b, name, src)
	}
	v, ok := lookupEnv(name)
	if !ok || v == "" {
		return "", fmt.Errorf("variable %s is not bound and environment %s is empty", name, name)
	}
	return v, nil
}

func allBinds(l *spec.Loaded) []spec.Bind {
	if l == nil || l.Document == nil {
		return nil
	}
	out := append([]spec.Bind(nil), l.Document.Binds...)
	if l.Document.Capability != nil {
		out = append(out, l.Document.Capability.Binds...)
	}
	return out
}

func fileKey(l *spec.Loaded, b spec.Bind, name, key string) (string, error) {
	path := b.Location
	if u, err := url.Parse(path); err == nil && u.Scheme == "file" {
		path = u.Path
		if u.Host != "" && u.Host != "localhost" {
			path = u.Host + u.Path // file://relative/path
		}
	}
	if !filepath.IsAbs(path) {
		path = filepath.Join(l.Dir, path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("variable %s (bind %s): %w", name, b.Namespace, err)
	}
	var m map[string]any
	if err := yaml.Unmarshal(data, &m); err != nil {
		return "", fmt.Errorf("variable %s (bind %s): %s: %w", name, b.Namespace, path, err)
	}
	v, ok := m[key]
	if !ok || v == nil {
		return "", fmt.Errorf("variable %s (bind %s): key %s missing in %s", name, b.Namespace,
			key, path)
	}
	s, ok := v.(string)
	if !ok {
		raw, _ := json.Marshal(v)
		s = strings.TrimSpace(string(raw))
	}
	if s == "" {
		return "", fmt.Errorf("variable %s (bind %s): key %s is empty in %s", name,
			b.Namespace, key, path)
	}
	return s, nil
}
