package main

import (
	"fmt"
	"io"
	"strings"
)

// writeMarkdown prints the report as the Markdown tables README shows.
func writeMarkdown(w io.Writer, r *report) {
	m := r.Machine
	fmt.Fprintf(w, "## naftiko-bench, %s\n\n", r.Started.Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(w, "Machine: %d cores (GOMAXPROCS %d), %s %s/%s", m.Cores, m.GOMAXPROCS,
		m.GoVersion, m.GOOS, m.GOARCH)
	if m.CPU != "" {
		fmt.Fprintf(w, ", %s", m.CPU)
	}
	fmt.Fprintf(w, ". Each point: %gs measured after %gs warm-up, in %d rounds the targets "+
		"take turns in; closed loop, keep-alive. Ratios to the hand-written server are medians "+
		"of the per-round ratios; server CPU is user+system time of the server process per "+
		"call.\n\n", r.Settings.DurationS, r.Settings.WarmupS, r.Settings.Rounds)
	if r.NaftikoError != "" {
		fmt.Fprintf(w, "**naftiko run could not be measured:** %s\n\n",
			firstLine(r.NaftikoError))
	}

	for _, suite := range []string{suiteREST, suiteMCP} {
		if diff := r.Parity[suite]; diff != "" {
			fmt.Fprintf(w, "**%s answers differ:** %s\n\n", suiteTitle(suite), diff)
		}
	}

	fmt.Fprintln(w, "### REST: GET /user (one upstream GET of ~1 KB JSON, five fields mapped)")
	fmt.Fprintln(w)
	writePoints(w, r, suiteREST, "req/s")
	fmt.Fprintln(w, "### MCP: tools/call over streamable HTTP (one session per worker)")
	fmt.Fprintln(w)
	writePoints(w, r, suiteMCP, "calls/s")

	fmt.Fprintln(w, "### validate (pkg/spec.Load, GOMAXPROCS 1)")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| set | documents | checked | with errors | docs/s | docs per CPU-second |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|")
	for _, v := range r.Validate {
		if v.SkippedWhy != "" {
			fmt.Fprintf(w, "| %s | | | | %s | |\n", v.Set, v.SkippedWhy)
			continue
		}
		fmt.Fprintf(w, "| %s | %d | %d | %d | %.0f | %.0f |\n", v.Set, v.Documents, v.Checked,
			v.WithErrors, v.DocsPerSec, v.DocsPerCPUSec)
	}
	fmt.Fprintln(w)

	fmt.Fprintln(w, "### Start-up and resident memory")
	fmt.Fprintln(w)
	if r.Startup.Trials > 0 {
		fmt.Fprintf(w, "naftiko run, exec to first 200: median %.1f ms (min %.1f, max %.1f, "+
			"%d runs); CPU used by then: median %.0f ms.\n\n", r.Startup.ReadyMedianMs,
			r.Startup.ReadyMinMs, r.Startup.ReadyMaxMs, r.Startup.Trials,
			r.Startup.ReadyCPUMedianMs)
	}
	fmt.Fprintln(w, "| process | when | RSS MB | anonymous MB | file-backed MB |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|")
	for _, mem := range r.Memory {
		fmt.Fprintf(w, "| %s | %s | %.1f | %.1f | %.1f |\n", mem.Target, mem.When, mem.RSSMB,
			mem.AnonMB, mem.FileMB)
	}
	fmt.Fprintln(w)

	fmt.Fprintln(w, "### Targets (issue #6)")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| target | goal | measured | status | judged on CPU time |")
	fmt.Fprintln(w, "|---|---|---:|---|---|")
	for _, t := range r.Targets {
		cpu := ""
		if t.CPUView != "" {
			cpu = t.CPUView + " " + t.CPUStatus
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", t.Name, t.Goal, t.Measured, t.Status, cpu)
	}
	fmt.Fprintln(w)
}

func writePoints(w io.Writer, r *report, suite, unit string) {
	fmt.Fprintf(w, "| target | conc | %s | p50 ms | p99 ms | errors | %s vs hand | "+
		"p50 vs hand | server CPU µs/call | CPU vs hand |\n", unit, unit)
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, p := range r.Points {
		if p.Suite != suite {
			continue
		}
		if p.Skipped != "" {
			fmt.Fprintf(w, "| %s | %d | not run | | | | | | | |\n", p.Target, p.Concurrency)
			continue
		}
		rate, p50, cpu, cpuRatio := "", "", "", ""
		if p.Baseline != "" {
			rate, p50 = fmt.Sprintf("%.2fx", p.RatioRate), fmt.Sprintf("%.2fx", p.RatioP50)
		}
		if p.CPUUsPerCall > 0 {
			cpu = fmt.Sprintf("%.0f", p.CPUUsPerCall)
		}
		if p.RatioCPU > 0 {
			cpuRatio = fmt.Sprintf("%.2fx", p.RatioCPU)
		}
		fmt.Fprintf(w, "| %s | %d | %.0f | %.3f | %.3f | %d | %s | %s | %s | %s |\n", p.Target,
			p.Concurrency, p.PerSecond, p.P50Ms, p.P99Ms, p.Errors, rate, p50, cpu, cpuRatio)
	}
	fmt.Fprintln(w)
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}
