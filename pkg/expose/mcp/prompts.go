package mcp

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/naftiko/naftiko-go/pkg/expose"
	"github.com/naftiko/naftiko-go/pkg/spec"
)

var promptVar = regexp.MustCompile(`\{\{([a-zA-Z0-9_]+)\}\}`)

// renderPrompt replaces {{name}} with the argument's value in one pass;
// unknown placeholders stay, and substituted text is not scanned again.
func renderPrompt(text string, args map[string]string) string {
	return promptVar.ReplaceAllStringFunc(text, func(m string) string {
		if v, ok := args[m[2:len(m)-2]]; ok {
			return v
		}
		return m
	})
}

func (s *Server) addPrompt(p *spec.MCPPrompt, fieldPath string) error {
	var file string
	if p.Location != "" {
		dir, err := expose.LocalPath(p.Location, s.p.Loaded.Dir)
		if err != nil {
			return fmt.Errorf("%s.location: %w", fieldPath, err)
		}
		if fi, err := os.Stat(dir); err != nil || !fi.Mode().IsRegular() {
			return fmt.Errorf("%s.location: %s is not a readable file", fieldPath, dir)
		}
		file = dir
	}
	mp := &mcp.Prompt{Name: p.Name, Title: p.Label, Description: p.Description}
	var required []string
	for _, a := range p.Arguments {
		req := a.Required == nil || *a.Required
		mp.Arguments = append(mp.Arguments, &mcp.PromptArgument{
			Name: a.Name, Title: a.Label, Description: a.Description, Required: req,
		})
		if req {
			required = append(required, a.Name)
		}
	}
	s.srv.AddPrompt(mp, func(_ context.Context, req *mcp.GetPromptRequest) (
		*mcp.GetPromptResult, error) {
		args := req.Params.Arguments
		var missing []string
		for _, name := range required {
			if _, ok := args[name]; !ok {
				missing = append(missing, name)
			}
		}
		if len(missing) > 0 {
			return nil, invalidParams("invalid params: prompt %s: missing required argument(s) %s",
				p.Name, strings.Join(missing, ", "))
		}
		res := &mcp.GetPromptResult{Description: p.Description}
		if file != "" {
			data, err := os.ReadFile(file)
			if err != nil {
				return nil, internalError("prompt %s: %v", p.Name, err)
			}
			res.Messages = []*mcp.PromptMessage{{Role: "user",
				Content: &mcp.TextContent{Text: renderPrompt(string(data), args)}}}
			return res, nil
		}
		for _, m := range p.Template {
			res.Messages = append(res.Messages, &mcp.PromptMessage{Role: mcp.Role(m.Role),
				Content: &mcp.TextContent{Text: renderPrompt(m.Content, args)}})
		}
		return res, nil
	})
	return nil
}
