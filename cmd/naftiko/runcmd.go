package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/naftiko/naftiko-go/pkg/naftiko"
	"github.com/naftiko/naftiko-go/pkg/spec"
)

// cmdRun implements "naftiko run [flags] FILE": validate, bind, serve
// every exposer until a signal, then shut down gracefully. Exit codes: 0
// after a clean shutdown, 1 for an invalid document or a failure to bind
// or start, 2 for usage errors, bad settings or an unreadable file.
func cmdRun(ctx context.Context, args []string, s stdio) int {
	fs := flag.NewFlagSet("naftiko run", flag.ContinueOnError)
	fs.SetOutput(s.err)
	strict := fs.Bool("strict", false, "validate against the official schema only")
	ov := naftiko.RegisterFlags(fs)
	fs.Usage = func() {
		fmt.Fprintln(s.err, "usage: naftiko run [flags] FILE")
		fmt.Fprintln(s.err)
		fmt.Fprintln(s.err, "Serve every adapter the capability in FILE exposes until "+
			"SIGINT or SIGTERM.")
		fmt.Fprintln(s.err)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return exitUsage
	}
	settings, err := ov.Settings(os.LookupEnv)
	if err != nil {
		fmt.Fprintf(s.err, "naftiko run: %v\n", err)
		return exitUsage
	}
	log, err := naftiko.NewLogger(s.err, settings.LogLevel, settings.LogFormat)
	if err != nil {
		fmt.Fprintf(s.err, "naftiko run: %v\n", err)
		return exitUsage
	}

	opts := naftiko.LoadOptions{}
	if *strict {
		opts.Level = spec.LevelStrict
	}
	l, err := naftiko.LoadWith(fs.Arg(0), opts)
	if l == nil {
		fmt.Fprintf(s.err, "naftiko run: %v\n", err)
		return exitUsage
	}
	for _, d := range l.Diagnostics {
		fmt.Fprintln(s.err, d.String())
	}
	if l.Diagnostics.HasErrors() {
		fmt.Fprintf(s.err, "naftiko run: %s is invalid; not starting\n", fs.Arg(0))
		return exitFailure
	}

	rt, err := naftiko.New(l, naftiko.Options{
		Settings: settings, Logger: log, Stdin: s.in, Stdout: s.out,
	})
	if err != nil {
		fmt.Fprintf(s.err, "naftiko run: %v\n", err)
		return exitFailure
	}
	if err := rt.Serve(ctx); err != nil {
		fmt.Fprintf(s.err, "naftiko run: %v\n", err)
		return exitFailure
	}
	return exitOK
}
