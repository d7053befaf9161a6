package consumer

import (
	"bytes"
	"fmt"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// decodeHTML turns the tables of a page into {"tables": [table, ...]}, each
// table an array of row objects keyed by header text. selector, when set,
// picks the tables: a selected <table>, or the tables inside a selected
// element.
func decodeHTML(selector string) (decoder, error) {
	sel, err := parseSelector(selector)
	if err != nil {
		return nil, fmt.Errorf("outputSchema %q: %w", selector, err)
	}
	return func(b []byte) (any, error) {
		doc, err := html.Parse(bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		var tables []*html.Node
		if sel == nil {
			tables = findAll(doc, isTable)
		} else {
			for _, n := range sel.match(doc) {
				if isTable(n) {
					tables = append(tables, n)
				} else {
					tables = append(tables, findAll(n, isTable)...)
				}
			}
		}
		out := []any{}
		for _, t := range tables {
			if rows, ok := htmlTable(t); ok {
				out = append(out, rows)
			}
		}
		return map[string]any{"tables": out}, nil
	}, nil
}

func isTable(n *html.Node) bool { return n.Type == html.ElementNode && n.DataAtom == atom.Table }

func findAll(root *html.Node, pred func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for n := range root.Descendants() {
		if pred(n) {
			out = append(out, n)
		}
	}
	return out
}

// ownRows returns the rows of t that are not inside a nested table.
func ownRows(t *html.Node) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || c.DataAtom == atom.Table {
				continue
			}
			if c.DataAtom == atom.Tr {
				out = append(out, c)
				continue
			}
			walk(c)
		}
	}
	walk(t)
	return out
}

func cells(tr *html.Node, a atom.Atom) []*html.Node {
	var out []*html.Node
	for c := tr.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == a {
			out = append(out, c)
		}
	}
	return out
}

func inSection(tr *html.Node, a atom.Atom) bool {
	return tr.Parent != nil && tr.Parent.DataAtom == a
}

func htmlTable(t *html.Node) ([]any, bool) {
	rows := ownRows(t)
	var head []string
	for _, tr := range rows {
		if inSection(tr, atom.Thead) {
			head = texts(cells(tr, atom.Th))
			break
		}
	}
	if head == nil && len(rows) > 0 {
		head = texts(cells(rows[0], atom.Th))
	}
	if strings.TrimSpace(strings.Join(head, "")) == "" {
		return nil, false
	}
	body := rows[:0:0]
	for _, tr := range rows {
		if inSection(tr, atom.Tbody) {
			body = append(body, tr)
		}
	}
	if len(body) == 0 {
		body = rows
	}
	out := []any{}
	for _, tr := range body {
		if len(cells(tr, atom.Th)) > 0 {
			continue
		}
		tds := texts(cells(tr, atom.Td))
		if len(tds) == 0 {
			continue
		}
		obj := make(map[string]any, len(head))
		for i, h := range head {
			v := ""
			if i < len(tds) {
				v = tds[i]
			}
			obj[h] = v
		}
		out = append(out, obj)
	}
	return out, true
}

func texts(ns []*html.Node) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		var b strings.Builder
		for d := range n.Descendants() {
			if d.Type == html.TextNode {
				b.WriteString(d.Data)
			}
		}
		out[i] = strings.Join(strings.Fields(b.String()), " ")
	}
	return out
}
