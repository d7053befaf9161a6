package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"
)

// Suites of load points.
const (
	suiteREST = "rest"
	suiteMCP  = "mcp"
)

// report is every figure of one run; it is written as JSON unchanged.
type report struct {
	Started      time.Time        `json:"started"`
	Machine      machine          `json:"machine"`
	Settings     settings         `json:"settings"`
	Points       []point          `json:"points"`
	Validate     []validateResult `json:"validate"`
	Startup      startup          `json:"startup"`
	Memory       []memory         `json:"memory"`
	Targets      []target         `json:"targets"`
	NaftikoError string           `json:"naftikoError,omitempty"`
	// Parity says, per suite, whether naftiko answered exactly what the
	// hand-written baseline answered ("" when it did).
	Parity map[string]string `json:"parity,omitempty"`
}

type machine struct {
	Cores      int    `json:"cores"`
	GOMAXPROCS int    `json:"gomaxprocs"`
	GoVersion  string `json:"goVersion"`
	GOOS       string `json:"goos"`
	GOARCH     string `json:"goarch"`
	CPU        string `json:"cpu,omitempty"`
}

type settings struct {
	DurationS     float64 `json:"durationSeconds"`
	WarmupS       float64 `json:"warmupSeconds"`
	Concurrencies []int   `json:"concurrencies"`
	Rounds        int     `json:"rounds"`
	Naftiko       string  `json:"naftiko"`
	Document      string  `json:"document"`
	Quick         bool    `json:"quick"`
}

// point is one target at one concurrency. Ratios compare with the
// baseline of the suite (the hand-written server) at the same concurrency.
type point struct {
	Suite       string  `json:"suite"`
	Target      string  `json:"target"`
	Concurrency int     `json:"concurrency"`
	Requests    uint64  `json:"requests"`
	Errors      uint64  `json:"errors"`
	FirstError  string  `json:"firstError,omitempty"`
	Seconds     float64 `json:"seconds"`
	PerSecond   float64 `json:"perSecond"`
	P50Ms       float64 `json:"p50Ms"`
	P90Ms       float64 `json:"p90Ms"`
	P99Ms       float64 `json:"p99Ms"`
	MeanMs      float64 `json:"meanMs"`
	MaxMs       float64 `json:"maxMs"`
	// CPUUsPerCall is the CPU time of the server process per call, in
	// microseconds (0 when unknown); on a shared machine it drifts much
	// less than throughput.
	CPUUsPerCall float64 `json:"serverCpuUsPerCall,omitempty"`
	// RoundPerSecond and RoundP50Ms are the figures of each slice.
	RoundPerSecond []float64 `json:"roundPerSecond,omitempty"`
	RoundP50Ms     []float64 `json:"roundP50Ms,omitempty"`
	// The ratios are medians of the per-round ratios to the baseline
	// (RatioP99 and RatioCPU are ratios of the whole point).
	Baseline  string  `json:"baseline,omitempty"`
	RatioRate float64 `json:"ratioPerSecond,omitempty"`
	RatioP50  float64 `json:"ratioP50,omitempty"`
	RatioP99  float64 `json:"ratioP99,omitempty"`
	RatioCPU  float64 `json:"ratioServerCpu,omitempty"`
	Skipped   string  `json:"skipped,omitempty"`
}

type startup struct {
	Trials        int     `json:"trials"`
	ReadyMedianMs float64 `json:"readyMedianMs"`
	// ReadyCPUMedianMs is the CPU time (user+system, 10 ms ticks) the
	// process had used when it first answered.
	ReadyCPUMedianMs float64 `json:"readyCpuMedianMs"`
	ReadyMinMs       float64 `json:"readyMinMs"`
	ReadyMaxMs       float64 `json:"readyMaxMs"`
	RSSIdleMB        float64 `json:"rssIdleMB"`
}

// memory is the resident set of one server process at one moment.
type memory struct {
	Target string  `json:"target"`
	When   string  `json:"when"`
	RSSMB  float64 `json:"rssMB"`
	AnonMB float64 `json:"rssAnonMB"`
	FileMB float64 `json:"rssFileMB"`
}

// target is one goal of issue #6, met or missed. Missed goals never fail
// the run.
type target struct {
	Name     string  `json:"name"`
	Goal     string  `json:"goal"`
	Value    float64 `json:"value"`
	Measured string  `json:"measured"`
	Status   string  `json:"status"` // met, missed, not measured
	// The same goal judged on CPU time, which drifts far less than wall
	// time on a busy machine: for throughput goals the baseline's server
	// CPU per call over ours, for validate documents per CPU-second, for
	// start-up the CPU used until the first answer.
	CPUView   string `json:"cpuView,omitempty"`
	CPUStatus string `json:"cpuStatus,omitempty"`
}

func newReport(c *config) *report {
	return &report{
		Started: time.Now().UTC(),
		Machine: machine{
			Cores: runtime.NumCPU(), GOMAXPROCS: runtime.GOMAXPROCS(0),
			GoVersion: runtime.Version(), GOOS: runtime.GOOS, GOARCH: runtime.GOARCH,
			CPU: cpuModel(),
		},
		Settings: settings{
			DurationS: c.Duration.Seconds(), WarmupS: c.Warmup.Seconds(),
			Concurrencies: c.Concurrencies, Rounds: c.Rounds, Naftiko: c.Naftiko,
			Document: c.Doc, Quick: c.Quick,
		},
	}
}

func (r *report) addPoint(suite, name string, res *pointResult) {
	h := res.Hist
	p := point{
		Suite: suite, Target: name, Concurrency: res.Concurrency,
		Requests: res.Requests, Errors: res.Errors, FirstError: res.FirstError,
		Seconds: res.Elapsed.Seconds(), PerSecond: res.PerSecond(),
		P50Ms: ms(h.quantile(0.50)), P90Ms: ms(h.quantile(0.90)), P99Ms: ms(h.quantile(0.99)),
		MeanMs: ms(h.mean()), MaxMs: ms(time.Duration(h.max)),
	}
	if res.AllCalls > 0 && res.ServerCPU > 0 {
		p.CPUUsPerCall = float64(res.ServerCPU.Microseconds()) / float64(res.AllCalls)
	}
	for _, rf := range res.Rounds {
		p.RoundPerSecond = append(p.RoundPerSecond, rf.PerSecond)
		p.RoundP50Ms = append(p.RoundP50Ms, ms(rf.P50))
	}
	r.Points = append(r.Points, p)
}

func (r *report) addSkipped(suite, name string, conc int, why string) {
	if why == "" {
		why = "not run"
	}
	r.Points = append(r.Points, point{Suite: suite, Target: name, Concurrency: conc, Skipped: why})
}

func (r *report) noteRSS(name, when string, pid int) {
	if pid == 0 {
		return
	}
	if v, err := readRSS(pid); err == nil {
		r.Memory = append(r.Memory, memory{Target: name, When: when, RSSMB: v.Total,
			AnonMB: v.Anon, FileMB: v.File})
	}
}

// find returns the point of a target at a concurrency, or nil.
func (r *report) find(suite, name string, conc int) *point {
	for i := range r.Points {
		p := &r.Points[i]
		if p.Suite == suite && p.Target == name && p.Concurrency == conc && p.Skipped == "" {
			return p
		}
	}
	return nil
}

func (r *report) rss(name, when string) (float64, bool) {
	for _, m := range r.Memory {
		if m.Target == name && m.When == when {
			return m.RSSMB, true
		}
	}
	return 0, false
}

// targetOrder is the order of the rows of each table.
var targetOrder = []string{
	tNaftiko, tHandwritten, tRevProxy, tUpstream, tMCPNaftiko, tMCPHand, tMCPRaw, tMCPEcho,
}

// finish orders the points, computes the ratios and judges the targets.
func (r *report) finish() {
	sort.SliceStable(r.Points, func(i, j int) bool {
		a, b := r.Points[i], r.Points[j]
		if a.Suite != b.Suite {
			return a.Suite == suiteREST
		}
		if a.Concurrency != b.Concurrency {
			return a.Concurrency < b.Concurrency
		}
		return slices.Index(targetOrder, a.Target) < slices.Index(targetOrder, b.Target)
	})
	for i := range r.Points {
		p := &r.Points[i]
		base := tHandwritten
		if p.Suite == suiteMCP {
			base = tMCPHand
		}
		b := r.find(p.Suite, base, p.Concurrency)
		if p.Skipped != "" || b == nil || b.PerSecond == 0 || b.P50Ms == 0 {
			continue
		}
		p.Baseline = base
		p.RatioRate = medianRatio(p.RoundPerSecond, b.RoundPerSecond, p.PerSecond/b.PerSecond)
		p.RatioP50 = medianRatio(p.RoundP50Ms, b.RoundP50Ms, p.P50Ms/b.P50Ms)
		p.RatioP99 = p.P99Ms / b.P99Ms
		if p.CPUUsPerCall > 0 && b.CPUUsPerCall > 0 {
			p.RatioCPU = p.CPUUsPerCall / b.CPUUsPerCall
		}
	}
	r.judge()
}

func writeJSON(path string, r *report) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// cpuModel reads the CPU model name on Linux; empty elsewhere.
func cpuModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
