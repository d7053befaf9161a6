package consumer

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/naftiko/naftiko-go/pkg/template"
)

// urlTemplate is the compiled URL of an operation: a base (baseUri,
// Settings.BaseURI or Settings.URL) and a path (resource path plus the
// operation's own path).
type urlTemplate struct {
	base, path *template.Template
	// baseEsc escapes values substituted into the base: nil (verbatim)
	// when the whole base is one variable ("{{ACCOUNT_URL}}") or comes
	// from Settings.URL, escapeHost otherwise.
	baseEsc      template.Escaper
	requireHTTPS bool
}

func compileURL(baseURI, path string, set Settings) (*urlTemplate, error) {
	u := &urlTemplate{baseEsc: escapeHost, requireHTTPS: set.RequireHTTPS}
	base := baseURI
	switch {
	case set.URL != "":
		base, path, u.baseEsc = set.URL, "", nil
	case set.BaseURI != "":
		base = set.BaseURI
	}
	var err error
	if u.base, err = template.CompileURI(base); err != nil {
		return nil, err
	}
	if u.path, err = template.CompileURI(path); err != nil {
		return nil, err
	}
	if vars := u.base.Vars(); len(vars) == 1 && strings.HasPrefix(
		strings.TrimSpace(template.SingleBraces(base)), "{{") {
		u.baseEsc = nil
	}
	if set.RequireHTTPS && u.base.Static() && !strings.HasPrefix(strings.ToLower(base), "https://") {
		return nil, fmt.Errorf("https is required, the URL is %s", base)
	}
	return u, nil
}

// render builds the URL. Every variable must have a non-empty value;
// values in the path are percent-encoded as one segment each, so that
// they cannot change the target.
func (u *urlTemplate) render(scope template.Scope) (*url.URL, error) {
	for _, t := range []*template.Template{u.base, u.path} {
		for _, name := range t.Vars() {
			v, ok := template.Lookup(scope, name)
			if !ok || v == nil {
				return nil, fmt.Errorf("unresolved path placeholder %s in %s%s", name,
					u.base.Source(), u.path.Source())
			}
			if template.Format(v) == "" {
				return nil, fmt.Errorf("empty value for path placeholder %s in %s%s", name,
					u.base.Source(), u.path.Source())
			}
		}
	}
	base, _, err := u.base.Render(scope, u.baseEsc)
	if err != nil {
		return nil, err
	}
	path, _, err := u.path.Render(scope, escapeSegment)
	if err != nil {
		return nil, err
	}
	raw := base + path
	parsed, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("URL %q: %w", raw, err)
	}
	if parsed.Scheme != "http" && parsed.Scheme != "https" || parsed.Host == "" {
		return nil, fmt.Errorf("URL %q is not an absolute http(s) URL", raw)
	}
	if u.requireHTTPS && parsed.Scheme != "https" {
		return nil, fmt.Errorf("https required, the URL is %s", parsed.Redacted())
	}
	return parsed, nil
}

// escapeSegment percent-encodes everything but RFC 3986 unreserved
// characters, so a substituted value stays inside one path segment (or
// one query value) whatever it holds; "." and ".." are encoded too.
func escapeSegment(s string) string {
	if s == "." || s == ".." {
		return strings.Repeat("%2E", len(s))
	}
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// escapeHost is escapeSegment that keeps ":" (a port: "{cluster}:8182"
// or "{{HOST}}" holding "db:5432"); "/", "@", "?" and "#" are still encoded.
func escapeHost(s string) string {
	if !strings.Contains(s, ":") {
		return escapeSegment(s)
	}
	parts := strings.Split(s, ":")
	for i, p := range parts {
		parts[i] = escapeSegment(p)
	}
	return strings.Join(parts, ":")
}
