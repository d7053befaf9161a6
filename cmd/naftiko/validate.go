package main

import (
	"context"
	"fmt"
)

// cmdValidate implements "naftiko validate". TODO(#2): being written.
func cmdValidate(_ context.Context, _ []string, s stdio) int {
	fmt.Fprintln(s.err, "naftiko validate: not built yet")
	return exitFailure
}
