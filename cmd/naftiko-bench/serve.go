package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/naftiko/naftiko-go/cmd/naftiko-bench/internal/baseline"
)

// The baselines run as child processes (cmd/naftiko-bench/naftiko-baselines,
// a small binary of their own), exactly as `naftiko run` does, so every
// server under test has a process of its own with the same GOMAXPROCS, is
// measured by the same load generator over loopback, and has its memory
// read on its own.

// child is a running server process.
type child struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	URL   string
	done  chan error
	once  sync.Once
}

// PID is the process id of the child.
func (c *child) PID() int { return c.cmd.Process.Pid }

// startChild starts the baselines binary as a server of the given kind and
// waits for it to print its address.
func startChild(ctx context.Context, bin, kind, upstream string) (*child, error) {
	return startChildArgs(ctx, bin, kind, "-serve", kind, "-upstream", upstream)
}

// startChildArgs starts bin (the baselines binary, or this driver for
// -profile) with args and waits for the address line of a child of the
// given kind.
func startChildArgs(ctx context.Context, bin, kind string, args ...string) (*child, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", kind, err)
	}
	c := &child{cmd: cmd, stdin: stdin, done: make(chan error, 1)}
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		if sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		io.Copy(io.Discard, out)
	}()
	go func() { c.done <- cmd.Wait() }()
	select {
	case line, ok := <-lines:
		if !ok || !strings.HasPrefix(line, baseline.ListenPrefix) {
			c.Stop()
			return nil, fmt.Errorf("start %s: no address printed (got %q)", kind, line)
		}
		c.URL = strings.TrimPrefix(line, baseline.ListenPrefix)
		return c, nil
	case <-time.After(10 * time.Second):
		c.Stop()
		return nil, fmt.Errorf("start %s: no address within 10s", kind)
	}
}

// Stop ends the child and waits for it.
func (c *child) Stop() {
	c.once.Do(func() {
		c.stdin.Close()
		select {
		case <-c.done:
		case <-time.After(5 * time.Second):
			c.cmd.Process.Kill()
			<-c.done
		}
	})
}
