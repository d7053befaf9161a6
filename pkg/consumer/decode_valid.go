package consumer

import (
	"bytes"
	"strconv"
)

// skipValid moves w.i past a value no path reads, checking it as strictly
// as json.Valid does (one pass instead of skip and json.Valid).
func (w *fieldWalker) skipValid() error { return w.valid(0) }

// maxSkipDepth is the nesting valid follows; deeper bodies go to the
// decoder, which has its own limit.
const maxSkipDepth = 1000

func (w *fieldWalker) valid(depth int) error {
	if depth > maxSkipDepth {
		return errFallback
	}
	switch c := w.next(); c {
	case '"':
		return w.validString()
	case '{', '[':
		end := byte('}')
		if c == '[' {
			end = ']'
		}
		w.i++
		w.space()
		if w.next() == end {
			w.i++
			return nil
		}
		for {
			if c == '{' {
				if err := w.validString(); err != nil {
					return err
				}
				w.space()
				if w.next() != ':' {
					return errFallback
				}
				w.i++
				w.space()
			}
			if err := w.valid(depth + 1); err != nil {
				return err
			}
			w.space()
			switch w.next() {
			case end:
				w.i++
				return nil
			case ',':
				w.i++
				w.space()
			default:
				return errFallback
			}
		}
	case 't':
		return w.word("true")
	case 'f':
		return w.word("false")
	case 'n':
		return w.word("null")
	}
	return w.validNumber()
}

func (w *fieldWalker) word(s string) error {
	if !bytes.HasPrefix(w.b[w.i:], []byte(s)) {
		return errFallback
	}
	w.i += len(s)
	return nil
}

// validString moves w.i past a valid JSON string.
func (w *fieldWalker) validString() error {
	if w.next() != '"' {
		return errFallback
	}
	for i := w.i + 1; i < len(w.b); i++ {
		switch c := w.b[i]; {
		case c == '"':
			w.i = i + 1
			return nil
		case c < 0x20:
			return errFallback
		case c == '\\':
			if i++; i >= len(w.b) {
				return errFallback
			}
			switch w.b[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(w.b) || !isHex(w.b[i+1]) || !isHex(w.b[i+2]) ||
					!isHex(w.b[i+3]) || !isHex(w.b[i+4]) {
					return errFallback
				}
				i += 4
			default:
				return errFallback
			}
		}
	}
	return errFallback
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// validNumber moves w.i past a valid JSON number, refusing (outside a
// body with a long digit run) one out of the float64 range, as the full
// decoder does.
func (w *fieldWalker) validNumber() error {
	start := w.i
	if w.next() == '-' {
		w.i++
	}
	switch d := w.digits(); {
	case d == 0, d > 1 && w.b[w.i-d] == '0':
		return errFallback
	}
	exp := false
	if w.next() == '.' {
		w.i++
		if w.digits() == 0 {
			return errFallback
		}
	}
	if c := w.next(); c == 'e' || c == 'E' {
		exp = true
		if w.i++; w.next() == '+' || w.next() == '-' {
			w.i++
		}
		if w.digits() == 0 {
			return errFallback
		}
	}
	if exp && !w.exact {
		if _, err := strconv.ParseFloat(string(w.b[start:w.i]), 64); err != nil {
			return errFallback
		}
	}
	return nil
}

// digits moves w.i past a run of digits and returns its length.
func (w *fieldWalker) digits() int {
	start := w.i
	for w.i < len(w.b) && w.b[w.i] >= '0' && w.b[w.i] <= '9' {
		w.i++
	}
	return w.i - start
}
