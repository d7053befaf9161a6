// Package baseline holds the servers naftiko-bench measures the runtime
// against, and the upstream they all call: a ~1 KB JSON user record, a
// hand-written handler that fetches and maps it, httputil.ReverseProxy, a
// hand-written go-sdk MCP server with the same tool (typed, and with a raw
// handler) and a go-sdk echo tool. It is internal to the benchmark.
package baseline
