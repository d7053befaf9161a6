package baseline

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

const wantMapped = `{"id":482913,"name":"Ada Lovelace","email":"ada@example.org",` +
	`"city":"London","followers":18342}`

func serve(t *testing.T, kind, upstream string) string {
	t.Helper()
	h, err := handler(kind, upstream)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d: %s", url, resp.StatusCode, body)
	}
	return string(body)
}

func TestRESTBaselines(t *testing.T) {
	up := serve(t, KindUpstream, "")
	tests := []struct {
		kind string
		want string
	}{
		{KindUpstream, string(upstreamBody)},
		{KindHandwritten, wantMapped},
		{KindRevProxy, string(upstreamBody)},
	}
	for _, tt := range tests {
		got := get(t, serve(t, tt.kind, up)+UserPath)
		if d := cmp.Diff(tt.want, got); d != "" {
			t.Errorf("%s answer (-want +got):\n%s", tt.kind, d)
		}
	}
}

func TestMCPBaselines(t *testing.T) {
	up := serve(t, KindUpstream, "")
	tests := []struct {
		kind, tool string
		args       map[string]any
		want       string
	}{
		{KindMCPHand, ToolGetUser, nil, wantMapped},
		{KindMCPRaw, ToolGetUser, nil, wantMapped},
		{KindMCPEcho, ToolEcho, map[string]any{"text": "hello"}, "hello"},
	}
	for _, tt := range tests {
		c := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "1"}, nil)
		sess, err := c.Connect(t.Context(), &mcp.StreamableClientTransport{
			Endpoint: serve(t, tt.kind, up), DisableStandaloneSSE: true,
		}, nil)
		if err != nil {
			t.Fatalf("%s: connect: %v", tt.kind, err)
		}
		res, err := sess.CallTool(t.Context(), &mcp.CallToolParams{Name: tt.tool, Arguments: tt.args})
		sess.Close()
		if err != nil {
			t.Fatalf("%s: call: %v", tt.kind, err)
		}
		if res.IsError || len(res.Content) != 1 {
			t.Fatalf("%s: result %+v", tt.kind, res)
		}
		got := res.Content[0].(*mcp.TextContent).Text
		if d := cmp.Diff(jsonValue(t, tt.want), jsonValue(t, got)); d != "" {
			t.Errorf("%s text (-want +got):\n%s", tt.kind, d)
		}
	}
}

// jsonValue decodes s, or returns it unchanged when it is not JSON (the
// echo text): the typed SDK tool writes object keys in its own order.
func jsonValue(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return s
	}
	return v
}

func TestUnknownKind(t *testing.T) {
	if _, err := handler("nope", ""); err == nil {
		t.Error("handler(nope) = nil error, want one naming the kind")
	}
}
