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
	children := map[string]*child{}
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
		children[name] = ch
	}

	nk := startNaftikoMeasured(ctx, c, up.URL, rep, logf)
	if nk != nil {
		defer nk.Stop()
	}

	restTargets := []struct {
		name, url string
		pid       int
	}{
		{tUpstream, up.URL, up.PID()},
		{tHandwritten, children[tHandwritten].URL, children[tHandwritten].PID()},
		{tRevProxy, children[tRevProxy].URL, children[tRevProxy].PID()},
		{tNaftiko, "", 0},
	}
	if nk != nil {
		restTargets[3].url, restTargets[3].pid = nk.RESTURL, nk.PID()
	}
	for _, t := range restTargets {
		rep.noteRSS(t.name, "idle", t.pid)
	}
	probe := &http.Client{Transport: baseline.NewTransport(1)}
	defer probe.CloseIdleConnections()
	if nk != nil {
		rep.Parity = map[string]string{}
		rep.Parity[suiteREST] = parity(
			func() ([]byte, error) { return restAnswer(ctx, probe, nk.RESTURL+baseline.UserPath) },
			func() ([]byte, error) {
				return restAnswer(ctx, probe, children[tHandwritten].URL+baseline.UserPath)
			})
	}
	for _, conc := range c.Concurrencies {
		var runs []loadRun
		for _, t := range restTargets {
			if t.url == "" {
				rep.addSkipped(suiteREST, t.name, conc, rep.NaftikoError)
				continue
			}
			client := &http.Client{Transport: baseline.NewTransport(conc)}
			runs = append(runs, loadRun{name: t.name, pid: t.pid,
				nw: httpWorkers(client, t.url+baseline.UserPath), done: client.CloseIdleConnections})
		}
		if err := runRounds(ctx, c, suiteREST, conc, runs, rep, logf); err != nil {
			return nil, err
		}
	}

	mcpTargets := []struct {
		name string
		t    mcpTarget
		pid  int
	}{
		{tMCPNaftiko, mcpTarget{Tool: baseline.ToolGetUser, Want: `"Ada Lovelace"`}, 0},
		{tMCPHand, mcpTarget{Endpoint: children[tMCPHand].URL, Tool: baseline.ToolGetUser,
			Want: `"Ada Lovelace"`}, children[tMCPHand].PID()},
		{tMCPRaw, mcpTarget{Endpoint: children[tMCPRaw].URL, Tool: baseline.ToolGetUser,
			Want: `"Ada Lovelace"`}, children[tMCPRaw].PID()},
		{tMCPEcho, mcpTarget{Endpoint: children[tMCPEcho].URL, Tool: baseline.ToolEcho,
			Args: map[string]any{"text": "hello"}, Want: "hello"}, children[tMCPEcho].PID()},
	}
	if nk != nil {
		mcpTargets[0].t.Endpoint, mcpTargets[0].pid = nk.MCPURL, nk.PID()
		rep.Parity[suiteMCP] = parity(
			func() ([]byte, error) { return mcpAnswer(ctx, probe, mcpTargets[0].t) },
			func() ([]byte, error) { return mcpAnswer(ctx, probe, mcpTargets[1].t) })
	}
	for _, conc := range c.Concurrencies {
		var runs []loadRun
		for _, t := range mcpTargets {
			if t.t.Endpoint == "" {
				rep.addSkipped(suiteMCP, t.name, conc, rep.NaftikoError)
				continue
			}
			client := &http.Client{Transport: baseline.NewTransport(conc)}
			runs = append(runs, loadRun{name: t.name, pid: t.pid,
				nw: mcpWorkers(client, t.t), done: client.CloseIdleConnections})
		}
		if err := runRounds(ctx, c, suiteMCP, conc, runs, rep, logf); err != nil {
			return nil, err
		}
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

// loadRun is one target of a suite at one concurrency.
type loadRun struct {
	name string
	pid  int
	nw   newWorker
	done func()
}

// runRounds measures every target of a suite at one concurrency. The
// measured time is cut into c.Rounds slices, and the targets take turns
// slice by slice (starting with a different one each round), so that a
// burst of noise on the shared machine spreads over all of them instead of
// landing on one; the ratios are then the medians of the per-round ratios.
// The CPU time of each server process is read around every slice. A target
// that fails to start its workers is reported as skipped with the reason.
func runRounds(ctx context.Context, c *config, suite string, conc int, runs []loadRun,
	rep *report, logf func(string, ...any)) error {
	p := phase{Warmup: c.Warmup / time.Duration(c.Rounds),
		Duration: c.Duration / time.Duration(c.Rounds)}
	total := make([]*pointResult, len(runs))
	failed := make([]string, len(runs))
	for round := range c.Rounds {
		for k := range runs {
			i := (k + round) % len(runs)
			r := runs[i]
			if failed[i] != "" {
				continue
			}
			logf("%-4s %-24s c=%-3d round %d/%d", suite, r.name, conc, round+1, c.Rounds)
			res, err := runPoint(ctx, conc, p, r.nw, r.pid)
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if err != nil {
				failed[i] = err.Error()
				continue
			}
			if total[i] == nil {
				total[i] = res
				continue
			}
			total[i].add(res)
		}
	}
	for i, r := range runs {
		r.done()
		if failed[i] != "" {
			rep.addSkipped(suite, r.name, conc, failed[i])
			continue
		}
		rep.addPoint(suite, r.name, total[i])
		if conc == maxConc(c) {
			rep.noteRSS(r.name, fmt.Sprintf("after %s c%d", suiteTitle(suite), conc), r.pid)
		}
	}
	return nil
}

func suiteTitle(suite string) string {
	if suite == suiteMCP {
		return "MCP"
	}
	return "REST"
}

func maxConc(c *config) int {
	m := 0
	for _, v := range c.Concurrencies {
		m = max(m, v)
	}
	return m
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
