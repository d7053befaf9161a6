package binding_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/naftiko/naftiko-go/pkg/binding"
	"github.com/naftiko/naftiko-go/pkg/consumer"
	"github.com/naftiko/naftiko-go/pkg/spec"
)

// corpusDir holds real capability documents (see ../../../shared/corpus).
const corpusDir = "../../../shared/corpus"

// TestCorpusSmoke binds every capability of the corpus and runs every
// exposed operation and tool against one local upstream that answers
// {"ok": true}: nothing may panic or hang, and every failure must be a
// typed error. Skipped with -short, under the race detector (it takes
// long there and TestConcurrentRuns covers races), or when the corpus is
// absent.
func TestCorpusSmoke(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("slow: skipped with -short and under the race detector")
	}
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skip("no corpus")
	}
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"ok": true, "items": [{"id": "1"}]}`)
	}))
	defer up.Close()
	var files []string
	_ = filepath.WalkDir(corpusDir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
			files = append(files, p)
		}
		return nil
	})
	var bound, runs, mapped int
	kinds := map[string]int{}
	for _, f := range files {
		l, err := spec.Load(f, spec.Options{})
		if err != nil || l.Document == nil || l.Document.Capability == nil {
			continue
		}
		e, err := binding.New(l, binding.Options{
			LookupEnv: func(string) (string, bool) { return "x", true },
			Defaults:  consumer.Settings{BaseURI: up.URL},
		})
		if err != nil {
			if !strings.HasPrefix(err.Error(), "binding: ") {
				t.Errorf("%s: untyped start error %v", f, err)
			}
			continue
		}
		bound++
		for _, inv := range invocations(l) {
			p, err := e.Compile(inv.ns, inv.inv, inv.path)
			if err != nil {
				continue
			}
			runs++
			out, err := p.Run(context.Background(), inv.inputs)
			var ce *binding.Error
			switch {
			case err == nil:
				if out.Mapped {
					mapped++
				}
				kinds["ok"]++
			case errors.As(err, &ce):
				kinds[ce.Kind.String()]++
			default:
				t.Errorf("%s %s: untyped error %v", f, inv.path, err)
			}
		}
		_ = e.Close()
	}
	var ks []string
	for k, n := range kinds {
		ks = append(ks, fmt.Sprintf("%s %d", k, n))
	}
	sort.Strings(ks)
	t.Logf("%d files, %d bound, %d runs (%d mapped): %s", len(files), bound, runs, mapped,
		strings.Join(ks, ", "))
	if bound == 0 || kinds["ok"] == 0 {
		t.Errorf("nothing ran")
	}
}

var pathVar = regexp.MustCompile(`\{\{?([^{}]+)\}?\}`)

type invocation struct {
	ns, path string
	inv      *spec.Invocation
	inputs   map[string]any
}

// invocations lists the REST operations and MCP tools of a document, with
// a value for every declared input.
func invocations(l *spec.Loaded) []invocation {
	var out []invocation
	for i, ex := range l.Document.Capability.Exposes {
		switch {
		case ex.Rest != nil:
			for ri, r := range ex.Rest.Resources {
				for oi := range r.Operations {
					op := &r.Operations[oi]
					in := map[string]any{}
					for _, p := range append(append([]spec.ExposedInputParameter{},
						r.InputParameters...), op.InputParameters...) {
						in[p.Name] = "v-" + p.Name
					}
					for _, m := range pathVar.FindAllStringSubmatch(r.Path, -1) {
						in[m[1]] = "v-" + m[1] // what the REST exposer extracts
					}
					out = append(out, invocation{ex.Rest.Namespace, fmt.Sprintf(
						"capability.exposes[%d].resources[%d].operations[%d]", i, ri, oi),
						&op.Invocation, in})
				}
			}
		case ex.MCP != nil:
			for ti := range ex.MCP.Tools {
				tool := &ex.MCP.Tools[ti]
				in := map[string]any{}
				for _, p := range tool.InputParameters {
					in[p.Name] = "v-" + p.Name
				}
				out = append(out, invocation{ex.MCP.Namespace,
					fmt.Sprintf("capability.exposes[%d].tools[%d]", i, ti), &tool.Invocation, in})
			}
		}
	}
	return out
}
