package template

import "strings"

// SingleBraces rewrites single-brace placeholders ("{id}", as in OpenAPI
// paths) into Mustache tags ("{{id}}"). Double-brace tags and braces that do
// not enclose a plain name are left alone.
func SingleBraces(s string) string {
	if !strings.Contains(s, "{") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '{' || (i > 0 && s[i-1] == '{') || (i+1 < len(s) && s[i+1] == '{') {
			b.WriteByte(c)
			continue
		}
		end := strings.IndexByte(s[i+1:], '}')
		if end <= 0 {
			b.WriteByte(c)
			continue
		}
		name := s[i+1 : i+1+end]
		after := i + 1 + end + 1
		if !isName(name) || (after < len(s) && s[after] == '}') {
			b.WriteByte(c)
			continue
		}
		b.WriteString("{{")
		b.WriteString(name)
		b.WriteString("}}")
		i = after - 1
	}
	return b.String()
}

func isName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := c == '_' || c == '-' || c == '.' || c >= '0' && c <= '9' ||
			c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !ok {
			return false
		}
	}
	return s != ""
}
