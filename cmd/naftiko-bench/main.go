// Command naftiko-bench measures the Naftiko runtime side by side with its
// baselines, in one run on one machine, and reports ratios.
//
// It starts an upstream serving a ~1 KB JSON document, the baselines (the
// upstream hit directly, a hand-written Go handler doing the same fetch and
// mapping, httputil.ReverseProxy, a hand-written go-sdk MCP server, typed
// and with a raw handler, and a go-sdk echo tool) as processes of
// naftiko-baselines, and `naftiko run` on
// testdata/bench/rest.yaml; then it drives each with the same closed-loop
// load generator at concurrency 1 and 64, measures validate throughput with
// pkg/spec on one core, start-up time and resident memory, and prints a
// Markdown table on stdout and every figure as JSON to -out.
//
// Usage:
//
//	naftiko-bench [-naftiko bin/naftiko] [-baselines bin/naftiko-baselines]
//	              [-out bin/bench.json] [-duration 3s]
//	              [-warmup 1s] [-rounds 3] [-quick] [-profile DIR]
//
// Exit codes: 0 the run finished (targets missed or not), 1 the run could
// not be made, 2 usage error.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// config holds the flags of one run.
type config struct {
	Naftiko        string
	Doc            string
	Out            string
	Root           string
	Corpus         string
	Fixtures       string
	Duration       time.Duration
	Warmup         time.Duration
	ValidateFor    time.Duration
	StartupTrials  int
	Rounds         int
	Concurrencies  []int
	Quick          bool
	ProfileDir     string
	serveKind      string
	serveUpstream  string
	selfExecutable string
	Baselines      string
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("naftiko-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &config{Concurrencies: []int{1, 64}}
	fs.StringVar(&c.Naftiko, "naftiko", "bin/naftiko", "the naftiko binary to benchmark")
	fs.StringVar(&c.Baselines, "baselines", "", "the naftiko-baselines binary "+
		"(default: next to this one)")
	fs.StringVar(&c.Doc, "doc", "", "capability served by naftiko run "+
		"(default ROOT/testdata/bench/rest.yaml)")
	fs.StringVar(&c.Out, "out", "bin/bench.json", "where to write the JSON report")
	fs.StringVar(&c.Root, "root", "", "repository root (default: the folder of go.mod above .)")
	fs.StringVar(&c.Corpus, "corpus", "", "corpus for validate (default ROOT/../shared/corpus)")
	fs.StringVar(&c.Fixtures, "fixtures", "", "documents for validate "+
		"(default ROOT/testdata/spec/valid)")
	fs.DurationVar(&c.Duration, "duration", 3*time.Second, "measured time per load point")
	fs.DurationVar(&c.Warmup, "warmup", time.Second, "unrecorded warm-up per load point")
	fs.DurationVar(&c.ValidateFor, "validate-for", 2*time.Second, "time per validate set")
	fs.IntVar(&c.Rounds, "rounds", 5, "slices each point is cut into, targets taking turns")
	fs.IntVar(&c.StartupTrials, "startup-trials", 5, "runs of naftiko whose start-up is timed")
	fs.BoolVar(&c.Quick, "quick", false, "a fast smoke run (short points, one start-up)")
	fs.StringVar(&c.ProfileDir, "profile", "", "after the suite, write CPU and heap profiles "+
		"of validate, start-up and pkg/naftiko serving the c64 loads into this `dir`")
	fs.StringVar(&c.serveKind, "serve", "", "internal: serve pkg/naftiko under a profile "+
		"(used by -profile)")
	fs.StringVar(&c.serveUpstream, "upstream", "", "internal: upstream URL for -serve")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if c.Quick {
		c.Duration, c.Warmup, c.ValidateFor, c.StartupTrials, c.Rounds =
			300*time.Millisecond, 100*time.Millisecond, 200*time.Millisecond, 1, 1
	}
	if c.Duration <= 0 || c.Warmup < 0 || c.StartupTrials < 1 || c.Rounds < 1 {
		return nil, fmt.Errorf(
			"-duration must be > 0, -warmup >= 0, -startup-trials and -rounds >= 1")
	}
	return c, nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c, err := parseFlags(args, stderr)
	if err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		fmt.Fprintf(stderr, "naftiko-bench: %v\n", err)
		return 2
	}
	if c.serveKind == serveNaftiko {
		if err := serveEmbedded(ctx, c.Doc, c.serveUpstream, c.ProfileDir, stdout); err != nil {
			fmt.Fprintf(stderr, "naftiko-bench: %v\n", err)
			return 1
		}
		return 0
	}
	if c.serveKind != "" {
		fmt.Fprintf(stderr, "naftiko-bench: -serve %q: only %q is served by the driver\n",
			c.serveKind, serveNaftiko)
		return 2
	}
	if err := c.resolvePaths(); err != nil {
		fmt.Fprintf(stderr, "naftiko-bench: %v\n", err)
		return 1
	}
	rep, err := runSuite(ctx, c, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "naftiko-bench: %v\n", err)
		return 1
	}
	writeMarkdown(stdout, rep)
	if err := writeJSON(c.Out, rep); err != nil {
		fmt.Fprintf(stderr, "naftiko-bench: %v\n", err)
		return 1
	}
	fmt.Fprintf(stderr, "naftiko-bench: wrote %s\n", c.Out)
	return 0
}
