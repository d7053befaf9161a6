package consumer

import (
	"encoding/json"
	"testing"
)

// FuzzDecode feeds arbitrary bodies to every decoder: each must return a
// value that encodes as JSON, or an error, and never panic.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{`{"a":1}`, `<a x="1"><b>t</b><b/></a>`, "a: [1, {b: c}]",
		"a,b\n1,2\n", "<table><tr><th>A</th></tr><tr><td>1</td></tr></table>",
		"---\nt: 1\n---\n# H\n\n| a |\n|---|\n| 1 |\n", "\xef\xbb\xbfa|b\n",
		"a: .inf\nb: [.nan, -.inf]\n", `[12345678901234567890, -9007199254740993, 1.5]`} {
		f.Add([]byte(s))
	}
	var decoders []decoder
	for _, format := range []string{"json", "xml", "yaml", "csv", "tsv", "psv", "markdown",
		"text"} {
		d, err := decoderFor(format, "")
		if err != nil {
			f.Fatal(err)
		}
		decoders = append(decoders, d)
	}
	for _, sel := range []string{"", "div.x table", "#id"} {
		d, err := decoderFor("html", sel)
		if err != nil {
			f.Fatal(err)
		}
		decoders = append(decoders, d)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, d := range decoders {
			v, err := d(body)
			if err != nil {
				continue
			}
			if _, err := json.Marshal(v); err != nil {
				t.Fatalf("decoded value does not encode as JSON: %v (%#v)", err, v)
			}
		}
	})
}
