package rest_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/naftiko/naftiko-go/pkg/expose"
)

const strictResource = `        - path: "/strict/{{n}}"
          operations:
            - method: POST
              outputParameters:
                - type: string
                  value: "accepted"
              inputParameters:
                - name: n
                  in: path
                  type: integer
                  description: a number
                - name: code
                  in: query
                  type: string
                  pattern: "^[A-Z]{3}$"
                  description: a code
                - name: flag
                  in: header
                  type: boolean
                  description: a flag
                - name: tags
                  in: body
                  type: array
                  value: "$.tags"
                  description: tags
`

func TestStrictInputs(t *testing.T) {
	doc := strings.Replace(apiDoc, "        - path: \"/items\"\n", strictResource+
		"        - path: \"/items\"\n", 1)
	up := newUpstream(t, upstreamHandler)
	strict := start(t, doc, up.URL, config{settings: expose.Settings{StrictInputs: true}})
	lax := start(t, doc, up.URL, config{})
	tests := []struct {
		name, path, body string
		header           map[string]string
		want             int
		wantDetail       string
	}{
		{"all good", "/strict/7?code=ABC", `{"tags":["a"]}`, map[string]string{"Flag": "true"},
			200, ""},
		{"absent values pass", "/strict/7", "", nil, 200, ""},
		{"not an integer", "/strict/7.5", "", nil, 400, `path input n: "7.5" is not an integer`},
		{"pattern", "/strict/7?code=abc", "", nil, 400, `does not match the pattern ^[A-Z]{3}$`},
		{"boolean header", "/strict/7", "", map[string]string{"Flag": "maybe"}, 400,
			`header input flag: "maybe" is not a boolean`},
		{"body type", "/strict/7", `{"tags":{"a":1}}`, nil, 400,
			"body input tags: is not of type array"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _, body := do(t, "POST", strict.base+tt.path, tt.body, tt.header)
			var p struct{ Detail string }
			_ = json.Unmarshal([]byte(body), &p)
			if status != tt.want || !strings.Contains(p.Detail, tt.wantDetail) {
				t.Errorf("strict: %d %s, want %d with %q", status, body, tt.want, tt.wantDetail)
			}
			if status, _, _ := do(t, "POST", lax.base+tt.path, tt.body, tt.header); status != 200 {
				t.Errorf("default settings: %d, want 200 (type and pattern are documentation)",
					status)
			}
		})
	}
}
