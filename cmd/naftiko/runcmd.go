package main

import (
	"context"
	"fmt"
)

// cmdRun implements "naftiko run". TODO(#4): being written.
func cmdRun(_ context.Context, _ []string, s stdio) int {
	fmt.Fprintln(s.err, "naftiko run: not built yet")
	return exitFailure
}
