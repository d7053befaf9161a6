package expose

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
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
		ErrorLog:          slog.NewLogLogger(l.Logger.Handler(), slog.LevelDebug),
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
