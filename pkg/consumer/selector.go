package consumer

import (
	"fmt"
	"strings"

	"golang.org/x/net/html"
)

// selector is the CSS subset outputSchema may use to pick HTML tables:
// groups separated by ",", each a chain of compound selectors joined by
// descendant (whitespace) or child (">") combinators; a compound is a tag
// or "*", then any of #id, .class, [attr] and [attr=value].
type selector struct{ groups [][]step }

// step is one compound selector and how it relates to the previous one.
type step struct {
	child bool // ">" before it: the previous step must match the parent
	tag   string
	id    string
	class []string
	attrs []attrTest
}

type attrTest struct {
	key, val string
	hasVal   bool
}

// parseSelector reads a selector; an empty one is nil (every table).
//
// TODO(#3): pseudo-classes (:first-child, :nth-of-type(...)) and the
// sibling combinators (+, ~) are refused.
func parseSelector(src string) (*selector, error) {
	if strings.TrimSpace(src) == "" {
		return nil, nil
	}
	sel := &selector{}
	for _, group := range strings.Split(src, ",") {
		steps, err := parseChain(group)
		if err != nil {
			return nil, err
		}
		sel.groups = append(sel.groups, steps)
	}
	return sel, nil
}

func parseChain(s string) ([]step, error) {
	var steps []step
	child := false
	i := 0
	for {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') {
			i++
		}
		if i == len(s) {
			break
		}
		if s[i] == '>' {
			if child || len(steps) == 0 {
				return nil, fmt.Errorf("misplaced >")
			}
			child = true
			i++
			continue
		}
		st, n, err := parseCompound(s[i:])
		if err != nil {
			return nil, err
		}
		st.child = child
		child = false
		steps = append(steps, st)
		i += n
	}
	if len(steps) == 0 || child {
		return nil, fmt.Errorf("empty selector")
	}
	return steps, nil
}

// parseCompound reads one compound selector at the start of s and
// returns it with the number of bytes read.
func parseCompound(s string) (step, int, error) {
	var st step
	i := 0
	name := func() string {
		j := i
		for j < len(s) && isSelectorName(s[j]) {
			j++
		}
		out := s[i:j]
		i = j
		return out
	}
	if i < len(s) && s[i] == '*' {
		i++
	} else {
		st.tag = strings.ToLower(name())
	}
	for i < len(s) {
		switch c := s[i]; c {
		case '#', '.':
			i++
			n := name()
			if n == "" {
				return st, 0, fmt.Errorf("%q needs a name", c)
			}
			if c == '#' {
				st.id = n
			} else {
				st.class = append(st.class, n)
			}
		case '[':
			end := strings.IndexByte(s[i:], ']')
			if end < 0 {
				return st, 0, fmt.Errorf("unclosed [")
			}
			body := s[i+1 : i+end]
			i += end + 1
			key, val, hasVal := strings.Cut(body, "=")
			key = strings.ToLower(strings.TrimSpace(key))
			if key == "" || strings.ContainsAny(key, "~|^$*") {
				return st, 0, fmt.Errorf("unsupported attribute selector [%s]", body)
			}
			val = strings.Trim(strings.TrimSpace(val), `"'`)
			st.attrs = append(st.attrs, attrTest{key: key, val: val, hasVal: hasVal})
		case ' ', '\t', '\n', '>':
			return st, i, nil
		default:
			return st, 0, fmt.Errorf("unsupported %q in selector (tag, *, #id, .class, "+
				"[attr], [attr=value], descendant and > are supported)", c)
		}
	}
	if st.tag == "" && st.id == "" && len(st.class) == 0 && len(st.attrs) == 0 && s[0] != '*' {
		return st, 0, fmt.Errorf("empty compound selector")
	}
	return st, i, nil
}

func isSelectorName(c byte) bool {
	return c == '-' || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' ||
		c >= 'A' && c <= 'Z' || c >= 0x80
}

func (st *step) matches(n *html.Node) bool {
	if n.Type != html.ElementNode || st.tag != "" && n.Data != st.tag {
		return false
	}
	if st.id != "" && attr(n, "id") != st.id {
		return false
	}
	have := strings.Fields(attr(n, "class"))
	for _, want := range st.class {
		found := false
		for _, h := range have {
			found = found || h == want
		}
		if !found {
			return false
		}
	}
	for _, a := range st.attrs {
		v, ok := attrOK(n, a.key)
		if !ok || a.hasVal && v != a.val {
			return false
		}
	}
	return true
}

func attr(n *html.Node, key string) string {
	v, _ := attrOK(n, key)
	return v
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// match returns the elements matching any group, in document order.
func (s *selector) match(root *html.Node) []*html.Node {
	var out []*html.Node
	for n := range root.Descendants() {
		for _, g := range s.groups {
			if chainMatches(g, len(g)-1, n) {
				out = append(out, n)
				break
			}
		}
	}
	return out
}

// chainMatches reports whether n matches steps[i] and its ancestors match
// the steps before it.
func chainMatches(steps []step, i int, n *html.Node) bool {
	if !steps[i].matches(n) {
		return false
	}
	if i == 0 {
		return true
	}
	if steps[i].child {
		return n.Parent != nil && chainMatches(steps, i-1, n.Parent)
	}
	for p := n.Parent; p != nil; p = p.Parent {
		if chainMatches(steps, i-1, p) {
			return true
		}
	}
	return false
}
