package bundleendpoint

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/spiffe/go-spiffe/v2/bundle/spiffebundle"
	"github.com/spiffe/go-spiffe/v2/federation"
	"github.com/spiffe/go-spiffe/v2/spiffeid"
	"github.com/spiffe/go-spiffe/v2/spiffetls/tlsconfig"
	"github.com/spiffe/go-spiffe/v2/svid/x509svid"

	"github.com/naftiko/naftiko-go/pkg/spiffe/authority"
)

// Profile names, as in the SPIFFE Federation specification.
const (
	ProfileWeb    = "https_web"
	ProfileSPIFFE = "https_spiffe"
)

// Defaults used when a [Config] field is zero.
const (
	DefaultListen      = "127.0.0.1:0"
	DefaultPath        = "/"
	DefaultRefreshHint = 5 * time.Minute
	DefaultEndpointID  = "/bundle-endpoint"
)

// Config configures a [Server].
type Config struct {
	// TrustDomain is the trust domain whose bundle is served. Required.
	TrustDomain spiffeid.TrustDomain
	// Profile is ProfileWeb or ProfileSPIFFE. Required.
	Profile string
	// Listen is the TCP address; it must be a loopback address.
	Listen string
	// Path is the URL path the bundle is served at; other paths are 404.
	Path string
	// RefreshHint is published as spiffe_refresh_hint.
	RefreshHint time.Duration
	// EndpointPath is the path of the endpoint's SPIFFE ID (https_spiffe).
	EndpointPath string
	// Logger receives request and rotation logs; nil discards them.
	Logger *slog.Logger
}

// Server is a running or not yet started bundle endpoint.
type Server struct {
	cfg        Config
	log        *slog.Logger
	endpointID spiffeid.ID

	mu      sync.Mutex
	bundle  *spiffebundle.Bundle
	cas     []*authority.CA // cas[0] signs the serving SVID; later ones are prepared
	jwt     *authority.JWTKey
	svid    *x509svid.SVID
	webCA   *authority.CA
	webCert tls.Certificate
	served  []byte
	hits    int

	ln  net.Listener
	srv *http.Server
}

// New generates the trust domain's keys and the serving certificate. The
// bundle starts at sequence number 1.
func New(cfg Config) (*Server, error) {
	if cfg.TrustDomain.IsZero() {
		return nil, errors.New("bundleendpoint: trust domain is required")
	}
	if cfg.Profile != ProfileWeb && cfg.Profile != ProfileSPIFFE {
		return nil, fmt.Errorf("bundleendpoint: profile %q: want %s or %s",
			cfg.Profile, ProfileWeb, ProfileSPIFFE)
	}
	if cfg.Listen == "" {
		cfg.Listen = DefaultListen
	}
	if cfg.Path == "" {
		cfg.Path = DefaultPath
	}
	if cfg.RefreshHint <= 0 {
		cfg.RefreshHint = DefaultRefreshHint
	}
	if cfg.EndpointPath == "" {
		cfg.EndpointPath = DefaultEndpointID
	}
	s := &Server{cfg: cfg, log: cfg.Logger}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	var err error
	if s.endpointID, err = spiffeid.FromPath(cfg.TrustDomain, cfg.EndpointPath); err != nil {
		return nil, fmt.Errorf("bundleendpoint: endpoint path: %w", err)
	}
	ca, err := authority.NewSPIFFECA(cfg.TrustDomain, 0)
	if err != nil {
		return nil, err
	}
	if s.jwt, err = authority.NewJWTKey(); err != nil {
		return nil, err
	}
	s.cas = []*authority.CA{ca}
	s.bundle = spiffebundle.New(cfg.TrustDomain)
	s.bundle.AddX509Authority(ca.Certificate())
	if err := s.bundle.AddJWTAuthority(s.jwt.ID, s.jwt.Public()); err != nil {
		return nil, fmt.Errorf("bundleendpoint: %w", err)
	}
	s.bundle.SetRefreshHint(cfg.RefreshHint)
	s.bundle.SetSequenceNumber(1)
	if cfg.Profile == ProfileSPIFFE {
		if s.svid, err = ca.IssueSVID(s.endpointID); err != nil {
			return nil, err
		}
		return s, nil
	}
	if s.webCA, err = authority.NewWebCA("bundle endpoint web CA", 0); err != nil {
		return nil, err
	}
	s.webCert, err = s.webCA.IssueServerCert("127.0.0.1", "localhost", "::1")
	return s, err
}

// Start listens on the configured loopback address and serves until Close.
func (s *Server) Start() error {
	host, _, err := net.SplitHostPort(s.cfg.Listen)
	if err != nil {
		return fmt.Errorf("bundleendpoint: listen %q: %w", s.cfg.Listen, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("bundleendpoint: listen %q: only loopback addresses", s.cfg.Listen)
	}
	ln, err := net.Listen("tcp", s.cfg.Listen)
	if err != nil {
		return fmt.Errorf("bundleendpoint: %w", err)
	}
	h, err := federation.NewHandler(s.cfg.TrustDomain, s, federation.WithLogger(spiffeLog{s.log}))
	if err != nil {
		ln.Close()
		return fmt.Errorf("bundleendpoint: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle(s.cfg.Path, s.record(h))
	s.ln = tls.NewListener(ln, s.tlsConfig())
	s.srv = &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	go func() {
		if err := s.srv.Serve(s.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("bundle endpoint stopped", "err", err)
		}
	}()
	s.log.Info("bundle endpoint serving", "url", s.URL(), "profile", s.cfg.Profile,
		"trust_domain", s.cfg.TrustDomain.String())
	return nil
}

// Close stops the server.
func (s *Server) Close() error {
	if s.srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return s.srv.Shutdown(ctx)
}

// URL is the bundle's URL once started.
func (s *Server) URL() string {
	if s.ln == nil {
		return ""
	}
	return "https://" + s.ln.Addr().String() + s.cfg.Path
}

// Addr is the listening address once started.
func (s *Server) Addr() string {
	if s.ln == nil {
		return ""
	}
	return s.ln.Addr().String()
}

// TrustDomain is the served trust domain.
func (s *Server) TrustDomain() spiffeid.TrustDomain { return s.cfg.TrustDomain }

// Profile is the endpoint profile.
func (s *Server) Profile() string { return s.cfg.Profile }

// EndpointID is the SPIFFE ID the endpoint presents under https_spiffe.
func (s *Server) EndpointID() spiffeid.ID { return s.endpointID }

func (s *Server) tlsConfig() *tls.Config {
	if s.cfg.Profile == ProfileSPIFFE {
		return tlsconfig.TLSServerConfig(servingSVID{s})
	}
	return &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{s.webCert}}
}

// servingSVID is the x509svid.Source of the endpoint's current SVID.
type servingSVID struct{ s *Server }

func (v servingSVID) GetX509SVID() (*x509svid.SVID, error) {
	v.s.mu.Lock()
	defer v.s.mu.Unlock()
	return v.s.svid, nil
}

// record wraps the federation handler to keep the last body it served.
func (s *Server) record(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != s.cfg.Path {
			http.NotFound(w, r)
			return
		}
		rec := &bodyRecorder{ResponseWriter: w}
		h.ServeHTTP(rec, r)
		s.mu.Lock()
		s.hits++
		if rec.status == 0 || rec.status == http.StatusOK {
			s.served = rec.body
		}
		s.mu.Unlock()
		s.log.Info("bundle served", "remote", r.RemoteAddr, "bytes", len(rec.body))
	})
}

type bodyRecorder struct {
	http.ResponseWriter
	status int
	body   []byte
}

func (b *bodyRecorder) WriteHeader(code int) { b.status = code; b.ResponseWriter.WriteHeader(code) }

func (b *bodyRecorder) Write(p []byte) (int, error) {
	b.body = append(b.body, p...)
	return b.ResponseWriter.Write(p)
}

type spiffeLog struct{ log *slog.Logger }

func (l spiffeLog) Debugf(f string, a ...any) { l.log.Debug(fmt.Sprintf(f, a...)) }
func (l spiffeLog) Infof(f string, a ...any)  { l.log.Info(fmt.Sprintf(f, a...)) }
func (l spiffeLog) Warnf(f string, a ...any)  { l.log.Warn(fmt.Sprintf(f, a...)) }
func (l spiffeLog) Errorf(f string, a ...any) { l.log.Error(fmt.Sprintf(f, a...)) }
