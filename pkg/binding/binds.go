package binding

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/naftiko/naftiko-go/pkg/internal/fielderr"
	"github.com/naftiko/naftiko-go/pkg/spec"
	"github.com/naftiko/naftiko-go/pkg/template"
)

// resolveBinds builds the immutable map of bound variables from the root
// binds and then capability.binds (a later bind overrides an earlier one
// for the same variable).
func resolveBinds(l *spec.Loaded, lookupEnv func(string) (string, bool)) (map[string]any, error) {
	out := map[string]any{}
	type located struct {
		b     *spec.Bind
		where string
	}
	var all []located
	for i := range l.Document.Binds {
		all = append(all, located{&l.Document.Binds[i], fmt.Sprintf("binds[%d]", i)})
	}
	if c := l.Document.Capability; c != nil {
		for i := range c.Binds {
			all = append(all, located{&c.Binds[i], fmt.Sprintf("capability.binds[%d]", i)})
		}
	}
	for _, lb := range all {
		b := lb.b
		ns := "binds namespace " + b.Namespace
		if len(b.Keys) == 0 {
			return nil, fielderr.New(lb.where+".keys", "missing")
		}
		vars := make([]string, 0, len(b.Keys))
		for k := range b.Keys {
			vars = append(vars, k)
		}
		sort.Strings(vars)
		if b.Location == "" {
			for _, v := range vars {
				val, ok := lookupEnv(b.Keys[v])
				if !ok {
					return nil, fielderr.New(lb.where+".keys."+v, "environment variable %s is "+
						"not set (%s)", b.Keys[v], ns)
				}
				out[v] = val
			}
			continue
		}
		file, data, err := readBindFile(l.Dir, b.Location)
		if err != nil {
			return nil, fielderr.Wrap(lb.where+".location", err)
		}
		for _, v := range vars {
			val, ok := data[b.Keys[v]]
			if !ok || val == nil {
				return nil, fielderr.New(lb.where+".keys."+v, "key %q not found in %s (%s)",
					b.Keys[v], file, ns)
			}
			out[v] = template.Format(val)
		}
	}
	return out, nil
}

// readBindFile reads a file:// bind location: JSON, or YAML for .yaml and
// .yml files. A relative path resolves against dir (the capability's
// folder) first, then against the working directory.
func readBindFile(dir, location string) (string, map[string]any, error) {
	rest, ok := strings.CutPrefix(location, "file://")
	if !ok {
		scheme, _, _ := strings.Cut(location, "://")
		return "", nil, fmt.Errorf("location %q: scheme %q is not supported (only file://)",
			location, scheme)
	}
	path := rest
	if strings.HasPrefix(rest, "/./") || strings.HasPrefix(rest, "/../") {
		path = rest[1:]
	}
	candidates := []string{path}
	if !filepath.IsAbs(path) {
		candidates = []string{filepath.Join(dir, path)}
		if cwd, err := os.Getwd(); err == nil && cwd != dir {
			candidates = append(candidates, filepath.Join(cwd, path))
		}
	}
	var raw []byte
	var file string
	var err error
	for _, c := range candidates {
		if raw, err = os.ReadFile(c); err == nil {
			file = c
			break
		}
	}
	if file == "" {
		return "", nil, fmt.Errorf("bind file %s not found (tried %s)", location,
			strings.Join(candidates, ", "))
	}
	var data map[string]any
	switch strings.ToLower(filepath.Ext(file)) {
	case ".yaml", ".yml":
		err = yaml.Unmarshal(raw, &data)
	default:
		err = json.Unmarshal(raw, &data)
	}
	if err != nil {
		return "", nil, fmt.Errorf("bind file %s: %w", file, err)
	}
	if data == nil {
		return "", nil, fmt.Errorf("bind file %s: not a key/value map", file)
	}
	return file, data, nil
}
