package consumer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/textproto"
	"net/url"
	"sort"
	"strings"

	"github.com/naftiko/naftiko-go/pkg/internal/fielderr"
	"github.com/naftiko/naftiko-go/pkg/spec"
	"github.com/naftiko/naftiko-go/pkg/template"
)

// body is a compiled request body.
type body struct {
	kind        string // raw, json, text, form, multipart
	contentType string
	text        *template.Template // raw, text-like and string data
	tree        node               // structured json or form data
	parts       []part             // multipart
}

type part struct {
	name, filename, contentType string
	value                       *template.Template
}

// node is a compiled JSON value whose strings are templates.
type node struct {
	tmpl *template.Template
	obj  []field
	list []node
	lit  any
	kind byte // 's' string, 'o' object, 'l' list, 'v' literal
}

type field struct {
	key string
	val node
}

var bodyTypes = map[string]string{
	"json": "application/json", "text": "text/plain; charset=utf-8",
	"xml": "application/xml", "sparql": "application/sparql-query",
	"formurlencoded": "application/x-www-form-urlencoded",
	"form":           "application/x-www-form-urlencoded",
	"multipartform":  "multipart/form-data",
}

func compileBody(b *spec.RequestBody, where string) (*body, error) {
	if b.Type == "" {
		t, err := template.Compile(b.Raw)
		if err != nil {
			return nil, fielderr.Wrap(where, err)
		}
		return &body{kind: "raw", contentType: "application/json", text: t}, nil
	}
	typ := strings.ToLower(b.Type)
	ct, ok := bodyTypes[typ]
	if !ok {
		return nil, fielderr.New(where+".type", "%q is not one of json, text, xml, sparql, "+
			"formUrlEncoded, multipartForm", b.Type)
	}
	out := &body{contentType: ct}
	switch typ {
	case "multipartform":
		out.kind = "multipart"
		return out, out.compileParts(b.Data, where+".data")
	case "formurlencoded", "form":
		out.kind = "form"
	case "json":
		out.kind = "json"
	default:
		out.kind = "text"
	}
	if s, ok := b.Data.(string); ok {
		t, err := template.Compile(s)
		if err != nil {
			return nil, fielderr.Wrap(where+".data", err)
		}
		out.text = t
		return out, nil
	}
	n, err := compileNode(b.Data, where+".data")
	if err != nil {
		return nil, err
	}
	out.tree = n
	return out, nil
}

func compileNode(v any, where string) (node, error) {
	switch x := v.(type) {
	case string:
		t, err := template.Compile(x)
		if err != nil {
			return node{}, fielderr.Wrap(where, err)
		}
		return node{kind: 's', tmpl: t}, nil
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		n := node{kind: 'o'}
		for _, k := range keys {
			sub, err := compileNode(x[k], where+"."+k)
			if err != nil {
				return node{}, err
			}
			n.obj = append(n.obj, field{key: k, val: sub})
		}
		return n, nil
	case []any:
		n := node{kind: 'l'}
		for i, e := range x {
			sub, err := compileNode(e, fmt.Sprintf("%s[%d]", where, i))
			if err != nil {
				return node{}, err
			}
			n.list = append(n.list, sub)
		}
		return n, nil
	}
	return node{kind: 'v', lit: v}, nil
}

// eval renders the node: a string that is exactly one tag keeps the
// variable's type; missing variables give null.
func (n node) eval(scope template.Scope) (any, error) {
	switch n.kind {
	case 's':
		v, _, err := n.tmpl.Value(scope)
		return v, err
	case 'o':
		m := make(map[string]any, len(n.obj))
		for _, f := range n.obj {
			v, err := f.val.eval(scope)
			if err != nil {
				return nil, err
			}
			m[f.key] = v
		}
		return m, nil
	case 'l':
		l := make([]any, len(n.list))
		for i, e := range n.list {
			v, err := e.eval(scope)
			if err != nil {
				return nil, err
			}
			l[i] = v
		}
		return l, nil
	}
	return n.lit, nil
}

func (b *body) compileParts(data any, where string) error {
	list, ok := data.([]any)
	if !ok {
		return fielderr.New(where, "multipartForm data must be a list of {name, value}")
	}
	for i, e := range list {
		m, ok := e.(map[string]any)
		name, _ := m["name"].(string)
		if !ok || name == "" {
			return fielderr.New(fmt.Sprintf("%s[%d]", where, i), "a part needs a name")
		}
		p := part{name: name}
		p.filename, _ = m["filename"].(string)
		p.contentType, _ = m["contentType"].(string)
		t, err := template.Compile(template.Format(m["value"]))
		if err != nil {
			return fielderr.Wrap(fmt.Sprintf("%s[%d].value", where, i), err)
		}
		p.value = t
		b.parts = append(b.parts, p)
	}
	return nil
}

// render produces the body bytes and their content type.
func (b *body) render(scope template.Scope) ([]byte, string, error) {
	if b.kind == "multipart" {
		return b.renderMultipart(scope)
	}
	if b.text != nil {
		s, _, err := b.text.Render(scope, nil)
		return []byte(s), b.contentType, err
	}
	v, err := b.tree.eval(scope)
	if err != nil {
		return nil, "", err
	}
	switch b.kind {
	case "form":
		m, ok := v.(map[string]any)
		if !ok {
			return nil, "", fmt.Errorf("formUrlEncoded data must be a map or a string")
		}
		form := url.Values{}
		for k, x := range m {
			if x != nil {
				form.Set(k, template.Format(x))
			}
		}
		return []byte(form.Encode()), b.contentType, nil
	case "text":
		return []byte(template.Format(v)), b.contentType, nil
	}
	out, err := json.Marshal(v)
	return out, b.contentType, err
}

func (b *body) renderMultipart(scope template.Scope) ([]byte, string, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, p := range b.parts {
		s, _, err := p.value.Render(scope, nil)
		if err != nil {
			return nil, "", err
		}
		h := textproto.MIMEHeader{}
		disp := fmt.Sprintf(`form-data; name=%q`, p.name)
		if p.filename != "" {
			disp += fmt.Sprintf(`; filename=%q`, p.filename)
		}
		h.Set("Content-Disposition", disp)
		if p.contentType != "" {
			h.Set("Content-Type", p.contentType)
		}
		pw, err := w.CreatePart(h)
		if err != nil {
			return nil, "", err
		}
		_, _ = pw.Write([]byte(s))
	}
	if err := w.Close(); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), w.FormDataContentType(), nil
}
