package consumer

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"
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
// on unchanged and only ever encodes it back to JSON. A body whose decoded
// value json.Marshal would write back byte for byte, up to white space and
// the escaping of <, > and &, is then not decoded: Response.Value holds
// it as [JSONText], in json.Marshal's form. Other bodies (names out of
// order, numbers or escapes written otherwise, null) are decoded as
// [Operation.Call] decodes them.
func RawJSON() *Fields { return rawJSON }

// decodeJSONRaw keeps a body already in json.Marshal's form as JSONText,
// and decodes any other, with the full decoder's errors.
func decodeJSONRaw(b []byte) (any, error) {
	c := canon{b: b}
	if !c.canonical() {
		return decodeJSON(b)
	}
	if !c.dirty {
		return JSONText(b), nil
	}
	// White space to drop or characters to escape: json.Marshal does both
	// for a json.RawMessage exactly as for the decoded value.
	out, err := json.Marshal(json.RawMessage(b))
	if err != nil {
		return decodeJSON(b)
	}
	return JSONText(out), nil
}

// canonical reports whether c.b is valid JSON (it is a strict parser) that
// json.Marshal(decodeJSON(c.b)) would write again, up to white space and
// the escaping json.Marshal applies to a json.RawMessage too: object names
// sorted, unique and unescaped, strings valid UTF-8 with only the escapes
// the encoder writes, numbers as the encoder formats them, and not null.
// It sets c.dirty when there is white space to drop or a character to
// escape.
func (c *canon) canonical() bool {
	c.space()
	if bytes.HasPrefix(c.b[c.i:], []byte("null")) || !c.value() {
		return false
	}
	c.space()
	return c.i == len(c.b)
}

// canon walks a body for canonical.
type canon struct {
	b     []byte
	i     int
	depth int
	dirty bool // white space outside strings, or <, >, &, U+2028, U+2029 in them
}

// maxCanonDepth bounds the nesting canon follows; deeper bodies are
// decoded.
const maxCanonDepth = 512

func (c *canon) space() {
	for c.i < len(c.b) {
		switch c.b[c.i] {
		case ' ', '\t', '\n', '\r':
			c.i++
			c.dirty = true
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
	switch ch := c.b[c.i]; ch {
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
	return true
}

func (c *canon) object() bool {
	if c.depth++; c.depth > maxCanonDepth {
		return false
	}
	c.i++ // {
	c.space()
	if c.at('}') {
		c.depth--
		return true
	}
	var prev []byte
	for n := 0; ; n++ {
		c.space()
		if c.i >= len(c.b) || c.b[c.i] != '"' {
			return false
		}
		key, ok := c.str()
		// The encoder sorts names as decoded: compare only plain ones.
		if !ok || bytes.IndexByte(key, '\\') >= 0 || n > 0 && bytes.Compare(prev, key) >= 0 {
			return false
		}
		prev = key
		c.space()
		if !c.at(':') || !c.value() {
			return false
		}
		c.space()
		if c.at('}') {
			c.depth--
			return true
		}
		if !c.at(',') {
			return false
		}
	}
}

func (c *canon) array() bool {
	if c.depth++; c.depth > maxCanonDepth {
		return false
	}
	c.i++ // [
	c.space()
	if c.at(']') {
		c.depth--
		return true
	}
	for {
		if !c.value() {
			return false
		}
		c.space()
		if c.at(']') {
			c.depth--
			return true
		}
		if !c.at(',') {
			return false
		}
	}
}

// str reads the string at c.i and returns what is between its quotes; ok
// is false when the encoder would write it otherwise.
func (c *canon) str() (inner []byte, ok bool) {
	start := c.i + 1
	for i := start; i < len(c.b); {
		ch := c.b[i]
		switch {
		case ch == '"':
			c.i = i + 1
			return c.b[start:i], true
		case ch == '\\':
			n := canonEscape(c.b[i:])
			if n == 0 {
				return nil, false
			}
			i += n
		case ch < 0x20:
			return nil, false
		case ch < utf8.RuneSelf:
			if ch == '<' || ch == '>' || ch == '&' {
				c.dirty = true
			}
			i++
		default:
			r, size := utf8.DecodeRune(c.b[i:])
			if r == utf8.RuneError && size == 1 {
				return nil, false // the encoder writes \ufffd
			}
			if r == '\u2028' || r == '\u2029' {
				c.dirty = true
			}
			i += size
		}
	}
	return nil, false
}

// canonEscape returns the length of the escape at the start of s when it
// is one the encoder writes (json.Marshal escapes <, > and & itself), or 0.
func canonEscape(s []byte) int {
	if len(s) < 2 {
		return 0
	}
	switch s[1] {
	case '"', '\\', 'b', 'f', 'n', 'r', 't':
		return 2
	case 'u':
		if len(s) < 6 {
			return 0
		}
		switch u := string(s[2:6]); u {
		case "003c", "003e", "0026", "2028", "2029":
			return 6
		case "0008", "0009", "000a", "000c", "000d":
			return 0 // written \b, \t, \n, \f, \r
		default:
			if u[:2] == "00" && (u[2] == '0' || u[2] == '1') && isLowerHex(u[3]) {
				return 6 // other control characters
			}
		}
	}
	return 0
}

func isLowerHex(ch byte) bool { return ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'f' }

// number reads a JSON number; integers are written back as they are (a
// float64 holds those without a long digit run exactly, and longer ones
// stay json.Number), others must read as the encoder formats their value.
func (c *canon) number() bool {
	start := c.i
	c.at('-')
	if !c.digits() {
		return false
	}
	if c.b[start] == '0' && c.i-start > 1 || c.b[start] == '-' && c.b[start+1] == '0' &&
		c.i-start > 2 {
		return false // leading zero
	}
	plain := true
	if c.at('.') {
		plain = false
		if !c.digits() {
			return false
		}
	}
	if c.at('e') || c.at('E') {
		plain = false
		if !c.at('+') {
			c.at('-')
		}
		if !c.digits() {
			return false
		}
	}
	if plain {
		return true
	}
	tok := c.b[start:c.i]
	f, err := strconv.ParseFloat(string(tok), 64)
	if err != nil {
		return false
	}
	var buf [32]byte
	return bytes.Equal(appendFloat(buf[:0], f), tok)
}

// digits steps over one or more digits.
func (c *canon) digits() bool {
	start := c.i
	for c.i < len(c.b) && c.b[c.i] >= '0' && c.b[c.i] <= '9' {
		c.i++
	}
	return c.i > start
}

// appendFloat formats f as encoding/json does.
func appendFloat(b []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if n := len(b); format == 'e' && n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
		b[n-2] = b[n-1]
		b = b[:n-1]
	}
	return b
}
