package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/naftiko/naftiko-go/cmd/naftiko-bench/internal/baseline"
	"github.com/naftiko/naftiko-go/pkg/naftiko"
)

// serveNaftiko is the kind of child that serves the benchmark capability
// with pkg/naftiko in-process (what `naftiko run` does), under a CPU
// profile, writing a heap profile when it stops. `naftiko run` has no
// pprof listener, so this is how -profile sees where its time goes.
const serveNaftiko = "naftiko"

// serveEmbedded runs the capability doc with its consumed namespace on
// upstream and both exposers on free ports, prints "listening REST MCP",
// and profiles into dir until ctx ends or stdin closes.
func serveEmbedded(ctx context.Context, doc, upstream, dir string, stdout io.Writer) error {
	runtime.MemProfileRate = 16 << 10 // finer than the default 512 KiB
	cpu, err := os.Create(filepath.Join(dir, "serve.cpu.pprof"))
	if err != nil {
		return fmt.Errorf("serve naftiko: %w", err)
	}
	defer cpu.Close()
	if err := pprof.StartCPUProfile(cpu); err != nil {
		return fmt.Errorf("serve naftiko: %w", err)
	}
	defer pprof.StopCPUProfile()

	rt, err := newEmbedded(doc, upstream)
	if err != nil {
		return err
	}
	if err := rt.Start(ctx); err != nil {
		return fmt.Errorf("serve naftiko: %w", err)
	}
	if err := writeHeap(filepath.Join(dir, "idle.heap.pprof")); err != nil {
		return fmt.Errorf("serve naftiko: %w", err)
	}
	urls := map[string]string{}
	for _, l := range rt.Listeners() {
		urls[l.Namespace] = l.URL
	}
	fmt.Fprintf(stdout, "%s%s %s\n", baseline.ListenPrefix, urls[benchRESTNS], urls[benchMCPNS])

	ctx, cancel := baseline.UntilStdinCloses(ctx)
	defer cancel()
	<-ctx.Done()
	sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer scancel()
	if err := rt.Shutdown(sctx); err != nil {
		return fmt.Errorf("serve naftiko: %w", err)
	}
	return writeHeap(filepath.Join(dir, "serve.heap.pprof"))
}

// newEmbedded loads and binds the benchmark capability as `naftiko run`
// would with --set-base-uri and --port ns=0.
func newEmbedded(doc, upstream string) (*naftiko.Runtime, error) {
	l, err := naftiko.Load(doc)
	if err != nil {
		return nil, fmt.Errorf("serve naftiko: %w", err)
	}
	return naftiko.New(l, naftiko.Options{Settings: naftiko.Settings{
		Consumes: map[string]naftiko.ConsumeSettings{benchConsumed: {BaseURI: upstream}},
		Exposes: map[string]naftiko.ExposeSettings{
			benchRESTNS: {Port: -1}, benchMCPNS: {Port: -1},
		},
	}})
}

func writeHeap(path string) error {
	runtime.GC()
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return pprof.Lookup("heap").WriteTo(f, 0)
}

// profileAll writes CPU profiles of validate, of start-up (load, bind,
// start, first request, shut down; repeated) and of the embedded runtime
// under the c64 REST and MCP loads, and heap profiles of that runtime idle
// and after the loads, into c.ProfileDir. Analyse them with `go tool pprof -top FILE`.
func profileAll(ctx context.Context, c *config, upstream string, logf func(string, ...any)) error {
	dir := c.ProfileDir
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("profile: %w", err)
	}

	logf("profile: validate")
	err := cpuProfile(filepath.Join(dir, "validate.cpu.pprof"), func() {
		for _, d := range []string{c.Fixtures, c.Corpus} {
			measureValidate("profile", d, c.ValidateFor, false)
		}
	})
	if err != nil {
		return err
	}

	logf("profile: start-up")
	err = cpuProfile(filepath.Join(dir, "startup.cpu.pprof"), func() {
		deadline := time.Now().Add(c.ValidateFor)
		for time.Now().Before(deadline) {
			if err = startOnce(ctx, c.Doc, upstream); err != nil {
				return
			}
		}
	})
	if err != nil {
		return err
	}

	logf("profile: serving (c%d REST, then MCP)", maxConc(c))
	ch, err := startChildArgs(ctx, c.selfExecutable, serveNaftiko,
		"-serve", serveNaftiko, "-upstream", upstream, "-doc", c.Doc, "-profile", dir)
	if err != nil {
		return err
	}
	defer ch.Stop()
	restURL, mcpURL, _ := strings.Cut(ch.URL, " ")
	conc := maxConc(c)
	p := phase{Warmup: c.Warmup, Duration: c.Duration}
	client := &http.Client{Transport: baseline.NewTransport(conc)}
	defer client.CloseIdleConnections()
	rest := httpWorkers(client, restURL+baseline.UserPath)
	if _, err := runPoint(ctx, conc, p, rest, 0); err != nil {
		return err
	}
	_, err = runPoint(ctx, conc, p, mcpWorkers(client, getUserTarget(mcpURL)), 0)
	return err
}

func cpuProfile(path string, f func()) error {
	out, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("profile: %w", err)
	}
	defer out.Close()
	if err := pprof.StartCPUProfile(out); err != nil {
		return fmt.Errorf("profile: %w", err)
	}
	f()
	pprof.StopCPUProfile()
	return nil
}

// startOnce is one start-up in-process: load, bind, start, one request.
func startOnce(ctx context.Context, doc, upstream string) error {
	rt, err := newEmbedded(doc, upstream)
	if err != nil {
		return err
	}
	if err := rt.Start(ctx); err != nil {
		return err
	}
	defer rt.Shutdown(context.Background())
	for _, l := range rt.Listeners() {
		if l.Namespace != benchRESTNS {
			continue
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, l.URL+baseline.UserPath, nil)
		if err != nil {
			return err
		}
		return getOnce(http.DefaultClient, req)
	}
	return fmt.Errorf("profile: no %s listener", benchRESTNS)
}
