package template

import "strings"

// SingleBraces rewrites single-brace placeholders ("{id}", as in OpenAPI
// paths, and "${id}", as in shell-style URLs) into Mustache tags
// ("{{id}}"). Double-brace tags and braces that do not enclose a plain
// name are left alone.
func SingleBraces(s string) string {
	if !strings.Contains(s, "{") {
		return s
	}
	b := make([]byte, 0, len(s)+8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '{' || (i > 0 && s[i-1] == '{') || (i+1 < len(s) && s[i+1] == '{') {
			b = append(b, c)
			continue
		}
		end := strings.IndexByte(s[i+1:], '}')
		if end <= 0 {
			b = append(b, c)
			continue
		}
		name := s[i+1 : i+1+end]
		after := i + 1 + end + 1
		if !isName(name) || (after < len(s) && s[after] == '}') {
			b = append(b, c)
			continue
		}
		if i > 0 && s[i-1] == '$' {
			b = b[:len(b)-1]
		}
		b = append(b, "{{"...)
		b = append(b, name...)
		b = append(b, "}}"...)
		i = after - 1
	}
	return string(b)
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
