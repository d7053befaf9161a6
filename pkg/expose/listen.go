package expose

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
)

// HTTPListener runs one net/http server for an exposer: it listens when
// started, serves until shut down, and reports its URL.
type HTTPListener struct {
	// Name identifies the exposer in logs and errors ("rest ns").
	Name    string
	Host    string
	Port    int
	Handler http.Handler
	// Settings provide timeouts and TLS.
	Settings Settings
	Logger   *slog.Logger

	srv     *http.Server
	addr    string
	done    chan struct{}
	stopped bool
}

// Start listens on Host:Port and serves in the background. An address in
// use fails here, naming the address.
func (l *HTTPListener) Start(_ context.Context) error {
	s := l.Settings.WithDefaults()
	addr := net.JoinHostPort(l.Host, strconv.Itoa(l.Port))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("%s: listen on %s: %w", l.Name, addr, err)
	}
	l.addr = ln.Addr().String()
	l.srv = &http.Server{
		Handler:           l.Handler,
		ReadHeaderTimeout: s.ReadHeaderTimeout,
		ReadTimeout:       s.ReadTimeout,
		WriteTimeout:      s.WriteTimeout,
		IdleTimeout:       s.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          log.New(serverLog{l.Logger, l.Name}, "", 0),
	}
	if s.TLS != nil {
		ln = tls.NewListener(ln, s.TLS)
	}
	l.done = make(chan struct{})
	go func() {
		defer close(l.done)
		if err := l.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			l.Logger.Error("serve failed", "exposer", l.Name, "address", l.addr, "error", err)
		}
	}()
	return nil
}

// Shutdown stops accepting, waits for requests in flight until ctx is done
// and then closes the remaining connections. Later calls do nothing.
func (l *HTTPListener) Shutdown(ctx context.Context) error {
	if l.srv == nil || l.stopped {
		return nil
	}
	l.stopped = true
	err := l.srv.Shutdown(ctx)
	if err != nil {
		_ = l.srv.Close()
		err = fmt.Errorf("%s: shutdown: %w", l.Name, err)
	}
	<-l.done
	return err
}

// Addrs returns the listener URL once started.
func (l *HTTPListener) Addrs() []string {
	if l.addr == "" {
		return nil
	}
	scheme := "http"
	if l.Settings.TLS != nil {
		scheme = "https"
	}
	return []string{scheme + "://" + l.addr}
}

// serverLog carries net/http's own server messages into slog. A refused TLS
// handshake (an mTLS caller without an admitted SVID, an unknown CA) is a
// warning an operator wants to see; a client that hangs up before the
// handshake (a TCP health probe) and everything else stays at debug.
type serverLog struct {
	logger *slog.Logger
	name   string
}

func (w serverLog) Write(p []byte) (int, error) {
	msg := strings.TrimSpace(string(p))
	level := slog.LevelDebug
	if strings.Contains(msg, "TLS handshake error") && !strings.HasSuffix(msg, ": EOF") {
		level = slog.LevelWarn
	}
	w.logger.Log(context.Background(), level, "http server", "exposer", w.name, "message", msg)
	return len(p), nil
}
