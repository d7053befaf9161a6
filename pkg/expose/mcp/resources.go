package mcp

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/naftiko/naftiko-go/pkg/binding"
	"github.com/naftiko/naftiko-go/pkg/expose"
	"github.com/naftiko/naftiko-go/pkg/spec"
)

func (s *Server) addResource(r *spec.MCPResource, fieldPath string) error {
	if r.Location != "" {
		return s.addStaticResource(r, fieldPath)
	}
	proc, err := s.p.Engine.Compile(s.ns, &r.Invocation, fieldPath)
	if err != nil {
		return fmt.Errorf("%s: %w", fieldPath, err)
	}
	mime := r.MimeType
	if mime == "" {
		mime = "application/json"
	}
	if !strings.Contains(r.URI, "{") {
		s.srv.AddResource(&mcp.Resource{
			URI: r.URI, Name: r.Name, Title: r.Label, Description: r.Description, MIMEType: mime,
		}, s.dynamicHandler(r.Name, proc, func(string) map[string]any { return map[string]any{} },
			mime))
		return nil
	}
	re, err := templateRegexp(r.URI)
	if err != nil {
		return fmt.Errorf("%s.uri: %w", fieldPath, err)
	}
	vars := func(uri string) map[string]any {
		m := re.FindStringSubmatch(uri)
		in := map[string]any{}
		for i, name := range re.SubexpNames() {
			if i > 0 && name != "" && m != nil {
				if v, err := url.PathUnescape(m[i]); err == nil {
					in[name] = v
				}
			}
		}
		return in
	}
	s.srv.AddResourceTemplate(&mcp.ResourceTemplate{
		URITemplate: r.URI, Name: r.Name, Title: r.Label, Description: r.Description,
		MIMEType: mime,
	}, s.dynamicHandler(r.Name, proc, vars, mime))
	return nil
}

var templateVar = regexp.MustCompile(`\{([A-Za-z0-9_]+)\}`)

// templateRegexp turns a URI template with {name} placeholders into a
// regexp where each placeholder matches one segment.
func templateRegexp(uri string) (*regexp.Regexp, error) {
	var b strings.Builder
	b.WriteString("^")
	last := 0
	for _, m := range templateVar.FindAllStringSubmatchIndex(uri, -1) {
		b.WriteString(regexp.QuoteMeta(uri[last:m[0]]))
		fmt.Fprintf(&b, "(?P<%s>[^/]+)", uri[m[2]:m[3]])
		last = m[1]
	}
	b.WriteString(regexp.QuoteMeta(uri[last:]))
	b.WriteString("$")
	return regexp.Compile(b.String())
}

func (s *Server) dynamicHandler(name string, proc *binding.Procedure,
	inputs func(string) map[string]any, mime string) mcp.ResourceHandler {
	label := "resources/" + name
	return func(ctx context.Context, req *mcp.ReadResourceRequest) (
		*mcp.ReadResourceResult, error) {
		start := time.Now()
		out, err := proc.Run(ctx, inputs(req.Params.URI))
		if err != nil {
			s.p.Metrics.Exposed(s.ns, label, 502, "upstream", time.Since(start))
			return nil, internalError("resource %s: %v", name, err)
		}
		text := string(out.Raw)
		if out.Mapped || (out.Value != nil && len(out.Raw) == 0) {
			data, err := out.JSON()
			if err != nil {
				return nil, internalError("resource %s: encoding result: %v", name, err)
			}
			text = string(data)
		}
		s.p.Metrics.Exposed(s.ns, label, out.Status, "", time.Since(start))
		return &mcp.ReadResourceResult{Contents: []*mcp.ResourceContents{
			{URI: req.Params.URI, MIMEType: mime, Text: text},
		}}, nil
	}
}

func (s *Server) addStaticResource(r *spec.MCPResource, fieldPath string) error {
	dir, err := expose.LocalPath(r.Location, s.p.Loaded.Dir)
	if err != nil {
		return fmt.Errorf("%s.location: %w", fieldPath, err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fmt.Errorf("%s.location: %w", fieldPath, err)
	}
	prefix := strings.TrimSuffix(r.URI, "/")
	handler := s.fileHandler(r, root, prefix)
	files, err := expose.RegularFiles(root)
	if err != nil {
		return fmt.Errorf("%s.location: %w", fieldPath, err)
	}
	for _, f := range files {
		s.srv.AddResource(&mcp.Resource{
			URI: prefix + "/" + f, Name: r.Name + "/" + f, Title: r.Label,
			Description: r.Description, MIMEType: mimeOf(r.MimeType, f),
		}, handler)
	}
	// Files added later are readable too.
	s.srv.AddResourceTemplate(&mcp.ResourceTemplate{
		URITemplate: prefix + "/{+path}", Name: r.Name, Title: r.Label,
		Description: r.Description, MIMEType: r.MimeType,
	}, handler)
	return nil
}

func (s *Server) fileHandler(r *spec.MCPResource, root *os.Root,
	prefix string) mcp.ResourceHandler {
	return func(_ context.Context, req *mcp.ReadResourceRequest) (*mcp.ReadResourceResult, error) {
		uri := req.Params.URI
		rel, ok := strings.CutPrefix(uri, prefix+"/")
		if !ok || rel == "" {
			return nil, &jsonrpc.Error{Code: jsonrpc.CodeInvalidParams,
				Message: fmt.Sprintf("resource %s: %s resolves to a directory", r.Name, uri)}
		}
		if seg, bad := expose.UnsafeSegment(rel); bad {
			return nil, &jsonrpc.Error{Code: jsonrpc.CodeInvalidParams,
				Message: fmt.Sprintf("resource %s: path segment %q is not allowed", r.Name, seg)}
		}
		data, err := root.ReadFile(rel)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, mcp.ResourceNotFoundError(uri)
			}
			return nil, internalError("resource %s: %s: %v", r.Name, rel, err)
		}
		return &mcp.ReadResourceResult{Contents: []*mcp.ResourceContents{
			{URI: uri, MIMEType: mimeOf(r.MimeType, rel), Text: string(data)},
		}}, nil
	}
}

func mimeOf(declared, name string) string {
	if declared != "" {
		return declared
	}
	switch strings.ToLower(path.Ext(name)) {
	case ".md":
		return "text/markdown"
	case ".json":
		return "application/json"
	case ".yaml", ".yml":
		return "application/yaml"
	case ".txt":
		return "text/plain"
	case ".xml":
		return "application/xml"
	}
	return "application/octet-stream"
}
