package mapping_test

import (
	"encoding/json"
	"fmt"

	"github.com/naftiko/naftiko-go/pkg/mapping"
)

func ExampleCompilePath() {
	var doc any
	_ = json.Unmarshal([]byte(`{"get-ship": {"crew": [{"name": "Jo"}, {"name": "Al"}]}}`), &doc)
	for _, expr := range []string{"$.get-ship.crew[*].name", "$['get-ship'].crew[0]", "$.nope"} {
		p, err := mapping.CompilePath(expr)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(expr, "=>", p.Get(doc))
	}
	// Output:
	// $.get-ship.crew[*].name => [Jo Al]
	// $['get-ship'].crew[0] => map[name:Jo]
	// $.nope => <nil>
}
