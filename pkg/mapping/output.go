package mapping

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/naftiko/naftiko-go/pkg/internal/fielderr"
	"github.com/naftiko/naftiko-go/pkg/spec"
	"github.com/naftiko/naftiko-go/pkg/template"
)

// Output is a compiled output parameter: it shapes a decoded upstream
// body into the value an exposer returns. It is immutable and safe for
// concurrent use.
type Output struct {
	Name string // empty for mapped outputs
	Type string

	path      *Path              // JSONPath selecting the node
	static    *template.Template // a static string value
	staticAny any                // a static non-string value
	isStatic  bool
	maxLength int
	props     []prop  // object properties, in document order
	items     *Output // array items
}

type prop struct {
	name string
	out  *Output
}

// Compile compiles one output parameter. where names it in errors (for
// example "capability.exposes[0].tools[1].outputParameters[0]").
//
// A value is a JSONPath when the parameter has a name and the value starts
// with "$" (the consumed-output form); otherwise it is a static value,
// rendered as a Mustache template.
func Compile(p *spec.OutputParameter, where string) (*Output, error) {
	o := &Output{Name: p.Name, Type: p.Type, maxLength: p.MaxLength}
	switch v := p.Value.(type) {
	case nil:
	case string:
		if p.Name != "" && strings.HasPrefix(strings.TrimSpace(v), "$") {
			path, err := CompilePath(v)
			if err != nil {
				return nil, fielderr.Wrap(where+".value", err)
			}
			o.path = path
			break
		}
		t, err := template.Compile(v)
		if err != nil {
			return nil, fielderr.Wrap(where+".value", err)
		}
		o.static, o.isStatic = t, true
	default:
		o.staticAny, o.isStatic = v, true
	}
	if p.Mapping != "" && o.path == nil && !o.isStatic {
		path, err := CompilePath(p.Mapping)
		if err != nil {
			return nil, fielderr.Wrap(where+".mapping", err)
		}
		o.path = path
	}
	for _, np := range p.Properties {
		sub, err := Compile(&np.Param, where+".properties."+np.Name)
		if err != nil {
			return nil, err
		}
		o.props = append(o.props, prop{name: np.Name, out: sub})
	}
	if p.Items != nil {
		sub, err := Compile(p.Items, where+".items")
		if err != nil {
			return nil, err
		}
		o.items = sub
	}
	return o, nil
}

// CompileAll compiles a list of output parameters; where names the list.
func CompileAll(ps []spec.OutputParameter, where string) ([]*Output, error) {
	outs := make([]*Output, 0, len(ps))
	for i := range ps {
		o, err := Compile(&ps[i], fmt.Sprintf("%s[%d]", where, i))
		if err != nil {
			return nil, err
		}
		outs = append(outs, o)
	}
	return outs, nil
}

// IsStatic reports whether o, or any parameter nested in it, has a static
// value (what makes a mock answer possible).
func (o *Output) IsStatic() bool {
	if o.isStatic {
		return true
	}
	for _, p := range o.props {
		if p.out.IsStatic() {
			return true
		}
	}
	return o.items != nil && o.items.IsStatic()
}

// HasMapping reports whether o selects anything from a body (a JSONPath on
// itself or on a nested parameter).
func (o *Output) HasMapping() bool {
	if o.path != nil {
		return true
	}
	for _, p := range o.props {
		if p.out.HasMapping() {
			return true
		}
	}
	return o.items != nil && o.items.HasMapping()
}

// Apply shapes root. scope is used to render static values. Missing paths
// give nil (object keys are kept with a null value); nothing is coerced.
//
// An object with properties builds a new object whose property paths are
// absolute (they select from root, not from a parent), and ignores its own
// mapping; a nested object property that has both a mapping and
// properties yields the selected node unchanged, as the reference engine
// does. An object without properties, or an array without items, yields
// the selected node unchanged (the "$." pass-through). An array with items
// maps every element, the element being the root of the item's paths.
func (o *Output) Apply(root any, scope template.Scope) any {
	return o.apply(root, scope, true)
}

func (o *Output) apply(root any, scope template.Scope, top bool) any {
	if o.isStatic {
		return o.staticValue(scope)
	}
	switch o.Type {
	case "array":
		return o.applyArray(root, scope)
	case "object":
		if len(o.props) == 0 || (!top && o.path != nil) {
			return o.path.Get(root)
		}
		// TODO(#3): a Go map loses the property order of the document;
		// encoders sort the keys where the reference engine keeps them.
		out := make(map[string]any, len(o.props))
		for _, p := range o.props {
			out[p.name] = p.out.apply(root, scope, false)
		}
		return out
	}
	return o.truncate(o.path.Get(root))
}

func (o *Output) applyArray(root any, scope template.Scope) any {
	var node any
	if o.path != nil {
		node = o.path.Get(root)
	}
	arr, ok := node.([]any)
	if !ok {
		return nil
	}
	if o.items == nil {
		return arr
	}
	it := o.items
	out := make([]any, len(arr))
	for i, e := range arr {
		switch {
		case it.isStatic || len(it.props) > 0 || it.items != nil || it.path != nil:
			out[i] = it.apply(e, scope, true)
		default:
			out[i] = e
		}
	}
	return out
}

func (o *Output) truncate(v any) any {
	if s, ok := v.(string); ok && o.maxLength > 0 && utf8.RuneCountInString(s) > o.maxLength {
		return string([]rune(s)[:o.maxLength])
	}
	return v
}

func (o *Output) staticValue(scope template.Scope) any {
	if o.static == nil {
		return o.staticAny
	}
	s, _, err := o.static.Render(scope, nil)
	if err != nil {
		return o.static.Source()
	}
	return o.truncate(s)
}

// Mock builds o from static values only: nested objects are built from
// their properties (empty ones dropped), arrays get exactly one item.
func (o *Output) Mock(scope template.Scope) any {
	if o.isStatic {
		return o.staticValue(scope)
	}
	switch {
	case len(o.props) > 0:
		out := map[string]any{}
		for _, p := range o.props {
			if v := p.out.Mock(scope); v != nil {
				out[p.name] = v
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	case o.items != nil:
		if v := o.items.Mock(scope); v != nil {
			return []any{v}
		}
	}
	return nil
}

// First applies outs in order and returns the first non-null result.
func First(outs []*Output, root any, scope template.Scope) any {
	for _, o := range outs {
		if v := o.Apply(root, scope); v != nil {
			return v
		}
	}
	return nil
}

// Named projects root through consumed output parameters, as a step
// output: an object keyed by the names of the named parameters; when none
// is named, the first unnamed result; with no parameters, root itself.
func Named(outs []*Output, root any, scope template.Scope) any {
	if len(outs) == 0 {
		return root
	}
	var named map[string]any
	for _, o := range outs {
		if o.Name == "" {
			continue
		}
		if named == nil {
			named = make(map[string]any, len(outs))
		}
		named[o.Name] = o.Apply(root, scope)
	}
	if named != nil {
		return named
	}
	return outs[0].Apply(root, scope)
}

// MockAll builds the mock answer of an invocation: an object keyed by each
// parameter's name ("value" when unnamed) holding its mock value.
func MockAll(outs []*Output, scope template.Scope) map[string]any {
	out := map[string]any{}
	for _, o := range outs {
		v := o.Mock(scope)
		if v == nil {
			continue
		}
		name := o.Name
		if name == "" {
			name = "value"
		}
		out[name] = v
	}
	return out
}
