package consumer

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

// decodeXML reads XML the way the reference engine does: the root element
// is dropped, child elements become fields (repeated siblings an array),
// attributes become fields, an element with only text becomes a string,
// and text mixed with elements goes under the "" key.
func decodeXML(b []byte) (any, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := d.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, errors.New("no root element")
			}
			return nil, err
		}
		if start, ok := tok.(xml.StartElement); ok {
			v, err := xmlElement(d, start, 0)
			if err != nil {
				return nil, err
			}
			return v, nil
		}
	}
}

const maxXMLDepth = 512

func xmlElement(d *xml.Decoder, start xml.StartElement, depth int) (any, error) {
	if depth > maxXMLDepth {
		return nil, errors.New("elements nested too deeply")
	}
	obj := map[string]any{}
	attrs := 0
	for _, a := range start.Attr {
		if a.Name.Space == "xmlns" || a.Name.Local == "xmlns" {
			continue // namespace declarations are not data
		}
		obj[a.Name.Local] = a.Value
		attrs++
	}
	var text strings.Builder
	children := false
	for {
		tok, err := d.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, io.ErrUnexpectedEOF
			}
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			children = true
			v, err := xmlElement(d, t, depth+1)
			if err != nil {
				return nil, err
			}
			name := t.Name.Local
			prev, exists := obj[name]
			list, isList := prev.([]any)
			// An element is a string or an object, never a list: a list
			// holds repeated siblings.
			switch {
			case !exists:
				obj[name] = v
			case isList:
				obj[name] = append(list, v)
			default:
				obj[name] = []any{prev, v}
			}
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			s := text.String()
			if !children && attrs == 0 {
				return s, nil
			}
			if strings.TrimSpace(s) != "" {
				obj[""] = s
			}
			return obj, nil
		}
	}
}
