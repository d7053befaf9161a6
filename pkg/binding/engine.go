package binding

// CONTRACT FILE. The exported names and signatures below are the interface
// between the binding engine (issue #3) and the exposers and embedding API
// (issue #4). Bodies are being written; change a signature only together
// with its callers.

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/naftiko/naftiko-go/pkg/consumer"
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
	// Observe, when set, is called after every upstream call.
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
	loaded *spec.Loaded
	opts   Options
}

var errUnbuilt = errors.New("binding: engine not built yet")

// New binds a loaded capability: it resolves binds, compiles every consumed
// operation's templates and mappings, and builds the shared transport. It
// fails, naming the missing variable or broken reference, when something
// the document needs is absent.
func New(l *spec.Loaded, opts Options) (*Engine, error) {
	return nil, errUnbuilt
}

// Operations returns the callable names, "namespace.operation", sorted.
func (e *Engine) Operations() []string { return nil }

// Invoke calls one consumed operation by name with the given parameters
// (merged over the bindings). An upstream status >= 400 returns both the
// Result and an *Error of kind [consumer.KindStatus].
func (e *Engine) Invoke(ctx context.Context, ref string, params map[string]any) (*Result, error) {
	return nil, errUnbuilt
}

// Result is the answer of one consumed operation.
type Result struct {
	Status int
	Header http.Header
	URL    string
	Body   []byte // raw body, read through the size limit
	Value  any    // Body decoded by the operation's outputRawFormat
}

// Compile compiles what an exposed operation, MCP tool or MCP resource
// does. namespace is the exposing adapter's namespace ("ns.param"
// references in with resolve against the inputs); path names the
// invocation in errors (e.g. "capability.exposes[1].tools[0]").
func (e *Engine) Compile(namespace string, inv *spec.Invocation, path string) (*Procedure, error) {
	return nil, errUnbuilt
}

// Procedure is a compiled invocation; Run is safe for concurrent use.
type Procedure struct{}

// Run executes the procedure with the caller's inputs. An upstream status
// >= 400 is not an error: it is reported in Outcome.Status. Errors are
// *Error values for transport failures, timeouts, oversize or undecodable
// bodies and mapping failures, or input errors.
func (p *Procedure) Run(ctx context.Context, inputs map[string]any) (*Outcome, error) {
	return nil, errUnbuilt
}

// Outcome is the shaped result of a [Procedure].
type Outcome struct {
	// Status is the upstream status of the call (or of the last call step);
	// 200 for mocks and for steps answered through mappings.
	Status int
	// Mapped is true when outputs or mappings produced a non-null Value;
	// otherwise Raw carries the upstream body unchanged.
	Mapped bool
	Value  any
	Raw    []byte
	// ContentType is the upstream Content-Type, for passing Raw through.
	ContentType string
}
