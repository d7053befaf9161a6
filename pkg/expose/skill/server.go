package skill

import (
	"context"
	"fmt"
	"net/http"
	"os"

	"github.com/naftiko/naftiko-go/pkg/expose"
	"github.com/naftiko/naftiko-go/pkg/spec"
)

// Server is the exposer of one skill entry.
type Server struct {
	p      expose.Params
	skills []*skill
	byName map[string]*skill
	lis    *expose.HTTPListener
}

type skill struct {
	spec  *spec.ExposedSkill
	root  *os.Root // nil without a location
	tools []tool
}

// tool is the catalogue form of one skill tool.
type tool struct {
	Name          string         `json:"name"`
	Description   string         `json:"description"`
	Type          string         `json:"type"`
	InvocationRef *invocationRef `json:"invocationRef,omitempty"`
	Instruction   string         `json:"instruction,omitempty"`
}

type invocationRef struct {
	TargetNamespace string `json:"targetNamespace"`
	Action          string `json:"action"`
	Mode            string `json:"mode"`
}

// New builds the exposer of p.Entry, which must be a skill entry.
func New(p expose.Params) (expose.Exposer, error) {
	e := p.Entry.Skill
	if e == nil {
		return nil, fmt.Errorf("skill: %s: entry is not of type skill", p.Path())
	}
	s := &Server{p: p, byName: map[string]*skill{}}
	actions := siblingActions(p.Loaded)
	for i := range e.Skills {
		sk, err := s.build(&e.Skills[i], fmt.Sprintf("%s.skills[%d]", p.Path(), i), actions)
		if err != nil {
			return nil, fmt.Errorf("skill: %w", err)
		}
		if s.byName[sk.spec.Name] != nil {
			return nil, fmt.Errorf("skill: %s.skills[%d]: duplicate skill %q", p.Path(), i,
				sk.spec.Name)
		}
		s.skills = append(s.skills, sk)
		s.byName[sk.spec.Name] = sk
	}
	mux := http.NewServeMux()
	expose.Mount(mux, p.Health, p.Metrics)
	mux.HandleFunc("GET /skills", s.list)
	mux.HandleFunc("GET /skills/{name}", s.detail)
	mux.HandleFunc("GET /skills/{name}/download", s.download)
	mux.HandleFunc("GET /skills/{name}/contents", s.contents)
	mux.HandleFunc("GET /skills/{name}/contents/{file...}", s.file)
	s.lis = p.Listener("skill "+e.Namespace, e.Address, e.Port, mux)
	return s, nil
}

// siblingActions maps the namespaces of rest and mcp entries to their
// mode and the names of their operations or tools.
func siblingActions(l *spec.Loaded) map[string]sibling {
	out := map[string]sibling{}
	if l == nil || l.Document == nil || l.Document.Capability == nil {
		return out
	}
	for _, e := range l.Document.Capability.Exposes {
		switch {
		case e.Rest != nil:
			sb := sibling{mode: "rest", actions: map[string]bool{}}
			for _, r := range e.Rest.Resources {
				for _, op := range r.Operations {
					if op.Name != "" {
						sb.actions[op.Name] = true
					}
				}
			}
			out[e.Rest.Namespace] = sb
		case e.MCP != nil:
			sb := sibling{mode: "mcp", actions: map[string]bool{}}
			for _, t := range e.MCP.Tools {
				sb.actions[t.Name] = true
			}
			out[e.MCP.Namespace] = sb
		}
	}
	return out
}

type sibling struct {
	mode    string
	actions map[string]bool
}

func (s *Server) build(es *spec.ExposedSkill, path string, sibs map[string]sibling) (
	*skill, error) {
	sk := &skill{spec: es}
	if es.Location != "" {
		dir, err := expose.LocalPath(es.Location, s.p.Loaded.Dir)
		if err != nil {
			return nil, fmt.Errorf("%s.location: %w", path, err)
		}
		if sk.root, err = os.OpenRoot(dir); err != nil {
			// As in the reference engine, a missing folder is not fatal:
			// its routes answer 404.
			s.p.Logger.Warn("skill folder unavailable; its files answer 404",
				"path", path+".location", "error", err)
			sk.root = nil
		}
	}
	for j, t := range es.Tools {
		tp := fmt.Sprintf("%s.tools[%d]", path, j)
		switch {
		case (t.From == nil) == (t.Instruction == ""):
			return nil, fmt.Errorf("%s: set exactly one of from and instruction", tp)
		case t.From != nil:
			sb, ok := sibs[t.From.SourceNamespace]
			if !ok {
				return nil, fmt.Errorf("%s.from.sourceNamespace: no rest or mcp entry %q", tp,
					t.From.SourceNamespace)
			}
			if !sb.actions[t.From.Action] {
				return nil, fmt.Errorf("%s.from.action: %s has no operation or tool %q", tp,
					t.From.SourceNamespace, t.From.Action)
			}
			sk.tools = append(sk.tools, tool{Name: t.Name, Description: t.Description,
				Type: "derived", InvocationRef: &invocationRef{
					TargetNamespace: t.From.SourceNamespace, Action: t.From.Action,
					Mode: sb.mode}})
		default:
			if es.Location == "" {
				return nil, fmt.Errorf("%s.instruction: the skill has no location", tp)
			}
			sk.tools = append(sk.tools, tool{Name: t.Name, Description: t.Description,
				Type: "instruction", Instruction: t.Instruction})
		}
	}
	return sk, nil
}

// Start listens and serves; see [expose.Exposer].
func (s *Server) Start(ctx context.Context) error { return s.lis.Start(ctx) }

// Shutdown stops the server gracefully and releases the skill folders.
func (s *Server) Shutdown(ctx context.Context) error {
	err := s.lis.Shutdown(ctx)
	for _, sk := range s.skills {
		if sk.root != nil {
			_ = sk.root.Close()
		}
	}
	return err
}

// Addrs returns the server URL once started.
func (s *Server) Addrs() []string { return s.lis.Addrs() }
