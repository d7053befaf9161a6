package spec_test

import (
	"fmt"
	"path/filepath"

	"github.com/naftiko/naftiko-go/pkg/spec"
)

// Load reads a capability, resolves its imports and reports what is
// wrong with it; the typed model is ready for the runtime.
func ExampleLoad() {
	l, err := spec.Load(filepath.Join("..", "..", "testdata", "spec", "valid", "imports.yaml"),
		spec.Options{})
	if err != nil {
		fmt.Println("cannot read:", err)
		return
	}
	if err := l.Diagnostics.Err(); err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range l.Document.Capability.Consumes {
		fmt.Println(c.Namespace, "from", filepath.Base(c.Origin.File))
	}
	// Output:
	// billing from shared-consumes.yaml
	// billing-copy from shared-consumes.yaml
	// ledger from ledger.yaml
}

// Parse checks a document held in memory; each diagnostic names the
// file, line, column and field path.
func ExampleParse() {
	doc := []byte(`naftiko: "1.0.0-alpha1"
capability:
  exposes:
    - type: rst
      port: 8080
      namespace: demo
`)
	l, err := spec.Parse("demo.yaml", doc, spec.Options{Level: spec.LevelStrict})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range l.Diagnostics {
		fmt.Println(d)
		fmt.Println("at", d.Path)
	}
	// Output:
	// demo.yaml:4:7: error: type "rst" is not one of rest, mcp, skill [schema]
	// at capability.exposes[0].type
}

// A Cache shared by the loads of a folder checks a file imported by
// several documents once; each load still reports that file's findings.
func ExampleCache() {
	dir := filepath.Join("..", "..", "testdata", "spec", "valid")
	opts := spec.Options{Cache: spec.NewCache()}
	for _, name := range []string{"imports.yaml", "shared-consumes.yaml"} {
		l, err := spec.Load(filepath.Join(dir, name), opts)
		if err != nil {
			fmt.Println("cannot read:", err)
			return
		}
		fmt.Println(name, "errors:", l.Diagnostics.HasErrors(), "imports:", len(l.Imports))
	}
	// Output:
	// imports.yaml errors: false imports: 2
	// shared-consumes.yaml errors: false imports: 0
}
