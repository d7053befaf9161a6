package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// The comparison is only fair if every server answers the same thing.
// Before measuring, the driver fetches one answer from naftiko and from
// the hand-written baseline of each suite and compares them as JSON; a
// difference is reported (and fails the quick-run test).

// restAnswer GETs url and returns the body of a 200.
func restAnswer(ctx context.Context, client *http.Client, url string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: status %d: %s", url, resp.StatusCode, body)
	}
	return body, nil
}

// mcpAnswer calls the tool once on a fresh session and returns the text of
// its first content.
func mcpAnswer(ctx context.Context, client *http.Client, t mcpTarget) ([]byte, error) {
	sess, err := connectMCP(ctx, client, t.Endpoint)
	if err != nil {
		return nil, err
	}
	defer sess.Close()
	res, err := sess.CallTool(ctx, &mcp.CallToolParams{Name: t.Tool, Arguments: t.Args})
	if err != nil {
		return nil, err
	}
	if err := checkToolResult(res, t.Want); err != nil {
		return nil, err
	}
	return []byte(res.Content[0].(*mcp.TextContent).Text), nil
}

// parity compares the answers of ours and the baseline as JSON values and
// returns "" when they are equal, else what differs.
func parity(ours, base func() ([]byte, error)) string {
	a, err := ours()
	if err != nil {
		return "naftiko: " + err.Error()
	}
	b, err := base()
	if err != nil {
		return "baseline: " + err.Error()
	}
	var va, vb any
	if err := json.Unmarshal(a, &va); err != nil {
		return fmt.Sprintf("naftiko answered non-JSON %q", a)
	}
	if err := json.Unmarshal(b, &vb); err != nil {
		return fmt.Sprintf("baseline answered non-JSON %q", b)
	}
	if !reflect.DeepEqual(va, vb) {
		return fmt.Sprintf("naftiko answered %s, the baseline %s", a, b)
	}
	return ""
}
