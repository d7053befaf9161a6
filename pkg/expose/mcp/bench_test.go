package mcp_test

import (
	"context"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/naftiko/naftiko-go/pkg/consumer"
)

// BenchmarkToolCall is one tools/call over streamable HTTP, with argument
// validation, an upstream call and an output mapping. Compare with
// BenchmarkToolsList (the protocol round trip alone).
func BenchmarkToolCall(b *testing.B) {
	h := startHTTP(b, peopleDoc, consumer.Settings{})
	ctx := context.Background()
	params := &mcp.CallToolParams{Name: "get-user", Arguments: map[string]any{"id": "42"}}
	b.ReportAllocs()
	for b.Loop() {
		res, err := h.session.CallTool(ctx, params)
		if err != nil || res.IsError {
			b.Fatalf("%v %+v", err, res)
		}
	}
}

// BenchmarkToolsList is the MCP round trip without an upstream.
func BenchmarkToolsList(b *testing.B) {
	h := startHTTP(b, peopleDoc, consumer.Settings{})
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := h.session.ListTools(ctx, nil); err != nil {
			b.Fatal(err)
		}
	}
}
