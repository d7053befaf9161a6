package consumer

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"unicode/utf8"
)

// errFallback stops a selective decode that cannot promise the full
// decoder's answer; the body is then decoded whole.
var errFallback = errors.New("consumer: decode the whole body")

// decodeJSONFields decodes the members of a JSON body that f names, and
// the objects on the way to them; other members are left out. Whatever f
// names gets the value decodeJSON gives it (numbers, big integers and
// strings alike), and a body decodeJSON refuses is refused with the same
// error, so mapping through f's paths cannot tell the two apart.
//
// The walk checks the body as it goes (the structure itself, skipped
// members with json.Valid, read ones as they decode), so that each byte is
// checked once; anything unexpected hands the body to decodeJSON.
func decodeJSONFields(b []byte, f *Fields) (any, error) {
	if f == nil {
		return decodeJSON(b)
	}
	w := fieldWalker{b: b, exact: hasLongDigitRun(b)}
	w.space()
	v, err := w.value(f.root)
	if w.space(); err != nil || w.i != len(b) {
		return decodeJSON(b)
	}
	return v, nil
}

// fieldWalker walks a body for decodeJSONFields.
type fieldWalker struct {
	b     []byte
	i     int
	exact bool // decode numbers as decodeJSON does with a long digit run
}

func (w *fieldWalker) space() {
	for w.i < len(w.b) {
		switch w.b[w.i] {
		case ' ', '\t', '\n', '\r':
			w.i++
		default:
			return
		}
	}
}

// next returns the byte at w.i, or 0 at the end.
func (w *fieldWalker) next() byte {
	if w.i < len(w.b) {
		return w.b[w.i]
	}
	return 0
}

// value decodes the value at w.i, keeping of an object only the members
// n names; it leaves w.i after the value.
func (w *fieldWalker) value(n *fieldNode) (any, error) {
	if n.whole() || w.next() != '{' {
		start := w.i
		if err := w.skip(); err != nil {
			return nil, err
		}
		return w.decode(w.b[start:w.i])
	}
	obj := make(map[string]any, len(n.kids))
	w.i++ // {
	w.space()
	if w.next() == '}' {
		w.i++
		return obj, nil
	}
	for {
		if w.next() != '"' {
			return nil, errFallback
		}
		key, err := w.key()
		if err != nil {
			return nil, err
		}
		w.space()
		if w.next() != ':' {
			return nil, errFallback
		}
		w.i++
		w.space()
		if kid, ok := n.kids[string(key)]; ok {
			v, err := w.value(kid)
			if err != nil {
				return nil, err
			}
			obj[string(key)] = v
		} else if err := w.skipValid(); err != nil {
			return nil, err
		}
		w.space()
		switch w.next() {
		case '}':
			w.i++
			return obj, nil
		case ',':
			w.i++
			w.space()
		default:
			return nil, errFallback
		}
	}
}

// key reads a member name; escaped names are unquoted as the full decoder
// does.
func (w *fieldWalker) key() ([]byte, error) {
	start := w.i
	if !w.str() {
		return nil, errFallback
	}
	raw := w.b[start:w.i]
	if inner := raw[1 : len(raw)-1]; plainString(inner) {
		return inner, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, errFallback
	}
	return []byte(s), nil
}

// plainString reports whether the text between a string's quotes is its
// value: no escapes, no control characters, valid UTF-8.
func plainString(s []byte) bool {
	for _, c := range s {
		if c < 0x20 || c == '\\' {
			return false
		}
	}
	return utf8.Valid(s)
}

// str moves w.i past the string starting at w.i and reports whether it
// was closed.
func (w *fieldWalker) str() bool {
	w.i++
	for w.i < len(w.b) {
		switch w.b[w.i] {
		case '\\':
			w.i += 2
		case '"':
			w.i++
			return true
		default:
			w.i++
		}
	}
	w.i = len(w.b)
	return false
}

// skip moves w.i past the value at w.i. Numbers the full decoder would
// refuse (out of the float64 range) stop the walk, so that the whole body
// gets decoded and refused as before.
func (w *fieldWalker) skip() error {
	switch c := w.next(); {
	case c == '"':
		w.str()
	case c == '{' || c == '[':
		depth := 0
		for w.i < len(w.b) {
			switch w.b[w.i] {
			case '"':
				w.str()
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
			case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
				if err := w.number(); err != nil {
					return err
				}
				continue
			}
			w.i++
			if depth == 0 {
				return nil
			}
		}
	case c == '-' || c >= '0' && c <= '9':
		return w.number()
	default: // true, false, null
		for w.i < len(w.b) && w.b[w.i] >= 'a' && w.b[w.i] <= 'z' {
			w.i++
		}
	}
	return nil
}

// number moves w.i past the number at w.i, checking its range when it has
// an exponent (only then can it overflow a float64 without a long digit
// run, and with one the full decoder keeps it as text).
func (w *fieldWalker) number() error {
	start, exp := w.i, false
	for ; w.i < len(w.b); w.i++ {
		c := w.b[w.i]
		if c == 'e' || c == 'E' {
			exp = true
		} else if !(c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.') {
			break
		}
	}
	if exp && !w.exact {
		if _, err := strconv.ParseFloat(string(w.b[start:w.i]), 64); err != nil {
			return errFallback
		}
	}
	return nil
}

// decode decodes one complete value as decodeJSON decodes it inside a
// body; a value that is not valid JSON stops the walk.
func (w *fieldWalker) decode(v []byte) (any, error) {
	if len(v) == 0 {
		return nil, errFallback
	}
	switch v[0] {
	case '"':
		if len(v) >= 2 && v[len(v)-1] == '"' && plainString(v[1:len(v)-1]) {
			return string(v[1 : len(v)-1]), nil
		}
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return nil, errFallback
		}
		return s, nil
	case 't', 'f', 'n':
		switch string(v) {
		case "true":
			return true, nil
		case "false":
			return false, nil
		case "null":
			return nil, nil
		}
		return nil, errFallback
	case '{', '[':
		var out any
		if err := w.unmarshal(v, &out); err != nil {
			return nil, errFallback
		}
		return out, nil
	}
	if !json.Valid(v) {
		return nil, errFallback
	}
	if w.exact {
		return exactNumbers(json.Number(v)), nil
	}
	f, err := strconv.ParseFloat(string(v), 64)
	if err != nil {
		return nil, errFallback
	}
	return f, nil
}

// unmarshal decodes a composite value in the number mode of the body.
func (w *fieldWalker) unmarshal(v []byte, out *any) error {
	if !w.exact {
		return json.Unmarshal(v, out)
	}
	dec := json.NewDecoder(bytes.NewReader(v))
	dec.UseNumber()
	if err := dec.Decode(out); err != nil {
		return err
	}
	*out = exactNumbers(*out)
	return nil
}
