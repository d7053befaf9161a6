package main

import (
	"context"
	"io"
	"runtime"
	"sync"

	"github.com/naftiko/naftiko-go/pkg/spec"
)

// loadOutcome is the result of loading one input.
type loadOutcome struct {
	l   *spec.Loaded
	err error
}

// loadAll loads the inputs on a pool of GOMAXPROCS workers and returns
// the outcomes in input order, so that the report (and which input a
// shared file's findings are reported with) does not depend on timing.
// Inputs not started when ctx ends are left empty.
func loadAll(ctx context.Context, inputs []string, stdin io.Reader,
	opts spec.Options) []loadOutcome {
	out := make([]loadOutcome, len(inputs))
	workers := min(runtime.GOMAXPROCS(0), len(inputs))
	next := make(chan int)
	var wg sync.WaitGroup
	var stdinMu sync.Mutex // "-" given twice reads standard input in turn
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if inputs[i] == "-" {
					stdinMu.Lock()
				}
				out[i].l, out[i].err = loadInput(inputs[i], stdin, opts)
				if inputs[i] == "-" {
					stdinMu.Unlock()
				}
			}
		}()
	}
	for i := range inputs {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}
