package spec

import (
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// loader loads one document and the files it imports, keeping each
// imported file by absolute path and detecting import cycles. Files found
// in the shared cache (Options.Cache) are taken from there.
type loader struct {
	opts    Options
	shared  *Cache
	cache   map[string]*entry // every file read or tried by this load
	loading []*entry          // the files being loaded, the outermost first
	imports []string
}

func newLoader(opts Options) *loader {
	return &loader{opts: opts, shared: opts.Cache, cache: map[string]*entry{}}
}

// active reports whether the file at path is being loaded, so that
// importing it again closes a cycle.
func (ld *loader) active(path string) bool {
	return slices.ContainsFunc(ld.loading, func(e *entry) bool { return e.l.File == path })
}

// taint marks every file being loaded as depending on where the loading
// started, so that none of them is kept in the shared cache.
func (ld *loader) taint() {
	for _, e := range ld.loading {
		e.tainted = true
	}
}

// adopt takes an entry of the shared cache into this load: it and the
// files it imports count as read, and the findings of those read for the
// first time are returned, in the order a fresh load would give them.
func (ld *loader) adopt(e *entry, top bool) Diagnostics {
	ds := append(Diagnostics(nil), e.own...)
	if !top {
		ld.cache[e.l.File] = e
		ld.imports = append(ld.imports, e.l.File)
	}
	for _, c := range e.edges {
		if _, seen := ld.cache[c.l.File]; seen || ld.active(c.l.File) {
			continue
		}
		ds = append(ds, ld.adopt(c, false)...)
	}
	return ds
}

// loadFile loads the file at abs as the top-level document, from the
// shared cache when it is there.
func (ld *loader) loadFile(abs string) (*Loaded, error) {
	key := keyFor(abs, ld.opts)
	if e := ld.shared.get(key); e != nil {
		l := *e.l
		l.Diagnostics = ld.adopt(e, true)
		l.Imports = ld.imports
		return &l, nil
	}
	data, st, err := readBounded(abs)
	if err != nil {
		return nil, err
	}
	e := &entry{}
	ld.load(abs, filepath.Dir(abs), data, e)
	e.finishDeps(stampOf(abs, st))
	ld.shared.put(key, e)
	l := *e.l
	return &l, nil
}

// load decodes and checks one document, then resolves its imports. The
// result and the document's own findings go in e.
func (ld *loader) load(name, dir string, data []byte, e *entry) *Loaded {
	l := &Loaded{File: name, Dir: dir}
	e.l = l
	ld.loading = append(ld.loading, e)
	defer func() { ld.loading = ld.loading[:len(ld.loading)-1] }()

	src, own := decodeSource(name, data)
	if src == nil {
		l.Diagnostics, e.own = own, own
		return l
	}
	defer func() {
		// Last resort: a checker bug must not take the caller down.
		if r := recover(); r != nil {
			l.Document = nil
			d := errorAt(name, 1, 1, "", RuleSchema,
				fmt.Sprintf("internal error while checking the document: %v", r))
			l.Diagnostics = append(l.Diagnostics, d)
			e.own = append(e.own, d)
			e.tainted = true
		}
	}()
	if d, ok := checkVersion(src); !ok {
		l.Diagnostics = Diagnostics{d}
		e.own = l.Diagnostics
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

	res, importDiags, nested := ld.resolveImports(src, dir, l.Document, e)
	own = append(own, importDiags...)
	if !schemaDiags.HasErrors() {
		own = append(own, checkRules(src, res)...)
	}
	sortDiagnostics(own)
	e.own = own[:len(own):len(own)]
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
		shown, strings.Join(SupportedVersions, ", "))), false
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
