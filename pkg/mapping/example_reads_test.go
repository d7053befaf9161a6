package mapping_test

import (
	"fmt"

	"github.com/naftiko/naftiko-go/pkg/mapping"
	"github.com/naftiko/naftiko-go/pkg/spec"
)

func ExampleReads() {
	outs, err := mapping.CompileAll([]spec.OutputParameter{{Type: "object",
		Properties: []spec.NamedOutput{
			{Name: "city", Param: spec.OutputParameter{Type: "string", Mapping: "$.location.city"}},
			{Name: "id", Param: spec.OutputParameter{Type: "number", Mapping: "$.id"}},
		}}}, "outputParameters")
	if err != nil {
		fmt.Println(err)
		return
	}
	paths, ok := mapping.Reads(outs)
	fmt.Println(paths, ok, mapping.PassesThrough(outs))
	// Output: [[location city] [id]] true false
}
