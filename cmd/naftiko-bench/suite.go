package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/naftiko/naftiko-go/cmd/naftiko-bench/internal/baseline"
)

// Target names as they appear in the report.
const (
	tUpstream    = "upstream (direct)"
	tHandwritten = "hand-written Go"
	tRevProxy    = "httputil.ReverseProxy"
	tNaftiko     = "naftiko run"
	tMCPNaftiko  = "naftiko run (MCP)"
	tMCPHand     = "hand-written go-sdk"
	tMCPRaw      = "go-sdk raw handler"
	tMCPEcho     = "go-sdk echo tool"
)

// resolvePaths fills in the paths that default relative to the repository.
func (c *config) resolvePaths() error {
	if c.Root == "" {
		root, err := findRoot()
		if err != nil {
			return err
		}
		c.Root = root
	}
	if c.Doc == "" {
		c.Doc = filepath.Join(c.Root, "testdata", "bench", "rest.yaml")
	}
	if c.Fixtures == "" {
		c.Fixtures = filepath.Join(c.Root, "testdata", "spec", "valid")
	}
	if c.Corpus == "" {
		c.Corpus = filepath.Join(c.Root, "..", "shared", "corpus")
	}
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("own executable: %w", err)
	}
	c.selfExecutable = self
	if c.Baselines == "" {
		c.Baselines = filepath.Join(filepath.Dir(self), "naftiko-baselines")
	}
	return nil
}

// findRoot walks up from the working directory to the folder holding go.mod.
func findRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory; pass -root")
		}
		dir = parent
	}
}

// servers are the processes of one run.
type servers struct {
	up       *child
	children map[string]*child // baselines by target name
	nk       *naftikoProc      // nil when naftiko run could not start
	probe    *http.Client
}

// runSuite starts every server, runs every point and gathers the report.
// A target that cannot start is reported as skipped with its reason; only a
// failure of the upstream or of a baseline stops the run.
func runSuite(ctx context.Context, c *config, log io.Writer) (*report, error) {
	rep := newReport(c)
	logf := func(format string, a ...any) { fmt.Fprintf(log, "naftiko-bench: "+format+"\n", a...) }

	up, err := startChild(ctx, c.Baselines, baseline.KindUpstream, "")
	if err != nil {
		return nil, err
	}
	defer up.Stop()
	s := &servers{up: up, children: map[string]*child{},
		probe: &http.Client{Transport: baseline.NewTransport(1)}}
	defer s.probe.CloseIdleConnections()
	for name, kind := range map[string]string{
		tHandwritten: baseline.KindHandwritten, tRevProxy: baseline.KindRevProxy,
		tMCPHand: baseline.KindMCPHand, tMCPRaw: baseline.KindMCPRaw,
		tMCPEcho: baseline.KindMCPEcho,
	} {
		ch, err := startChild(ctx, c.Baselines, kind, up.URL)
		if err != nil {
			return nil, err
		}
		defer ch.Stop()
		s.children[name] = ch
	}

	s.nk = startNaftikoMeasured(ctx, c, up.URL, rep, logf)
	if s.nk != nil {
		defer s.nk.Stop()
		rep.Parity = map[string]string{}
	}

	if err := runREST(ctx, c, s, rep, logf); err != nil {
		return nil, err
	}
	if err := runMCP(ctx, c, s, rep, logf); err != nil {
		return nil, err
	}

	logf("validate")
	rep.Validate = append(rep.Validate,
		measureValidate("fixtures", c.Fixtures, c.ValidateFor, !c.Quick),
		measureValidate("corpus", c.Corpus, c.ValidateFor, !c.Quick))

	rep.finish()
	if c.ProfileDir != "" {
		if err := profileAll(ctx, c, up.URL, logf); err != nil {
			return nil, err
		}
		logf("profiles in %s (go tool pprof -top FILE)", c.ProfileDir)
	}
	return rep, nil
}

// startNaftikoMeasured times StartupTrials starts of `naftiko run`, keeps the
// last one running for the load points and records its idle memory. It
// returns nil (with the reason in the report) when naftiko cannot serve.
func startNaftikoMeasured(ctx context.Context, c *config, upstream string, rep *report,
	logf func(string, ...any)) *naftikoProc {
	var readies, cpus []time.Duration
	var last *naftikoProc
	for i := range c.StartupTrials {
		logf("start-up %d/%d", i+1, c.StartupTrials)
		p, err := startNaftiko(ctx, c.Naftiko, c.Doc, upstream)
		if err != nil {
			rep.NaftikoError = err.Error()
			logf("naftiko run unavailable: %v", err)
			return nil
		}
		readies = append(readies, p.Ready)
		cpus = append(cpus, p.ReadyCPU)
		if i < c.StartupTrials-1 {
			p.Stop()
			continue
		}
		last = p
	}
	sort.Slice(readies, func(i, j int) bool { return readies[i] < readies[j] })
	rep.Startup.Trials = len(readies)
	rep.Startup.ReadyMedianMs = ms(readies[len(readies)/2])
	rep.Startup.ReadyMinMs = ms(readies[0])
	rep.Startup.ReadyMaxMs = ms(readies[len(readies)-1])
	sort.Slice(cpus, func(i, j int) bool { return cpus[i] < cpus[j] })
	rep.Startup.ReadyCPUMedianMs = ms(cpus[len(cpus)/2])
	// Let the first request's garbage settle before reading idle memory.
	time.Sleep(200 * time.Millisecond)
	if v, err := readRSS(last.PID()); err == nil {
		rep.Startup.RSSIdleMB = v.Total
	}
	return last
}

func maxConc(c *config) int {
	m := 0
	for _, v := range c.Concurrencies {
		m = max(m, v)
	}
	return m
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
