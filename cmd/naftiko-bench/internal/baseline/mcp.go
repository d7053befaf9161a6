package baseline

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// Tool names the MCP servers answer to.
const (
	ToolGetUser = "get-user"
	ToolEcho    = "echo"
)

// mcpOptions are the streamable HTTP options of the go-sdk baselines, the
// ones pkg/expose/mcp serves with (JSON responses, sessions kept).
// TODO(#6): copied by hand; if pkg/expose/mcp exports its options, use them.
func mcpOptions() *mcp.StreamableHTTPOptions {
	return &mcp.StreamableHTTPOptions{JSONResponse: true}
}

// mcpHandwritten is a go-sdk server written the way the SDK suggests: a
// typed tool (mcp.AddTool) whose handler does the upstream call and mapping
// of the REST handler and returns the mapped struct, which the SDK sends as
// structured content and as JSON text.
func mcpHandwritten(upstream string) http.Handler {
	client := upstreamClient()
	srv := mcp.NewServer(&mcp.Implementation{Name: "bench-handwritten", Version: "1.0.0"}, nil)
	mcp.AddTool(srv, &mcp.Tool{
		Name:        ToolGetUser,
		Description: "Fetch the benchmark user and map five fields.",
	}, func(ctx context.Context, _ *mcp.CallToolRequest, _ struct{}) (
		*mcp.CallToolResult, *MappedUser, error) {
		m, err := fetchUser(ctx, client, upstream)
		if err != nil {
			return nil, nil, err
		}
		return nil, m, nil
	})
	return mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return srv }, mcpOptions())
}

// mcpRaw is the same tool registered with a raw handler (Server.AddTool):
// no argument or output validation, the JSON text and structured content
// built by hand. It is the lower bound of work for this tool on the SDK.
func mcpRaw(upstream string) http.Handler {
	client := upstreamClient()
	srv := mcp.NewServer(&mcp.Implementation{Name: "bench-raw", Version: "1.0.0"}, nil)
	srv.AddTool(&mcp.Tool{
		Name:        ToolGetUser,
		Description: "Fetch the benchmark user and map five fields.",
		InputSchema: json.RawMessage(`{"type":"object","properties":{}}`),
	}, func(ctx context.Context, _ *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		m, err := fetchUser(ctx, client, upstream)
		if err != nil {
			return &mcp.CallToolResult{IsError: true,
				Content: []mcp.Content{&mcp.TextContent{Text: err.Error()}}}, nil
		}
		text, err := json.Marshal(m)
		if err != nil {
			return nil, err
		}
		return &mcp.CallToolResult{
			Content:           []mcp.Content{&mcp.TextContent{Text: string(text)}},
			StructuredContent: json.RawMessage(text),
		}, nil
	})
	return mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return srv }, mcpOptions())
}

// echoArgs are the arguments of the echo tool.
type echoArgs struct {
	Text string `json:"text"`
}

// mcpEcho is a go-sdk server with one typed tool that returns its text
// argument: the floor of the SDK itself, with no upstream call.
func mcpEcho() http.Handler {
	srv := mcp.NewServer(&mcp.Implementation{Name: "bench-echo", Version: "1.0.0"}, nil)
	mcp.AddTool(srv, &mcp.Tool{
		Name:        ToolEcho,
		Description: "Return the text argument.",
	}, func(_ context.Context, _ *mcp.CallToolRequest, in echoArgs) (
		*mcp.CallToolResult, any, error) {
		return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: in.Text}}}, nil, nil
	})
	return mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return srv }, mcpOptions())
}
