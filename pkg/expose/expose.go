package expose

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/naftiko/naftiko-go/pkg/binding"
	"github.com/naftiko/naftiko-go/pkg/consumer"
	"github.com/naftiko/naftiko-go/pkg/spec"
)

// Exposer serves one exposes entry of a capability.
type Exposer interface {
	// Start begins serving and returns once the exposer accepts
	// requests. A listener that cannot be opened (a port in use) fails
	// with an error naming the address.
	Start(ctx context.Context) error
	// Shutdown stops accepting new requests and waits for the ones in
	// flight until ctx is done; it then closes what is left.
	Shutdown(ctx context.Context) error
	// Addrs returns where the exposer listens once started, as URLs
	// ("http://127.0.0.1:8080") or "stdio".
	Addrs() []string
}

// Finisher is implemented by exposers that can end on their own (an MCP
// server over stdio ends when its input closes). Done is closed then.
type Finisher interface {
	Done() <-chan struct{}
}

// Settings are the deployment settings of one exposer; they override the
// document and never change it. The zero value means "as the document
// says" with the defaults below.
type Settings struct {
	// Address replaces the entry's address when non-empty.
	Address string
	// Port replaces the entry's port when non-zero; -1 picks a free port
	// (port 0), which tests and embedding programs use.
	Port int
	// TLS, when set, serves the listener over TLS (SPIFFE mTLS).
	TLS *tls.Config
	// ReadHeaderTimeout bounds reading request headers (slow clients).
	ReadHeaderTimeout time.Duration
	// ReadTimeout bounds reading a whole request.
	ReadTimeout time.Duration
	// WriteTimeout bounds writing a response; zero means none, which
	// suits slow upstreams.
	WriteTimeout time.Duration
	// IdleTimeout bounds keep-alive connections.
	IdleTimeout time.Duration
	// MaxBodyBytes bounds a request body; larger bodies get 413.
	MaxBodyBytes int64
	// StrictInputs checks REST input values against their declared type
	// and pattern (400 on a mismatch); off by default, as in the reference
	// engine, where both are documentation.
	StrictInputs bool
	// Stdin and Stdout replace the process streams of a stdio transport.
	Stdin  io.Reader
	Stdout io.Writer
}

// Defaults for zero [Settings] fields.
const (
	DefaultReadHeaderTimeout = 10 * time.Second
	DefaultReadTimeout       = 60 * time.Second
	DefaultIdleTimeout       = 120 * time.Second
	DefaultMaxBodyBytes      = 4 << 20
)

// WithDefaults returns s with every zero field set to its default.
func (s Settings) WithDefaults() Settings {
	if s.ReadHeaderTimeout == 0 {
		s.ReadHeaderTimeout = DefaultReadHeaderTimeout
	}
	if s.ReadTimeout == 0 {
		s.ReadTimeout = DefaultReadTimeout
	}
	if s.IdleTimeout == 0 {
		s.IdleTimeout = DefaultIdleTimeout
	}
	if s.MaxBodyBytes == 0 {
		s.MaxBodyBytes = DefaultMaxBodyBytes
	}
	return s
}

// ListenPort returns the port to listen on: the settings' port when set
// (-1 meaning any free port), else the document's.
func (s Settings) ListenPort(doc int) int {
	switch {
	case s.Port < 0:
		return 0
	case s.Port > 0:
		return s.Port
	}
	return doc
}

// Params is what a [Factory] receives to build one exposer.
type Params struct {
	// Entry is the exposes entry, with Raw set for types the spec
	// package does not model.
	Entry *spec.Exposes
	// Index is the entry's position in capability.exposes, for messages.
	Index int
	// Loaded is the whole capability (Dir resolves relative files).
	Loaded *spec.Loaded
	// Engine runs consumed operations and compiles invocations.
	Engine *binding.Engine
	// Logger is never nil.
	Logger *slog.Logger
	// Settings are the exposer's deployment settings.
	Settings Settings
	// Consumes are the deployment settings of consumed namespaces, for
	// exposers that proxy raw requests (REST forward).
	Consumes map[string]consumer.Settings
	// LookupEnv resolves variables named by binds; never nil.
	LookupEnv func(string) (string, bool)
	// Metrics and Health are shared by every exposer of a runtime; never
	// nil.
	Metrics *Metrics
	Health  *Health
	// Version is the runtime version, announced by protocols that carry
	// one (MCP serverInfo).
	Version string
}

// Path returns the field path of the entry, e.g. "capability.exposes[1]".
func (p Params) Path() string { return fmt.Sprintf("capability.exposes[%d]", p.Index) }

// Listener returns the HTTP listener, named name in logs and errors, that
// serves h on the entry's host and port unless the settings replace them.
func (p Params) Listener(name, host string, port int, h http.Handler) *HTTPListener {
	st := p.Settings.WithDefaults()
	if st.Address != "" {
		host = st.Address
	}
	return &HTTPListener{Name: name, Host: host, Port: st.ListenPort(port), Handler: h,
		Settings: st, Logger: p.Logger}
}

// Secret resolves a server secret with the engine's bindings and the
// environment; see [ResolveSecret].
func (p Params) Secret(field, tmpl string) (string, error) {
	return ResolveSecret(p.Engine.Bindings(), p.LookupEnv, field, tmpl)
}

// Factory builds the exposer of one entry. It validates everything it can
// (secrets, routes, files) so that a bad entry fails before anything
// listens.
type Factory func(p Params) (Exposer, error)

// Registry maps exposes types to factories. It is safe for concurrent use.
type Registry struct {
	mu sync.RWMutex
	m  map[string]Factory
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{m: map[string]Factory{}} }

// Register adds or replaces the factory of typ.
func (r *Registry) Register(typ string, f Factory) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.m[typ] = f
}

// Lookup returns the factory of typ.
func (r *Registry) Lookup(typ string) (Factory, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	f, ok := r.m[typ]
	return f, ok
}

// Types returns the registered types, sorted.
func (r *Registry) Types() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]string, 0, len(r.m))
	for t := range r.m {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// Clone returns an independent copy of r.
func (r *Registry) Clone() *Registry {
	r.mu.RLock()
	defer r.mu.RUnlock()
	c := NewRegistry()
	for t, f := range r.m {
		c.m[t] = f
	}
	return c
}
