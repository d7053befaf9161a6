// Package rest serves the `rest` exposes entries of a capability: one
// net/http server per entry, routing each resource path to its operations.
//
// Routing. A resource path holds literal segments and placeholders written
// {{name}} or {name}; a placeholder matches one segment, except one named
// "path" in the last position, which matches the rest of the request path.
// Resources are tried in declaration order, the first whose path matches
// wins. Within it the operation whose method equals the request method
// handles the request; when none does, the resource's forward (if any)
// proxies it, else the answer is 405 with an Allow header. An unmatched
// path gets 404. Path placeholders are percent-decoded once; a decoded
// value that is "." or ".." or holds a control character is refused with
// 400 so it can never walk an upstream path.
//
// Inputs. Each input parameter of the resource and then of the operation
// (later wins) reads one value: a static value, a path placeholder, the
// first query or header value, a cookie, or from the JSON body (a JSONPath
// `value`, else the field of the same name, else the whole body). Absent
// values are left out. Bodies over the size limit get 413; a body that is
// not JSON gets 400 when the operation reads body inputs. Declared types
// and patterns are documentation unless [expose.Settings.StrictInputs] is
// set; then a value that misses them gets 400.
//
// Answers. The operation's invocation (call, with, steps, or a mock) runs
// through a compiled [binding.Procedure]. A mapped result is sent as JSON
// with the upstream status; an unmapped one passes the upstream body and
// Content-Type through. Failures are application/problem+json documents
// naming the operation: 400 for unusable inputs, 502 for transport,
// decode, size and mapping failures, 504 for timeouts.
//
// Authentication. bearer, apikey (header or query), basic and digest
// (RFC 7616, SHA-256 and MD5, qop=auth) protect every resource; secrets
// come from the capability's binds (then the environment) and a server
// with an unresolved or empty secret refuses to start.
//
// Every server also answers GET /healthz, /readyz and /metrics (see
// [expose.Mount]) unless a resource claims the same path; these endpoints
// need no authentication.
package rest
