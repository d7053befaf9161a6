package consumer

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// MaxRedirects bounds how many redirects one call follows.
const MaxRedirects = 10

// NewTransport returns a transport sized for concurrent calls: a large
// idle pool per host (the net/http default of 2 idle connections per host
// halves throughput under load), HTTP/2 when the server offers it, and
// TLS 1.2 or later. tlsConfig may be nil for the system roots; it is
// cloned, and its MinVersion raised to TLS 1.2 when lower.
func NewTransport(tlsConfig *tls.Config) *http.Transport {
	var tc *tls.Config
	if tlsConfig != nil {
		tc = tlsConfig.Clone()
	} else {
		tc = &tls.Config{}
	}
	if tc.MinVersion < tls.VersionTLS12 {
		tc.MinVersion = tls.VersionTLS12
	}
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		TLSClientConfig:       tc,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          1024,
		MaxIdleConnsPerHost:   256,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
}

// errRedirect marks a refused redirect.
var errRedirect = errors.New("redirect refused")

// newClient returns the client of one namespace: the shared transport with
// the namespace's redirect policy. secretHeaders (an API key header) are
// dropped when a redirect leaves the original host and port; net/http
// already drops Authorization and Cookie when the host name changes.
func newClient(rt http.RoundTripper, requireHTTPS bool, secretHeaders []string) *http.Client {
	return &http.Client{
		Transport: rt,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= MaxRedirects {
				return fmt.Errorf("%w: stopped after %d redirects (loop?)", errRedirect, len(via))
			}
			prev := via[len(via)-1].URL
			if prev.Scheme == "https" && req.URL.Scheme != "https" {
				return fmt.Errorf("%w: from https to %s (%s)", errRedirect, req.URL.Scheme,
					req.URL.Redacted())
			}
			if requireHTTPS && req.URL.Scheme != "https" {
				return fmt.Errorf("%w: https required, got %s", errRedirect, req.URL.Redacted())
			}
			if req.URL.Host != via[0].URL.Host {
				for _, h := range secretHeaders {
					req.Header.Del(h)
				}
			}
			return nil
		},
	}
}
