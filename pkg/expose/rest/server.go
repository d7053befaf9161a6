package rest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/naftiko/naftiko-go/pkg/binding"
	"github.com/naftiko/naftiko-go/pkg/expose"
	"github.com/naftiko/naftiko-go/pkg/spec"
)

// Server is the exposer of one rest entry.
type Server struct {
	p         expose.Params
	ns        string
	resources []*resource
	auth      authenticator
	admin     *http.ServeMux
	maxBody   int64 // request body limit, with the default applied
	lis       *expose.HTTPListener
}

type resource struct {
	route   *route
	ops     []*operation
	forward *forwarder
	allow   string
	// fwdLabel names forwarded requests in metrics ("forward /path").
	fwdLabel string
}

type operation struct {
	method   string
	label    string // "GET /users/{id}", the metrics and error name
	params   []input
	checks   []inputCheck // with StrictInputs
	readBody bool
	proc     *binding.Procedure
}

// New builds the exposer of p.Entry, which must be a rest entry. Every
// route, procedure and secret is prepared here, so that a broken entry
// fails before anything listens.
func New(p expose.Params) (expose.Exposer, error) {
	e := p.Entry.Rest
	if e == nil {
		return nil, fmt.Errorf("rest: %s: entry is not of type rest", p.Path())
	}
	s := &Server{p: p, ns: e.Namespace, admin: http.NewServeMux()}
	expose.Mount(s.admin, p.Health, p.Metrics)
	for i := range e.Resources {
		r, err := s.buildResource(&e.Resources[i], fmt.Sprintf("%s.resources[%d]", p.Path(), i))
		if err != nil {
			return nil, fmt.Errorf("rest: %w", err)
		}
		s.resources = append(s.resources, r)
	}
	if e.Authentication != nil {
		a, err := newAuthenticator(p, e.Authentication, p.Path()+".authentication")
		if err != nil {
			return nil, fmt.Errorf("rest: %w", err)
		}
		s.auth = a
	}
	s.maxBody = p.Settings.WithDefaults().MaxBodyBytes
	s.lis = p.Listener("rest "+e.Namespace, e.Address, e.Port, s)
	return s, nil
}

func (s *Server) buildResource(sr *spec.ExposedResource, path string) (*resource, error) {
	rt, err := compileRoute(sr.Path)
	if err != nil {
		return nil, fmt.Errorf("%s.path: %w", path, err)
	}
	r := &resource{route: rt, fwdLabel: "forward " + rt.template}
	var methods []string
	for j := range sr.Operations {
		so := &sr.Operations[j]
		opPath := fmt.Sprintf("%s.operations[%d]", path, j)
		method := strings.ToUpper(so.Method)
		if method == "" {
			method = http.MethodGet
		}
		proc, err := s.p.Engine.Compile(s.ns, &so.Invocation, opPath)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", opPath, err)
		}
		op := &operation{method: method, label: method + " " + rt.template, proc: proc}
		params := append(append([]spec.ExposedInputParameter(nil), sr.InputParameters...),
			so.InputParameters...)
		for k, ip := range params {
			in := newInput(ip)
			op.params = append(op.params, in)
			if in.readsBody() {
				op.readBody = true
			}
			if s.p.Settings.StrictInputs {
				c, err := newInputCheck(ip)
				if err != nil {
					return nil, fmt.Errorf("%s: input %d (%s): %w", opPath, k, ip.Name, err)
				}
				op.checks = append(op.checks, c)
			}
		}
		r.ops = append(r.ops, op)
		methods = append(methods, method)
	}
	r.allow = strings.Join(dedupe(methods), ", ")
	if sr.Forward != nil {
		f, err := newForwarder(s.p, sr.Forward, path+".forward")
		if err != nil {
			return nil, err
		}
		r.forward = f
	}
	return r, nil
}

func dedupe(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range in {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// Start listens and serves; see [expose.Exposer].
func (s *Server) Start(ctx context.Context) error { return s.lis.Start(ctx) }

// Shutdown stops the server gracefully and releases the idle upstream
// connections of forwarded resources; see [expose.Exposer].
func (s *Server) Shutdown(ctx context.Context) error {
	err := s.lis.Shutdown(ctx)
	for _, r := range s.resources {
		if r.forward != nil {
			r.forward.transport.CloseIdleConnections()
		}
	}
	return err
}

// Addrs returns the server URL once started.
func (s *Server) Addrs() []string { return s.lis.Addrs() }

// ServeHTTP routes one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	res, vars, err := s.find(r)
	if res == nil && err == nil {
		if h, pattern := s.admin.Handler(r); pattern != "" {
			h.ServeHTTP(w, r)
			return
		}
	}
	if s.auth != nil && !s.auth.check(w, r) {
		s.p.Metrics.Exposed(s.ns, "unauthorized", http.StatusUnauthorized, "unauthorized",
			time.Since(start))
		return
	}
	switch {
	case err != nil:
		writeProblem(w, r, http.StatusBadRequest, "", err.Error())
		s.p.Metrics.Exposed(s.ns, "unmatched", http.StatusBadRequest, "input", time.Since(start))
		return
	case res == nil:
		writeProblem(w, r, http.StatusNotFound, "", "no resource matches "+r.URL.Path)
		s.p.Metrics.Exposed(s.ns, "unmatched", http.StatusNotFound, "", time.Since(start))
		return
	}
	for _, op := range res.ops {
		if op.method == r.Method {
			s.serveOperation(w, r, op, vars, start)
			return
		}
	}
	if res.forward != nil {
		code := res.forward.serve(w, r, vars)
		s.p.Metrics.Exposed(s.ns, res.fwdLabel, code, "", time.Since(start))
		return
	}
	w.Header().Set("Allow", res.allow)
	writeProblem(w, r, http.StatusMethodNotAllowed, "",
		fmt.Sprintf("method %s not allowed on %s (allowed: %s)", r.Method, res.route.template,
			res.allow))
	s.p.Metrics.Exposed(s.ns, "unmatched", http.StatusMethodNotAllowed, "", time.Since(start))
}

func (s *Server) find(r *http.Request) (*resource, map[string]string, error) {
	escaped := r.URL.EscapedPath()
	for _, res := range s.resources {
		vars, ok, err := res.route.match(escaped)
		if err != nil {
			return nil, nil, err
		}
		if ok {
			return res, vars, nil
		}
	}
	return nil, nil, nil
}

func (s *Server) serveOperation(w http.ResponseWriter, r *http.Request, op *operation,
	vars map[string]string, start time.Time) {
	code, kind := s.runOperation(w, r, op, vars)
	d := time.Since(start)
	s.p.Metrics.Exposed(s.ns, op.label, code, kind, d)
	s.p.Logger.Debug("request", "namespace", s.ns, "operation", op.label, "status", code,
		"duration", d)
}

func (s *Server) runOperation(w http.ResponseWriter, r *http.Request, op *operation,
	vars map[string]string) (int, string) {
	body, status, err := readBody(w, r, s.maxBody, op.readBody)
	if err != nil {
		writeProblem(w, r, status, op.label, err.Error())
		return status, "input"
	}
	inputs := extractInputs(r, op.params, vars, body)
	for _, c := range op.checks {
		if err := c.check(inputs); err != nil {
			writeProblem(w, r, http.StatusBadRequest, op.label, err.Error())
			return http.StatusBadRequest, "input"
		}
	}
	out, err := op.proc.Run(r.Context(), inputs)
	if err != nil {
		code := expose.ErrorStatus(err)
		if errors.Is(r.Context().Err(), context.Canceled) {
			s.p.Logger.Debug("client went away", "operation", op.label)
		} else {
			s.p.Logger.Warn("operation failed", "namespace", s.ns, "operation", op.label,
				"status", code, "error", err)
		}
		writeProblem(w, r, code, op.label, err.Error())
		return code, expose.ErrorKind(err)
	}
	code := writeOutcome(w, out)
	if code >= 400 {
		return code, "status"
	}
	return code, ""
}
