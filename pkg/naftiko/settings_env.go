package naftiko

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

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
