package main

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/naftiko/naftiko-go/cmd/naftiko-bench/internal/baseline"
)

// runREST checks that naftiko answers what the hand-written handler
// answers, then measures the REST targets at every concurrency.
func runREST(ctx context.Context, c *config, s *servers, rep *report,
	logf func(string, ...any)) error {
	hand := s.children[tHandwritten]
	targets := []struct {
		name, url string
		pid       int
	}{
		{tUpstream, s.up.URL, s.up.PID()},
		{tHandwritten, hand.URL, hand.PID()},
		{tRevProxy, s.children[tRevProxy].URL, s.children[tRevProxy].PID()},
		{tNaftiko, "", 0},
	}
	if s.nk != nil {
		targets[3].url, targets[3].pid = s.nk.RESTURL, s.nk.PID()
		rep.Parity[suiteREST] = parity(
			func() ([]byte, error) { return restAnswer(ctx, s.probe, s.nk.RESTURL+baseline.UserPath) },
			func() ([]byte, error) { return restAnswer(ctx, s.probe, hand.URL+baseline.UserPath) })
	}
	for _, t := range targets {
		rep.noteRSS(t.name, "idle", t.pid)
	}

	for _, conc := range c.Concurrencies {
		var runs []loadRun
		for _, t := range targets {
			if t.url == "" {
				rep.addSkipped(suiteREST, t.name, conc, rep.NaftikoError)
				continue
			}
			client := &http.Client{Transport: baseline.NewTransport(conc)}
			runs = append(runs, loadRun{name: t.name, pid: t.pid,
				nw: httpWorkers(client, t.url+baseline.UserPath), done: client.CloseIdleConnections})
		}
		if err := runRounds(ctx, c, suiteREST, conc, runs, rep, logf); err != nil {
			return err
		}
	}
	return nil
}

// runMCP checks that naftiko's tool answers what the typed go-sdk tool
// answers, then measures the MCP targets at every concurrency.
func runMCP(ctx context.Context, c *config, s *servers, rep *report,
	logf func(string, ...any)) error {
	echo, hand, raw := s.children[tMCPEcho], s.children[tMCPHand], s.children[tMCPRaw]
	targets := []struct {
		name string
		t    mcpTarget
		pid  int
	}{
		{tMCPNaftiko, getUserTarget(""), 0},
		{tMCPHand, getUserTarget(hand.URL), hand.PID()},
		{tMCPRaw, getUserTarget(raw.URL), raw.PID()},
		{tMCPEcho, mcpTarget{Endpoint: echo.URL, Tool: baseline.ToolEcho,
			Args: map[string]any{"text": "hello"}, Want: "hello"}, echo.PID()},
	}
	if s.nk != nil {
		targets[0].t.Endpoint, targets[0].pid = s.nk.MCPURL, s.nk.PID()
		rep.Parity[suiteMCP] = parity(
			func() ([]byte, error) { return mcpAnswer(ctx, s.probe, targets[0].t) },
			func() ([]byte, error) { return mcpAnswer(ctx, s.probe, targets[1].t) })
	}

	for _, conc := range c.Concurrencies {
		var runs []loadRun
		for _, t := range targets {
			if t.t.Endpoint == "" {
				rep.addSkipped(suiteMCP, t.name, conc, rep.NaftikoError)
				continue
			}
			client := &http.Client{Transport: baseline.NewTransport(conc)}
			runs = append(runs, loadRun{name: t.name, pid: t.pid,
				nw: mcpWorkers(client, t.t), done: client.CloseIdleConnections})
		}
		if err := runRounds(ctx, c, suiteMCP, conc, runs, rep, logf); err != nil {
			return err
		}
	}
	return nil
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
