package main

import (
	"fmt"
	"sort"
)

// medianRatio is the median of a[i]/b[i] over the rounds both have, or
// whole when they have none in common.
func medianRatio(a, b []float64, whole float64) float64 {
	var rs []float64
	for i := range min(len(a), len(b)) {
		if b[i] > 0 {
			rs = append(rs, a[i]/b[i])
		}
	}
	if len(rs) == 0 {
		return whole
	}
	sort.Float64s(rs)
	if n := len(rs); n%2 == 0 {
		return (rs[n/2-1] + rs[n/2]) / 2
	}
	return rs[len(rs)/2]
}

func (r *report) judge() {
	hi := r.Settings.Concurrencies[len(r.Settings.Concurrencies)-1]
	lo := r.Settings.Concurrencies[0]
	ratio := func(name, goal, suite, tgt string, conc int, atLeast bool, limit float64,
		get func(*point) float64) {
		p := r.find(suite, tgt, conc)
		if p == nil || p.Baseline == "" || p.Errors > 0 {
			r.Targets = append(r.Targets, target{Name: name, Goal: goal, Status: "not measured"})
			return
		}
		v := get(p)
		r.addTarget(name, goal, v, fmt.Sprintf("%.3fx", v), atLeast, limit)
	}
	ratio(fmt.Sprintf("REST throughput vs hand-written, c%d", hi), ">= 0.95x",
		suiteREST, tNaftiko, hi, true, 0.95, func(p *point) float64 { return p.RatioRate })
	r.cpuView(suiteREST, tNaftiko, hi, 0.95)
	ratio(fmt.Sprintf("REST p50 vs hand-written, c%d", lo), "<= 1.10x",
		suiteREST, tNaftiko, lo, false, 1.10, func(p *point) float64 { return p.RatioP50 })
	for _, conc := range r.Settings.Concurrencies {
		ratio(fmt.Sprintf("MCP calls/s vs hand-written go-sdk, c%d", conc), ">= 0.90x",
			suiteMCP, tMCPNaftiko, conc, true, 0.90, func(p *point) float64 { return p.RatioRate })
		r.cpuView(suiteMCP, tMCPNaftiko, conc, 0.90)
	}
	for _, v := range r.Validate {
		name := "validate, one core, " + v.Set
		if v.SkippedWhy != "" {
			r.Targets = append(r.Targets, target{Name: name, Goal: ">= 2000 docs/s",
				Status: "not measured"})
			continue
		}
		r.addTarget(name, ">= 2000 docs/s", v.DocsPerSec, fmt.Sprintf("%.0f docs/s", v.DocsPerSec),
			true, 2000)
		if v.DocsPerCPUSec > 0 {
			t := &r.Targets[len(r.Targets)-1]
			t.CPUView = fmt.Sprintf("%.0f docs/CPU-s", v.DocsPerCPUSec)
			t.CPUStatus = status(v.DocsPerCPUSec >= 2000)
		}
	}
	if r.Startup.Trials == 0 {
		for _, n := range []string{"ready after exec", "RSS idle", "RSS after c64"} {
			r.Targets = append(r.Targets, target{Name: n, Status: "not measured"})
		}
		return
	}
	r.addTarget("ready after exec (median)", "< 60 ms", r.Startup.ReadyMedianMs,
		fmt.Sprintf("%.1f ms", r.Startup.ReadyMedianMs), false, 60)
	t := &r.Targets[len(r.Targets)-1]
	t.CPUView = fmt.Sprintf("%.0f ms CPU", r.Startup.ReadyCPUMedianMs)
	t.CPUStatus = status(r.Startup.ReadyCPUMedianMs < 60)
	r.addTarget("RSS idle", "< 20 MB", r.Startup.RSSIdleMB,
		fmt.Sprintf("%.1f MB", r.Startup.RSSIdleMB), false, 20)
	when := fmt.Sprintf("after REST c%d", hi)
	if v, ok := r.rss(tNaftiko, when); ok {
		r.addTarget("RSS "+when, "< 40 MB", v, fmt.Sprintf("%.1f MB", v), false, 40)
	}
}

// cpuView adds to the last target the throughput goal judged on server CPU
// per call.
func (r *report) cpuView(suite, name string, conc int, limit float64) {
	p := r.find(suite, name, conc)
	t := &r.Targets[len(r.Targets)-1]
	if p == nil || p.RatioCPU == 0 || p.Errors > 0 {
		return
	}
	v := 1 / p.RatioCPU
	t.CPUView, t.CPUStatus = fmt.Sprintf("%.3fx", v), status(v >= limit)
}

func (r *report) addTarget(name, goal string, v float64, measured string, atLeast bool,
	limit float64) {
	met := v < limit
	if atLeast {
		met = v >= limit
	}
	r.Targets = append(r.Targets, target{Name: name, Goal: goal, Value: v, Measured: measured,
		Status: status(met)})
}

// status is the report's word for whether a goal was met.
func status(met bool) string {
	if met {
		return "met"
	}
	return "missed"
}
