package rest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/PaesslerAG/gval"
	"github.com/PaesslerAG/jsonpath"

	"github.com/naftiko/naftiko-go/pkg/spec"
)

// body is a request body read once: its bytes and, when it parsed as
// JSON, its value.
type body struct {
	raw    []byte
	value  any
	isJSON bool
}

// readBody reads the request body through the size limit. A body over the
// limit is a 413; a non-empty body that is not JSON is a 400 when the
// operation reads body inputs (strict) and is ignored otherwise.
func readBody(w http.ResponseWriter, r *http.Request, limit int64, strict bool) (
	*body, int, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return &body{}, 0, nil
	}
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, http.StatusRequestEntityTooLarge,
				fmt.Errorf("request body exceeds the limit of %d bytes", limit)
		}
		return nil, http.StatusBadRequest, fmt.Errorf("reading request body: %w", err)
	}
	b := &body{raw: raw}
	if len(bytes.TrimSpace(raw)) == 0 {
		return b, 0, nil
	}
	if err := json.Unmarshal(raw, &b.value); err != nil {
		if strict {
			return nil, http.StatusBadRequest, fmt.Errorf("request body is not valid JSON: %w", err)
		}
		return b, 0, nil
	}
	b.isJSON = true
	return b, 0, nil
}

// input is one exposed input parameter prepared once, when the exposer is
// built: whether it is a literal and, for a "$..." value, its compiled
// JSONPath selector.
type input struct {
	spec.ExposedInputParameter
	literal bool
	path    gval.Evaluable // nil when the selector does not compile: never found
}

func newInput(p spec.ExposedInputParameter) input {
	selector := strings.HasPrefix(p.Value, "$")
	in := input{ExposedInputParameter: p, literal: p.Value != "" && !selector}
	if selector {
		in.path = compileSelector(p.Value)
	}
	return in
}

// compileSelector compiles a body selector; one that does not compile (or
// panics the parser) selects nothing, as evaluating it per request did.
func compileSelector(src string) (eval gval.Evaluable) {
	defer func() {
		if recover() != nil {
			eval = nil
		}
	}()
	eval, err := jsonpath.New(src)
	if err != nil {
		return nil
	}
	return eval
}

func (p input) readsBody() bool {
	return !p.literal && (p.In == "" || p.In == "body")
}

// extractInputs builds the input map of one request; later parameters
// override earlier ones and absent values are left out.
func extractInputs(r *http.Request, params []input, vars map[string]string,
	b *body) map[string]any {
	in := map[string]any{}
	var query map[string][]string
	for _, p := range params {
		if p.literal {
			in[p.Name] = p.Value
			continue
		}
		switch p.In {
		case "path":
			if v, ok := vars[p.Name]; ok {
				in[p.Name] = v
			}
		case "query":
			if query == nil {
				query = r.URL.Query()
			}
			if vs, ok := query[p.Name]; ok && len(vs) > 0 {
				in[p.Name] = vs[0]
			}
		case "header":
			if vs := r.Header.Values(p.Name); len(vs) > 0 {
				in[p.Name] = vs[0]
			}
		case "cookie":
			if c, err := r.Cookie(p.Name); err == nil {
				in[p.Name] = c.Value
			}
		default: // body
			if v, ok := bodyInput(p, b); ok {
				in[p.Name] = v
			}
		}
	}
	return in
}

func bodyInput(p input, b *body) (any, bool) {
	if b == nil || !b.isJSON || b.value == nil {
		return nil, false
	}
	if strings.HasPrefix(p.Value, "$") {
		if p.path == nil {
			return nil, false
		}
		v, err := p.path(context.Background(), b.value)
		if err != nil || v == nil {
			return nil, false
		}
		return v, true
	}
	if obj, ok := b.value.(map[string]any); ok {
		if v, ok := obj[p.Name]; ok {
			return v, v != nil
		}
	}
	return b.value, true
}
