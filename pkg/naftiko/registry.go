package naftiko

import (
	"github.com/naftiko/naftiko-go/pkg/expose"
	"github.com/naftiko/naftiko-go/pkg/expose/mcp"
	"github.com/naftiko/naftiko-go/pkg/expose/rest"
	"github.com/naftiko/naftiko-go/pkg/expose/skill"
)

var defaultRegistry = NewRegistry()

// NewRegistry returns a registry holding the built-in exposers: rest, mcp
// and skill.
func NewRegistry() *expose.Registry {
	r := expose.NewRegistry()
	r.Register("rest", rest.New)
	r.Register("mcp", mcp.New)
	r.Register("skill", skill.New)
	return r
}

// DefaultRegistry returns the registry runtimes use when
// [Options.Registry] is nil.
func DefaultRegistry() *expose.Registry { return defaultRegistry }

// RegisterExposer serves exposes entries of type typ with f in every
// runtime built afterwards from the default registry. It replaces a
// built-in when typ is rest, mcp or skill.
func RegisterExposer(typ string, f expose.Factory) { defaultRegistry.Register(typ, f) }
