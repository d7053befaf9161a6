package mcp_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/naftiko/naftiko-go/pkg/consumer"
)

const peopleDoc = `
naftiko: "1.0.0-alpha1"
capability:
  consumes:
    - type: http
      namespace: up
      baseUri: "BASE"
      resources:
        - name: user
          path: "/users/{id}"
          operations:
            - name: get-user
              method: GET
        - name: slow
          path: "/slow"
          operations:
            - name: get-slow
              method: GET
  exposes:
    - type: mcp
      namespace: people
      port: 9000
      description: "Look people up in the directory."
      tools:
        - name: get-user
          label: Get user
          description: Get one user by id.
          hints:
            readOnly: true
            openWorld: false
          inputParameters:
            - name: id
              type: string
              description: the user id
            - name: verbose
              type: boolean
              description: more detail
              required: false
          call: up.get-user
          with:
            id: people.id
          outputParameters:
            - type: object
              properties:
                name:
                  type: string
                  mapping: "$.name"
        - name: get-raw
          description: The upstream body as is.
          inputParameters:
            - name: id
              type: integer
              description: the user id
          call: up.get-user
        - name: get-tags
          description: Tags only.
          inputParameters:
            - name: id
              type: string
              description: the user id
          call: up.get-user
          outputParameters:
            - type: array
              mapping: "$.tags"
        - name: slow
          description: Never answers in time.
          call: up.get-slow
      resources:
        - name: user
          label: User
          uri: "people://users/{id}"
          description: One user.
          call: up.get-user
        - name: guides
          label: Guides
          uri: "people://guides"
          description: The guides folder.
          location: "file://DOCS/guides"
      prompts:
        - name: greet
          label: Greet
          description: Greet someone.
          arguments:
            - name: who
              description: the person
          template:
            - role: user
              content: "Say hello to {{who}} and keep {{unknown}} as is."
        - name: summarize
          label: Summarize
          description: From a file.
          arguments:
            - name: topic
              description: the topic
              required: false
          location: "file://DOCS/prompt.md"
`

func TestToolsList(t *testing.T) {
	h := startHTTP(t, peopleDoc, consumer.Settings{})
	init := h.session.InitializeResult()
	if init.ServerInfo.Name != "people" || init.ServerInfo.Version != "9.9.9-test" ||
		init.Instructions != "Look people up in the directory." {
		t.Errorf("initialize = %+v, instructions %q", init.ServerInfo, init.Instructions)
	}
	res, err := h.session.ListTools(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "tools-list.golden", res)
}

func TestToolsCall(t *testing.T) {
	h := startHTTP(t, peopleDoc, consumer.Settings{Timeout: 200 * time.Millisecond})
	calls := []struct {
		name string
		args map[string]any
	}{
		{"get-user", map[string]any{"id": "42"}},
		{"get-user", map[string]any{"id": "500"}},
		{"get-raw", map[string]any{"id": 7}},
		{"get-tags", map[string]any{"id": "1"}},
		{"slow", nil},
	}
	var transcript []map[string]any
	for _, c := range calls {
		res, err := h.session.CallTool(context.Background(),
			&mcp.CallToolParams{Name: c.name, Arguments: c.args})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		raw, _ := json.Marshal(res)
		text := strings.ReplaceAll(string(raw), h.up.URL, "UPSTREAM")
		var v any
		_ = json.Unmarshal([]byte(text), &v)
		transcript = append(transcript, map[string]any{
			"call": map[string]any{"name": c.name, "arguments": c.args}, "result": v})
	}
	golden(t, "tools-call.golden", transcript)
}

func TestProtocolErrors(t *testing.T) {
	h := startHTTP(t, peopleDoc, consumer.Settings{})
	tests := []struct {
		name    string
		tool    string
		args    any
		wantMsg string
	}{
		{"unknown tool", "nope", nil, `unknown tool "nope"`},
		{"missing required argument", "get-user", map[string]any{},
			"invalid params: tool get-user: missing properties: 'id'"},
		{"wrong argument type", "get-user", map[string]any{"id": 42},
			"invalid params: tool get-user: argument id: expected string, but got number"},
		{"wrong boolean", "get-user", map[string]any{"id": "1", "verbose": "yes"},
			"argument verbose: expected boolean, but got string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := h.session.CallTool(context.Background(),
				&mcp.CallToolParams{Name: tt.tool, Arguments: tt.args})
			var we *jsonrpc.Error
			if !errors.As(err, &we) || we.Code != jsonrpc.CodeInvalidParams {
				t.Fatalf("err = %v, want a -32602 protocol error", err)
			}
			if !strings.Contains(we.Message, tt.wantMsg) {
				t.Errorf("message = %q, want it to contain %q", we.Message, tt.wantMsg)
			}
		})
	}
}

func TestResources(t *testing.T) {
	h := startHTTP(t, peopleDoc, consumer.Settings{})
	ctx := context.Background()
	list, err := h.session.ListResources(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var uris []string
	for _, r := range list.Resources {
		uris = append(uris, r.URI+" "+r.MIMEType)
	}
	want := []string{"people://guides/intro.md text/markdown",
		"people://guides/sub/data.json application/json"}
	if diff := cmp.Diff(want, uris); diff != "" {
		t.Errorf("resources/list (-want +got):\n%s", diff)
	}

	read := func(uri string) (string, error) {
		res, err := h.session.ReadResource(ctx, &mcp.ReadResourceParams{URI: uri})
		if err != nil {
			return "", err
		}
		return res.Contents[0].Text, nil
	}
	for uri, wantText := range map[string]string{
		"people://users/7":              `{"name":"Ada","id":"7","tags":["x"]}`,
		"people://guides/intro.md":      "# Intro\n",
		"people://guides/sub/data.json": `{"a":1}`,
	} {
		if got, err := read(uri); err != nil || got != wantText {
			t.Errorf("read %s = %q, %v; want %q", uri, got, err, wantText)
		}
	}
	for _, uri := range []string{
		"people://guides/../secret.txt",
		"people://guides/%2e%2e/secret.txt",
		"people://guides/escape.txt", // a symlink out of the folder
		"people://guides",
		"people://guides/sub",
		"people://other",
	} {
		if got, err := read(uri); err == nil {
			t.Errorf("read %s = %q, want an error", uri, got)
		} else if strings.Contains(got, "top secret") {
			t.Errorf("read %s leaked the secret", uri)
		}
	}

	h.up.Close()
	_, err = read("people://users/1")
	var we *jsonrpc.Error
	if !errors.As(err, &we) || we.Code != jsonrpc.CodeInternalError ||
		!strings.Contains(we.Message, "resource user: up.get-user: transport error") {
		t.Errorf("read with the upstream down: %v", err)
	}
}

func TestPrompts(t *testing.T) {
	h := startHTTP(t, peopleDoc, consumer.Settings{})
	ctx := context.Background()
	list, err := h.session.ListPrompts(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "prompts-list.golden", list)
	res, err := h.session.GetPrompt(ctx, &mcp.GetPromptParams{Name: "greet",
		Arguments: map[string]string{"who": "{{who}} Ada"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Messages[0].Content.(*mcp.TextContent).Text; got !=
		"Say hello to {{who}} Ada and keep {{unknown}} as is." {
		t.Errorf("greet = %q", got)
	}
	res, err = h.session.GetPrompt(ctx, &mcp.GetPromptParams{Name: "summarize",
		Arguments: map[string]string{"topic": "MCP"}})
	if err != nil || res.Messages[0].Content.(*mcp.TextContent).Text != "Summarize MCP." ||
		res.Messages[0].Role != "user" {
		t.Errorf("summarize = %+v, %v", res, err)
	}
	_, err = h.session.GetPrompt(ctx, &mcp.GetPromptParams{Name: "greet"})
	var we *jsonrpc.Error
	if !errors.As(err, &we) || we.Code != jsonrpc.CodeInvalidParams {
		t.Errorf("greet without its required argument: %v", err)
	}
}
