package consumer_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/naftiko/naftiko-go/pkg/consumer"
)

func formatDoc(format, schema string) string {
	extra := ""
	if schema != "" {
		extra = "\n              outputSchema: \"" + schema + "\""
	}
	return doc(`
    - type: http
      namespace: api
      baseUri: "BASE"
      resources:
        - name: r
          path: "/data"
          operations:
            - name: get
              outputRawFormat: ` + format + extra + `
`)
}

const htmlPage = `<html><body>
<table id="other"><tr><th>X</th></tr><tr><td>ignored</td></tr></table>
<div class="data main">
 <table>
  <thead><tr><th> Name </th><th>Age</th></tr></thead>
  <tbody>
   <tr><td>Ada</td><td> 36 </td></tr>
   <tr><th>sub heading</th></tr>
   <tr><td>Alan</td></tr>
  </tbody>
 </table>
</div>
<table><tr><td>no header</td></tr></table>
</body></html>`

const markdownDoc = "---\r\ntitle: Fleet\r\ncount: 2\r\n---\r\n" +
	"# Ships\r\n\r\nThe **fleet** today.\r\n\r\n" +
	"| Name | Flag |\r\n|---|---|\r\n| Ada | FR |\r\n| Bob |  |\r\n\r\n" +
	"## Crew\r\n\r\nTwo people.\r\n\r\nAnother line.\r\n\r\n```\r\ncode\r\n```\r\n\r\n" +
	"- first\r\n- second *item*\r\n"

func TestDecodeFormats(t *testing.T) {
	tests := []struct {
		name, format, schema, body string
		want                       any
	}{
		{"json", "json", "", `{"a":[1,"x",null,true]}`,
			map[string]any{"a": []any{1.0, "x", nil, true}}},
		{"json by default", "", "", `[1]`, []any{1.0}},
		{"json big integers stay exact", "json", "",
			`{"id":1234567890123456789,"small":9007199254740992,"f":1.25,"e":1e3,"s":"12345678901234567"}`,
			map[string]any{"id": json.Number("1234567890123456789"), "small": 9007199254740992.0,
				"f": 1.25, "e": 1000.0, "s": "12345678901234567"}},
		{"xml namespaces", "xml", "", `<a xmlns="urn:x" xmlns:p="urn:p"><p:b>1</p:b></a>`,
			map[string]any{"b": "1"}},
		{"xml", "xml", "", `<?xml version="1.0"?><ships count="2"><ship id="1"><name>Ada</name></ship>` +
			`<ship id="2"><name>Bob</name><tag>a</tag><tag>b</tag><tag>c</tag></ship>` +
			`<note>mixed <b>bold</b> text</note><empty/></ships>`,
			map[string]any{"count": "2", "empty": "", "ship": []any{
				map[string]any{"id": "1", "name": "Ada"},
				map[string]any{"id": "2", "name": "Bob", "tag": []any{"a", "b", "c"}}},
				"note": map[string]any{"b": "bold", "": "mixed  text"}}},
		{"yaml", "yaml", "", "a: 1\nb: [x, 2.5]\nc: 2024-01-02\nd: {1: one}\n",
			map[string]any{"a": 1.0, "b": []any{"x", 2.5}, "c": "2024-01-02T00:00:00Z",
				"d": map[string]any{"1": "one"}}},
		{"yaml non-finite numbers", "yaml", "", "a: .inf\nb: [.nan, -.inf]\n",
			map[string]any{"a": "+Inf", "b": []any{"NaN", "-Inf"}}},
		{"csv", "csv", "", "name,age\nAda,36\n\"Lovelace, A\",\nBob\n",
			[]any{map[string]any{"name": "Ada", "age": "36"},
				map[string]any{"name": "Lovelace, A", "age": ""},
				map[string]any{"name": "Bob", "age": ""}}},
		{"csv with BOM", "csv", "", "\xef\xbb\xbfid\n1\n", []any{map[string]any{"id": "1"}}},
		{"tsv", "tsv", "", "a\tb\n1\t2\n", []any{map[string]any{"a": "1", "b": "2"}}},
		{"psv", "psv", "", "a|b\n1|2\n", []any{map[string]any{"a": "1", "b": "2"}}},
		{"html all tables", "html", "", htmlPage, map[string]any{"tables": []any{
			[]any{map[string]any{"X": "ignored"}},
			[]any{map[string]any{"Name": "Ada", "Age": "36"}, map[string]any{"Name": "Alan", "Age": ""}},
		}}},
		{"html selector", "html", "div.data", htmlPage, map[string]any{"tables": []any{
			[]any{map[string]any{"Name": "Ada", "Age": "36"}, map[string]any{"Name": "Alan", "Age": ""}},
		}}},
		{"html id selector", "html", "table#other", htmlPage, map[string]any{"tables": []any{
			[]any{map[string]any{"X": "ignored"}},
		}}},
		{"markdown", "markdown", "", markdownDoc, map[string]any{
			"frontMatter": map[string]any{"title": "Fleet", "count": 2.0},
			"tables": []any{[]any{map[string]any{"Name": "Ada", "Flag": "FR"},
				map[string]any{"Name": "Bob", "Flag": ""}}},
			"sections": []any{
				map[string]any{"heading": "Ships", "level": 1.0, "content": "The fleet today."},
				map[string]any{"heading": "Crew", "level": 2.0,
					"content": "Two people.\nAnother line.\ncode\nfirst\nsecond item"},
			}}},
		{"markdown heading prefix", "markdown", "Cr", markdownDoc, map[string]any{
			"frontMatter": map[string]any{"title": "Fleet", "count": 2.0},
			"tables": []any{[]any{map[string]any{"Name": "Ada", "Flag": "FR"},
				map[string]any{"Name": "Bob", "Flag": ""}}},
			"sections": []any{map[string]any{"heading": "Crew", "level": 2.0,
				"content": "Two people.\nAnother line.\ncode\nfirst\nsecond item"}},
		}},
		{"text", "text", "", "active: 3\n", "active: 3\n"},
		{"empty body", "json", "", "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			up := newUpstream(t, reply(200, "", tc.body))
			ns := compile(t, formatDoc(tc.format, tc.schema), up.URL, consumer.Options{})
			res, err := call(t, ns, "get", nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, res.Value); diff != "" {
				t.Errorf("Value (-want +got):\n%s", diff)
			}
			if string(res.Body) != tc.body {
				t.Errorf("Body = %q", res.Body)
			}
		})
	}
}

func TestDecodeRefused(t *testing.T) {
	for _, tc := range []struct{ format, msg string }{
		{"avro", `capability.consumes[0].resources[0].operations[0].outputRawFormat: api.get: ` +
			`avro responses are not supported`},
		{"protobuf", "protobuf responses are not supported"},
		{"parquet", `unknown format "parquet"`},
	} {
		_, err := tryCompile(t, formatDoc(tc.format, "schema.x"), "http://x", consumer.Options{})
		if err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: err = %v, want %q", tc.format, err, tc.msg)
		}
	}
	_, err := tryCompile(t, formatDoc("html", "tr:first-child"), "http://x", consumer.Options{})
	if err == nil || !strings.Contains(err.Error(), `outputSchema "tr:first-child": unsupported ':'`) {
		t.Errorf("unsupported selector: err = %v", err)
	}
}

func TestDecodeErrors(t *testing.T) {
	for _, tc := range []struct{ format, body string }{
		{"json", `{"a":1} trailing`},
		{"json", `{"a":12345678901234567}}`},
		{"json", `{"a":12345678901234567} {}`},
		{"xml", `<a><b></a>`},
		{"yaml", "a: [1"},
	} {
		up := newUpstream(t, reply(200, "", tc.body))
		ns := compile(t, formatDoc(tc.format, ""), up.URL, consumer.Options{})
		_, err := call(t, ns, "get", nil, nil)
		if consumer.KindOf(err) != consumer.KindDecode {
			t.Errorf("%s %q: err = %v, want a decode error", tc.format, tc.body, err)
		}
	}
}
