package naftiko

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
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
// errors:
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
	return s, s.validate(path)
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

func (s *Settings) consume(ns string) *ConsumeSettings {
	if s.Consumes == nil {
		s.Consumes = map[string]ConsumeSettings{}
	}
	c := s.Consumes[ns]
	return &c
}

func (s *Settings) setConsume(ns string, f func(*ConsumeSettings)) {
	c := s.consume(ns)
	f(c)
	s.Consumes[ns] = *c
}

func (s *Settings) setExpose(ns string, f func(*ExposeSettings)) {
	if s.Exposes == nil {
		s.Exposes = map[string]ExposeSettings{}
	}
	e := s.Exposes[ns]
	f(&e)
	s.Exposes[ns] = e
}

// Environment variables read by [Settings.ApplyEnv]. The list variables
// hold comma-separated namespace=value pairs.
const (
	EnvSettings      = "NAFTIKO_SETTINGS"       // settings file path
	EnvLogLevel      = "NAFTIKO_LOG_LEVEL"      // debug|info|warn|error
	EnvLogFormat     = "NAFTIKO_LOG_FORMAT"     // text|json
	EnvAdminAddress  = "NAFTIKO_ADMIN_ADDRESS"  // host:port
	EnvShutdownGrace = "NAFTIKO_SHUTDOWN_GRACE" // duration
	EnvBaseURI       = "NAFTIKO_BASE_URI"       // ns=URL,ns=URL
	EnvTimeout       = "NAFTIKO_TIMEOUT"        // ns=DUR or DUR (all)
	EnvAddress       = "NAFTIKO_ADDRESS"        // ns=ADDR
	EnvPort          = "NAFTIKO_PORT"           // ns=PORT
)

// ApplyEnv layers the NAFTIKO_* variables over s.
func (s *Settings) ApplyEnv(lookup func(string) (string, bool)) error {
	get := func(k string) string { v, _ := lookup(k); return strings.TrimSpace(v) }
	if v := get(EnvLogLevel); v != "" {
		s.LogLevel = v
	}
	if v := get(EnvLogFormat); v != "" {
		s.LogFormat = v
	}
	if v := get(EnvAdminAddress); v != "" {
		s.AdminAddress = v
	}
	if v := get(EnvShutdownGrace); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("settings: %s: %w", EnvShutdownGrace, err)
		}
		s.ShutdownGrace = Duration(d)
	}
	for _, kv := range []struct {
		env string
		set func(*Settings, string) error
	}{
		{EnvBaseURI, (*Settings).SetBaseURI}, {EnvTimeout, (*Settings).SetTimeout},
		{EnvAddress, (*Settings).SetAddress}, {EnvPort, (*Settings).SetPort},
	} {
		for _, item := range strings.Split(get(kv.env), ",") {
			if item = strings.TrimSpace(item); item == "" {
				continue
			}
			if err := kv.set(s, item); err != nil {
				return fmt.Errorf("settings: %s: %w", kv.env, err)
			}
		}
	}
	return s.validate("environment")
}

func splitPair(arg, what string) (string, string, error) {
	ns, v, ok := strings.Cut(arg, "=")
	if !ok || strings.TrimSpace(ns) == "" || strings.TrimSpace(v) == "" {
		return "", "", fmt.Errorf("%q: want namespace=%s", arg, what)
	}
	return strings.TrimSpace(ns), strings.TrimSpace(v), nil
}

// SetBaseURI applies "namespace=URL".
func (s *Settings) SetBaseURI(arg string) error {
	ns, v, err := splitPair(arg, "URL")
	if err != nil {
		return err
	}
	s.setConsume(ns, func(c *ConsumeSettings) { c.BaseURI = v })
	return nil
}

// SetTimeout applies "namespace=DURATION", or "DURATION" for every
// consumed namespace.
func (s *Settings) SetTimeout(arg string) error {
	ns, v, ok := strings.Cut(arg, "=")
	if !ok {
		ns, v = "", arg
	}
	d, err := time.ParseDuration(strings.TrimSpace(v))
	if err != nil || d <= 0 {
		return fmt.Errorf("%q: want [namespace=]DURATION such as 10s", arg)
	}
	if ns == "" {
		s.Defaults.Timeout = Duration(d)
		return nil
	}
	s.setConsume(strings.TrimSpace(ns), func(c *ConsumeSettings) { c.Timeout = Duration(d) })
	return nil
}

// SetMaxResponseBytes applies "namespace=N", or "N" for every namespace.
func (s *Settings) SetMaxResponseBytes(arg string) error {
	ns, v, ok := strings.Cut(arg, "=")
	if !ok {
		ns, v = "", arg
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || n <= 0 {
		return fmt.Errorf("%q: want [namespace=]BYTES", arg)
	}
	if ns == "" {
		s.Defaults.MaxResponseBytes = n
		return nil
	}
	s.setConsume(strings.TrimSpace(ns), func(c *ConsumeSettings) { c.MaxResponseBytes = n })
	return nil
}

// SetAddress applies "namespace=ADDRESS" to an exposer.
func (s *Settings) SetAddress(arg string) error {
	ns, v, err := splitPair(arg, "ADDRESS")
	if err != nil {
		return err
	}
	s.setExpose(ns, func(e *ExposeSettings) { e.Address = v })
	return nil
}

// SetPort applies "namespace=PORT" to an exposer (0 or -1: any free port).
func (s *Settings) SetPort(arg string) error {
	ns, v, err := splitPair(arg, "PORT")
	if err != nil {
		return err
	}
	p, err := strconv.Atoi(v)
	if err != nil || p < -1 || p > 65535 {
		return fmt.Errorf("%q: port must be 0..65535", arg)
	}
	if p == 0 {
		p = -1
	}
	s.setExpose(ns, func(e *ExposeSettings) { e.Port = p })
	return nil
}

// namespaces lists the keys of m, sorted, for messages.
func namespaces[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
