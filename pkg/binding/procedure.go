package binding

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"sort"
	"strings"

	"github.com/naftiko/naftiko-go/pkg/consumer"
	"github.com/naftiko/naftiko-go/pkg/internal/fielderr"
	"github.com/naftiko/naftiko-go/pkg/mapping"
	"github.com/naftiko/naftiko-go/pkg/spec"
	"github.com/naftiko/naftiko-go/pkg/template"
)

// Procedure is a compiled invocation; Run is safe for concurrent use.
type Procedure struct {
	e        *Engine
	path     string
	mode     mode
	op       *operation // call mode
	with     []withEntry
	outputs  []*mapping.Output
	fields   *consumer.Fields // what the outputs read of a JSON body; nil: all
	steps    []*step
	mappings []stepMapping
}

type mode int

const (
	modeCall mode = iota
	modeSteps
	modeMock
)

// Calls returns the consumed operations the procedure may call
// ("namespace.operation"), in order; none for a mock.
func (p *Procedure) Calls() []string {
	var out []string
	if p.op != nil {
		out = append(out, p.op.call.Name())
	}
	for _, st := range p.steps {
		if st.op != nil {
			out = append(out, st.op.call.Name())
		}
	}
	return out
}

// Outcome is the shaped result of a [Procedure].
type Outcome struct {
	// Status is the upstream status of the call (or of the last call step);
	// 200 for mocks and for steps answered through mappings.
	Status int
	// Mapped is true when outputs or mappings produced a non-null Value;
	// otherwise Raw carries the upstream body unchanged (and Value, when
	// the body could be decoded, its decoded form).
	Mapped bool
	// Value is the shaped answer, a JSON value. When the only output
	// passes a JSON body through whole ({type: object, mapping: "$."}),
	// it may be a [consumer.JSONText] holding the body already encoded as
	// json.Marshal encodes its decoded form: see [Outcome.Decoded] and
	// [Outcome.JSON].
	Value any
	Raw   []byte
	// ContentType is the upstream Content-Type, for passing Raw through.
	ContentType string
}

// Decoded returns Value as a decoded JSON value (nil, bool, float64,
// json.Number for integers beyond 2^53, string, []any, map[string]any),
// decoding it when it is a [consumer.JSONText].
func (o *Outcome) Decoded() (any, error) {
	text, ok := o.Value.(consumer.JSONText)
	if !ok {
		return o.Value, nil
	}
	v, err := consumer.DecodeJSON(text)
	if err != nil {
		return nil, fmt.Errorf("binding: decoding the passed-through body: %w", err)
	}
	return v, nil
}

// JSON returns Value encoded as json.Marshal encodes it, without encoding
// again a body passed through as [consumer.JSONText]. The result may share
// memory with Raw: do not modify it.
func (o *Outcome) JSON() ([]byte, error) {
	if text, ok := o.Value.(consumer.JSONText); ok {
		return text.MarshalJSON()
	}
	return json.Marshal(o.Value)
}

// withEntry is one compiled "with" entry: a reference to an input of the
// exposing namespace ("ns.param"), a template, or a literal.
type withEntry struct {
	key  string
	ref  string
	tmpl *template.Template
	lit  any
}

// Compile compiles what an exposed operation, MCP tool or MCP resource
// does. namespace is the exposing adapter's namespace ("ns.param"
// references in with resolve against the inputs); path names the
// invocation in errors (e.g. "capability.exposes[1].tools[0]").
//
// With call set, Run sends that operation and shapes its body with the
// output parameters (the first non-null one wins). With steps, Run runs
// them in order and answers with the mappings. With neither (or with a
// call to an unknown operation when some output has a static value), Run
// answers from the static output values (mock mode).
//
// Errors name the document file, the line when the file can be read, and
// the field under path.
func (e *Engine) Compile(namespace string, inv *spec.Invocation, path string) (*Procedure, error) {
	p, err := e.compile(namespace, inv, path)
	if err != nil {
		return nil, fmt.Errorf("binding: %w", fielderr.Locate(e.loaded.File, err))
	}
	return p, nil
}

func (e *Engine) compile(namespace string, inv *spec.Invocation, path string) (*Procedure, error) {
	if inv == nil {
		return nil, fielderr.New(path, "no invocation")
	}
	p := &Procedure{e: e, path: path}
	outs, err := mapping.CompileAll(inv.OutputParameters, path+".outputParameters")
	if err != nil {
		return nil, err
	}
	p.outputs = outs
	if p.with, err = compileWith(namespace, inv.With, path+".with"); err != nil {
		return nil, err
	}
	switch {
	case len(inv.Steps) > 0:
		p.mode = modeSteps
		if err := p.compileSteps(namespace, inv); err != nil {
			return nil, err
		}
	case inv.Call != "":
		op, ok := e.ops[inv.Call]
		if !ok {
			if anyStatic(outs) {
				e.log.Warn("call names no consumed operation; answering from static values",
					"at", path, "call", inv.Call)
				p.mode = modeMock
				return p, nil
			}
			return nil, fielderr.New(path+".call", "%q is not a consumed operation%s",
				inv.Call, e.suggest(inv.Call))
		}
		p.mode, p.op = modeCall, op
		// TODO(#6): step calls still decode whole bodies; their outputs
		// and the step mappings could name what they read too.
		switch paths, ok := mapping.Reads(outs); {
		case mapping.PassesThrough(outs):
			p.fields = consumer.RawJSON()
		case ok && len(outs) > 0:
			p.fields = consumer.NewFields(paths)
		}
	default:
		p.mode = modeMock
	}
	return p, nil
}

func anyStatic(outs []*mapping.Output) bool {
	for _, o := range outs {
		if o.IsStatic() {
			return true
		}
	}
	return false
}

// suggest lists the operations of the referenced namespace, for messages.
func (e *Engine) suggest(ref string) string {
	ns, _, _ := strings.Cut(ref, ".")
	var same []string
	for _, n := range e.names {
		if strings.HasPrefix(n, ns+".") {
			same = append(same, n)
		}
	}
	if len(same) == 0 {
		return fmt.Sprintf(" (no consumed namespace %q)", ns)
	}
	if len(same) > 8 {
		same = append(same[:8], "...")
	}
	return " (known: " + strings.Join(same, ", ") + ")"
}

func compileWith(namespace string, with map[string]any, where string) ([]withEntry, error) {
	keys := make([]string, 0, len(with))
	for k := range with {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]withEntry, 0, len(keys))
	for _, k := range keys {
		w := withEntry{key: k}
		switch v := with[k].(type) {
		case string:
			if rest, ok := strings.CutPrefix(v, namespace+"."); ok && namespace != "" && rest != "" {
				w.ref = rest
				break
			}
			t, err := template.Compile(v)
			if err != nil {
				return nil, fielderr.Wrap(where+"."+k, err)
			}
			w.tmpl = t
		default:
			w.lit = v
		}
		out = append(out, w)
	}
	return out, nil
}

// withParams returns the parameters of a call: base with the entries
// applied over it (evaluated against base and bindings), in a new map. The
// call copies its parameters before it writes to them, so base itself
// serves when there are no entries.
func withParams(ws []withEntry, base, bindings map[string]any) (map[string]any, error) {
	if len(ws) == 0 {
		return base, nil
	}
	params := make(map[string]any, len(base)+len(ws))
	maps.Copy(params, base)
	return params, applyWith(ws, template.Scope{base, bindings}, params)
}

// applyWith evaluates the entries against scope and stores the results
// in dst, which scope must not read: every entry sees the state before
// any of them. A reference to an absent input, or a template that is one
// absent variable, leaves the key as it was.
func applyWith(ws []withEntry, scope template.Scope, dst map[string]any) error {
	for _, w := range ws {
		switch {
		case w.ref != "":
			if v, ok := template.Lookup(scope[:1], w.ref); ok && v != nil {
				dst[w.key] = v
			}
		case w.tmpl != nil:
			v, found, err := w.tmpl.Value(scope)
			if err != nil {
				return err
			}
			if found || !w.tmpl.Whole() {
				dst[w.key] = v
			}
		default:
			dst[w.key] = w.lit
		}
	}
	return nil
}

// Run executes the procedure with the caller's inputs. An upstream status
// >= 400 is not an error: it is reported in Outcome.Status with the body
// in Raw, unmapped. A body that does not decode in the operation's format
// is an error only when output parameters need its value; otherwise it is
// passed through in Raw. Errors are *Error values for transport failures,
// timeouts, oversize or undecodable bodies and mapping failures, or
// input errors.
func (p *Procedure) Run(ctx context.Context, inputs map[string]any) (*Outcome, error) {
	switch p.mode {
	case modeSteps:
		return p.runSteps(ctx, inputs)
	case modeMock:
		scope := template.Scope{inputs, p.e.bindings}
		return &Outcome{Status: 200, Mapped: true, Value: mapping.MockAll(p.outputs, scope)}, nil
	}
	params, err := withParams(p.with, inputs, p.e.bindings)
	if err != nil {
		return nil, &Error{Kind: consumer.KindInput, Operation: p.op.call.Name(),
			Err: fmt.Errorf("%s.with: %w", p.path, err)}
	}
	resp, err := p.e.call(ctx, p.op, params, p.fields)
	switch kind := consumer.KindOf(err); {
	case err == nil, kind == consumer.KindStatus:
	case kind == consumer.KindDecode && resp != nil && len(p.outputs) == 0:
		// Nothing needs the decoded value: pass the body through as the
		// upstream sent it.
		p.e.log.Debug("passing an undecodable body through", "at", p.path, "error", err)
	default:
		return nil, err
	}
	return p.shape(resp, template.Scope{params, p.e.bindings}), nil
}

// shape maps a response through the output parameters; an error status,
// or outputs that yield null, pass the body through.
func (p *Procedure) shape(resp *consumer.Response, scope template.Scope) *Outcome {
	out := &Outcome{Status: resp.Status, Raw: resp.Body, Value: resp.Value,
		ContentType: resp.Header.Get("Content-Type")}
	if resp.Status >= 400 || len(p.outputs) == 0 {
		return out
	}
	if v := mapping.First(p.outputs, resp.Value, scope); v != nil {
		out.Mapped, out.Value = true, v
	} else if p.fields != nil {
		// Only the fields the outputs read were decoded: Value promises
		// the whole body.
		out.Value, _ = p.op.call.Decode(resp.Body)
	}
	return out
}
