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
	if r.FirstError == "" {
		r.FirstError = o.FirstError
	}
}

// runPoint drives conc closed-loop workers for the warm-up and the measured
// window. Only calls that start inside the window are recorded; a call
// in flight when the window closes is allowed to finish and counts, so the
// elapsed time runs to the last recorded completion.
func runPoint(ctx context.Context, conc int, p phase, nw newWorker) (*pointResult, error) {
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

	start := time.Now()
	mStart := start.Add(p.Warmup)
	mEnd := mStart.Add(p.Duration)
	type workerOut struct {
		h        histogram
		errs     uint64
		firstErr error
		last     time.Time
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
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	res := &pointResult{Concurrency: conc, Hist: &histogram{}}
	last := mEnd
	for i := range outs {
		w := &outs[i]
		res.Hist.merge(&w.h)
		res.Errors += w.errs
		if w.firstErr != nil && res.FirstError == "" {
			res.FirstError = w.firstErr.Error()
		}
		if w.last.After(last) {
			last = w.last
		}
	}
	res.Requests = res.Hist.n
	res.Elapsed = last.Sub(mStart)
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
