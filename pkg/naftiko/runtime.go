package naftiko

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/naftiko/naftiko-go/pkg/binding"
	"github.com/naftiko/naftiko-go/pkg/consumer"
	"github.com/naftiko/naftiko-go/pkg/expose"
	"github.com/naftiko/naftiko-go/pkg/spec"
	"github.com/naftiko/naftiko-go/pkg/spiffe"
)

// Options configure a [Runtime]. The zero value is usable.
type Options struct {
	// Settings are the deployment settings.
	Settings Settings
	// Logger receives every log; nil discards.
	Logger *slog.Logger
	// Registry maps exposes types to exposers; nil means
	// [DefaultRegistry].
	Registry *expose.Registry
	// LookupEnv resolves binds and secrets; nil means os.LookupEnv.
	LookupEnv func(string) (string, bool)
	// Stdin and Stdout replace the process streams for stdio exposers.
	Stdin  io.Reader
	Stdout io.Writer
	// BundleRefresh says how often https_spiffe bundle endpoints are
	// polled between Start and Shutdown; the zero value means the
	// defaults of package spiffe (tests shorten it).
	BundleRefresh spiffe.RefreshPolicy
}

// Runtime is a bound capability: its engine and one exposer per exposes
// entry. Build it with [New], then Start and Shutdown it, or call Serve.
type Runtime struct {
	loaded   *spec.Loaded
	opts     Options
	log      *slog.Logger
	engine   *binding.Engine
	source   spiffe.Source
	bundles  []*spiffe.Consumer // SPIFFE consumers that poll their bundle endpoint
	metrics  *expose.Metrics
	health   *expose.Health
	exposers []namedExposer
	admin    *expose.HTTPListener

	mu      sync.Mutex
	started []namedExposer
	done    chan struct{}
	once    sync.Once
}

type namedExposer struct {
	typ, namespace string
	expose.Exposer
}

// Listener describes where one exposer serves.
type Listener struct {
	Type      string // rest, mcp, or a registered type
	Namespace string
	URL       string // http://host:port, https://..., or "stdio"
}

// New binds a loaded capability and builds its exposers without starting
// them: every upstream operation is compiled, every secret resolved and
// every route checked, so that a broken document or setting fails here.
func New(l *spec.Loaded, opts Options) (*Runtime, error) {
	if l == nil || l.Document == nil {
		return nil, errors.New("naftiko: no document loaded")
	}
	if opts.Registry == nil {
		opts.Registry = DefaultRegistry()
	}
	dropCustomFindings(l, opts.Registry)
	if err := l.Diagnostics.Err(); err != nil {
		return nil, fmt.Errorf("naftiko: %w", err)
	}
	rt := &Runtime{
		loaded: l, opts: opts, log: opts.Logger, metrics: expose.NewMetrics(),
		health: &expose.Health{}, done: make(chan struct{}),
	}
	if rt.log == nil {
		rt.log = discard()
	}
	if rt.opts.LookupEnv == nil {
		rt.opts.LookupEnv = os.LookupEnv
	}
	if err := rt.build(); err != nil {
		rt.closeSource()
		return nil, err
	}
	return rt, nil
}

func (rt *Runtime) build() error {
	st := rt.opts.Settings
	if st.Identity != nil {
		src, err := spiffe.NewSource(*st.Identity, rt.log)
		if err != nil {
			return fmt.Errorf("naftiko: settings identity: %w", err)
		}
		rt.source = src
	}
	consumes, err := rt.consumeSettings()
	if err != nil {
		return err
	}
	rt.engine, err = binding.New(rt.loaded, binding.Options{
		Logger: rt.log, LookupEnv: rt.opts.LookupEnv, Defaults: st.Defaults.consumer(),
		Consumes: consumes, Observe: rt.metrics.Observe,
	})
	if err != nil {
		return fmt.Errorf("naftiko: %w", err)
	}
	if st.AdminAddress != "" {
		rt.admin, err = rt.adminListener(st.AdminAddress)
		if err != nil {
			return err
		}
	}
	return rt.buildExposers(consumes)
}

func (c ConsumeSettings) consumer() consumer.Settings {
	return consumer.Settings{
		BaseURI: c.BaseURI, Timeout: time.Duration(c.Timeout),
		MaxResponseBytes: c.MaxResponseBytes, RequireHTTPS: c.RequireHTTPS,
	}
}

// consumeSettings builds the per-namespace consumer settings, with the
// SPIFFE transport where the settings ask for it.
func (rt *Runtime) consumeSettings() (map[string]consumer.Settings, error) {
	st := rt.opts.Settings
	known := map[string]bool{}
	if c := rt.loaded.Document.Capability; c != nil {
		for _, cs := range c.Consumes {
			known[cs.Namespace] = true
		}
	}
	out := map[string]consumer.Settings{}
	for _, ns := range namespaces(st.Consumes) {
		if !known[ns] {
			return nil, fmt.Errorf("naftiko: settings consumes.%s: the capability consumes no "+
				"namespace %q", ns, ns)
		}
		cs := st.Consumes[ns]
		base := st.Defaults.consumer()
		over := cs.consumer()
		if over.BaseURI != "" {
			base.BaseURI = over.BaseURI
		}
		if over.Timeout != 0 {
			base.Timeout = over.Timeout
		}
		if over.MaxResponseBytes != 0 {
			base.MaxResponseBytes = over.MaxResponseBytes
		}
		base.RequireHTTPS = base.RequireHTTPS || over.RequireHTTPS
		if cs.SPIFFE != nil {
			sc, err := spiffe.NewConsumer(*cs.SPIFFE, base, rt.source,
				rt.log.With("namespace", ns), rt.opts.BundleRefresh)
			if err != nil {
				return nil, fmt.Errorf("naftiko: settings consumes.%s.spiffe: %w", ns, err)
			}
			base = sc.Settings()
			if sc.Polls() {
				rt.bundles = append(rt.bundles, sc)
			}
		}
		out[ns] = base
	}
	return out, nil
}

func (rt *Runtime) buildExposers(consumes map[string]consumer.Settings) error {
	capa := rt.loaded.Document.Capability
	if capa == nil {
		return nil
	}
	used := map[string]bool{}
	stdio := -1
	for i := range capa.Exposes {
		e := &capa.Exposes[i]
		ns := e.Namespace()
		if e.MCP != nil && e.MCP.Transport == "stdio" {
			if stdio >= 0 {
				return fmt.Errorf("naftiko: %s: capability.exposes[%d]: a second stdio MCP "+
					"server (capability.exposes[%d] already uses the standard streams)",
					rt.loaded.File, i, stdio)
			}
			stdio = i
		}
		f, ok := rt.opts.Registry.Lookup(e.Type)
		if !ok {
			return fmt.Errorf("naftiko: %s: capability.exposes[%d]: no exposer for type %q "+
				"(registered: %v)", rt.loaded.File, i, e.Type, rt.opts.Registry.Types())
		}
		es, err := rt.exposeSettings(ns)
		if err != nil {
			return err
		}
		used[ns] = true
		ex, err := f(expose.Params{
			Entry: e, Index: i, Loaded: rt.loaded, Engine: rt.engine,
			Logger: rt.log.With("exposer", e.Type, "namespace", ns), Settings: es,
			Consumes: consumes, LookupEnv: rt.opts.LookupEnv, Metrics: rt.metrics,
			Health: rt.health, Version: Version,
		})
		if err != nil {
			return fmt.Errorf("naftiko: %s: %w", rt.loaded.File, err)
		}
		rt.exposers = append(rt.exposers, namedExposer{e.Type, ns, ex})
	}
	for _, ns := range namespaces(rt.opts.Settings.Exposes) {
		if !used[ns] {
			return fmt.Errorf("naftiko: settings exposes.%s: the capability exposes no "+
				"namespace %q", ns, ns)
		}
	}
	return nil
}

func (rt *Runtime) exposeSettings(ns string) (expose.Settings, error) {
	x := rt.opts.Settings.Exposes[ns]
	es := expose.Settings{
		Address: x.Address, Port: x.Port,
		ReadHeaderTimeout: time.Duration(x.ReadHeaderTimeout),
		ReadTimeout:       time.Duration(x.ReadTimeout),
		WriteTimeout:      time.Duration(x.WriteTimeout),
		IdleTimeout:       time.Duration(x.IdleTimeout),
		MaxBodyBytes:      x.MaxBodyBytes,
		StrictInputs:      x.StrictInputs,
		Stdin:             rt.opts.Stdin, Stdout: rt.opts.Stdout,
	}
	if x.MTLS != nil {
		if rt.source == nil {
			return es, fmt.Errorf("naftiko: settings exposes.%s.mtls needs an identity", ns)
		}
		cfg, err := spiffe.ServerTLS(rt.source, *x.MTLS)
		if err != nil {
			return es, fmt.Errorf("naftiko: settings exposes.%s.mtls: %w", ns, err)
		}
		es.TLS = cfg
	}
	return es, nil
}
