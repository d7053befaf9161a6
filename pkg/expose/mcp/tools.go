package mcp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/naftiko/naftiko-go/pkg/binding"
	"github.com/naftiko/naftiko-go/pkg/consumer"
	"github.com/naftiko/naftiko-go/pkg/expose"
	"github.com/naftiko/naftiko-go/pkg/spec"
)

type tool struct {
	name   string
	label  string // "tools/<name>", the metrics name
	schema *jsonschema.Schema
	proc   *binding.Procedure
}

// inputSchema builds the JSON schema of a tool's arguments.
func inputSchema(params []spec.MCPInputParameter) map[string]any {
	props := map[string]any{}
	required := []string{}
	for _, p := range params {
		typ := p.Type
		if typ == "" {
			typ = "string"
		}
		prop := map[string]any{"type": typ}
		if p.Description != "" {
			prop["description"] = p.Description
		}
		props[p.Name] = prop
		if p.IsRequired() {
			required = append(required, p.Name)
		}
	}
	return map[string]any{"type": "object", "properties": props, "required": required}
}

func compileSchema(name string, schema map[string]any) (*jsonschema.Schema, error) {
	data, err := json.Marshal(schema)
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	url := "mem://tools/" + name + ".json"
	if err := c.AddResource(url, bytes.NewReader(data)); err != nil {
		return nil, err
	}
	return c.Compile(url)
}

func annotations(t *spec.MCPTool) *mcp.ToolAnnotations {
	if t.Hints == nil && t.Label == "" {
		return nil
	}
	a := &mcp.ToolAnnotations{Title: t.Label}
	if h := t.Hints; h != nil {
		a.ReadOnlyHint = h.ReadOnly != nil && *h.ReadOnly
		a.IdempotentHint = h.Idempotent != nil && *h.Idempotent
		a.DestructiveHint = h.Destructive
		a.OpenWorldHint = h.OpenWorld
	}
	return a
}

func (s *Server) addTool(st *spec.MCPTool, path string) error {
	schema := inputSchema(st.InputParameters)
	compiled, err := compileSchema(st.Name, schema)
	if err != nil {
		return fmt.Errorf("%s.inputParameters: %w", path, err)
	}
	proc, err := s.p.Engine.Compile(s.ns, &st.Invocation, path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	t := &tool{name: st.Name, label: "tools/" + st.Name, schema: compiled, proc: proc}
	s.srv.AddTool(&mcp.Tool{
		Name: st.Name, Title: st.Label, Description: st.Description,
		InputSchema: schema, Annotations: annotations(st),
	}, func(ctx context.Context, req *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		start := time.Now()
		res, code, kind, err := s.callTool(ctx, t, req.Params.Arguments)
		s.p.Metrics.Exposed(s.ns, t.label, code, kind, time.Since(start))
		return res, err
	})
	return nil
}

func invalidParams(format string, args ...any) error {
	return &jsonrpc.Error{Code: jsonrpc.CodeInvalidParams, Message: fmt.Sprintf(format, args...)}
}

// internalError is a JSON-RPC -32603 error (the SDK would send any other
// error with code 0).
func internalError(format string, args ...any) error {
	return &jsonrpc.Error{Code: jsonrpc.CodeInternalError,
		Message: "internal error: " + fmt.Sprintf(format, args...)}
}

// callTool validates the arguments and runs the tool. It returns the
// result, or a protocol error, plus the status and error kind for metrics.
func (s *Server) callTool(ctx context.Context, t *tool, raw json.RawMessage) (
	*mcp.CallToolResult, int, string, error) {
	args := map[string]any{}
	if trimmed := bytes.TrimSpace(raw); len(trimmed) > 0 && string(trimmed) != "null" {
		if err := json.Unmarshal(trimmed, &args); err != nil {
			return nil, http.StatusBadRequest, "input",
				invalidParams("invalid params: tool %s: arguments must be a JSON object", t.name)
		}
	}
	if err := t.schema.Validate(args); err != nil {
		return nil, http.StatusBadRequest, "input",
			invalidParams("invalid params: tool %s: %s", t.name, schemaMessage(err))
	}
	out, err := t.proc.Run(ctx, args)
	if err != nil {
		code := expose.ErrorStatus(err)
		if consumer.KindOf(err) == consumer.KindInput {
			return nil, code, "input", invalidParams("invalid params: tool %s: %v", t.name, err)
		}
		s.p.Logger.Warn("tool failed", "namespace", s.ns, "tool", t.name, "error", err)
		return errorResult(fmt.Sprintf("tool %s failed: %v", t.name, err)), code,
			expose.ErrorKind(err), nil
	}
	res, text := outcomeResult(out)
	if out.Status >= 400 {
		msg := fmt.Sprintf("tool %s: upstream answered HTTP %d %s", t.name, out.Status,
			http.StatusText(out.Status))
		if text != "" {
			msg += ": " + text
		}
		return errorResult(msg), out.Status, "status", nil
	}
	return res, out.Status, "", nil
}

// schemaMessage flattens a validation error to one line naming the
// failing argument.
func schemaMessage(err error) string {
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return err.Error()
	}
	var parts []string
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			loc := strings.TrimPrefix(e.InstanceLocation, "/")
			if loc == "" {
				parts = append(parts, e.Message)
			} else {
				parts = append(parts, "argument "+loc+": "+e.Message)
			}
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
	return strings.Join(parts, "; ")
}

func errorResult(text string) *mcp.CallToolResult {
	return &mcp.CallToolResult{IsError: true, Content: []mcp.Content{&mcp.TextContent{Text: text}}}
}

// outcomeResult turns an outcome into a tool result: the JSON of the
// mapped value (plus structured content for objects), or the raw body.
func outcomeResult(o *binding.Outcome) (*mcp.CallToolResult, string) {
	res := &mcp.CallToolResult{}
	var text string
	switch {
	case o.Mapped || (o.Value != nil && len(o.Raw) == 0):
		data, err := o.JSON()
		if err != nil {
			return errorResult("encoding result: " + err.Error()), ""
		}
		text = string(data)
		if len(data) > 0 && data[0] == '{' {
			res.StructuredContent = json.RawMessage(data)
		}
	default:
		text = string(o.Raw)
	}
	res.Content = []mcp.Content{&mcp.TextContent{Text: text}}
	return res, text
}
