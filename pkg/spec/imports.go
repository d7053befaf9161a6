package spec

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// resolvedImport is one import entry after resolution, as the semantic
// rules see it.
type resolvedImport struct {
	path      []string        // the entry in the importing document
	namespace string          // the alias, or the imported namespace
	ops       map[string]bool // operation names of the imported adapter
	ok        bool            // false when the import failed
}

// importLists are the consumes lists whose imports are resolved.
var importLists = [][]string{{"consumes"}, {"capability", "consumes"}}

// resolveImports resolves every import entry of src, replacing it in doc
// (when doc is not nil). It returns what the rules need, diagnostics at
// the import entries, and the diagnostics of files read for the first
// time.
func (ld *loader) resolveImports(src *source, dir string, doc *Document, e *entry) (
	res []resolvedImport, ds, nested Diagnostics) {
	for li, listPath := range importLists {
		list, _ := valueAtPath(src.value, listPath).([]any)
		for i, item := range list {
			entry, _ := item.(map[string]any)
			loc, isImport := entry["location"].(string)
			ns, _ := entry["import"].(string)
			if !isImport || ns == "" {
				continue // not an import, or one the schema already rejects
			}
			as, _ := entry["as"].(string)
			path := append(append([]string{}, listPath...), strconv.Itoa(i))
			r := resolvedImport{path: path, namespace: ns}
			if as != "" {
				r.namespace = as
			}
			target, msg, fresh := ld.importTarget(dir, loc)
			nested = append(nested, fresh...)
			if target != nil {
				e.edges = append(e.edges, target)
			}
			if msg != "" {
				ds = append(ds, importError(src, path, "location",
					fmt.Sprintf("import %q: %s", ns, msg)))
				res = append(res, r)
				continue
			}
			found, foundPath, names := findNamespace(target.l.Document, ns)
			if found == nil {
				ds = append(ds, importError(src, path, "import",
					fmt.Sprintf("import %q: %s has no consumes namespace %q%s",
						ns, loc, ns, knownList(names))))
				res = append(res, r)
				continue
			}
			r.ok = true
			r.ops = map[string]bool{}
			for _, rs := range found.Resources {
				for _, op := range rs.Operations {
					r.ops[op.Name] = true
				}
			}
			res = append(res, r)
			if doc != nil {
				replaceImport(doc, li, i, found, r.namespace,
					&Origin{File: target.l.File, Path: foundPath})
			}
		}
	}
	return res, ds, nested
}

func knownList(names []string) string {
	if len(names) == 0 {
		return " (it declares none)"
	}
	return " (it declares " + strings.Join(names, ", ") + ")"
}

func importError(src *source, path []string, field, msg string) Diagnostic {
	p := append(append([]string{}, path...), field)
	line, col := src.position(p)
	return errorAt(src.name, line, col, formatPath(p), RuleImport, msg)
}

// replaceImport puts a copy of the imported adapter in place of the
// import entry. An adapter that was itself imported keeps its origin.
//
// TODO(#2): the copy is shallow: two imports of one adapter (say with
// different "as" aliases) share its slices, so callers must not mutate
// them.
func replaceImport(doc *Document, list, i int, found *Consumes, ns string, origin *Origin) {
	entries := doc.Consumes
	if list == 1 {
		if doc.Capability == nil {
			return
		}
		entries = doc.Capability.Consumes
	}
	if i >= len(entries) {
		return
	}
	c := *found
	c.Namespace = ns
	if c.Origin == nil {
		c.Origin = origin
	}
	entries[i] = c
}

// findNamespace looks for an adapter named ns in the root consumes of doc,
// then in its capability consumes (imports there already resolved).
func findNamespace(doc *Document, ns string) (*Consumes, string, []string) {
	if doc == nil {
		return nil, "", nil
	}
	var names []string
	lists := [][]Consumes{doc.Consumes}
	fields := []string{"consumes", "capability.consumes"}
	if doc.Capability != nil {
		lists = append(lists, doc.Capability.Consumes)
	}
	for li, list := range lists {
		for i := range list {
			c := &list[i]
			if c.IsImport() && c.Origin == nil {
				continue
			}
			if c.Namespace == ns {
				return c, fmt.Sprintf("%s[%d]", fields[li], i), nil
			}
			names = append(names, c.Namespace)
		}
	}
	return nil, "", names
}

// importTarget loads the file an import location names. target is the
// file as loaded when it could be read, msg says why it cannot be used,
// and fresh holds the findings of the files read for the first time.
func (ld *loader) importTarget(dir, location string) (target *entry, msg string,
	fresh Diagnostics) {
	abs, err := importPath(dir, location)
	if err != nil {
		return nil, err.Error(), nil
	}
	if ld.active(abs) {
		ld.taint()
		return nil, "import cycle: " + ld.cycle(abs), nil
	}
	if t, ok := ld.cache[abs]; ok {
		if t.tainted || t.err != "" {
			ld.taint() // the message may name another importer's location
		}
		if t.err != "" {
			return nil, t.err, nil
		}
		return t, loadable(t, location), nil
	}
	key := keyFor(abs, ld.opts)
	if t := ld.shared.get(key); t != nil {
		fresh = ld.adopt(t, false)
		return t, loadable(t, location), fresh
	}
	t := &entry{}
	ld.cache[abs] = t
	data, st, err := readBounded(abs)
	if err != nil {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			t.err = fmt.Sprintf("file %s not found", location)
		case errors.Is(err, ErrFolder):
			t.err = fmt.Sprintf("%s is a folder, not a file", location)
		default:
			t.err = fmt.Sprintf("cannot read %s: %s", location, plainError(err))
		}
		return nil, t.err, nil
	}
	ld.imports = append(ld.imports, abs)
	l := ld.load(abs, filepath.Dir(abs), data, t)
	t.finishDeps(stampOf(abs, st))
	ld.shared.put(key, t)
	return t, loadable(t, location), l.Diagnostics
}

// loadable says why a file that was read cannot be imported from, if it
// cannot.
func loadable(t *entry, location string) string {
	if t.l.Document == nil {
		return fmt.Sprintf("%s could not be loaded", location)
	}
	return ""
}

func plainError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func (ld *loader) cycle(abs string) string {
	start := 0
	for i, e := range ld.loading {
		if e.l.File == abs {
			start = i
		}
	}
	var names []string
	for _, e := range ld.loading[start:] {
		names = append(names, filepath.Base(e.l.File))
	}
	return strings.Join(append(names, filepath.Base(abs)), " -> ")
}

var schemeRE = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)

// importPath turns an import location into an absolute path: a path
// relative to the importing file's folder, an absolute path, file:///abs,
// or file:///./rel and file://./rel (relative).
func importPath(dir, location string) (string, error) {
	if location == "" {
		return "", errors.New("location is empty")
	}
	p := location
	if strings.HasPrefix(location, "file://") {
		rest := strings.TrimPrefix(location, "file://")
		switch {
		case strings.HasPrefix(rest, "/./"), strings.HasPrefix(rest, "/../"):
			rest = rest[1:]
		case strings.HasPrefix(rest, "./"), strings.HasPrefix(rest, "../"),
			strings.HasPrefix(rest, "/"):
		default:
			return "", fmt.Errorf("location %q names a host; use file:///path", location)
		}
		un, err := url.PathUnescape(rest)
		if err != nil {
			return "", fmt.Errorf("location %q is not a valid file URI: %w", location, err)
		}
		p = filepath.FromSlash(un)
	} else if m := schemeRE.FindString(location); len(m) > 2 {
		return "", fmt.Errorf("location %q uses scheme %q; only file paths and file:// URIs "+
			"are supported", location, strings.TrimSuffix(m, ":"))
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(dir, p)
	}
	return filepath.Clean(p), nil
}

// valueAtPath walks a decoded value along path tokens.
func valueAtPath(v any, path []string) any {
	for _, t := range path {
		switch x := v.(type) {
		case map[string]any:
			v = x[t]
		case []any:
			i, err := strconv.Atoi(t)
			if err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}
