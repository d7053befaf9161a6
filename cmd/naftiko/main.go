// Command naftiko validates and runs Naftiko capability documents.
//
// Exit codes: 0 success, 1 invalid input or failure, 2 usage error or
// unreadable input.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/naftiko/naftiko-go/pkg/naftiko"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr})
	stop()
	os.Exit(code)
}

// stdio carries the process streams so tests can run commands in-process.
type stdio struct {
	in  io.Reader
	out io.Writer
	err io.Writer
}

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, s stdio) int
}

func commands() []command {
	return []command{
		{"validate", "check capability documents (files, folders, -)", cmdValidate},
		{"run", "serve every adapter a capability exposes", cmdRun},
		{"version", "print the version", cmdVersion},
	}
}

func run(ctx context.Context, args []string, s stdio) int {
	if len(args) == 0 {
		usage(s.err)
		return exitUsage
	}
	switch args[0] {
	case "-h", "--help", "help":
		usage(s.out)
		return exitOK
	case "-V", "--version":
		return cmdVersion(ctx, nil, s)
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, args[1:], s)
		}
	}
	fmt.Fprintf(s.err, "naftiko: unknown command %q\n", args[0])
	usage(s.err)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: naftiko <command> [flags] [args]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'naftiko <command> -h' for a command's flags.")
}

func cmdVersion(_ context.Context, _ []string, s stdio) int {
	fmt.Fprintf(s.out, "naftiko %s (spec %s)\n", naftiko.Version, naftiko.SpecVersion)
	return exitOK
}
