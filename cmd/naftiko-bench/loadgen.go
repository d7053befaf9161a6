package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// A call is one request of a load worker. It returns nil when the answer was
// the expected one.
type call func(ctx context.Context) error

// A newWorker prepares the state of worker i (a connection, an MCP session)
// and returns its call and a function that releases what it holds.
type newWorker func(ctx context.Context, i int) (call, func(), error)

// phase is how long a point runs: warm-up first (not recorded), then the
// measured window.
type phase struct {
	Warmup   time.Duration
	Duration time.Duration
}

// pointResult is what one load point measured.
type pointResult struct {
	Concurrency int
	Requests    uint64
	Errors      uint64
	FirstError  string
	Elapsed     time.Duration
	Hist        *histogram
	// AllCalls counts every call of the slice, warm-up included, and
	// ServerCPU is the CPU time the server process used over the same
	// slice (see runRounds); their quotient is the server's cost per call.
	AllCalls  uint64
	ServerCPU time.Duration
	// Rounds holds the figures of each slice, in order.
	Rounds []roundFigure
}

// roundFigure is what one slice of a point measured.
type roundFigure struct {
	PerSecond float64
	P50       time.Duration
}

// PerSecond is the throughput of the measured window.
func (r *pointResult) PerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Elapsed.Seconds()
}

// add folds another measurement of the same target into r.
func (r *pointResult) add(o *pointResult) {
	r.Hist.merge(o.Hist)
	r.Requests += o.Requests
	r.Errors += o.Errors
	r.Elapsed += o.Elapsed
	r.AllCalls += o.AllCalls
	r.ServerCPU += o.ServerCPU
	r.Rounds = append(r.Rounds, o.Rounds...)
	if r.FirstError == "" {
		r.FirstError = o.FirstError
	}
}

// TODO(#6): the generator is closed-loop, so a stalled server also slows
// the offered load and p99 reads lower than an open-loop (fixed-rate)
// generator would report under the same stall (coordinated omission).
//
// runPoint drives conc closed-loop workers for the warm-up and the measured
// window. Only calls that start inside the window are recorded; a call
// in flight when the window closes is allowed to finish and counts, so the
// elapsed time runs to the last recorded completion.
//
// When pid is not 0, the CPU time that process uses from the start of the
// warm-up to the end of the window is recorded in ServerCPU; the set-up of
// the workers (dialing, MCP initialization) is left out.
func runPoint(ctx context.Context, conc int, p phase, nw newWorker, pid int) (
	*pointResult, error) {
	calls := make([]call, conc)
	var closers []func()
	defer func() {
		for _, c := range closers {
			c()
		}
	}()
	for i := range conc {
		c, closeFn, err := nw(ctx, i)
		if err != nil {
			return nil, fmt.Errorf("worker %d: %w", i, err)
		}
		calls[i] = c
		if closeFn != nil {
			closers = append(closers, closeFn)
		}
	}

	cpu0, cpuErr := procCPU(pid)
	start := time.Now()
	mStart := start.Add(p.Warmup)
	mEnd := mStart.Add(p.Duration)
	type workerOut struct {
		h        histogram
		errs     uint64
		firstErr error
		last     time.Time
		all      uint64
	}
	outs := make([]workerOut, conc)
	var wg sync.WaitGroup
	for i := range conc {
		wg.Add(1)
		go func(w *workerOut, c call) {
			defer wg.Done()
			for ctx.Err() == nil {
				t0 := time.Now()
				if !t0.Before(mEnd) {
					return
				}
				err := c(ctx)
				t1 := time.Now()
				w.all++
				if t0.Before(mStart) {
					continue
				}
				w.last = t1
				if err != nil {
					w.errs++
					if w.firstErr == nil {
						w.firstErr = err
					}
					continue
				}
				w.h.record(t1.Sub(t0))
			}
		}(&outs[i], calls[i])
	}
	wg.Wait()
	cpu1, cpuErr1 := procCPU(pid)
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	res := &pointResult{Concurrency: conc, Hist: &histogram{}}
	if cpuErr == nil && cpuErr1 == nil {
		res.ServerCPU = cpu1 - cpu0
	}
	last := mEnd
	for i := range outs {
		w := &outs[i]
		res.Hist.merge(&w.h)
		res.Errors += w.errs
		res.AllCalls += w.all
		if w.firstErr != nil && res.FirstError == "" {
			res.FirstError = w.firstErr.Error()
		}
		if w.last.After(last) {
			last = w.last
		}
	}
	res.Requests = res.Hist.n
	res.Elapsed = last.Sub(mStart)
	res.Rounds = []roundFigure{{PerSecond: res.PerSecond(), P50: res.Hist.quantile(0.5)}}
	return res, nil
}

// httpWorkers returns workers that GET url on a shared keep-alive client
// and expect a 200 with a non-empty body.
func httpWorkers(client *http.Client, url string) newWorker {
	return func(ctx context.Context, _ int) (call, func(), error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return nil, nil, err
		}
		return func(context.Context) error { return getOnce(client, req) }, nil, nil
	}
}

var errEmptyBody = errors.New("empty body")

func getOnce(client *http.Client, req *http.Request) error {
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	n, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: status %d", req.URL, resp.StatusCode)
	}
	if n == 0 {
		return fmt.Errorf("GET %s: %w", req.URL, errEmptyBody)
	}
	return nil
}
