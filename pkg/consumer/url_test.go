package consumer_test

import (
	"strings"
	"testing"

	"github.com/naftiko/naftiko-go/pkg/consumer"
)

func TestBaseURIPlaceholders(t *testing.T) {
	up := newUpstream(t, reply(200, "application/json", `{}`))
	hostport := strings.TrimPrefix(up.URL, "http://")
	host, port, _ := strings.Cut(hostport, ":")
	tests := []struct {
		name, baseURI string
		binds         map[string]any
		params        map[string]any
		path          string // as received; "" when the call must fail
		msg           string
	}{
		{"whole base from a binding, verbatim", "{{ACCOUNT_URL}}",
			map[string]any{"ACCOUNT_URL": up.URL + "/api/v2"}, nil, "/api/v2/things/1", ""},
		{"host and port placeholders", "http://{host}:{port}/base",
			map[string]any{"host": host}, map[string]any{"port": port}, "/base/things/1", ""},
		{"shell-style placeholder", "http://${HOSTPORT}",
			map[string]any{"HOSTPORT": hostport}, nil, "/things/1", ""},
		{"a value cannot add a path to the host", "http://{host}",
			nil, map[string]any{"host": hostport + "/evil?"}, "", "invalid"},
		{"missing base variable", "{{ACCOUNT_URL}}", nil, nil, "",
			"unresolved path placeholder ACCOUNT_URL in {{ACCOUNT_URL}}/things/{{id}}"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := doc(`
    - type: http
      namespace: api
      baseUri: "` + tc.baseURI + `"
      resources:
        - name: r
          path: "/things/{id}"
          operations:
            - name: get
`)
			ns := compile(t, d, "", consumer.Options{})
			params := map[string]any{"id": "1"}
			for k, v := range tc.params {
				params[k] = v
			}
			before := up.count()
			_, err := call(t, ns, "get", params, tc.binds)
			if tc.path == "" {
				if consumer.KindOf(err) != consumer.KindInput || !strings.Contains(err.Error(), tc.msg) {
					t.Errorf("err = %v, want an input error containing %q", err, tc.msg)
				}
				if up.count() != before {
					t.Errorf("the upstream received the request")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := up.last(t).Path; got != tc.path {
				t.Errorf("path = %q, want %q", got, tc.path)
			}
		})
	}
}
