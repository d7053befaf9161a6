package spec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/naftiko/naftiko-go/schemas"
)

// compatURL is the $id given to the compat schema derived from the strict
// one.
const compatURL = "https://github.com/naftiko/naftiko-go/schemas/naftiko-1.0.0-alpha1.compat.json"

// levelSchema is the schema of one level: its text, for field suggestions,
// the compiled form, whose error tree the explainer reads, and the compiled
// verdict schema (see verdict.go), each built the first time it is needed.
// Compiling costs tens of milliseconds (jsonschema/v5 also checks the
// schema against the draft 2020-12 meta-schema, which cannot be switched
// off), so a process that only ever loads valid documents at one level, as
// `naftiko run` does, compiles one schema.
type levelSchema struct {
	textOnce sync.Once
	doc      map[string]any
	url      string
	text     []byte
	err      error

	fullOnce sync.Once
	full     *jsonschema.Schema
	fullErr  error

	verdictOnce sync.Once
	verdict     *jsonschema.Schema
	verdictErr  error
}

var levels [2]levelSchema // indexed by Level

func levelOf(level Level) *levelSchema {
	level = level.normalized()
	ls := &levels[level]
	ls.textOnce.Do(func() {
		ls.doc, ls.url, ls.text, ls.err = schemaText(level)
	})
	return ls
}

// loadSchema returns the compiled schema and its text for a level.
func loadSchema(level Level) (*jsonschema.Schema, map[string]any, error) {
	ls := levelOf(level)
	if ls.err != nil {
		return nil, nil, ls.err
	}
	ls.fullOnce.Do(func() {
		ls.full, ls.fullErr = compile(level, ls.url, ls.text)
	})
	return ls.full, ls.doc, ls.fullErr
}

// loadVerdictSchema returns the compiled verdict schema of a level.
func loadVerdictSchema(level Level) (*jsonschema.Schema, error) {
	ls := levelOf(level)
	if ls.err != nil {
		return nil, ls.err
	}
	ls.verdictOnce.Do(func() {
		url := verdictURL(level)
		text, err := verdictSchemaText(ls.doc, url)
		if err != nil {
			ls.verdictErr = fmt.Errorf("spec: %s verdict schema: %w", level, err)
			return
		}
		ls.verdict, ls.verdictErr = compile(level, url, text)
	})
	return ls.verdict, ls.verdictErr
}

// schemaText reads the strict schema, or derives the compat schema from
// it, and returns its document, $id and JSON text.
func schemaText(level Level) (map[string]any, string, []byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(schemas.Strict, &doc); err != nil {
		return nil, "", nil, fmt.Errorf("spec: %s schema: %w", level, err)
	}
	url, text := schemas.StrictURL, schemas.Strict
	if level == LevelCompat {
		if err := applyCompat(doc); err != nil {
			return nil, "", nil, fmt.Errorf("spec: compat schema: %w", err)
		}
		doc["$id"] = compatURL
		var err error
		if text, err = json.Marshal(doc); err != nil {
			return nil, "", nil, fmt.Errorf("spec: compat schema: %w", err)
		}
		url = compatURL
	}
	return doc, url, text, nil
}

func compile(level Level, url string, text []byte) (*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	if err := c.AddResource(url, bytes.NewReader(text)); err != nil {
		return nil, fmt.Errorf("spec: %s schema: %w", level, err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		return nil, fmt.Errorf("spec: %s schema: %w", level, err)
	}
	return sch, nil
}

// applyCompat relaxes the strict schema text in place with the patches of
// semantics §9.3 (P1-P4, P6, P7). Each only adds named, typed fields or
// alternatives; nothing opens a mapping to unknown fields.
func applyCompat(doc map[string]any) error {
	defs, _ := doc["$defs"].(map[string]any)
	def := func(name string) (map[string]any, error) {
		d, ok := defs[name].(map[string]any)
		if !ok {
			return nil, fmt.Errorf("no $defs/%s", name)
		}
		return d, nil
	}
	props := func(d map[string]any) map[string]any {
		p, _ := d["properties"].(map[string]any)
		return p
	}
	// allOf[1] of the mapped output definitions holds their own fields.
	ownPart := func(name string) (map[string]any, error) {
		d, err := def(name)
		if err != nil {
			return nil, err
		}
		all, _ := d["allOf"].([]any)
		if len(all) != 2 {
			return nil, fmt.Errorf("$defs/%s: unexpected shape", name)
		}
		part, _ := all[1].(map[string]any)
		return part, nil
	}

	// P1: documentation fields on consumed input parameters.
	param, err := def("consumedParam")
	if err != nil {
		return err
	}
	props(param)["type"] = map[string]any{"$ref": "#/$defs/paramType"}
	props(param)["required"] = map[string]any{"type": "boolean"}
	props(param)["description"] = map[string]any{"type": "string"}

	// P2: description on a REST server.
	rest, err := def("restServer")
	if err != nil {
		return err
	}
	props(rest)["description"] = map[string]any{"type": "string"}

	// P3: description on an import entry (as alpha2 allows).
	imp, err := def("consumesImport")
	if err != nil {
		return err
	}
	props(imp)["description"] = map[string]any{"type": "string"}

	// P4: an object output with mapping or value but no properties.
	obj, err := ownPart("mappedObject")
	if err != nil {
		return err
	}
	delete(obj, "required")
	obj["anyOf"] = []any{
		map[string]any{"required": []any{"properties"}},
		map[string]any{"required": []any{"mapping"}},
		map[string]any{"required": []any{"value"}},
	}

	// P6: a baseUri that is a {{VAR}} template, checked once rendered.
	http, err := def("httpConsumer")
	if err != nil {
		return err
	}
	base := props(http)["baseUri"]
	props(http)["baseUri"] = map[string]any{"anyOf": []any{
		base,
		map[string]any{"type": "string", "pattern": baseURITemplate},
	}}

	// P7: an array output with mapping and no items.
	arr, err := ownPart("mappedArray")
	if err != nil {
		return err
	}
	delete(arr, "required")
	arr["anyOf"] = []any{
		map[string]any{"required": []any{"items"}},
		map[string]any{"required": []any{"mapping"}},
	}
	return nil
}

// baseURITemplate matches a baseUri that starts with a Mustache variable,
// optionally followed by a path: "{{ACCOUNT_URL}}/api/v2".
const baseURITemplate = `^\{\{\s*[A-Za-z_][A-Za-z0-9_.]*\s*\}\}(/[^{]*)?$`

// validateSchema checks a decoded document against the level's schema and
// returns readable diagnostics. The verdict schema answers first; only a
// document it rejects is checked with the full schema and explained.
//
// TODO(#6): a valid fixture still spends about a third of its load in
// jsonschema/v5, which builds an error (keyword location, message) for
// every failing if-condition of the verdict chains and tracks evaluated
// properties for every value; the 2,000 documents/s goal needs a
// hand-written check of the hot definitions (outputs, exposes entries) or
// a faster validator.
func validateSchema(src *source, level Level) Diagnostics {
	if fast, err := loadVerdictSchema(level); err == nil && fast.Validate(src.value) == nil {
		return nil
	}
	sch, doc, err := loadSchema(level)
	if err != nil {
		return Diagnostics{errorAt(src.name, 1, 1, "", RuleSchema, err.Error())}
	}
	verr := sch.Validate(src.value)
	if verr == nil {
		return nil
	}
	ve, ok := verr.(*jsonschema.ValidationError)
	if !ok {
		return Diagnostics{errorAt(src.name, 1, 1, "", RuleSchema,
			"cannot check the document: "+strings.TrimPrefix(verr.Error(), "jsonschema: "))}
	}
	e := explainer{src: src, schema: doc}
	return e.explain(ve)
}
