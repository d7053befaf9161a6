package binding

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/naftiko/naftiko-go/pkg/consumer"
	"github.com/naftiko/naftiko-go/pkg/internal/fielderr"
	"github.com/naftiko/naftiko-go/pkg/mapping"
	"github.com/naftiko/naftiko-go/pkg/spec"
)

// Error is the typed error of a failed call; see [consumer.Kind].
type Error = consumer.Error

// Options configure an [Engine].
type Options struct {
	// Logger receives engine logs; nil means discard.
	Logger *slog.Logger
	// LookupEnv resolves environment binds; nil means os.LookupEnv.
	LookupEnv func(string) (string, bool)
	// Defaults apply to every consumed namespace.
	Defaults consumer.Settings
	// Consumes holds per-namespace deployment settings, keyed by namespace
	// (after import aliases), layered over Defaults.
	Consumes map[string]consumer.Settings
	// Observe, when set, is called after every upstream call (and after a
	// call refused before sending, with Status 0). It may be called from
	// several goroutines at once and should not block.
	Observe func(CallInfo)
}

// CallInfo describes one finished upstream call, for metrics.
type CallInfo struct {
	Operation string // "namespace.operation"
	Status    int    // 0 when no response arrived
	Duration  time.Duration
	Err       error
}

// Engine holds every callable operation of a loaded capability, compiled
// once at start. It is safe for concurrent use.
type Engine struct {
	loaded     *spec.Loaded
	opts       Options
	log        *slog.Logger
	bindings   map[string]any
	ops        map[string]*operation
	names      []string
	transports []*http.Transport
}

// operation is a consumed operation with its compiled consumed outputs.
type operation struct {
	call    *consumer.Operation
	outputs []*mapping.Output
}

// New binds a loaded capability: it resolves binds, compiles every consumed
// operation's templates and mappings, and builds the shared transport. It
// fails, naming the missing variable or broken reference, when something
// the document needs is absent.
func New(l *spec.Loaded, opts Options) (*Engine, error) {
	if l == nil || l.Document == nil {
		return nil, errors.New("binding: no document")
	}
	e := &Engine{loaded: l, opts: opts, log: opts.Logger, ops: map[string]*operation{}}
	if e.log == nil {
		e.log = slog.New(slog.DiscardHandler)
	}
	env := opts.LookupEnv
	if env == nil {
		env = os.LookupEnv
	}
	binds, err := resolveBinds(l, env)
	if err != nil {
		return nil, fmt.Errorf("binding: %w", fielderr.Locate(l.File, err))
	}
	e.bindings = binds
	shared := consumer.NewTransport(opts.Defaults.TLSConfig)
	e.transports = append(e.transports, shared)
	type entry struct {
		c     *spec.Consumes
		where string
	}
	var entries []entry
	for i := range l.Document.Consumes {
		entries = append(entries, entry{&l.Document.Consumes[i], fmt.Sprintf("consumes[%d]", i)})
	}
	if c := l.Document.Capability; c != nil {
		for i := range c.Consumes {
			entries = append(entries, entry{&c.Consumes[i],
				fmt.Sprintf("capability.consumes[%d]", i)})
		}
	}
	for _, en := range entries {
		if en.c.IsImport() {
			return nil, fmt.Errorf("binding: %w", fielderr.Locate(l.File, fielderr.New(en.where,
				"import %q from %s was not resolved", en.c.Import, en.c.Location)))
		}
		file := l.File
		if en.c.Origin != nil {
			file = en.c.Origin.File
		}
		set := e.settings(en.c.Namespace)
		rt := http.RoundTripper(shared)
		if set.TLSConfig != nil && set.TLSConfig != opts.Defaults.TLSConfig {
			t := consumer.NewTransport(set.TLSConfig)
			e.transports = append(e.transports, t)
			rt = t
		}
		ns, err := consumer.Compile(en.c, en.where, consumer.Options{
			Settings: set, Transport: rt, LookupEnv: env, Dir: l.Dir, Logger: e.log,
		})
		if err != nil {
			return nil, fmt.Errorf("binding: %w", fielderr.Locate(file, err))
		}
		for _, op := range ns.Operations() {
			if _, dup := e.ops[op.Name()]; dup {
				continue // the first adapter that has the operation wins
			}
			outs, err := mapping.CompileAll(op.OutputParameters(), op.Where()+".outputParameters")
			if err != nil {
				return nil, fmt.Errorf("binding: %w", fielderr.Locate(file, err))
			}
			e.ops[op.Name()] = &operation{call: op, outputs: outs}
			e.names = append(e.names, op.Name())
		}
	}
	sort.Strings(e.names)
	for ns := range opts.Consumes {
		if !e.hasNamespace(ns) {
			e.log.Warn("settings name a namespace the document does not consume", "namespace", ns)
		}
	}
	return e, nil
}

func (e *Engine) hasNamespace(ns string) bool {
	for _, n := range e.names {
		if strings.HasPrefix(n, ns+".") {
			return true
		}
	}
	return false
}

// settings layers the namespace's settings over the defaults.
func (e *Engine) settings(ns string) consumer.Settings {
	s := e.opts.Defaults
	o, ok := e.opts.Consumes[ns]
	if !ok {
		return s
	}
	if o.BaseURI != "" {
		s.BaseURI = o.BaseURI
	}
	if o.URL != "" {
		s.URL = o.URL
	}
	if o.Timeout != 0 {
		s.Timeout = o.Timeout
	}
	if o.MaxResponseBytes != 0 {
		s.MaxResponseBytes = o.MaxResponseBytes
	}
	if o.TLSConfig != nil {
		s.TLSConfig = o.TLSConfig
	}
	if o.RequireHTTPS {
		s.RequireHTTPS = true
	}
	if o.CheckResponse != nil {
		s.CheckResponse = o.CheckResponse
	}
	return s
}

// Operations returns the callable names, "namespace.operation", sorted.
func (e *Engine) Operations() []string { return append([]string(nil), e.names...) }

// Loaded returns the document the engine was built from.
func (e *Engine) Loaded() *spec.Loaded { return e.loaded }

// Bindings returns a copy of the bound variables (names to values). They
// are secrets more often than not: do not log them.
func (e *Engine) Bindings() map[string]any {
	out := make(map[string]any, len(e.bindings))
	for k, v := range e.bindings {
		out[k] = v
	}
	return out
}

// Close releases the idle connections of the engine's transports. The
// engine stays usable.
func (e *Engine) Close() error {
	for _, t := range e.transports {
		t.CloseIdleConnections()
	}
	return nil
}

// Invoke calls one consumed operation by name with the given parameters
// (merged over the bindings). An upstream status >= 400 returns both the
// Result and an *Error of kind [consumer.KindStatus].
func (e *Engine) Invoke(ctx context.Context, ref string, params map[string]any) (*Result, error) {
	op, ok := e.ops[ref]
	if !ok {
		return nil, &Error{Kind: consumer.KindInput, Operation: ref,
			Err: fmt.Errorf("unknown operation (known: %d operations)", len(e.names))}
	}
	resp, err := e.call(ctx, op, params, nil)
	if resp == nil {
		return nil, err
	}
	return &Result{Status: resp.Status, Header: resp.Header, URL: resp.URL, Body: resp.Body,
		Value: resp.Value}, err
}

// call sends one upstream call and reports it to Options.Observe; a
// non-nil f decodes only the fields it names.
func (e *Engine) call(ctx context.Context, op *operation, params map[string]any,
	f *consumer.Fields) (*consumer.Response, error) {
	start := time.Now()
	resp, err := op.call.CallFields(ctx, params, e.bindings, f)
	if e.opts.Observe != nil {
		info := CallInfo{Operation: op.call.Name(), Duration: time.Since(start), Err: err}
		if resp != nil {
			info.Status = resp.Status
		}
		e.opts.Observe(info)
	}
	if err != nil {
		e.log.Debug("upstream call failed", "operation", op.call.Name(), "error", err)
	}
	return resp, err
}

// Result is the answer of one consumed operation.
type Result struct {
	Status int
	Header http.Header
	URL    string
	Body   []byte // raw body, read through the size limit
	Value  any    // Body decoded by the operation's outputRawFormat
}
