// Package expose holds what every exposed adapter shares: the [Exposer]
// interface, the [Registry] of exposer factories keyed by the exposes
// `type` of a capability document, the deployment [Settings] of one
// exposer, and the [Metrics] and [Health] every HTTP listener serves on
// /metrics, /healthz and /readyz.
//
// The built-in adapters live in the sub-packages rest, mcp and skill; the
// embedding package naftiko registers them in its default registry. An
// embedding program serves a type of its own by registering a [Factory]:
//
//	reg := expose.NewRegistry()
//	reg.Register("grpc", func(p expose.Params) (expose.Exposer, error) {
//		return newGRPCServer(p.Entry.Raw, p.Engine, p.Logger)
//	})
//
// One exposer is built per exposes entry of the loaded capability. Entries
// of imported documents are never part of the loaded document, so they are
// never started.
package expose
