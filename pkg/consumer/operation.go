package consumer

import (
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"

	"golang.org/x/net/http/httpguts"

	"github.com/naftiko/naftiko-go/pkg/internal/fielderr"
	"github.com/naftiko/naftiko-go/pkg/spec"
	"github.com/naftiko/naftiko-go/pkg/template"
)

// Options are what [Compile] needs besides the document.
type Options struct {
	// Settings are the namespace's deployment settings.
	Settings Settings
	// Transport sends the requests; nil means a new [NewTransport] built
	// from Settings.TLSConfig.
	Transport http.RoundTripper
	// LookupEnv resolves "in: environment" parameters; nil means
	// os.LookupEnv.
	LookupEnv func(string) (string, bool)
	// Dir is the folder relative outputSchema files resolve against.
	Dir string
	// Logger receives debug logs; nil means discard.
	Logger *slog.Logger
}

// Namespace is one compiled consumed HTTP adapter.
type Namespace struct {
	Name   string
	ops    []*Operation
	byName map[string]*Operation
}

// Operations returns the namespace's operations in document order.
func (n *Namespace) Operations() []*Operation { return n.ops }

// Operation returns the operation called name, or nil.
func (n *Namespace) Operation(name string) *Operation { return n.byName[name] }

// Operation is one compiled consumed operation. Call is safe for
// concurrent use.
type Operation struct {
	name    string // "namespace.operation"
	where   string // field path, for errors
	method  string
	url     *urlTemplate
	params  []param
	body    *body
	auth    *auth
	format  string
	decode  decoder
	client  *http.Client
	set     Settings
	env     func(string) (string, bool)
	log     *slog.Logger
	outputs []spec.OutputParameter
}

// Name returns "namespace.operation".
func (o *Operation) Name() string { return o.name }

// Where returns the operation's field path, for messages.
func (o *Operation) Where() string { return o.where }

// OutputParameters returns the operation's consumed output parameters
// (used when it runs as a step).
func (o *Operation) OutputParameters() []spec.OutputParameter { return o.outputs }

// Format returns the operation's outputRawFormat ("json" when unset).
func (o *Operation) Format() string { return o.format }

type param struct {
	name  string
	in    string
	value *template.Template // nil: taken from the call's parameters
}

// Compile compiles every operation of one inline consumes entry. where is
// the entry's field path (for example "capability.consumes[0]"), used in
// errors together with the entry's origin file when it was imported.
func Compile(c *spec.Consumes, where string, opts Options) (*Namespace, error) {
	if c.Origin != nil {
		where = c.Origin.Path
	}
	if c.Type != "" && c.Type != "http" {
		return nil, fielderr.New(where+".type", "%q: only http is supported", c.Type)
	}
	if c.Namespace == "" {
		return nil, fielderr.New(where+".namespace", "missing")
	}
	set := opts.Settings
	if set.Timeout <= 0 {
		set.Timeout = DefaultTimeout
	}
	if set.MaxResponseBytes <= 0 {
		set.MaxResponseBytes = DefaultMaxResponseBytes
	}
	rt := opts.Transport
	if rt == nil {
		rt = NewTransport(set.TLSConfig)
	}
	env := opts.LookupEnv
	if env == nil {
		env = os.LookupEnv
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	n := &Namespace{Name: c.Namespace, byName: map[string]*Operation{}}
	common, err := compileParams(c.InputParameters, where+".inputParameters")
	if err != nil {
		return nil, err
	}
	a, err := compileAuth(c.Authentication, where+".authentication")
	if err != nil {
		return nil, err
	}
	// TODO(#3): a key that is a template ("{{KEY_HEADER}}") is dropped on
	// redirect under its template text, not under the name it renders to.
	var secretHeaders []string
	if a != nil && a.typ == "apikey" && a.placement == "header" {
		secretHeaders = append(secretHeaders, c.Authentication.Key)
	}
	client := newClient(rt, set.RequireHTTPS, secretHeaders)
	for ri := range c.Resources {
		r := &c.Resources[ri]
		rwhere := fmt.Sprintf("%s.resources[%d]", where, ri)
		rparams, err := compileParams(r.InputParameters, rwhere+".inputParameters")
		if err != nil {
			return nil, err
		}
		for oi := range r.Operations {
			op := &r.Operations[oi]
			owhere := fmt.Sprintf("%s.operations[%d]", rwhere, oi)
			o, err := compileOperation(c, r, op, owhere, set)
			if err != nil {
				return nil, err
			}
			oparams, err := compileParams(op.InputParameters, owhere+".inputParameters")
			if err != nil {
				return nil, err
			}
			o.params = append(append(append([]param{}, common...), rparams...), oparams...)
			o.auth, o.client, o.env, o.log = a, client, env, log
			if _, dup := n.byName[op.Name]; dup {
				log.Warn("duplicate consumed operation name; the first one wins",
					"operation", o.name, "at", owhere)
				continue
			}
			n.byName[op.Name] = o
			n.ops = append(n.ops, o)
		}
	}
	return n, nil
}

func compileOperation(c *spec.Consumes, r *spec.ConsumedResource, op *spec.ConsumedOperation,
	where string, set Settings) (*Operation, error) {
	o := &Operation{
		name: c.Namespace + "." + op.Name, where: where,
		method: strings.ToUpper(op.Method), set: set, outputs: op.OutputParameters,
	}
	if op.Name == "" {
		return nil, fielderr.New(where+".name", "missing")
	}
	switch o.method {
	case "":
		o.method = http.MethodGet
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete,
		http.MethodHead, http.MethodOptions:
	default:
		return nil, fielderr.New(where+".method", "%q is not one of GET, POST, PUT, PATCH, "+
			"DELETE", op.Method)
	}
	// An operation's own path (a compat field) is absolute when it starts
	// with "/" (real documents repeat the full path there) and a suffix of
	// the resource path otherwise.
	path := r.Path + op.Path
	if strings.HasPrefix(op.Path, "/") {
		path = op.Path
	}
	u, err := compileURL(c.BaseURI, path, set)
	if err != nil {
		return nil, fielderr.Wrap(where, fmt.Errorf("%s: %w", o.name, err))
	}
	o.url = u
	o.format = strings.ToLower(op.OutputRawFormat)
	if o.format == "" {
		o.format = "json"
	}
	dec, err := decoderFor(o.format, op.OutputSchema)
	if err != nil {
		return nil, fielderr.Wrap(where+".outputRawFormat", fmt.Errorf("%s: %w", o.name, err))
	}
	o.decode = dec
	if op.Body != nil {
		b, err := compileBody(op.Body, where+".body")
		if err != nil {
			return nil, err
		}
		o.body = b
	}
	return o, nil
}

func compileParams(ps []spec.ConsumedInputParameter, where string) ([]param, error) {
	out := make([]param, 0, len(ps))
	for i, p := range ps {
		in := strings.ToLower(p.In)
		switch in {
		case "query", "header", "path", "cookie", "body", "environment":
		default:
			return nil, fielderr.New(fmt.Sprintf("%s[%d].in", where, i), "%q is not one of "+
				"query, header, path, cookie, body, environment", p.In)
		}
		if in == "header" && !httpguts.ValidHeaderFieldName(p.Name) {
			return nil, fielderr.New(fmt.Sprintf("%s[%d].name", where, i),
				"%q is not a valid header name", p.Name)
		}
		if in == "cookie" && strings.ContainsAny(p.Name, "=; \t\r\n") {
			return nil, fielderr.New(fmt.Sprintf("%s[%d].name", where, i),
				"%q is not a valid cookie name", p.Name)
		}
		q := param{name: p.Name, in: in}
		if p.Value != "" {
			t, err := template.Compile(p.Value)
			if err != nil {
				return nil, fielderr.Wrap(fmt.Sprintf("%s[%d].value", where, i), err)
			}
			q.value = t
		}
		out = append(out, q)
	}
	return out, nil
}
