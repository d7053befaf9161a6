package binding_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/naftiko/naftiko-go/pkg/binding"
)

// userBody is the ~1 KB user record of testdata/bench/rest.yaml's
// upstream (the one `make bench` serves), pretty-printed as there.
const userBody = `{
  "id": 482913,
  "login": "ada-lovelace",
  "name": "Ada Lovelace",
  "email": "ada@example.org",
  "company": "Analytical Engines Ltd",
  "blog": "https://example.org/ada",
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
  "createdAt": "2008-01-14T04:33:35Z",
  "updatedAt": "2026-11-02T18:05:11Z",
  "siteAdmin": false,
  "hireable": true,
  "twoFactor": true,
  "nodeId": "MDQ6VXNlcjQ4MjkxMw==",
  "avatarUrl": "https://avatars.example.org/u/482913?v=4",
  "gravatarId": ""
}
`

// userDoc exposes the user twice: five fields (as testdata/bench/rest.yaml
// does) and the whole body passed through (as the spiffe example does).
const userDoc = `
naftiko: "1.0.0-alpha1"
capability:
  consumes:
    - type: http
      namespace: up
      baseUri: "BASE"
      resources:
        - name: user
          path: /user
          operations:
            - {name: get-user, method: GET, outputRawFormat: json}
  exposes:
    - type: mcp
      namespace: tools
      tools:
        - name: five
          description: five fields
          call: up.get-user
          outputParameters:
            - type: object
              properties:
                id: {type: number, mapping: $.id}
                name: {type: string, mapping: $.name}
                email: {type: string, mapping: $.email}
                city: {type: string, mapping: $.location.city}
                followers: {type: number, mapping: $.stats.followers}
        - name: whole
          description: the whole body
          call: up.get-user
          outputParameters:
            - {type: object, mapping: "$."}
`

// BenchmarkRunFiveFields is one Run of the benchmark capability's REST
// operation: a ~1 KB body, five fields mapped.
func BenchmarkRunFiveFields(b *testing.B) { runUser(b, 0, userBody) }

// BenchmarkRunPassThrough is one Run that maps the whole body ("$.").
func BenchmarkRunPassThrough(b *testing.B) { runUser(b, 1, userBody) }

func runUser(b *testing.B, tool int, body string) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, body)
	}))
	b.Cleanup(srv.Close)
	e, err := binding.New(load(b, userDoc, srv.URL), binding.Options{})
	if err != nil {
		b.Fatal(err)
	}
	inv := &e.Loaded().Document.Capability.Exposes[0].MCP.Tools[tool].Invocation
	p, err := e.Compile("tools", inv, "tools")
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		out, err := p.Run(ctx, nil)
		if err != nil || !out.Mapped {
			b.Fatal(err)
		}
	}
}
