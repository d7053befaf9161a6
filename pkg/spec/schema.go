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

// compiledSchemas holds both levels, compiled once.
type compiledSchemas struct {
	strict, compat       *jsonschema.Schema
	strictDoc, compatDoc map[string]any // the schema texts, for field suggestions
}

var (
	schemaOnce sync.Once
	schemaSet  *compiledSchemas
	schemaErr  error
)

// loadSchemas compiles the embedded schemas the first time it is called.
func loadSchemas() (*compiledSchemas, error) {
	schemaOnce.Do(func() {
		schemaSet, schemaErr = compileSchemas()
	})
	return schemaSet, schemaErr
}

func compileSchemas() (*compiledSchemas, error) {
	var strictDoc, compatDoc map[string]any
	if err := json.Unmarshal(schemas.Strict, &strictDoc); err != nil {
		return nil, fmt.Errorf("spec: strict schema: %w", err)
	}
	if err := json.Unmarshal(schemas.Strict, &compatDoc); err != nil {
		return nil, fmt.Errorf("spec: compat schema: %w", err)
	}
	if err := applyCompat(compatDoc); err != nil {
		return nil, fmt.Errorf("spec: compat schema: %w", err)
	}
	compatDoc["$id"] = compatURL
	compatText, err := json.Marshal(compatDoc)
	if err != nil {
		return nil, fmt.Errorf("spec: compat schema: %w", err)
	}

	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	if err := c.AddResource(schemas.StrictURL, bytes.NewReader(schemas.Strict)); err != nil {
		return nil, fmt.Errorf("spec: strict schema: %w", err)
	}
	if err := c.AddResource(compatURL, bytes.NewReader(compatText)); err != nil {
		return nil, fmt.Errorf("spec: compat schema: %w", err)
	}
	strict, err := c.Compile(schemas.StrictURL)
	if err != nil {
		return nil, fmt.Errorf("spec: strict schema: %w", err)
	}
	compat, err := c.Compile(compatURL)
	if err != nil {
		return nil, fmt.Errorf("spec: compat schema: %w", err)
	}
	return &compiledSchemas{strict: strict, compat: compat,
		strictDoc: strictDoc, compatDoc: compatDoc}, nil
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

// schemaFor returns the compiled schema for a level.
func (cs *compiledSchemas) schemaFor(level Level) (*jsonschema.Schema, map[string]any) {
	if level == LevelStrict {
		return cs.strict, cs.strictDoc
	}
	return cs.compat, cs.compatDoc
}

// validateSchema checks a decoded document against the level's schema and
// returns readable diagnostics.
func validateSchema(src *source, level Level) Diagnostics {
	cs, err := loadSchemas()
	if err != nil {
		return Diagnostics{errorAt(src.name, 1, 1, "", RuleSchema, err.Error())}
	}
	sch, doc := cs.schemaFor(level)
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
