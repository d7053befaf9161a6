package consumer_test

import (
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/naftiko/naftiko-go/pkg/consumer"
)

var requestDoc = doc(`
    - type: http
      namespace: api
      baseUri: "BASE/v1"
      inputParameters:
        - name: X-Tenant
          in: header
          value: "{{TENANT}}"
        - name: X-Trace
          in: header
        - name: session
          in: cookie
        - name: theme
          in: cookie
          value: dark
      resources:
        - name: item
          path: "/items/{id}/{{sub}}"
          operations:
            - name: get-item
              inputParameters:
                - name: q
                  in: query
                - name: tags
                  in: query
                - name: limit
                  in: query
                  value: "{{max}}"
                - name: HOME_DIR
                  in: environment
            - name: delete-item
              method: DELETE
            - name: get-owner
              path: "/owners/{id}"
        - name: create
          path: "/items"
          operations:
            - name: raw-body
              method: POST
              body: |
                {"name": "{{name}}", "tags": {{tags}}}
            - name: json-body
              method: PUT
              body:
                type: json
                data:
                  name: "{{name}}"
                  count: "{{count}}"
                  label: "item {{name}}"
                  fixed: 3
                  list: ["{{name}}", true]
            - name: text-body
              method: POST
              body:
                type: text
                data: "hello {{name}}"
            - name: xml-body
              method: POST
              body:
                type: xml
                data: "<item>{{name}}</item>"
            - name: sparql-body
              method: POST
              body:
                type: sparql
                data: "SELECT * WHERE { ?s ?p \"{{name}}\" }"
            - name: form-body
              method: POST
              body:
                type: formUrlEncoded
                data:
                  name: "{{name}}"
                  note: "a&b=c d"
                  gone: "{{absent}}"
            - name: form-string
              method: POST
              body:
                type: form
                data: "name={{name}}"
            - name: multipart-body
              method: POST
              body:
                type: multipartForm
                data:
                  - name: title
                    value: "{{name}}"
                  - name: file
                    filename: a.txt
                    contentType: text/plain
                    value: "content of {{name}}"
`)

func TestRequestShape(t *testing.T) {
	up := newUpstream(t, reply(200, "application/json", `{}`))
	env := func(k string) (string, bool) {
		if k == "HOME_DIR" {
			return "/home/x", true
		}
		return "", false
	}
	ns := compile(t, requestDoc, up.URL, consumer.Options{LookupEnv: env})
	binds := map[string]any{"TENANT": "acme"}
	tests := []struct {
		name   string
		op     string
		params map[string]any
		want   seen
	}{{
		name: "path segments are encoded, optional params dropped",
		op:   "get-item",
		params: map[string]any{"id": "../../admin", "sub": "a b/c?d#e",
			"q": "x&y=z +", "session": "abc", "X-Trace": "t1"},
		want: seen{Method: "GET", Path: "/v1/items/..%2F..%2Fadmin/a%20b%2Fc%3Fd%23e",
			RawQuery: "q=x%26y%3Dz+%2B",
			Header: http.Header{"X-Tenant": {"acme"}, "X-Trace": {"t1"},
				"Cookie": {"session=abc; theme=dark"}}},
	}, {
		name:   "dot segments and lists",
		op:     "get-item",
		params: map[string]any{"id": "..", "sub": ".", "tags": []any{"a", "b c"}, "max": 10.0},
		want: seen{Method: "GET", Path: "/v1/items/%2E%2E/%2E",
			RawQuery: "tags=a&tags=b+c&limit=10",
			Header:   http.Header{"X-Tenant": {"acme"}, "Cookie": {"theme=dark"}}},
	}, {
		name:   "method",
		op:     "delete-item",
		params: map[string]any{"id": 7.0, "sub": "x"},
		want: seen{Method: "DELETE", Path: "/v1/items/7/x",
			Header: http.Header{"X-Tenant": {"acme"}, "Cookie": {"theme=dark"}}},
	}, {
		name:   "an operation path starting with / replaces the resource path",
		op:     "get-owner",
		params: map[string]any{"id": "o1"},
		want: seen{Method: "GET", Path: "/v1/owners/o1",
			Header: http.Header{"X-Tenant": {"acme"}, "Cookie": {"theme=dark"}}},
	}, {
		name:   "raw body is substituted verbatim, lists as JSON",
		op:     "raw-body",
		params: map[string]any{"name": "Ada", "tags": []any{"x", 1.0}},
		want: seen{Method: "POST", Path: "/v1/items", Body: "{\"name\": \"Ada\", \"tags\": [\"x\",1]}\n",
			Header: http.Header{"Content-Type": {"application/json"}, "X-Tenant": {"acme"},
				"Cookie": {"theme=dark"}}},
	}, {
		name:   "json body keeps the types of whole-tag leaves",
		op:     "json-body",
		params: map[string]any{"name": "Ada \"L\"", "count": 2.0},
		want: seen{Method: "PUT", Path: "/v1/items",
			Body: `{"count":2,"fixed":3,"label":"item Ada \"L\"","list":["Ada \"L\"",true],` +
				`"name":"Ada \"L\""}`,
			Header: http.Header{"Content-Type": {"application/json"}, "X-Tenant": {"acme"},
				"Cookie": {"theme=dark"}}},
	}, {
		name: "text body", op: "text-body", params: map[string]any{"name": "Ada"},
		want: seen{Method: "POST", Path: "/v1/items", Body: "hello Ada",
			Header: http.Header{"Content-Type": {"text/plain; charset=utf-8"},
				"X-Tenant": {"acme"}, "Cookie": {"theme=dark"}}},
	}, {
		name: "xml body", op: "xml-body", params: map[string]any{"name": "Ada"},
		want: seen{Method: "POST", Path: "/v1/items", Body: "<item>Ada</item>",
			Header: http.Header{"Content-Type": {"application/xml"}, "X-Tenant": {"acme"},
				"Cookie": {"theme=dark"}}},
	}, {
		name: "sparql body", op: "sparql-body", params: map[string]any{"name": "Ada"},
		want: seen{Method: "POST", Path: "/v1/items", Body: `SELECT * WHERE { ?s ?p "Ada" }`,
			Header: http.Header{"Content-Type": {"application/sparql-query"},
				"X-Tenant": {"acme"}, "Cookie": {"theme=dark"}}},
	}, {
		name: "form body", op: "form-body", params: map[string]any{"name": "Ada L"},
		want: seen{Method: "POST", Path: "/v1/items", Body: "name=Ada+L&note=a%26b%3Dc+d",
			Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"},
				"X-Tenant": {"acme"}, "Cookie": {"theme=dark"}}},
	}, {
		name: "form string", op: "form-string", params: map[string]any{"name": "Ada"},
		want: seen{Method: "POST", Path: "/v1/items", Body: "name=Ada",
			Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"},
				"X-Tenant": {"acme"}, "Cookie": {"theme=dark"}}},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := call(t, ns, tc.op, tc.params, binds); err != nil {
				t.Fatalf("Call: %v", err)
			}
			got := up.last(t)
			for _, h := range []string{"Accept-Encoding", "User-Agent", "Content-Length"} {
				got.Header.Del(h)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("request (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMultipartBody(t *testing.T) {
	up := newUpstream(t, reply(200, "application/json", `{}`))
	ns := compile(t, requestDoc, up.URL, consumer.Options{})
	if _, err := call(t, ns, "multipart-body", map[string]any{"name": "Ada"}, nil); err != nil {
		t.Fatalf("Call: %v", err)
	}
	got := up.last(t)
	mt, params, err := mime.ParseMediaType(got.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		t.Fatalf("Content-Type = %q (%v)", got.Header.Get("Content-Type"), err)
	}
	r := multipart.NewReader(strings.NewReader(got.Body), params["boundary"])
	type part struct{ Name, File, Type, Body string }
	var parts []part
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(p)
		parts = append(parts, part{p.FormName(), p.FileName(), p.Header.Get("Content-Type"), string(b)})
	}
	want := []part{{"title", "", "", "Ada"}, {"file", "a.txt", "text/plain", "content of Ada"}}
	if diff := cmp.Diff(want, parts); diff != "" {
		t.Errorf("parts (-want +got):\n%s", diff)
	}
}

func TestRequestInputErrors(t *testing.T) {
	up := newUpstream(t, reply(200, "application/json", `{}`))
	ns := compile(t, requestDoc, up.URL, consumer.Options{})
	tests := []struct {
		name   string
		params map[string]any
		msg    string
	}{
		{"unresolved path placeholder", map[string]any{"sub": "x"}, "unresolved path placeholder id"},
		{"empty path value", map[string]any{"id": "", "sub": "x"},
			"empty value for path placeholder id"},
		{"header with CR LF", map[string]any{"id": "1", "sub": "x", "X-Trace": "a\r\nX-Evil: 1"},
			"header X-Trace: value contains CR, LF or another control character"},
		{"header with NUL", map[string]any{"id": "1", "sub": "x", "X-Trace": "a\x00b"},
			"header X-Trace: value contains CR, LF or another control character"},
		{"cookie with separator", map[string]any{"id": "1", "sub": "x", "session": "a; admin=1"},
			"cookie session: value contains CR, LF, ; or another control character"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := call(t, ns, "get-item", tc.params, nil)
			if consumer.KindOf(err) != consumer.KindInput || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("err = %v, want a KindInput error containing %q", err, tc.msg)
			}
			if !strings.HasPrefix(err.Error(), "api.get-item: input error") {
				t.Errorf("err = %q does not name the operation", err)
			}
		})
	}
	if n := up.count(); n != 0 {
		t.Errorf("upstream received %d requests for invalid inputs", n)
	}
}

func TestSettingsURLOverrides(t *testing.T) {
	up := newUpstream(t, reply(200, "application/json", `{"ok":true}`))
	t.Run("BaseURI", func(t *testing.T) {
		ns := compile(t, requestDoc, "http://unused.invalid", consumer.Options{
			Settings: consumer.Settings{BaseURI: up.URL + "/v2"}})
		params := map[string]any{"id": "1", "sub": "s", "q": "x"}
		if _, err := call(t, ns, "get-item", params, nil); err != nil {
			t.Fatal(err)
		}
		if got := up.last(t); got.Path != "/v2/items/1/s" || got.RawQuery != "q=x" {
			t.Errorf("request = %s?%s", got.Path, got.RawQuery)
		}
	})
	t.Run("URL", func(t *testing.T) {
		ns := compile(t, requestDoc, "http://unused.invalid", consumer.Options{
			Settings: consumer.Settings{URL: up.URL + "/bundle?fmt=jwks"}})
		res, err := call(t, ns, "get-item", map[string]any{"q": "x"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := up.last(t); got.Path != "/bundle" || got.RawQuery != "fmt=jwks&q=x" {
			t.Errorf("request = %s?%s", got.Path, got.RawQuery)
		}
		if res.URL != up.URL+"/bundle?fmt=jwks&q=x" {
			t.Errorf("Response.URL = %s", res.URL)
		}
	})
}

func TestCompileRefusesBadNames(t *testing.T) {
	for _, tc := range []struct{ from, to, msg string }{
		{"name: X-Trace\n", "name: \"X Trace\"\n", `"X Trace" is not a valid header name`},
		{"name: session\n", "name: \"a=b\"\n", `"a=b" is not a valid cookie name`},
		{"method: DELETE", "method: BREW", `operations[1].method: "BREW" is not one of`},
	} {
		_, err := tryCompile(t, strings.Replace(requestDoc, tc.from, tc.to, 1), "http://x",
			consumer.Options{})
		if err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("err = %v, want %q", err, tc.msg)
		}
	}
}
