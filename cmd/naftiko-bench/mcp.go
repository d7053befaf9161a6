package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// Tool names the MCP targets answer to.
const (
	toolGetUser = "get-user"
	toolEcho    = "echo"
)

// mcpOptions are the streamable HTTP options of the go-sdk baselines, the
// ones pkg/expose/mcp serves with (JSON responses, sessions kept).
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
		Name:        toolGetUser,
		Description: "Fetch the benchmark user and map five fields.",
	}, func(ctx context.Context, _ *mcp.CallToolRequest, _ struct{}) (
		*mcp.CallToolResult, *mappedUser, error) {
		m, err := fetchUser(ctx, client, upstream)
		if err != nil {
			return nil, nil, err
		}
		return nil, m, nil
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
		Name:        toolEcho,
		Description: "Return the text argument.",
	}, func(_ context.Context, _ *mcp.CallToolRequest, in echoArgs) (
		*mcp.CallToolResult, any, error) {
		return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: in.Text}}}, nil, nil
	})
	return mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return srv }, mcpOptions())
}

// mcpTarget says which tool to call and how to check its answer.
type mcpTarget struct {
	Endpoint string
	Tool     string
	Args     map[string]any
	// Want is a substring the first text content must hold.
	Want string
}

var errToolFailed = errors.New("tool call failed")

// mcpWorkers returns workers that each hold one MCP session (initialized
// before the warm-up) and call the target's tool in a loop.
func mcpWorkers(client *http.Client, t mcpTarget) newWorker {
	return func(ctx context.Context, _ int) (call, func(), error) {
		c := mcp.NewClient(&mcp.Implementation{Name: "naftiko-bench", Version: "1.0.0"}, nil)
		sess, err := c.Connect(ctx, &mcp.StreamableClientTransport{
			Endpoint:             t.Endpoint,
			HTTPClient:           client,
			MaxRetries:           -1,
			DisableStandaloneSSE: true,
		}, nil)
		if err != nil {
			return nil, nil, fmt.Errorf("mcp connect %s: %w", t.Endpoint, err)
		}
		params := &mcp.CallToolParams{Name: t.Tool, Arguments: t.Args}
		do := func(ctx context.Context) error {
			res, err := sess.CallTool(ctx, params)
			if err != nil {
				return err
			}
			return checkToolResult(res, t.Want)
		}
		return do, func() { sess.Close() }, nil
	}
}

func checkToolResult(res *mcp.CallToolResult, want string) error {
	text := ""
	if len(res.Content) > 0 {
		if tc, ok := res.Content[0].(*mcp.TextContent); ok {
			text = tc.Text
		}
	}
	if res.IsError {
		return fmt.Errorf("%w: %s", errToolFailed, text)
	}
	if !strings.Contains(text, want) {
		return fmt.Errorf("%w: text %q lacks %q", errToolFailed, text, want)
	}
	return nil
}
