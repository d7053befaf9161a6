// Command naftiko-baselines serves one of the baselines naftiko-bench
// measures the runtime against: the upstream, a hand-written handler,
// httputil.ReverseProxy, a hand-written go-sdk MCP server or a go-sdk echo
// tool. It is started by naftiko-bench, prints "listening URL" on stdout
// and serves on a free loopback port until its standard input closes.
//
// Usage:
//
//	naftiko-baselines -serve KIND [-upstream URL]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/naftiko/naftiko-go/cmd/naftiko-bench/internal/baseline"
)

func main() {
	kind := flag.String("serve", "", strings.Join([]string{baseline.KindUpstream,
		baseline.KindHandwritten, baseline.KindRevProxy, baseline.KindMCPHand,
		baseline.KindMCPRaw, baseline.KindMCPEcho}, ", "))
	upstream := flag.String("upstream", "", "upstream base URL (all kinds but upstream)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := baseline.Serve(ctx, *kind, *upstream, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "naftiko-baselines: %v\n", err)
		os.Exit(1)
	}
}
