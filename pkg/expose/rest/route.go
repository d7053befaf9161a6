package rest

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// route is a compiled resource path. Segments are literals or variables;
// a variable named "path" in the last segment captures the rest of the
// request path, across slashes (as the spec's "URI path" variable does).
type route struct {
	template string // normalized to {name} placeholders
	segs     []segment
	rest     bool // last segment captures the remainder
}

type segment struct {
	lit  string // escaped literal; empty for a variable
	name string // variable name
}

var varPattern = regexp.MustCompile(`^\{\{?([A-Za-z0-9_.-]+)\}\}?$`)

func compileRoute(path string) (*route, error) {
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	r := &route{}
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	norm := make([]string, len(parts))
	for i, p := range parts {
		norm[i] = p
		if m := varPattern.FindStringSubmatch(p); m != nil {
			norm[i] = "{" + m[1] + "}"
			r.segs = append(r.segs, segment{name: m[1]})
			if m[1] == "path" && i == len(parts)-1 {
				r.rest = true
			}
			continue
		}
		if strings.ContainsAny(p, "{}") {
			return nil, fmt.Errorf("path %q: segment %q mixes text and a placeholder", path, p)
		}
		r.segs = append(r.segs, segment{lit: (&url.URL{Path: p}).EscapedPath()})
	}
	r.template = "/" + strings.Join(norm, "/")
	return r, nil
}

var errBadSegment = errors.New("path parameter is not allowed")

// match matches an escaped request path. Variables are percent-decoded
// once; a decoded value that is "." or "..", or holds a control
// character, is refused with errBadSegment so it can never walk an
// upstream path.
func (r *route) match(escaped string) (map[string]string, bool, error) {
	parts := strings.Split(strings.TrimPrefix(escaped, "/"), "/")
	if len(parts) < len(r.segs) || (!r.rest && len(parts) != len(r.segs)) {
		return nil, false, nil
	}
	var vars map[string]string
	for i, s := range r.segs {
		if s.name == "" {
			if parts[i] != s.lit {
				return nil, false, nil
			}
			continue
		}
		raw := parts[i]
		if r.rest && i == len(r.segs)-1 {
			raw = strings.Join(parts[i:], "/")
		}
		if raw == "" {
			return nil, false, nil
		}
		v, err := decodeVar(raw, r.rest && i == len(r.segs)-1)
		if err != nil {
			return nil, true, fmt.Errorf("%w: %s: %v", errBadSegment, s.name, err)
		}
		if vars == nil {
			vars = map[string]string{}
		}
		vars[s.name] = v
	}
	return vars, true, nil
}

func decodeVar(raw string, multi bool) (string, error) {
	var parts []string
	if multi {
		parts = strings.Split(raw, "/")
	} else {
		parts = []string{raw}
	}
	for i, p := range parts {
		v, err := url.PathUnescape(p)
		if err != nil {
			return "", err
		}
		// A decoded slash may hide a dot segment: check every piece.
		for _, seg := range strings.Split(v, "/") {
			if seg == "." || seg == ".." {
				return "", errors.New("dot segment")
			}
		}
		for _, c := range v {
			if c < 0x20 || c == 0x7f {
				return "", errors.New("control character")
			}
		}
		parts[i] = v
	}
	return strings.Join(parts, "/"), nil
}
