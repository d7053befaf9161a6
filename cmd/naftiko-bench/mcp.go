package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/naftiko/naftiko-go/cmd/naftiko-bench/internal/baseline"
)

// mcpTarget says which tool to call and how to check its answer.
type mcpTarget struct {
	Endpoint string
	Tool     string
	Args     map[string]any
	// Want is a substring the first text content must hold.
	Want string
}

// getUserTarget is the get-user tool of the benchmark capability at
// endpoint, answered by every MCP target but the echo tool.
func getUserTarget(endpoint string) mcpTarget {
	return mcpTarget{Endpoint: endpoint, Tool: baseline.ToolGetUser, Want: `"Ada Lovelace"`}
}

var errToolFailed = errors.New("tool call failed")

// mcpWorkers returns workers that each hold one MCP session (initialized
// before the warm-up) and call the target's tool in a loop.
func mcpWorkers(client *http.Client, t mcpTarget) newWorker {
	return func(ctx context.Context, _ int) (call, func(), error) {
		sess, err := connectMCP(ctx, client, t.Endpoint)
		if err != nil {
			return nil, nil, err
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

// connectMCP opens an MCP session on endpoint over streamable HTTP, as
// the load workers and the parity probe do.
func connectMCP(ctx context.Context, client *http.Client, endpoint string) (
	*mcp.ClientSession, error) {
	c := mcp.NewClient(&mcp.Implementation{Name: "naftiko-bench", Version: "1.0.0"}, nil)
	sess, err := c.Connect(ctx, &mcp.StreamableClientTransport{
		Endpoint:             endpoint,
		HTTPClient:           client,
		MaxRetries:           -1,
		DisableStandaloneSSE: true,
	}, nil)
	if err != nil {
		return nil, fmt.Errorf("mcp connect %s: %w", endpoint, err)
	}
	return sess, nil
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
