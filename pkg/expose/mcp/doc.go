// Package mcp serves the `mcp` exposes entries of a capability as Model
// Context Protocol servers, built on github.com/modelcontextprotocol/go-sdk.
//
// Transports. `http` serves the streamable HTTP transport on every path of
// address:port (address defaults to localhost) with JSON responses, next
// to GET /healthz, /readyz and /metrics. `stdio` speaks newline-delimited
// JSON-RPC on the process's standard input and output; nothing else is
// ever written to standard output (logs go to the injected logger, which
// the runtime points at standard error). A line that is not JSON gets a
// -32700 error and one that is not a JSON-RPC message a -32600 error (id
// null), and the session goes on. When the input ends, or at shutdown,
// requests already read are answered before the session closes.
//
// The server is named after the entry's namespace, carries the runtime
// version, and gives the entry's description as its instructions.
//
// Tools. A tool's input schema is built from its inputParameters: always
// {"type":"object","properties":{...},"required":[...]}, each property
// with its declared type and description, every parameter required unless
// it says required: false. Arguments are validated against that schema
// before anything runs (the SDK does not validate for tools registered
// with a raw handler); an argument error, like an unknown tool, is a
// JSON-RPC error -32602. The tool's call, with or steps run through a
// compiled [binding.Procedure]; the result is one text content holding the
// JSON of the mapped value (or the upstream body when nothing was mapped)
// and, when the mapped value is a JSON object, the same value as
// structuredContent. An upstream status >= 400, a transport failure or a
// timeout gives a result with isError set whose text says what failed.
//
// Annotations are set only when the tool has hints or a label: title from
// the label, destructiveHint and openWorldHint only when the hints set
// them. The SDK always writes readOnlyHint and idempotentHint in an
// annotations object (false when the hint is unset, which is also the
// protocol's default), unless MCPGODEBUG=hintomitempty=1 is set.
//
// Resources. A resource with call or steps runs them on resources/read;
// one whose uri holds {name} placeholders is a resource template whose
// placeholders (one path segment each) are the inputs. A resource with a
// file:/// location serves the files of that folder under uri/<relative
// path>: every segment must match [a-zA-Z0-9._-]+, and the files are read
// through an [os.Root], so neither ".." nor a symbolic link can leave the
// folder.
//
// Prompts render {{argument}} placeholders of inline template messages, or
// of a file:/// location read as one user message; placeholders with no
// argument stay as written, and substituted values are not scanned again.
package mcp
