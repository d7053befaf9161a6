package consumer

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"go.yaml.in/yaml/v3"
)

var markdown = goldmark.New(goldmark.WithExtensions(extension.Table))

// decodeMarkdown turns a Markdown document into {"frontMatter": {...},
// "tables": [...], "sections": [{heading, level, content}]}. prefix, when
// set, keeps only the sections whose heading starts with it.
func decodeMarkdown(prefix string) decoder {
	return func(b []byte) (any, error) {
		src := bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
		front := map[string]any{}
		if bytes.HasPrefix(src, []byte("---\n")) {
			if end := bytes.Index(src[3:], []byte("\n---\n")); end >= 0 {
				var m map[string]any
				if yaml.Unmarshal(src[4:3+end+1], &m) == nil && m != nil {
					front = normalize(m).(map[string]any)
				}
				src = src[3+end+5:]
			}
		}
		doc := markdown.Parser().Parse(text.NewReader(src))
		tables := []any{}
		sections := []any{}
		var cur map[string]any
		var content []string
		flush := func() {
			if cur != nil {
				cur["content"] = strings.Join(content, "\n")
				if prefix == "" || strings.HasPrefix(cur["heading"].(string), prefix) {
					sections = append(sections, cur)
				}
			}
			content = nil
		}
		for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
			switch x := n.(type) {
			case *ast.Heading:
				flush()
				cur = map[string]any{"heading": inlineText(x, src), "level": float64(x.Level)}
			case *east.Table:
				if rows, ok := markdownTable(x, src); ok {
					tables = append(tables, rows)
				}
			default:
				if cur != nil {
					if t := blockText(n, src); t != "" {
						content = append(content, t)
					}
				}
			}
		}
		flush()
		return map[string]any{"frontMatter": front, "tables": tables, "sections": sections}, nil
	}
}

func markdownTable(t *east.Table, src []byte) ([]any, bool) {
	var head []string
	out := []any{}
	for r := t.FirstChild(); r != nil; r = r.NextSibling() {
		var cellsText []string
		for c := r.FirstChild(); c != nil; c = c.NextSibling() {
			cellsText = append(cellsText, strings.TrimSpace(inlineText(c, src)))
		}
		if _, ok := r.(*east.TableHeader); ok {
			head = cellsText
			continue
		}
		obj := make(map[string]any, len(head))
		for i, h := range head {
			v := ""
			if i < len(cellsText) {
				v = cellsText[i]
			}
			obj[h] = v
		}
		out = append(out, obj)
	}
	if strings.TrimSpace(strings.Join(head, "")) == "" {
		return nil, false
	}
	return out, true
}

// inlineText concatenates the text of n's inline descendants.
func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte('\n')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.CodeSpan:
			for cc := t.FirstChild(); cc != nil; cc = cc.NextSibling() {
				if tt, ok := cc.(*ast.Text); ok {
					b.Write(tt.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// blockText is the text of one block: code blocks verbatim, others inline.
func blockText(n ast.Node, src []byte) string {
	switch n.(type) {
	case *ast.List:
		var items []string
		for it := n.FirstChild(); it != nil; it = it.NextSibling() {
			var parts []string
			for c := it.FirstChild(); c != nil; c = c.NextSibling() {
				if t := blockText(c, src); t != "" {
					parts = append(parts, t)
				}
			}
			items = append(items, strings.Join(parts, "\n"))
		}
		return strings.Join(items, "\n")
	case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock:
		var b strings.Builder
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			b.Write(seg.Value(src))
		}
		return strings.TrimRight(b.String(), "\n")
	}
	return strings.TrimSpace(inlineText(n, src))
}
