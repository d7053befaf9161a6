package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/naftiko/naftiko-go/cmd/naftiko-bench/internal/baseline"
)

// Names in testdata/bench/rest.yaml the driver overrides at run time.
const (
	benchConsumed = "bench-upstream"
	benchRESTNS   = "bench-rest"
	benchMCPNS    = "bench-mcp"
)

// naftikoProc is a running `naftiko run` of the benchmark capability.
type naftikoProc struct {
	cmd     *exec.Cmd
	done    chan error
	once    sync.Once
	stderr  *tailBuffer
	RESTURL string
	MCPURL  string
	// Ready is the time from exec to the first 200 of the REST operation,
	// and ReadyCPU the CPU time the process had used by then.
	Ready    time.Duration
	ReadyCPU time.Duration
}

// runArgs is the command line that serves doc with its consumed namespace
// pointed at upstream and its exposers on the given loopback ports.
func runArgs(doc, upstream string, restPort, mcpPort int) []string {
	return []string{
		"run",
		"--set-base-uri", benchConsumed + "=" + upstream,
		"--port", fmt.Sprintf("%s=%d", benchRESTNS, restPort),
		"--port", fmt.Sprintf("%s=%d", benchMCPNS, mcpPort),
		doc,
	}
}

// startNaftiko execs `naftiko run` and waits until the REST operation
// answers 200, which is what Ready measures.
// TODO(#6): the MCP listener is not part of Ready; it starts in the same
// Start call, after the REST one.
func startNaftiko(ctx context.Context, bin, doc, upstream string) (*naftikoProc, error) {
	restPort, err := freePort()
	if err != nil {
		return nil, err
	}
	mcpPort, err := freePort()
	if err != nil {
		return nil, err
	}
	p := &naftikoProc{
		done:    make(chan error, 1),
		stderr:  &tailBuffer{max: 8 << 10},
		RESTURL: fmt.Sprintf("http://127.0.0.1:%d", restPort),
		MCPURL:  fmt.Sprintf("http://127.0.0.1:%d/mcp", mcpPort),
	}
	p.cmd = exec.CommandContext(ctx, bin, runArgs(doc, upstream, restPort, mcpPort)...)
	p.cmd.Stdout = p.stderr
	p.cmd.Stderr = p.stderr

	probe := &http.Client{Transport: baseline.NewTransport(1), Timeout: 2 * time.Second}
	defer probe.CloseIdleConnections()
	target := p.RESTURL + baseline.UserPath

	t0 := time.Now()
	if err := p.cmd.Start(); err != nil {
		return nil, fmt.Errorf("naftiko run: %w", err)
	}
	go func() { p.done <- p.cmd.Wait() }()
	deadline := t0.Add(15 * time.Second)
	for {
		resp, err := probe.Get(target)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				p.Ready = time.Since(t0)
				p.ReadyCPU, _ = procCPU(p.PID())
				return p, nil
			}
		}
		select {
		case werr := <-p.done:
			p.done <- werr
			return nil, fmt.Errorf("naftiko run exited before ready (%v): %s",
				werr, p.stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			p.Stop()
			return nil, fmt.Errorf("naftiko run: not ready within 15s: %s", p.stderr.String())
		}
		time.Sleep(500 * time.Microsecond)
	}
}

// PID is the process id.
func (p *naftikoProc) PID() int { return p.cmd.Process.Pid }

// Stop sends SIGTERM and waits, killing the process after 5 seconds.
func (p *naftikoProc) Stop() {
	p.once.Do(func() {
		p.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(5 * time.Second):
			p.cmd.Process.Kill()
			<-p.done
		}
	})
}

// freePort asks the kernel for a free loopback port.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	buf bytes.Buffer
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf.Write(p)
	if over := t.buf.Len() - t.max; over > 0 {
		t.buf.Next(over)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.TrimSpace(t.buf.String())
}
