// Package binding turns a loaded capability into callable operations.
//
// [New] reads a [spec.Loaded] document once: it resolves the binds
// (environment variables and file:// key files), compiles every consumed
// HTTP operation (inline or imported, under its import alias) with its
// templates, JSONPath expressions and output parameters, and builds the
// shared HTTP transport. Nothing is parsed again per request, and a
// missing variable, key or file, or an unsupported format, fails New with
// a message naming it: "binding: file:line:column: field.path: problem"
// (the file an imported adapter came from, for its operations; the line
// when the file can be read).
//
// Every consumed operation is callable by "namespace.operation":
//
//	l, err := spec.Load("capability.yaml", spec.Options{})
//	// check err and l.Diagnostics.Err()
//	e, err := binding.New(l, binding.Options{Logger: logger})
//	res, err := e.Invoke(ctx, "registry.get-ship", map[string]any{"imo": "IMO-9"})
//	// res.Status, res.Header, res.Body (raw), res.Value (decoded JSON value)
//
// An exposer compiles what each of its operations, tools or resources
// does once, with [Engine.Compile], and runs it per request:
//
//	p, err := e.Compile("shipyard-tools", &tool.Invocation, "capability.exposes[0].tools[1]")
//	out, err := p.Run(ctx, arguments)
//	if out.Mapped {
//		// out.Value is the shaped answer
//	} else {
//		// out.Raw is the upstream body, out.ContentType its type
//	}
//
// A procedure runs in one of three modes. With call, it sends that
// operation: the inputs, then the with entries (a "namespace.param" string
// copies an input, any other string is a Mustache template, numbers stay
// numbers; all are evaluated against the inputs before any is applied),
// are the parameters; the output parameters shape the decoded body, the
// first non-null one winning. With steps, call steps run in order, each
// seeing the inputs, the bindings and the outputs of the earlier steps by
// name ({{get-ship.name}}); lookup steps pick entries of an earlier step's
// output; mappings ("$.step.path", real JSONPath) build the answer, and
// when none resolves the last call's response is shaped or passed
// through. With neither, the answer is built from static output values
// (mock mode).
//
// Bound variables are visible to every template. Request parameters
// shadow them, except in authentication fields, where bindings win.
//
// Errors are *[Error] values (an alias of [consumer.Error]) carrying the
// operation, the URL and a [consumer.Kind] to branch on: input, transport,
// timeout, status, too large, decode, mapping, rejected. Invoke returns a
// status >= 400 as both a Result and a KindStatus error; Run reports it in
// Outcome.Status with the body unmapped in Outcome.Raw.
//
// Deployment settings (base URI or full URL overrides, timeouts, size
// limits, TLS, https-only, response checks) come from [Options.Defaults]
// and [Options.Consumes], never from the document. [Options.Observe] is
// called after every upstream call, for metrics.
package binding
