package naftiko

import (
	"fmt"
	"strings"

	"github.com/naftiko/naftiko-go/pkg/expose"
	"github.com/naftiko/naftiko-go/pkg/spec"
)

// Load reads, validates and resolves a capability document, with the
// default registry; see [LoadWith].
func Load(path string) (*spec.Loaded, error) { return LoadWith(path, LoadOptions{}) }

// LoadOptions tune [LoadWith].
type LoadOptions struct {
	// Level is the validation level (compat by default).
	Level spec.Level
	// Registry tells which exposes types an embedding program serves;
	// nil means [DefaultRegistry].
	Registry *expose.Registry
}

// LoadWith reads, validates and resolves a capability document. A
// document with error diagnostics returns them as a *spec.InvalidError
// (listing every finding) together with the Loaded; warnings stay in
// Loaded.Diagnostics.
//
// An exposes entry whose type is registered in the registry but is not one
// the spec knows (rest, mcp, skill) belongs to its exposer: the findings
// under that entry are dropped, and its factory checks [spec.Exposes.Raw].
func LoadWith(path string, o LoadOptions) (*spec.Loaded, error) {
	l, err := spec.Load(path, spec.Options{Level: o.Level})
	if err != nil {
		return nil, err
	}
	reg := o.Registry
	if reg == nil {
		reg = DefaultRegistry()
	}
	dropCustomFindings(l, reg)
	if err := l.Diagnostics.Err(); err != nil {
		return l, err
	}
	return l, nil
}

func dropCustomFindings(l *spec.Loaded, reg *expose.Registry) {
	if l.Document == nil || l.Document.Capability == nil {
		return
	}
	var prefixes []string
	for i, e := range l.Document.Capability.Exposes {
		switch e.Type {
		case "rest", "mcp", "skill":
			continue
		}
		if _, ok := reg.Lookup(e.Type); ok {
			prefixes = append(prefixes, fmt.Sprintf("capability.exposes[%d]", i))
		}
	}
	if len(prefixes) == 0 {
		return
	}
	kept := l.Diagnostics[:0:0]
	for _, d := range l.Diagnostics {
		custom := false
		for _, p := range prefixes {
			if d.Path == p || strings.HasPrefix(d.Path, p+".") {
				custom = true
			}
		}
		if !custom {
			kept = append(kept, d)
		}
	}
	l.Diagnostics = kept
}
