package rest

import (
	"strings"
	"testing"
)

// FuzzRouteMatch checks that matching any request path never panics and
// that a matched placeholder never carries a dot segment or a control
// character upstream.
func FuzzRouteMatch(f *testing.F) {
	for _, s := range []string{"/users/42", "/users/a%2F..%2Fb", "/files/a/b/../c", "/users/",
		"/users/%zz", "//", "/files/%00", "/users/%2e%2E"} {
		f.Add(s)
	}
	routes := []*route{}
	for _, p := range []string{"/users/{{id}}", "/files/{path}", "/a/{x}/b/{y}"} {
		r, err := compileRoute(p)
		if err != nil {
			f.Fatal(err)
		}
		routes = append(routes, r)
	}
	f.Fuzz(func(t *testing.T, path string) {
		for _, r := range routes {
			vars, ok, err := r.match(path)
			if err != nil || !ok {
				continue
			}
			for name, v := range vars {
				for _, seg := range strings.Split(v, "/") {
					if seg == ".." || seg == "." {
						t.Errorf("%s matched %q with %s = %q", r.template, path, name, v)
					}
				}
				if strings.ContainsAny(v, "\x00\r\n") {
					t.Errorf("%s matched %q with a control character in %s", r.template, path, name)
				}
			}
		}
	})
}

// FuzzParseDigest checks that any Authorization header parses without
// panicking.
func FuzzParseDigest(f *testing.F) {
	f.Add(`username="ada", realm="naftiko", nonce="abc", uri="/x?a=b,c", response="00"`)
	f.Add(`a="unterminated`)
	f.Add(`="",,,=`)
	f.Add(`k="\"quoted\\"", j=plain`)
	f.Fuzz(func(t *testing.T, s string) {
		_ = parseDigest(s)
	})
}
