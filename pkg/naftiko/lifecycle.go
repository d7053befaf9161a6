package naftiko

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/naftiko/naftiko-go/pkg/binding"
	"github.com/naftiko/naftiko-go/pkg/expose"
)

func (rt *Runtime) adminListener(addr string) (*expose.HTTPListener, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("naftiko: settings adminAddress %q: %w", addr, err)
	}
	p, err := strconv.Atoi(port)
	if err != nil {
		return nil, fmt.Errorf("naftiko: settings adminAddress %q: bad port", addr)
	}
	mux := http.NewServeMux()
	expose.Mount(mux, rt.health, rt.metrics)
	return &expose.HTTPListener{Name: "admin", Host: host, Port: p, Handler: mux,
		Logger: rt.log}, nil
}

// Engine returns the binding engine, which runs consumed operations.
func (rt *Runtime) Engine() *binding.Engine { return rt.engine }

// Metrics returns the runtime's metrics (served on /metrics).
func (rt *Runtime) Metrics() *expose.Metrics { return rt.metrics }

// Invoke calls one consumed operation, "namespace.operation", with params
// merged over the bindings, without any exposer.
func (rt *Runtime) Invoke(ctx context.Context, ref string, params map[string]any) (
	*binding.Result, error) {
	return rt.engine.Invoke(ctx, ref, params)
}

// Start starts the refreshers of https_spiffe bundle endpoints (they run
// until Shutdown) and every exposer (and the admin listener), and returns
// once all accept requests, logging one line per listener. If one fails,
// the ones already started are stopped and the error names the failing
// address.
func (rt *Runtime) Start(ctx context.Context) error {
	for _, b := range rt.bundles {
		b.Start(context.WithoutCancel(ctx))
	}
	if rt.admin != nil {
		if err := rt.admin.Start(ctx); err != nil {
			return fmt.Errorf("naftiko: %w", err)
		}
		rt.log.Info("listening", "type", "admin", "url", rt.admin.Addrs()[0])
	}
	for _, ex := range rt.exposers {
		if err := ex.Start(ctx); err != nil {
			sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
			_ = rt.Shutdown(sctx)
			cancel()
			return fmt.Errorf("naftiko: %w", err)
		}
		rt.mu.Lock()
		rt.started = append(rt.started, ex)
		rt.mu.Unlock()
		for _, a := range ex.Addrs() {
			rt.log.Info("listening", "type", ex.typ, "namespace", ex.namespace, "url", a)
		}
		if f, ok := ex.Exposer.(expose.Finisher); ok && f.Done() != nil {
			go func(ch <-chan struct{}) {
				<-ch
				rt.once.Do(func() { close(rt.done) })
			}(f.Done())
		}
	}
	rt.health.SetReady(true)
	return nil
}

// Listeners returns where the started exposers serve, in document order,
// then the admin listener (Type "admin") when one is configured.
func (rt *Runtime) Listeners() []Listener {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	var out []Listener
	for _, ex := range rt.started {
		for _, a := range ex.Addrs() {
			out = append(out, Listener{Type: ex.typ, Namespace: ex.namespace, URL: a})
		}
	}
	if rt.admin != nil {
		for _, a := range rt.admin.Addrs() {
			out = append(out, Listener{Type: "admin", URL: a})
		}
	}
	return out
}

// Done is closed when an exposer ends by itself (a stdio MCP server whose
// input closed).
func (rt *Runtime) Done() <-chan struct{} { return rt.done }

// Shutdown marks the runtime not ready, stops every exposer from
// accepting, waits for requests in flight until ctx is done, stops the
// bundle refreshers, and releases the engine and identity. It returns the
// first error.
func (rt *Runtime) Shutdown(ctx context.Context) error {
	rt.health.SetReady(false)
	rt.mu.Lock()
	started := rt.started
	rt.started = nil
	rt.mu.Unlock()
	var wg sync.WaitGroup
	errs := make([]error, len(started))
	for i, ex := range started {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = ex.Shutdown(ctx)
		}()
	}
	wg.Wait()
	if rt.admin != nil {
		errs = append(errs, rt.admin.Shutdown(ctx))
	}
	for _, b := range rt.bundles {
		_ = b.Close()
	}
	_ = rt.engine.Close()
	rt.closeSource()
	return errors.Join(errs...)
}

func (rt *Runtime) closeSource() {
	if rt.source != nil {
		_ = rt.source.Close()
		rt.source = nil
	}
}

// Serve starts the runtime, waits until ctx is cancelled (a signal) or an
// exposer ends by itself, then shuts down, giving requests in flight the
// settings' shutdown grace (default 15s).
func (rt *Runtime) Serve(ctx context.Context) error {
	if err := rt.Start(ctx); err != nil {
		return err
	}
	select {
	case <-ctx.Done():
		rt.log.Info("shutting down", "reason", context.Cause(ctx))
	case <-rt.done:
		rt.log.Info("shutting down", "reason", "an exposer ended")
	}
	grace := time.Duration(rt.opts.Settings.ShutdownGrace)
	if grace <= 0 {
		grace = DefaultShutdownGrace
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), grace)
	defer cancel()
	return rt.Shutdown(sctx)
}
