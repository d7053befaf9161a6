package rest_test

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/naftiko/naftiko-go/pkg/expose"
)

func TestPortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	ex, _, err := build(t, apiDoc, "http://127.0.0.1:1", config{settings: expose.Settings{
		Port: port}})
	if err != nil {
		t.Fatal(err)
	}
	err = ex.Start(context.Background())
	want := "rest api: listen on 127.0.0.1:" + strconv.Itoa(port)
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("Start on a used port: %v, want an error naming %s", err, want)
	}
}

// rawRequest writes raw bytes on a new connection and returns what the
// server answers until it closes the connection.
func rawRequest(t *testing.T, base, raw string) string {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second)) // a hang fails, not blocks
	if _, err := io.WriteString(conn, raw); err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(conn)
	return string(b)
}

func TestHostileRequests(t *testing.T) {
	up := newUpstream(t, upstreamHandler)
	h := start(t, apiDoc, up.URL, config{settings: expose.Settings{
		ReadHeaderTimeout: 100 * time.Millisecond}})

	tests := []struct{ name, raw, want string }{
		{"CR inside a header value", "GET /users/1 HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n",
			"HTTP/1.1 400"},
		{"NUL inside a header value", "GET /users/1 HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n",
			"HTTP/1.1 400"},
		{"CRLF smuggled in the target", "GET /users/1%0d%0aSet-Cookie:x HTTP/1.1\r\n" +
			"Host: x\r\nConnection: close\r\n\r\n", "HTTP/1.1 400"},
		{"slow client never ends its headers", "GET /users/1 HTTP/1.1\r\nHost: x\r\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := rawRequest(t, h.base, tt.raw)
			if !strings.HasPrefix(got, tt.want) {
				t.Errorf("answer = %.60q, want prefix %q", got, tt.want)
			}
		})
	}
	// The server still serves after all that.
	if status, _, _ := do(t, "GET", h.base+"/users/1", "", nil); status != 200 {
		t.Errorf("after hostile requests: status %d", status)
	}
}

func TestShutdownLetsRequestsInFlightFinish(t *testing.T) {
	release := make(chan struct{})
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		<-release
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"done":true}`))
	})
	ex, _, err := build(t, apiDoc, up.URL, config{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ex.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	base := ex.Addrs()[0]

	const n = 8
	var wg sync.WaitGroup
	statuses := make([]int, n)
	bodies := make([]string, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Get(base + "/slow")
			if err != nil {
				bodies[i] = err.Error()
				return
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			statuses[i], bodies[i] = resp.StatusCode, string(b)
		}()
	}
	for up.count() < n { // every request is in flight upstream
		time.Sleep(5 * time.Millisecond)
	}

	shutdown := make(chan error, 1)
	go func() { shutdown <- ex.Shutdown(context.Background()) }()
	// New connections are refused once shutdown has begun.
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
	if err := <-shutdown; err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	for i := range n {
		if statuses[i] != 200 || bodies[i] != `{"done":true}` {
			t.Errorf("request %d: %d %q", i, statuses[i], bodies[i])
		}
	}
}

func TestSlowHeaderConnectionIsClosed(t *testing.T) {
	up := newUpstream(t, upstreamHandler)
	h := start(t, apiDoc, up.URL, config{settings: expose.Settings{
		ReadHeaderTimeout: 50 * time.Millisecond}})
	conn, err := net.Dial("tcp", strings.TrimPrefix(h.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	_, _ = io.WriteString(conn, "GET /users/1 HTTP/1.1\r\nHo")
	_, err = bufio.NewReader(conn).ReadByte()
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatal("the server kept a connection with unfinished headers open")
	}
}
