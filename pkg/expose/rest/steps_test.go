package rest_test

import (
	"strings"
	"testing"
)

const stepsResource = `        - path: "/pair/{{a}}/{{b}}"
          operations:
            - method: GET
              name: get-pair
              inputParameters:
                - name: a
                  in: path
                  type: string
                  description: first id
                - name: b
                  in: path
                  type: string
                  description: second id
              steps:
                - type: call
                  name: first
                  call: up.get-user
                  with:
                    id: api.a
                - type: call
                  name: second
                  call: up.get-user
                  with:
                    id: api.b
              mappings:
                - targetName: one
                  value: "$.first.name"
                - targetName: two
                  value: "$.second.id"
              outputParameters:
                - name: one
                  type: string
                - name: two
                  type: string
`

func TestStepsOperation(t *testing.T) {
	doc := strings.Replace(apiDoc, "        - path: \"/items\"\n", stepsResource+
		"        - path: \"/items\"\n", 1)
	up := newUpstream(t, upstreamHandler)
	h := start(t, doc, up.URL, config{})
	status, hdr, body := do(t, "GET", h.base+"/pair/1/2", "", nil)
	if status != 200 || hdr.Get("Content-Type") != "application/json" ||
		body != `{"one":"Ada","two":"2"}`+"\n" {
		t.Errorf("steps: %d %s %s", status, hdr.Get("Content-Type"), body)
	}
	if got := up.last(t).Path; got != "/users/2" {
		t.Errorf("last upstream path = %s, want /users/2", got)
	}
}
