package consumer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// sameEncoding checks decodeJSONRaw against decodeJSON: a body kept raw
// must encode as the decoded one does; any other answer must be the full
// decoder's.
func sameEncoding(t *testing.T, body []byte) (kept bool) {
	t.Helper()
	full, ferr := decodeJSON(body)
	got, err := decodeJSONRaw(body)
	raw, kept := got.(JSONText)
	if !kept {
		if fmt.Sprint(err) != fmt.Sprint(ferr) {
			t.Fatalf("body %q: error %v, want %v", body, err, ferr)
		}
		if d := cmp.Diff(full, got); d != "" {
			t.Fatalf("body %q (-full +got):\n%s", body, d)
		}
		return false
	}
	if ferr != nil || full == nil {
		t.Fatalf("body %q kept raw, but the full decoder gives %v, %v", body, full, ferr)
	}
	want, err := json.Marshal(full)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want, raw) {
		t.Fatalf("body %q kept raw as\n%s\nwant\n%s", body, raw, want)
	}
	if enc, err := json.Marshal(raw); err != nil || !bytes.Equal(want, enc) {
		t.Fatalf("body %q kept raw encodes as %s, %v", body, enc, err)
	}
	return true
}

var rawCases = []struct {
	body string
	kept bool
}{
	{`{"a":1,"b":[true,false,null],"c":{"d":"e"}}`, true},
	{"{\n  \"a\": 1,\n  \"b\": [ 2, 3 ]\n}\n", true},
	{`[1,"x",{}]`, true},
	{`"text"`, true},
	{`-0`, true},
	{`{"big":12345678901234567890,"m":9007199254740992,"n":-9007199254740993}`, true},
	{`{"f":1.5,"g":0.000001,"h":1e-7,"i":1e+21,"j":123456.789}`, true},
	{`{"esc":"\u003c\u2028\n\t\\\"\u001f","html":"<a href=\"x\">&</a>"}`, true},
	{"{\"u\":\"caf\u00e9 \u2028\"}", true},
	{`{"b":1,"a":2}`, true},     // the encoder sorts names
	{`{"a":1,"a":2}`, true},     // and keeps the last
	{`{"a\u0062":1}`, false},    // escaped name
	{`{"a":1.0}`, true},         // written 1
	{`{"a":1E2}`, true},         // written 100
	{`{"a":1e-07}`, true},       // written 1e-7
	{`{"a":"\/"}`, false},       // written /
	{`{"a":"\u0041"}`, false},   // written A
	{`{"a":"\u000A"}`, false},   // written \n
	{`{"a":"\u001F"}`, false},   // written \u001f
	{"{\"a\":\"\xff\"}", false}, // written \ufffd
	{`{"z":{"b":[{"y":1,"x":2}],"a":0},"a":{"d":1,"c":2,"d":3}}`, true},
	{"[1, {\"b\": \"<\", \"a\": \"\u2029&\"}]", true},
	{`null`, false},                                // no value
	{` null `, false},                              // no value
	{`{"a":1e400}`, false},                         // refused
	{`{"a":1e400,"b":1234567890123456789}`, false}, // kept as text, decoded
	{`{"a":1,}`, false},                            // malformed
	{`{"a":01}`, false},                            // malformed
	{`{"a":[1,2}`, false},                          // malformed
	{`{"a":1} {}`, false},                          // trailing data
	{`{"a":tru}`, false},                           // malformed
	{"", false},
}

func TestDecodeJSONRaw(t *testing.T) {
	for _, tc := range rawCases {
		if kept := sameEncoding(t, []byte(tc.body)); kept != tc.kept {
			t.Errorf("body %q: kept raw = %v, want %v", tc.body, kept, tc.kept)
		}
	}
}

// FuzzDecodeJSONRaw checks that a body kept raw encodes exactly as its
// decoded value, and that any other body gets the full decoder's answer.
func FuzzDecodeJSONRaw(f *testing.F) {
	for _, tc := range rawCases {
		f.Add([]byte(tc.body))
	}
	f.Fuzz(func(t *testing.T, body []byte) { sameEncoding(t, body) })
}

// BenchmarkPassThrough decodes and encodes a sorted ~1 KB body whole, then
// keeps it raw (encoding it as an exposer does, through JSONText), both
// for a pretty-printed and for a compact body: compare decode with raw.
func BenchmarkPassThrough(b *testing.B) {
	full, err := decodeJSON([]byte(benchUser))
	if err != nil {
		b.Fatal(err)
	}
	pretty, _ := json.MarshalIndent(full, "", "  ") // sorted, as the encoder writes
	compact, _ := json.Marshal(full)
	for _, bc := range []struct {
		name   string
		body   []byte
		decode func([]byte) (any, error)
	}{{"pretty/decode", pretty, decodeJSON}, {"pretty/raw", pretty, decodeJSONRaw},
		{"compact/decode", compact, decodeJSON}, {"compact/raw", compact, decodeJSONRaw}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				v, err := bc.decode(bc.body)
				if err != nil {
					b.Fatal(err)
				}
				if text, ok := v.(JSONText); ok {
					_, err = text.MarshalJSON()
				} else {
					_, err = json.Marshal(v)
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
