package consumer

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// str writes the string at c.i as the encoder writes it and returns the
// text between its quotes in c.b; ok is false when it is not valid or has
// escapes the encoder would write otherwise.
func (c *canon) str() (inner []byte, ok bool) {
	start := c.i + 1
	chunk := c.i // copied up to here
	for i := start; i < len(c.b); {
		ch := c.b[i]
		switch {
		case ch == '"':
			c.out = append(c.out, c.b[chunk:i+1]...)
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
		case ch == '<' || ch == '>' || ch == '&':
			c.out = append(c.out, c.b[chunk:i]...)
			c.out = append(c.out, '\\', 'u', '0', '0', hexDigits[ch>>4], hexDigits[ch&0xF])
			i++
			chunk = i
		case ch < utf8.RuneSelf:
			i++
		default:
			r, size := utf8.DecodeRune(c.b[i:])
			if r == utf8.RuneError && size == 1 {
				return nil, false // the encoder writes \ufffd
			}
			if r == '\u2028' || r == '\u2029' {
				c.out = append(c.out, c.b[chunk:i]...)
				c.out = append(c.out, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
				chunk = i + size
			}
			i += size
		}
	}
	return nil, false
}

const hexDigits = "0123456789abcdef"

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

// number writes a JSON number as the encoder writes its decoded value:
// integers as they are (a float64 holds those without a long digit run
// exactly, and longer ones stay json.Number), others formatted from their
// float64 value.
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
	tok := c.b[start:c.i]
	if plain {
		c.out = append(c.out, tok...)
		return true
	}
	f, err := strconv.ParseFloat(string(tok), 64)
	if err != nil {
		return false // refused, or kept as text: let the decoder say
	}
	c.out = appendFloat(c.out, f)
	return true
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
