package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// binary builds the naftiko command once per test run.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "naftiko-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "naftiko")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = &buildError{err, string(out)}
		}
	})
	if buildErr != nil {
		t.Fatalf("go build: %v", buildErr)
	}
	return binPath
}

type buildError struct {
	err error
	out string
}

func (e *buildError) Error() string { return e.err.Error() + "\n" + e.out }

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if binPath != "" {
		_ = os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

func writeDoc(t *testing.T, doc string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "capability.yaml")
	if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const restDoc = `
naftiko: "1.0.0-alpha1"
capability:
  consumes:
    - type: http
      namespace: up
      baseUri: "http://upstream.invalid"
      resources:
        - name: slow
          path: "/slow"
          operations:
            - name: get-slow
              method: GET
  exposes:
    - type: rest
      namespace: api
      port: 1
      resources:
        - path: "/slow"
          operations:
            - method: GET
              call: up.get-slow
`

var urlLine = regexp.MustCompile(`url=(http://\S+)`)

// startRun starts the binary and returns the command, the listener URL
// read from its log, its stderr, and a channel closed once it has exited.
func startRun(t *testing.T, args ...string) (*exec.Cmd, string, *syncBuffer, <-chan struct{}) {
	t.Helper()
	cmd := exec.Command(binary(t), append([]string{"run"}, args...)...)
	stderr := &syncBuffer{}
	pr, pw := io.Pipe()
	cmd.Stderr = pw
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	t.Cleanup(func() {
		select {
		case <-exited:
		default:
			_ = cmd.Process.Kill()
			<-exited
		}
	})
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		sent := false
		for sc.Scan() {
			stderr.write(sc.Text() + "\n")
			if m := urlLine.FindStringSubmatch(sc.Text()); m != nil && !sent {
				found <- m[1]
				sent = true
			}
		}
		close(found)
	}()
	go func() { _ = cmd.Wait(); pw.Close(); close(exited) }()
	url, ok := <-found
	if !ok {
		t.Fatalf("no listener line; stderr:\n%s", stderr.String())
	}
	return cmd, url, stderr, exited
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) write(v string) { s.mu.Lock(); s.b.WriteString(v); s.mu.Unlock() }
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// TestSIGTERMLetsRequestsFinish sends SIGTERM while requests are in flight:
// all of them complete and the process exits 0.
func TestSIGTERMLetsRequestsFinish(t *testing.T) {
	release := make(chan struct{})
	var inFlight atomic.Int32
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inFlight.Add(1)
		<-release
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"done":true}`)
	}))
	defer up.Close()
	defer func() {
		select {
		case <-release:
		default:
			close(release)
		}
	}()
	cmd, base, stderr, exited := startRun(t, "--set-base-uri", "up="+up.URL, "--port", "api=0",
		"--address", "api=127.0.0.1", "--shutdown-grace", "30s", writeDoc(t, restDoc))

	const n = 5
	var wg sync.WaitGroup
	results := make([]string, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Get(base + "/slow")
			if err != nil {
				results[i] = err.Error()
				return
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			results[i] = resp.Status + " " + string(b)
		}()
	}
	for inFlight.Load() < n {
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// Wait until the listener is closed, then let the upstream answer.
	for {
		c, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
		if err != nil {
			break
		}
		c.Close()
		time.Sleep(5 * time.Millisecond)
	}
	close(release)
	wg.Wait()
	<-exited
	for i, r := range results {
		if r != `200 OK {"done":true}` {
			t.Errorf("request %d: %s", i, r)
		}
	}
	if code := cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("exit code %d; stderr:\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "shutting down") {
		t.Errorf("stderr lacks the shutdown line:\n%s", stderr.String())
	}
}

func TestRunFailures(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	busy := strings.Replace(restDoc, "port: 1", "port: "+itoa(port)+"\n      address: 127.0.0.1", 1)
	invalid := strings.Replace(restDoc, "call: up.get-slow", "call: up.nope", 1)

	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"no file", nil, exitUsage, "usage: naftiko run"},
		{"missing file", []string{"/does/not/exist.yaml"}, exitUsage, "exist.yaml"},
		{"bad flag value", []string{"--port", "api", "x.yaml"}, exitUsage, "want namespace=PORT"},
		{"bad log format", []string{"--log-format", "xml", writeDoc(t, restDoc)}, exitUsage,
			"logFormat \"xml\" is not text or json"},
		{"port in use", []string{writeDoc(t, busy)}, exitFailure,
			"listen on 127.0.0.1:" + itoa(port)},
		{"unknown call", []string{writeDoc(t, invalid)}, exitFailure, "up.nope"},
		{"settings for an unknown namespace", []string{"--set-base-uri", "ghost=http://x",
			writeDoc(t, restDoc)}, exitFailure, `consumes no namespace "ghost"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(context.Background(), append([]string{"run"}, tt.args...),
				stdio{in: strings.NewReader(""), out: &out, err: &errb})
			if code != tt.wantCode {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, tt.wantCode, errb.String())
			}
			if !strings.Contains(errb.String(), tt.wantErr) {
				t.Errorf("stderr = %s, want it to contain %q", errb.String(), tt.wantErr)
			}
			if out.Len() != 0 {
				t.Errorf("stdout = %q, want nothing", out.String())
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
