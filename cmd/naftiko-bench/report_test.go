package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestReportJudge(t *testing.T) {
	r := &report{Settings: settings{Concurrencies: []int{1, 64}}}
	add := func(suite, name string, conc int, rate, p50 float64, errs uint64) {
		r.Points = append(r.Points, point{Suite: suite, Target: name, Concurrency: conc,
			Requests: 100, PerSecond: rate, P50Ms: p50, P99Ms: 2 * p50, Errors: errs})
	}
	add(suiteREST, tHandwritten, 1, 1000, 1.0, 0)
	add(suiteREST, tNaftiko, 1, 900, 1.2, 0) // p50 1.2x: missed
	add(suiteREST, tHandwritten, 64, 1000, 1.0, 0)
	add(suiteREST, tNaftiko, 64, 960, 1.0, 0)                     // 0.96x: met
	r.Points[2].CPUUsPerCall, r.Points[3].CPUUsPerCall = 100, 125 // 0.80x: missed
	add(suiteMCP, tMCPHand, 1, 100, 1.0, 0)
	add(suiteMCP, tMCPNaftiko, 1, 95, 1.0, 0) // 0.95x: met
	add(suiteMCP, tMCPHand, 64, 100, 1.0, 0)
	add(suiteMCP, tMCPNaftiko, 64, 99, 1.0, 3) // errors: not measured
	r.Validate = []validateResult{
		{Set: "fixtures", DocsPerSec: 2500},
		{Set: "corpus", SkippedWhy: "absent"},
	}
	r.Startup = startup{Trials: 3, ReadyMedianMs: 75, RSSIdleMB: 12}
	r.Memory = []memory{{Target: tNaftiko, When: "after REST c64", RSSMB: 41}}
	r.finish()

	type row struct{ Name, Status string }
	var got []row
	for _, tg := range r.Targets {
		got = append(got, row{tg.Name, tg.Status})
	}
	want := []row{
		{"REST throughput vs hand-written, c64", "met"},
		{"REST p50 vs hand-written, c1", "missed"},
		{"MCP calls/s vs hand-written go-sdk, c1", "met"},
		{"MCP calls/s vs hand-written go-sdk, c64", "not measured"},
		{"validate, one core, fixtures", "met"},
		{"validate, one core, corpus", "not measured"},
		{"ready after exec (median)", "missed"},
		{"RSS idle", "met"},
		{"RSS after REST c64", "missed"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("targets (-want +got):\n%s", d)
	}
	if p := r.find(suiteREST, tNaftiko, 64); p == nil || p.RatioRate != 0.96 {
		t.Errorf("REST c64 naftiko point = %+v, want ratio 0.96", p)
	}
	if tg := r.Targets[0]; tg.CPUView != "0.800x" || tg.CPUStatus != "missed" {
		t.Errorf("REST c64 on CPU = %q %q, want 0.80x missed", tg.CPUView, tg.CPUStatus)
	}
	if r.Points[0].Target != tNaftiko || r.Points[0].Concurrency != 1 {
		t.Errorf("first row = %s c%d, want %s c1", r.Points[0].Target,
			r.Points[0].Concurrency, tNaftiko)
	}
}

func TestMedianRatio(t *testing.T) {
	tests := []struct {
		name  string
		a, b  []float64
		whole float64
		want  float64
	}{
		{"odd rounds", []float64{1, 4, 9}, []float64{1, 2, 1}, 0, 2},
		{"even rounds", []float64{1, 3}, []float64{1, 1}, 0, 2},
		{"zero baseline round skipped", []float64{5, 2}, []float64{0, 1}, 0, 2},
		{"no rounds", nil, nil, 0.5, 0.5},
	}
	for _, tt := range tests {
		if got := medianRatio(tt.a, tt.b, tt.whole); got != tt.want {
			t.Errorf("%s: medianRatio = %v, want %v", tt.name, got, tt.want)
		}
	}
}
