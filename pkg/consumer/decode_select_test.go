package consumer

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// prune is what a selective decode must give: the full value with, in
// every object on the way to a named member, the other members left out.
func prune(v any, n *fieldNode) any {
	m, ok := v.(map[string]any)
	if n.whole() || !ok {
		return v
	}
	out := map[string]any{}
	for k, kid := range n.kids {
		if e, ok := m[k]; ok {
			out[k] = prune(e, kid)
		}
	}
	return out
}

// parseFields reads "a.b,c" as the paths [a b] and [c].
func parseFields(s string) *Fields {
	var paths [][]string
	for _, p := range strings.Split(s, ",") {
		if p == "" {
			paths = append(paths, nil)
			continue
		}
		paths = append(paths, strings.Split(p, "."))
	}
	return NewFields(paths)
}

// sameAsFull checks that decodeJSONFields gives the pruned full decode, or
// the very error of the full decode.
func sameAsFull(t *testing.T, body []byte, f *Fields) {
	t.Helper()
	full, ferr := decodeJSON(body)
	got, err := decodeJSONFields(body, f)
	if ferr != nil || err != nil {
		if fmt.Sprint(ferr) != fmt.Sprint(err) {
			t.Fatalf("body %q: error %v, want %v", body, err, ferr)
		}
		return
	}
	want := full
	if f != nil {
		want = prune(full, f.root)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("body %q (-full +selected):\n%s", body, d)
	}
}

var selectCases = []struct {
	name, body, fields string
	want               any // nil: only compared with the full decode
}{
	{"top members", `{"id":1,"name":"Ada","x":[1,2,{"y":3}],"z":{"q":null}}`, "id,name",
		map[string]any{"id": 1.0, "name": "Ada"}},
	{"nested", `{"a":{"b":{"c":"x","d":2},"e":true},"f":false}`, "a.b.c,f",
		map[string]any{"a": map[string]any{"b": map[string]any{"c": "x"}}, "f": false}},
	{"missing stays missing", `{"a":1}`, "b,c.d", map[string]any{}},
	{"member not an object", `{"a":[{"b":1}],"c":"s"}`, "a.b,c.d",
		map[string]any{"a": []any{map[string]any{"b": 1.0}}, "c": "s"}},
	{"root array decoded whole", `[{"a":1},2]`, "a", []any{map[string]any{"a": 1.0}, 2.0}},
	{"root scalar", ` "s" `, "a", "s"},
	{"whole subtree", `{"a":{"b":[1,{"c":2}]},"d":1}`, "a",
		map[string]any{"a": map[string]any{"b": []any{1.0, map[string]any{"c": 2.0}}}}},
	{"prefix wins", `{"a":{"b":1,"c":2}}`, "a.b,a", map[string]any{"a": map[string]any{
		"b": 1.0, "c": 2.0}}},
	{"empty path is everything", `{"a":1,"b":2}`, "a,", map[string]any{"a": 1.0, "b": 2.0}},
	{"big integers stay exact", `{"id":12345678901234567890,"n":1.5,"m":-9007199254740993,` +
		`"o":{"p":9007199254740992}}`, "id,n,m,o.p", map[string]any{
		"id": json.Number("12345678901234567890"), "n": 1.5,
		"m": json.Number("-9007199254740993"), "o": map[string]any{"p": 9007199254740992.0}}},
	{"big integer elsewhere", `{"a":1e2,"b":[12345678901234567890]}`, "a",
		map[string]any{"a": 100.0}},
	{"escaped names and strings", `{"a\u0062":"x\ny","c":"\u00e9"}`, "ab,c",
		map[string]any{"ab": "x\ny", "c": "é"}},
	{"invalid utf-8 replaced", "{\"a\":\"\xff\"}", "a", map[string]any{"a": "\ufffd"}},
	{"duplicate names: last wins", `{"a":{"b":1},"a":{"c":2}}`, "a.b",
		map[string]any{"a": map[string]any{}}},
	{"spaces", " {\n \"a\" : { \"b\" : 1 } , \"c\" : [ ] }\n", "a.b,c",
		map[string]any{"a": map[string]any{"b": 1.0}, "c": []any{}}},
	{"empty object", `{}`, "a", map[string]any{}},
	{"literals", `{"t":true,"f":false,"n":null,"x":-0.5e-3}`, "t,f,n,x",
		map[string]any{"t": true, "f": false, "n": nil, "x": -0.0005}},
	{"malformed", `{"a":1,}`, "a", nil},
	{"truncated", `{"a":{"b":1}`, "a.b", nil},
	{"truncated in a skipped member", `{"a":1,"b":[1,"x`, "a", nil},
	{"bad literal in a skipped member", `{"a":1,"b":tru}`, "a", nil},
	{"bad literal in a read member", `{"a":nul}`, "a", nil},
	{"control character in a read string", "{\"a\":\"x\ty\"}", "a", nil},
	{"control character in a skipped name", "{\"a\":1,\"\tb\":2}", "a", nil},
	{"missing colon", `{"a" 1}`, "a", nil},
	{"missing comma", `{"a":1 "b":2}`, "a", nil},
	{"bad number", `{"a":01}`, "a", nil},
	{"bad numbers in a skipped member", `{"a":1,"b":[-,1.,1e,.5,-01]}`, "a", nil},
	{"bad escape in a skipped member", `{"a":1,"b":"\x"}`, "a", nil},
	{"short escape in a skipped member", `{"a":1,"b":"\u12"}`, "a", nil},
	{"valid skipped members", `{"a":1,"b":["\u00e9\/\"",-0.5E+3,{"c":[]},true,null]}`, "a",
		map[string]any{"a": 1.0}},
	{"trailing data", `{"a":1} x`, "a", nil},
	{"out of range in a skipped member", `{"a":1,"b":1e400}`, "a", nil},
	{"out of range in a read member", `{"a":[1e400]}`, "a", nil},
	{"out of range beside a big integer", `{"a":1,"b":1e400,"c":12345678901234567890}`, "a",
		map[string]any{"a": 1.0}},
}

func TestDecodeJSONFields(t *testing.T) {
	for _, tc := range selectCases {
		t.Run(tc.name, func(t *testing.T) {
			f := parseFields(tc.fields)
			sameAsFull(t, []byte(tc.body), f)
			if tc.want == nil {
				if _, err := decodeJSONFields([]byte(tc.body), f); err == nil {
					t.Fatal("no error for a body the full decoder refuses")
				}
				return
			}
			got, err := decodeJSONFields([]byte(tc.body), f)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Fatalf("(-want +got):\n%s", d)
			}
		})
	}
}

// FuzzDecodeJSONFields compares the selective decode with the full one:
// the same value on every named path, the same error otherwise.
func FuzzDecodeJSONFields(f *testing.F) {
	for _, tc := range selectCases {
		f.Add([]byte(tc.body), tc.fields)
	}
	f.Fuzz(func(t *testing.T, body []byte, fields string) {
		sameAsFull(t, body, parseFields(fields))
	})
}

// BenchmarkDecodeJSON decodes the ~1 KB benchmark body whole, then with
// the five fields testdata/bench/rest.yaml maps, then with most of it:
// compare each with whole.
func BenchmarkDecodeJSON(b *testing.B) {
	body := []byte(benchUser)
	fields := parseFields("id,name,email,location.city,stats.followers")
	for _, bc := range []struct {
		name string
		f    *Fields
	}{{"whole", nil}, {"fields", fields},
		{"most", parseFields("bio,location,stats,plan,tags,links,avatarUrl,nodeId,blog")}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := decodeJSONFields(body, bc.f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

const benchUser = `{
  "id": 482913, "login": "ada-lovelace", "name": "Ada Lovelace", "email": "ada@example.org",
  "company": "Analytical Engines Ltd", "blog": "https://example.org/ada",
  "bio": "First programmer. Writes notes longer than the papers they annotate.",
  "location": {"city": "London", "country": "GB", "timezone": "Europe/London"},
  "stats": {"followers": 18342, "following": 12, "publicRepos": 57, "gists": 9},
  "plan": {"name": "pro", "space": 976562499, "collaborators": 0, "privateRepos": 9999},
  "tags": ["mathematics", "engines", "notes", "poetry", "bernoulli"],
  "links": {
    "self": "https://api.example.org/users/ada-lovelace",
    "repos": "https://api.example.org/users/ada-lovelace/repos",
    "followers": "https://api.example.org/users/ada-lovelace/followers"
  },
  "createdAt": "2008-01-14T04:33:35Z", "updatedAt": "2026-11-02T18:05:11Z",
  "siteAdmin": false, "hireable": true, "twoFactor": true,
  "nodeId": "MDQ6VXNlcjQ4MjkxMw==", "avatarUrl": "https://avatars.example.org/u/482913?v=4",
  "gravatarId": ""
}`
