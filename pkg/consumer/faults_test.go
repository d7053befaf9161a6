package consumer_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/naftiko/naftiko-go/pkg/consumer"
)

var simpleDoc = doc(`
    - type: http
      namespace: api
      baseUri: "BASE"
      resources:
        - name: r
          path: "/data"
          operations:
            - name: get
`)

// TestFaults checks that every upstream fault ends in a typed error that
// names the operation and the URL.
func TestFaults(t *testing.T) {
	tests := []struct {
		name     string
		handler  http.HandlerFunc
		settings consumer.Settings
		kind     consumer.Kind
		msg      string
	}{{
		name: "timeout",
		handler: func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done() // answers only once the client gave up
		},
		settings: consumer.Settings{Timeout: 50 * time.Millisecond},
		kind:     consumer.KindTimeout, msg: "no answer within 50ms",
	}, {
		name: "connection reset before the answer",
		handler: func(w http.ResponseWriter, r *http.Request) {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				_ = conn.(interface{ SetLinger(int) error }).SetLinger(0)
				conn.Close()
			}
		},
		kind: consumer.KindTransport, msg: "",
	}, {
		name:    "5xx",
		handler: reply(503, "application/json", `{"error":"down"}`),
		kind:    consumer.KindStatus, msg: "status 503",
	}, {
		name:    "200 with an HTML body",
		handler: reply(200, "text/html", `<html><body>Login</body></html>`),
		kind:    consumer.KindDecode, msg: "json body (text/html, 31 bytes): invalid character '<'",
	}, {
		name: "truncated body",
		handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "100")
			_, _ = io.WriteString(w, `{"a":`)
		},
		kind: consumer.KindDecode, msg: "truncated body: got 5 of 100 bytes",
	}, {
		name:     "declared body over the limit",
		handler:  reply(200, "application/json", `{"a":"`+strings.Repeat("x", 100)+`"}`),
		settings: consumer.Settings{MaxResponseBytes: 64},
		kind:     consumer.KindTooLarge, msg: "Content-Length 108 exceeds the limit of 64 bytes",
	}, {
		name: "streamed body over the limit",
		handler: func(w http.ResponseWriter, r *http.Request) {
			for i := 0; i < 10; i++ {
				_, _ = io.WriteString(w, strings.Repeat("x", 10))
				w.(http.Flusher).Flush()
			}
		},
		settings: consumer.Settings{MaxResponseBytes: 64},
		kind:     consumer.KindTooLarge, msg: "body exceeds the limit of 64 bytes",
	}, {
		name: "redirect loop",
		handler: func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/data", http.StatusFound)
		},
		kind: consumer.KindTransport, msg: "stopped after 10 redirects",
	}, {
		name:    "rejected by CheckResponse",
		handler: reply(200, "application/json", `{"keys":[]}`),
		settings: consumer.Settings{CheckResponse: func(resp *http.Response, body []byte) error {
			return fmt.Errorf("bundle has no keys (%d bytes)", len(body))
		}},
		kind: consumer.KindRejected, msg: "bundle has no keys (11 bytes)",
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			up := newUpstream(t, tc.handler)
			ns := compile(t, simpleDoc, up.URL, consumer.Options{Settings: tc.settings})
			_, err := call(t, ns, "get", nil, nil)
			var ce *consumer.Error
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v (%T), want *consumer.Error", err, err)
			}
			if ce.Kind != tc.kind || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("err = %v (kind %s), want kind %s containing %q", err, ce.Kind, tc.kind, tc.msg)
			}
			if ce.Operation != "api.get" || ce.URL != up.URL+"/data" {
				t.Errorf("err names %q at %q", ce.Operation, ce.URL)
			}
		})
	}
}

func TestStatusKeepsResponse(t *testing.T) {
	up := newUpstream(t, reply(404, "application/json", `{"error":"no such item"}`))
	ns := compile(t, simpleDoc, up.URL, consumer.Options{})
	res, err := call(t, ns, "get", nil, nil)
	var ce *consumer.Error
	if !errors.As(err, &ce) || ce.Kind != consumer.KindStatus || ce.Status != 404 {
		t.Fatalf("err = %v", err)
	}
	if res == nil || res.Status != 404 || string(res.Body) != `{"error":"no such item"}` {
		t.Fatalf("res = %+v", res)
	}
	if m, _ := res.Value.(map[string]any); m["error"] != "no such item" {
		t.Errorf("Value = %#v", res.Value)
	}
}

func TestContextCancel(t *testing.T) {
	started := make(chan struct{})
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-r.Context().Done()
	})
	ns := compile(t, simpleDoc, up.URL, consumer.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-started
		cancel()
	}()
	_, err := ns.Operation("get").Call(ctx, nil, nil)
	if consumer.KindOf(err) != consumer.KindTransport || !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want a transport error wrapping context.Canceled", err)
	}
}

func tlsSettings(srv *httptest.Server) consumer.Settings {
	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	return consumer.Settings{TLSConfig: &tls.Config{RootCAs: pool}}
}

func TestTLS(t *testing.T) {
	up := newTLSUpstream(t, reply(200, "application/json", `{"secure":true}`))
	t.Run("trusted", func(t *testing.T) {
		set := tlsSettings(up.Server)
		set.RequireHTTPS = true
		ns := compile(t, simpleDoc, up.URL, consumer.Options{Settings: set})
		res, err := call(t, ns, "get", nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if m, _ := res.Value.(map[string]any); m["secure"] != true {
			t.Errorf("Value = %#v", res.Value)
		}
	})
	t.Run("unknown authority", func(t *testing.T) {
		ns := compile(t, simpleDoc, up.URL, consumer.Options{})
		_, err := call(t, ns, "get", nil, nil)
		if consumer.KindOf(err) != consumer.KindTransport ||
			!strings.Contains(err.Error(), "certificate") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("TLS 1.1 refused", func(t *testing.T) {
		old := httptest.NewUnstartedServer(reply(200, "application/json", `{}`))
		old.TLS = &tls.Config{MaxVersion: tls.VersionTLS11}
		old.Config.ErrorLog = log.New(io.Discard, "", 0)
		old.StartTLS()
		defer old.Close()
		set := tlsSettings(old)
		set.TLSConfig.MinVersion = tls.VersionTLS10 // raised to 1.2 by the transport
		ns := compile(t, simpleDoc, old.URL, consumer.Options{Settings: set})
		_, err := call(t, ns, "get", nil, nil)
		if consumer.KindOf(err) != consumer.KindTransport {
			t.Errorf("err = %v", err)
		}
	})
}

func TestRedirectToHTTPRefused(t *testing.T) {
	plain := newUpstream(t, reply(200, "application/json", `{}`))
	secure := newTLSUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, plain.URL+"/data", http.StatusFound)
	})
	for _, require := range []bool{false, true} {
		set := tlsSettings(secure.Server)
		set.RequireHTTPS = require
		ns := compile(t, simpleDoc, secure.URL, consumer.Options{Settings: set})
		_, err := call(t, ns, "get", nil, nil)
		if consumer.KindOf(err) != consumer.KindTransport ||
			!strings.Contains(err.Error(), "redirect refused: from https to http") {
			t.Errorf("RequireHTTPS=%v: err = %v", require, err)
		}
	}
	if plain.count() != 0 {
		t.Errorf("the http target received %d requests", plain.count())
	}
}

func TestRequireHTTPS(t *testing.T) {
	plain := newUpstream(t, reply(200, "application/json", `{}`))
	_, err := tryCompile(t, simpleDoc, plain.URL, consumer.Options{
		Settings: consumer.Settings{RequireHTTPS: true}})
	if err == nil || !strings.Contains(err.Error(), "https is required") {
		t.Errorf("http baseUri with RequireHTTPS: err = %v", err)
	}
	// An http redirect target is refused even when the redirect starts on
	// http (only reachable through a templated URL).
	hop := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, plain.URL+"/data", http.StatusFound)
	})
	set := consumer.Settings{RequireHTTPS: true,
		URL: "{{SCHEME}}://" + strings.TrimPrefix(hop.URL, "http://")}
	ns := compile(t, simpleDoc, "http://unused", consumer.Options{Settings: set})
	_, err = call(t, ns, "get", nil, map[string]any{"SCHEME": "http"})
	if consumer.KindOf(err) != consumer.KindInput || !strings.Contains(err.Error(), "https required") {
		t.Errorf("templated http URL: err = %v", err)
	}
}
