package naftiko

import (
	"flag"
	"fmt"
	"time"
)

// Overrides are deployment settings given on a command line. Register
// them on a flag set with [RegisterFlags]; [Overrides.Settings] then layers
// file, environment and flags.
type Overrides struct {
	settingsFile string
	edits        []func(*Settings) error
}

type editFlag struct {
	o   *Overrides
	set func(*Settings, string) error
}

func (f editFlag) String() string { return "" }

func (f editFlag) Set(v string) error {
	s := &Settings{} // check the syntax now, apply later
	if err := f.set(s, v); err != nil {
		return err
	}
	f.o.edits = append(f.o.edits, func(s *Settings) error { return f.set(s, v) })
	return nil
}

// RegisterFlags adds the deployment flags to fs:
//
//	--settings FILE              settings file (else $NAFTIKO_SETTINGS)
//	--log-level LEVEL            debug, info, warn, error
//	--log-format FORMAT          text or json (stderr)
//	--set-base-uri ns=URL        consumed namespace base URI (repeatable)
//	--timeout [ns=]DURATION      upstream call timeout (repeatable)
//	--max-response-bytes [ns=]N  upstream body limit (repeatable)
//	--address ns=ADDRESS         exposer listen address (repeatable)
//	--port ns=PORT               exposer port, 0 = any free (repeatable)
//	--admin-address HOST:PORT    separate /healthz, /readyz, /metrics
//	--shutdown-grace DURATION    time for in-flight requests at shutdown
func RegisterFlags(fs *flag.FlagSet) *Overrides {
	o := &Overrides{}
	fs.StringVar(&o.settingsFile, "settings", "", "settings `file` (YAML); default $"+EnvSettings)
	str := func(name, usage string, set func(*Settings, string)) {
		f := func(s *Settings, v string) error { set(s, v); return nil }
		fs.Var(editFlag{o, f}, name, usage)
	}
	str("log-level", "log `level`: debug, info, warn, error",
		func(s *Settings, v string) { s.LogLevel = v })
	str("log-format", "log `format` on stderr: text or json",
		func(s *Settings, v string) { s.LogFormat = v })
	str("admin-address", "serve /healthz, /readyz and /metrics on `host:port` too",
		func(s *Settings, v string) { s.AdminAddress = v })
	fs.Var(editFlag{o, func(s *Settings, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return fmt.Errorf("want a duration such as 15s")
		}
		s.ShutdownGrace = Duration(d)
		return nil
	}}, "shutdown-grace", "`duration` in-flight requests get to finish at shutdown (default 15s)")
	fs.Var(editFlag{o, (*Settings).SetBaseURI}, "set-base-uri",
		"base URI of a consumed namespace, as `ns=URL` (repeatable)")
	fs.Var(editFlag{o, (*Settings).SetTimeout}, "timeout",
		"upstream call timeout, as `[ns=]duration` (repeatable)")
	fs.Var(editFlag{o, (*Settings).SetMaxResponseBytes}, "max-response-bytes",
		"upstream response size limit, as `[ns=]bytes` (repeatable)")
	fs.Var(editFlag{o, (*Settings).SetAddress}, "address",
		"listen address of an exposer, as `ns=address` (repeatable)")
	fs.Var(editFlag{o, (*Settings).SetPort}, "port",
		"port of an exposer, as `ns=port`; 0 for any free port (repeatable)")
	return o
}

// Settings layers the settings file (from --settings, else
// $NAFTIKO_SETTINGS), the NAFTIKO_* environment and the flags, in that
// order.
func (o *Overrides) Settings(lookupEnv func(string) (string, bool)) (Settings, error) {
	var s Settings
	file := o.settingsFile
	if file == "" {
		file, _ = lookupEnv(EnvSettings)
	}
	if file != "" {
		var err error
		if s, err = LoadSettingsFile(file); err != nil {
			return s, err
		}
	}
	if err := s.ApplyEnv(lookupEnv); err != nil {
		return s, err
	}
	for _, edit := range o.edits {
		if err := edit(&s); err != nil {
			return s, err
		}
	}
	return s, s.validate("flags")
}
