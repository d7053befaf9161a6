// Package naftiko runs Naftiko capabilities inside a Go program: it is the
// embedding API that the naftiko command itself is a thin layer over.
//
// A capability document says what a capability consumes (upstream HTTP
// APIs) and what it exposes (REST and MCP servers, skill catalogues). Running one takes four
// steps.
//
// Load the document. [Load] validates it and resolves its imports; a
// document with errors returns a *spec.InvalidError listing every finding
// by file, line and field:
//
//	l, err := naftiko.Load("capability.yaml")
//
// Bind it. [New] compiles every consumed operation, resolves binds and
// secrets, and builds one exposer per exposes entry, without listening
// yet. Deployment [Settings] (base URIs, timeouts, listen addresses and
// ports, TLS, log format) stay outside the document:
//
//	rt, err := naftiko.New(l, naftiko.Options{
//		Logger: slog.New(slog.NewTextHandler(os.Stderr, nil)),
//		Settings: naftiko.Settings{
//			Consumes: map[string]naftiko.ConsumeSettings{
//				"weather": {BaseURI: "http://localhost:8081"},
//			},
//		},
//	})
//
// Invoke operations directly, with no server involved:
//
//	res, err := rt.Invoke(ctx, "weather.get-forecast", map[string]any{"city": "Oslo"})
//
// Serve. [Runtime.Start] starts every exposer and returns once all listen;
// [Runtime.Shutdown] stops accepting and waits for requests in flight.
// [Runtime.Serve] does both around a context, which is what `naftiko run`
// calls with a context cancelled by SIGINT and SIGTERM:
//
//	err = rt.Serve(ctx)
//
// Every HTTP listener also answers GET /healthz (always 200 while
// serving), /readyz (200 between Start and Shutdown, else 503) and
// /metrics (Prometheus text format, see [expose.Metrics]). A stdio-only
// deployment can serve the same three on [Settings.AdminAddress].
//
// Custom exposers. An exposes entry of a type the spec does not know is
// served by a factory the program registers, before loading, with
// [RegisterExposer] (or in its own registry passed as [Options.Registry]
// and [LoadOptions.Registry]). The factory receives the entry, whose
// [spec.Exposes.Raw] holds its fields, the engine, a logger and its
// settings; see package expose.
//
// Settings come from a YAML file, NAFTIKO_* environment variables and
// command-line flags, later wins; [RegisterFlags] adds the flags to a
// flag.FlagSet and [Overrides.Settings] layers the three.
package naftiko
