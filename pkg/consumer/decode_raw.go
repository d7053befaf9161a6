package consumer

import (
	"bytes"
	"slices"
)

// JSONText is a JSON value already encoded exactly as json.Marshal encodes
// its decoded form (compact, names sorted, <, > and & escaped). It
// marshals as itself.
type JSONText []byte

// MarshalJSON returns t.
func (t JSONText) MarshalJSON() ([]byte, error) { return slices.Clip([]byte(t)), nil }

// rawJSON is the *Fields of a caller that hands the whole body on as JSON.
var rawJSON = &Fields{raw: true}

// RawJSON returns the *Fields of a caller that passes the whole JSON body
// on unchanged and only ever encodes it back to JSON. The body is then not
// decoded: Response.Value holds it as [JSONText], re-encoded from its text
// exactly as json.Marshal encodes its decoded value. Bodies that cannot be
// re-encoded so (null, escapes the encoder writes otherwise, invalid
// UTF-8, numbers out of range, deep nesting, malformed JSON) are decoded
// as [Operation.Call] decodes them, with the same errors.
func RawJSON() *Fields { return rawJSON }

// decodeJSONRaw re-encodes a body the way json.Marshal encodes its decoded
// value, straight from its text, as JSONText; a body it cannot re-encode
// so (escapes other than the encoder's, invalid UTF-8, numbers out of
// range, null, deep nesting) is decoded, with the full decoder's errors.
//
// TODO(#6): escaped member names and escapes the encoder writes otherwise
// ("\/", "\u0041") could be re-encoded too instead of decoding the body.
func decodeJSONRaw(b []byte) (any, error) {
	var spans [64]member
	c := canon{b: b, out: make([]byte, 0, len(b)), spans: spans[:0]}
	if !c.encode() {
		return decodeJSON(b)
	}
	return JSONText(c.out), nil
}

// encode writes to c.out what json.Marshal(decodeJSON(c.b)) writes, and
// reports whether it could: it is a strict parser (false for anything
// that is not JSON), drops white space, sorts object members by name
// keeping the last of equal names, formats fractions and exponents as the
// encoder does and escapes <, >, &, U+2028 and U+2029 as it does.
func (c *canon) encode() bool {
	c.space()
	if bytes.HasPrefix(c.b[c.i:], []byte("null")) || !c.value() {
		return false
	}
	c.space()
	return c.i == len(c.b)
}

// canon re-encodes a body for decodeJSONRaw.
type canon struct {
	b     []byte
	i     int
	depth int
	out   []byte
	spans []member // the members of the objects being written, innermost last
}

// member is one "name":value written to canon.out, from start to end;
// the name is canon.b[name:nameEnd] (no pointers: cheaper to collect).
type member struct {
	name, nameEnd int
	start, end    int
}

// maxCanonDepth bounds the nesting canon follows; deeper bodies are
// decoded.
const maxCanonDepth = 512

func (c *canon) space() {
	for c.i < len(c.b) {
		switch c.b[c.i] {
		case ' ', '\t', '\n', '\r':
			c.i++
		default:
			return
		}
	}
}

// at reports whether the next byte is ch, and steps over it if so.
func (c *canon) at(ch byte) bool {
	if c.i < len(c.b) && c.b[c.i] == ch {
		c.i++
		return true
	}
	return false
}

func (c *canon) value() bool {
	c.space()
	if c.i >= len(c.b) {
		return false
	}
	switch c.b[c.i] {
	case '{':
		return c.object()
	case '[':
		return c.array()
	case '"':
		_, ok := c.str()
		return ok
	case 't':
		return c.word("true")
	case 'f':
		return c.word("false")
	case 'n':
		return c.word("null")
	}
	return c.number()
}

func (c *canon) word(w string) bool {
	if !bytes.HasPrefix(c.b[c.i:], []byte(w)) {
		return false
	}
	c.i += len(w)
	c.out = append(c.out, w...)
	return true
}

func (c *canon) object() bool {
	if c.depth++; c.depth > maxCanonDepth {
		return false
	}
	c.i++
	c.out = append(c.out, '{')
	c.space()
	if !c.at('}') {
		base, sorted := len(c.spans), true
		for {
			c.space()
			if c.i >= len(c.b) || c.b[c.i] != '"' {
				return false
			}
			start, nameAt := len(c.out), c.i+1
			name, ok := c.str()
			// The encoder sorts names as decoded: take only plain ones.
			if !ok || bytes.IndexByte(name, '\\') >= 0 {
				return false
			}
			if n := len(c.spans); n > base && bytes.Compare(c.name(c.spans[n-1]), name) >= 0 {
				sorted = false
			}
			c.space()
			if !c.at(':') {
				return false
			}
			c.out = append(c.out, ':')
			if !c.value() {
				return false
			}
			c.spans = append(c.spans, member{name: nameAt, nameEnd: nameAt + len(name),
				start: start, end: len(c.out)})
			c.space()
			if c.at('}') {
				break
			}
			if !c.at(',') {
				return false
			}
			c.out = append(c.out, ',')
		}
		if !sorted {
			c.sortMembers(c.spans[base:])
		}
		c.spans = c.spans[:base]
	}
	c.out = append(c.out, '}')
	c.depth--
	return true
}

// sortMembers rewrites the members of the object just written (the end of
// c.out) in name order, keeping only the last of equal names, as decoding
// into a map and encoding it does.
func (c *canon) sortMembers(ms []member) {
	from := ms[0].start
	slices.SortStableFunc(ms, func(a, b member) int { return bytes.Compare(c.name(a), c.name(b)) })
	text := make([]byte, 0, len(c.out)-from)
	for i, m := range ms {
		if i+1 < len(ms) && bytes.Equal(c.name(m), c.name(ms[i+1])) {
			continue // a later member has this name
		}
		if len(text) > 0 {
			text = append(text, ',')
		}
		text = append(text, c.out[m.start:m.end]...)
	}
	c.out = append(c.out[:from], text...)
}

// name returns a member's name.
func (c *canon) name(m member) []byte { return c.b[m.name:m.nameEnd] }

func (c *canon) array() bool {
	if c.depth++; c.depth > maxCanonDepth {
		return false
	}
	c.i++
	c.out = append(c.out, '[')
	c.space()
	if !c.at(']') {
		for {
			if !c.value() {
				return false
			}
			c.space()
			if c.at(']') {
				break
			}
			if !c.at(',') {
				return false
			}
			c.out = append(c.out, ',')
		}
	}
	c.out = append(c.out, ']')
	c.depth--
	return true
}
