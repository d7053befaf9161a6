package spec

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// loader loads one document and the files it imports, caching each
// imported file by absolute path and detecting import cycles.
type loader struct {
	opts    Options
	cache   map[string]*imported
	active  map[string]bool
	stack   []string
	imports []string
}

// imported is a loaded import source.
type imported struct {
	l   *Loaded
	err string // why the file could not be read, if it could not
}

func newLoader(opts Options) *loader {
	return &loader{opts: opts, cache: map[string]*imported{}, active: map[string]bool{}}
}

// load decodes and checks one document, then resolves its imports.
func (ld *loader) load(name, dir string, data []byte) *Loaded {
	l := &Loaded{File: name, Dir: dir}
	ld.active[name] = true
	ld.stack = append(ld.stack, name)
	defer func() {
		delete(ld.active, name)
		ld.stack = ld.stack[:len(ld.stack)-1]
	}()

	src, own := decodeSource(name, data)
	if src == nil {
		l.Diagnostics = own
		return l
	}
	defer func() {
		// Last resort: a checker bug must not take the caller down.
		if r := recover(); r != nil {
			l.Document = nil
			l.Diagnostics = append(l.Diagnostics, errorAt(name, 1, 1, "", RuleSchema,
				fmt.Sprintf("internal error while checking the document: %v", r)))
		}
	}()
	if d, ok := checkVersion(src); !ok {
		l.Diagnostics = Diagnostics{d}
		return l
	}
	schemaDiags := dropCustomExposes(src, validateSchema(src, ld.opts.Level),
		ld.opts.ExposeTypes)
	own = append(own, schemaDiags...)
	if ld.opts.Level == LevelCompat {
		own = append(own, compatWarnings(src)...)
	}
	doc, err := decodeModel(src)
	if err != nil {
		if !schemaDiags.HasErrors() {
			own = append(own, errorAt(name, 1, 1, "", RuleSchema, err.Error()))
		}
	} else {
		l.Document = doc
	}

	res, importDiags, nested := ld.resolveImports(src, dir, l.Document)
	own = append(own, importDiags...)
	if !schemaDiags.HasErrors() {
		own = append(own, checkRules(src, res)...)
	}
	sortDiagnostics(own)
	l.Diagnostics = append(own, nested...)
	l.Imports = ld.imports
	return l
}

// dropCustomExposes removes schema findings about exposes entries whose
// type the caller serves itself (Options.ExposeTypes).
func dropCustomExposes(src *source, ds Diagnostics, types []string) Diagnostics {
	if len(types) == 0 || len(ds) == 0 {
		return ds
	}
	var prefixes []string
	for _, ex := range exposesOf(node{v: src.value}) {
		for _, t := range types {
			if ex.get("type").str() == t {
				prefixes = append(prefixes, formatPath(ex.path))
			}
		}
	}
	kept := ds[:0:0]
	for _, d := range ds {
		custom := false
		for _, p := range prefixes {
			custom = custom || d.Path == p || strings.HasPrefix(d.Path, p+".") ||
				strings.HasPrefix(d.Path, p+"[")
		}
		if !custom {
			kept = append(kept, d)
		}
	}
	return kept
}

func sortDiagnostics(ds Diagnostics) {
	sort.SliceStable(ds, func(i, j int) bool {
		if ds[i].Line != ds[j].Line {
			return ds[i].Line < ds[j].Line
		}
		return ds[i].Column < ds[j].Column
	})
}

// checkVersion accepts the supported naftiko versions. A missing field is
// left to the schema, which names it.
func checkVersion(src *source) (Diagnostic, bool) {
	v, ok := src.value["naftiko"]
	if !ok {
		return Diagnostic{}, true
	}
	for _, s := range SupportedVersions {
		if v == s {
			return Diagnostic{}, true
		}
	}
	_, val, _ := locate(src.root, []string{"naftiko"})
	shown := strconv.Quote(val.Value)
	if val.Kind != yaml.ScalarNode {
		shown = showValue(v)
	}
	return errorAt(src.name, val.Line, val.Column, "naftiko", RuleVersion, fmt.Sprintf(
		"unsupported spec version %s; supported versions: %s",
		shown, joinList(SupportedVersions))), false
}

func joinList(items []string) string {
	out := ""
	for i, s := range items {
		if i > 0 {
			out += ", "
		}
		out += s
	}
	return out
}

// decodeModel decodes the typed model from the node tree.
func decodeModel(src *source) (doc *Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, fmt.Errorf("cannot decode the document: %v", r)
		}
	}()
	doc = new(Document)
	if err := src.root.Decode(doc); err != nil {
		return nil, fmt.Errorf("cannot decode the document: %w", err)
	}
	return doc, nil
}
