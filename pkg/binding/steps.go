package binding

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/naftiko/naftiko-go/pkg/consumer"
	"github.com/naftiko/naftiko-go/pkg/internal/fielderr"
	"github.com/naftiko/naftiko-go/pkg/mapping"
	"github.com/naftiko/naftiko-go/pkg/spec"
	"github.com/naftiko/naftiko-go/pkg/template"
)

// step is one compiled orchestration step.
type step struct {
	name string
	// call steps
	op   *operation
	with []withEntry
	// lookup steps
	lookup bool
	index  string
	match  string
	value  stepValue
	fields []string
}

// stepMapping copies a step result to an output name.
type stepMapping struct {
	target string
	value  stepValue
}

// stepValue is a lookup value or a mapping: a JSONPath into the step
// results, or a template rendered against the run's scope.
type stepValue struct {
	path *mapping.Path      // "$.step.path"
	tmpl *template.Template // anything else
}

func compileStepValue(src string, isPath bool, where string) (stepValue, error) {
	var v stepValue
	var err error
	if isPath {
		v.path, err = mapping.CompilePath(src)
	} else {
		v.tmpl, err = template.Compile(src)
	}
	if err != nil {
		return v, fielderr.Wrap(where, err)
	}
	return v, nil
}

// eval selects the value from results, or renders the template.
func (v stepValue) eval(results map[string]any, scope template.Scope) (any, error) {
	if v.path != nil {
		return v.path.Get(results), nil
	}
	s, _, err := v.tmpl.Render(scope, nil)
	if err != nil {
		return nil, err
	}
	return s, nil
}

func (p *Procedure) compileSteps(namespace string, inv *spec.Invocation) error {
	seen := map[string]bool{}
	for i := range inv.Steps {
		s := &inv.Steps[i]
		where := fmt.Sprintf("%s.steps[%d]", p.path, i)
		st := &step{name: s.Name}
		if s.Name == "" {
			return fielderr.New(where+".name", "missing")
		}
		switch strings.ToLower(s.Type) {
		case "call", "":
			op, ok := p.e.ops[s.Call]
			if !ok {
				return fielderr.New(where+".call", "%q is not a consumed operation%s",
					s.Call, p.e.suggest(s.Call))
			}
			st.op = op
			w, err := compileWith(namespace, s.With, where+".with")
			if err != nil {
				return err
			}
			st.with = w
		case "lookup":
			st.lookup, st.index, st.match, st.fields = true, s.Index, s.Match, s.OutputParameters
			if !seen[s.Index] {
				return fielderr.New(where+".index", "%q names no earlier step", s.Index)
			}
			v, err := compileStepValue(s.LookupValue, strings.HasPrefix(s.LookupValue, "$"),
				where+".lookupValue")
			if err != nil {
				return err
			}
			st.value = v
		default:
			return fielderr.New(where+".type", "%q is not call or lookup", s.Type)
		}
		seen[s.Name] = true
		p.steps = append(p.steps, st)
	}
	for i, m := range inv.Mappings {
		where := fmt.Sprintf("%s.mappings[%d].value", p.path, i)
		v, err := compileStepValue(m.Value, strings.HasPrefix(strings.TrimSpace(m.Value), "$"),
			where)
		if err != nil {
			return err
		}
		p.mappings = append(p.mappings, stepMapping{target: m.TargetName, value: v})
	}
	return nil
}

// runSteps runs the steps in order. Each call step sees the inputs, the
// outputs of earlier steps (by step name) and its own with; an upstream
// error status does not stop the run (it is logged). Mappings then build
// the answer; when none resolves, the last call step's response is shaped
// by the output parameters or passed through.
func (p *Procedure) runSteps(ctx context.Context, inputs map[string]any) (*Outcome, error) {
	runtime := make(map[string]any, len(inputs)+len(p.steps))
	for k, v := range inputs {
		runtime[k] = v
	}
	results := make(map[string]any, len(p.steps))
	var last *consumer.Response
	for _, st := range p.steps {
		scope := template.Scope{runtime, p.e.bindings}
		if st.lookup {
			v, ok, err := st.runLookup(results, scope)
			if err != nil {
				return nil, &Error{Kind: consumer.KindInput, Operation: p.path,
					Err: fmt.Errorf("step %s: %w", st.name, err)}
			}
			if ok {
				results[st.name], runtime[st.name] = v, v
			}
			continue
		}
		params, err := withParams(st.with, runtime, p.e.bindings)
		if err != nil {
			return nil, &Error{Kind: consumer.KindInput, Operation: st.op.call.Name(),
				Err: fmt.Errorf("%s: step %s: with: %w", p.path, st.name, err)}
		}
		resp, err := p.e.call(ctx, st.op, params, nil)
		if err != nil {
			if consumer.KindOf(err) != consumer.KindStatus {
				return nil, inStep(st.name, err)
			}
			p.e.log.Warn("step answered with an error status", "at", p.path, "step", st.name,
				"operation", st.op.call.Name(), "status", resp.Status)
		}
		last = resp
		out := mapping.Named(st.op.outputs, resp.Value, template.Scope{params, p.e.bindings})
		results[st.name], runtime[st.name] = out, out
	}
	scope := template.Scope{runtime, p.e.bindings}
	if len(p.mappings) > 0 {
		mapped := make(map[string]any, len(p.mappings))
		for _, m := range p.mappings {
			if v, err := m.value.eval(results, scope); err == nil && v != nil {
				mapped[m.target] = v
			}
		}
		if len(mapped) > 0 {
			return &Outcome{Status: 200, Mapped: true, Value: mapped}, nil
		}
	}
	if last == nil {
		return &Outcome{Status: 200, Mapped: true, Value: mapping.MockAll(p.outputs, scope)}, nil
	}
	return p.shape(last, scope), nil
}

// runLookup finds, in the output of the index step, the entries whose
// match field equals the lookup value, and keeps their selected fields. A
// list of lookup values gives a list of results.
func (st *step) runLookup(results map[string]any, scope template.Scope) (any, bool, error) {
	index, ok := results[st.index]
	if !ok {
		return nil, false, fmt.Errorf("lookup step references non-existent step %s", st.index)
	}
	key, err := st.value.eval(results, scope)
	if err != nil {
		return nil, false, err
	}
	switch k := key.(type) {
	case nil:
		return nil, false, nil
	case []any:
		out := []any{}
		for _, e := range k {
			if v, ok := st.find(index, e); ok {
				out = append(out, v)
			}
		}
		return out, len(out) > 0, nil
	}
	v, found := st.find(index, key)
	return v, found, nil
}

func (st *step) find(index, key any) (any, bool) {
	want := template.Format(key)
	entries, ok := index.([]any)
	if !ok {
		entries = []any{index}
	}
	for _, e := range entries {
		obj, ok := e.(map[string]any)
		if !ok {
			continue
		}
		v, ok := obj[st.match]
		if !ok || v == nil || template.Format(v) != want {
			continue
		}
		out := make(map[string]any, len(st.fields))
		for _, f := range st.fields {
			out[f] = obj[f]
		}
		return out, true
	}
	return nil, false
}

// inStep adds the step name to the cause of a call error, keeping it an
// *Error that names the operation and URL.
func inStep(name string, err error) error {
	var ce *Error
	if !errors.As(err, &ce) {
		return fmt.Errorf("step %s: %w", name, err)
	}
	c := *ce
	c.Err = fmt.Errorf("step %s: %w", name, ce.Err)
	if ce.Err == nil {
		c.Err = fmt.Errorf("step %s", name)
	}
	return &c
}
