package consumer

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// decoder turns a response body into a JSON value (nil, bool, float64,
// string, []any, map[string]any).
type decoder func(body []byte) (any, error)

// decoderFor returns the decoder of an outputRawFormat. avro and protobuf
// are refused here, at start, rather than failing on the first call.
func decoderFor(format, schema string) (decoder, error) {
	switch format {
	case "json":
		return decodeJSON, nil
	case "yaml", "yml":
		return decodeYAML, nil
	case "xml":
		return decodeXML, nil
	case "csv":
		return decodeTable(','), nil
	case "tsv":
		return decodeTable('\t'), nil
	case "psv":
		return decodeTable('|'), nil
	case "html":
		return decodeHTML(schema)
	case "markdown", "md":
		return decodeMarkdown(schema), nil
	case "text":
		// Not in the schema enum; real documents use it. The body becomes
		// one JSON string.
		return func(b []byte) (any, error) { return string(b), nil }, nil
	case "binary":
		// Not in the schema enum; the body is passed through undecoded.
		return func([]byte) (any, error) { return nil, nil }, nil
	case "avro", "protobuf":
		// TODO(#3): decode avro and protobuf with their schema files.
		return nil, fmt.Errorf("%s responses are not supported by this runtime "+
			"(outputSchema %q); use json, or pass the body through", format, schema)
	}
	return nil, fmt.Errorf("unknown format %q (want json, xml, yaml, csv, tsv, psv, html, "+
		"markdown)", format)
}

// decodeBody decodes a body; an empty body is null.
func (o *Operation) decodeBody(body []byte) (any, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, nil
	}
	return o.decode(body)
}

// decodeFields decodes a body, only the parts f names when the format is
// JSON; an empty body is null.
func (o *Operation) decodeFields(body []byte, f *Fields) (any, error) {
	if f == nil || o.format != "json" {
		return o.decodeBody(body)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, nil
	}
	if f.raw {
		return decodeJSONRaw(body)
	}
	return decodeJSONFields(body, f)
}

// Decode decodes a body in the operation's outputRawFormat, as Call does;
// an empty body is null.
func (o *Operation) Decode(body []byte) (any, error) { return o.decodeBody(body) }

// DecodeJSON decodes a JSON body as Call does: numbers are float64, except
// integers beyond 2^53, which stay json.Number.
func DecodeJSON(b []byte) (any, error) { return decodeJSON(b) }

// decodeJSON reads one JSON value. Numbers are float64, except integers
// too large for a float64 to hold exactly, which stay json.Number so that
// they reach the caller unchanged.
func decodeJSON(b []byte) (any, error) {
	var v any
	if !hasLongDigitRun(b) {
		if err := json.Unmarshal(b, &v); err != nil {
			return nil, err
		}
		return v, nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(b[dec.InputOffset():])) > 0 {
		return nil, fmt.Errorf("unexpected data after the JSON value")
	}
	return exactNumbers(v), nil
}

// hasLongDigitRun reports whether b holds 16 digits in a row: the only
// way to write an integer a float64 cannot hold exactly.
func hasLongDigitRun(b []byte) bool {
	run := 0
	for _, c := range b {
		if c >= '0' && c <= '9' {
			if run++; run >= 16 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// exactNumbers turns json.Number values into float64, keeping as
// json.Number the integers beyond 2^53.
func exactNumbers(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = exactNumbers(e)
		}
	case []any:
		for i, e := range x {
			x[i] = exactNumbers(e)
		}
	case json.Number:
		s := string(x)
		if !strings.ContainsAny(s, ".eE") {
			if i, err := strconv.ParseInt(s, 10, 64); err != nil || i > 1<<53 || i < -(1<<53) {
				return x
			}
		}
		f, err := x.Float64()
		if err != nil {
			return x
		}
		return f
	}
	return v
}

func decodeYAML(b []byte) (any, error) {
	var v any
	if err := yaml.Unmarshal(b, &v); err != nil {
		return nil, err
	}
	return normalize(v), nil
}

// normalize turns YAML values into JSON values.
func normalize(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = normalize(e)
		}
		return x
	case map[any]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[fmt.Sprint(k)] = normalize(e)
		}
		return m
	case []any:
		for i, e := range x {
			x[i] = normalize(e)
		}
		return x
	case int:
		return float64(x)
	case int64:
		return float64(x)
	case uint64:
		return float64(x)
	case float32:
		return normalize(float64(x))
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return strconv.FormatFloat(x, 'g', -1, 64) // JSON has no such numbers
		}
		return x
	case time.Time:
		return x.Format(time.RFC3339Nano)
	case []byte:
		return string(x)
	}
	return v
}

// decodeTable reads separated values: the first row names the columns,
// every other row becomes an object of strings.
func decodeTable(sep rune) decoder {
	return func(b []byte) (any, error) {
		b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
		r := csv.NewReader(bytes.NewReader(b))
		r.Comma = sep
		r.FieldsPerRecord = -1
		r.LazyQuotes = true
		rows, err := r.ReadAll()
		if err != nil {
			return nil, err
		}
		out := []any{}
		if len(rows) == 0 {
			return out, nil
		}
		head := rows[0]
		for _, row := range rows[1:] {
			obj := make(map[string]any, len(head))
			for i, name := range head {
				cell := ""
				if i < len(row) {
					cell = row[i]
				}
				obj[name] = cell
			}
			out = append(out, obj)
		}
		return out, nil
	}
}
