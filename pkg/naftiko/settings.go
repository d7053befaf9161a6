package naftiko

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"sigs.k8s.io/yaml"

	"github.com/naftiko/naftiko-go/pkg/spiffe"
)

// Settings are deployment settings: everything about where and how a
// capability runs that does not belong in the portable document. They
// are layered, later wins: the settings file, then NAFTIKO_* environment
// variables, then command-line flags (see [Overrides]).
//
// The settings file is YAML (or JSON) of this shape; unknown keys are
// errors, and relative file paths in it are relative to the file's folder:
//
//	logLevel: info            # debug | info | warn | error
//	logFormat: text           # text | json (always on stderr)
//	adminAddress: 127.0.0.1:9090  # optional /healthz, /readyz, /metrics
//	shutdownGrace: 15s
//	identity:                 # the runtime's SPIFFE identity (optional)
//	  workloadApi: unix:///run/spire/agent.sock
//	defaults:                 # every consumed namespace
//	  timeout: 30s
//	  maxResponseBytes: 16777216
//	consumes:
//	  weather:                # a consumed namespace (after import aliases)
//	    baseUri: http://localhost:8081/v1
//	    timeout: 5s
//	    requireHttps: false
//	    spiffe: {profile: https_web, caFile: ca.pem}
//	exposes:
//	  weather-api:            # an exposed namespace
//	    address: 127.0.0.1
//	    port: 9000
//	    readHeaderTimeout: 5s
//	    maxBodyBytes: 1048576
//	    strictInputs: true    # REST: 400 on type or pattern mismatch
//	    mtls: {trustDomain: example.org}
type Settings struct {
	LogLevel      string                     `json:"logLevel,omitempty"`
	LogFormat     string                     `json:"logFormat,omitempty"`
	AdminAddress  string                     `json:"adminAddress,omitempty"`
	ShutdownGrace Duration                   `json:"shutdownGrace,omitempty"`
	Identity      *spiffe.Identity           `json:"identity,omitempty"`
	Defaults      ConsumeSettings            `json:"defaults,omitempty"`
	Consumes      map[string]ConsumeSettings `json:"consumes,omitempty"`
	Exposes       map[string]ExposeSettings  `json:"exposes,omitempty"`
}

// ConsumeSettings override one consumed namespace.
type ConsumeSettings struct {
	// BaseURI replaces the namespace's baseUri.
	BaseURI string `json:"baseUri,omitempty"`
	// Timeout bounds one upstream call.
	Timeout Duration `json:"timeout,omitempty"`
	// MaxResponseBytes bounds an upstream body.
	MaxResponseBytes int64 `json:"maxResponseBytes,omitempty"`
	// RequireHTTPS refuses plain-HTTP URLs.
	RequireHTTPS bool `json:"requireHttps,omitempty"`
	// SPIFFE sets how the namespace's TLS peers are authenticated.
	SPIFFE *spiffe.Client `json:"spiffe,omitempty"`
}

// ExposeSettings override one exposed namespace.
type ExposeSettings struct {
	Address           string   `json:"address,omitempty"`
	Port              int      `json:"port,omitempty"` // -1: any free port
	ReadHeaderTimeout Duration `json:"readHeaderTimeout,omitempty"`
	ReadTimeout       Duration `json:"readTimeout,omitempty"`
	WriteTimeout      Duration `json:"writeTimeout,omitempty"`
	IdleTimeout       Duration `json:"idleTimeout,omitempty"`
	MaxBodyBytes      int64    `json:"maxBodyBytes,omitempty"`
	// StrictInputs rejects REST inputs that do not match their declared
	// type or pattern with 400.
	StrictInputs bool `json:"strictInputs,omitempty"`
	// MTLS serves the exposer over mutual TLS with the runtime identity,
	// admitting the SPIFFE IDs it names.
	MTLS *spiffe.Authorize `json:"mtls,omitempty"`
}

// DefaultShutdownGrace is how long in-flight requests may take to finish
// once shutdown begins, when the settings do not say.
const DefaultShutdownGrace = 15 * time.Second

// Duration is a time.Duration written as "1.5s" or "300ms" in settings
// files (a bare number is seconds).
type Duration time.Duration

// UnmarshalJSON reads "10s" or 10 (seconds).
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		var n float64
		if err := json.Unmarshal(b, &n); err != nil {
			return fmt.Errorf("duration must be a string like \"10s\" or seconds: %s", b)
		}
		*d = Duration(n * float64(time.Second))
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// MarshalJSON writes the duration as a string.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// LoadSettingsFile reads a settings file; see [Settings].
func LoadSettingsFile(path string) (Settings, error) {
	var s Settings
	data, err := os.ReadFile(path)
	if err != nil {
		return s, fmt.Errorf("settings: %w", err)
	}
	if err := yaml.UnmarshalStrict(data, &s); err != nil {
		return s, fmt.Errorf("settings: %s: %w", path, err)
	}
	if err := s.validate(path); err != nil {
		return s, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return s, fmt.Errorf("settings: %w", err)
	}
	s.resolvePaths(filepath.Dir(abs))
	return s, nil
}

// resolvePaths makes the relative file paths of a settings file relative to
// the file's own folder, so a settings file means the same thing from any
// working directory. Paths given by flags or the environment stay relative
// to the working directory, as a shell user expects.
func (s *Settings) resolvePaths(dir string) {
	abs := func(p *string) {
		if *p != "" && !filepath.IsAbs(*p) {
			*p = filepath.Join(dir, *p)
		}
	}
	if id := s.Identity; id != nil {
		abs(&id.CertFile)
		abs(&id.KeyFile)
		abs(&id.BundleFile)
	}
	client := func(c *ConsumeSettings) {
		if c.SPIFFE != nil {
			abs(&c.SPIFFE.CAFile)
			abs(&c.SPIFFE.BundleFile)
		}
	}
	client(&s.Defaults)
	for ns, c := range s.Consumes {
		client(&c)
		s.Consumes[ns] = c
	}
}

func (s *Settings) validate(where string) error {
	switch s.LogLevel {
	case "", "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("settings: %s: logLevel %q is not debug, info, warn or error", where,
			s.LogLevel)
	}
	switch s.LogFormat {
	case "", "text", "json":
	default:
		return fmt.Errorf("settings: %s: logFormat %q is not text or json", where, s.LogFormat)
	}
	for ns, e := range s.Exposes {
		if e.Port < -1 || e.Port > 65535 {
			return fmt.Errorf("settings: %s: exposes.%s.port %d is out of range", where, ns, e.Port)
		}
	}
	return nil
}

func (s *Settings) setConsume(ns string, f func(*ConsumeSettings)) {
	if s.Consumes == nil {
		s.Consumes = map[string]ConsumeSettings{}
	}
	c := s.Consumes[ns]
	f(&c)
	s.Consumes[ns] = c
}

func (s *Settings) setExpose(ns string, f func(*ExposeSettings)) {
	if s.Exposes == nil {
		s.Exposes = map[string]ExposeSettings{}
	}
	e := s.Exposes[ns]
	f(&e)
	s.Exposes[ns] = e
}
