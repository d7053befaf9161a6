package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/naftiko/naftiko-go/pkg/spec"
)

// TestLoadAllMatchesSequential loads every fixture on the worker pool with
// a shared cache and compares each outcome, in input order, with a plain
// load of that file alone.
func TestLoadAllMatchesSequential(t *testing.T) {
	inputs, unreadable := expandPaths([]string{fixtures}, io.Discard)
	if unreadable || len(inputs) < 10 {
		t.Fatalf("fixtures: %d inputs, unreadable %v", len(inputs), unreadable)
	}
	inputs = append(inputs, "-")
	stdin := "naftiko: \"9\"\n"
	show := func(l *spec.Loaded, err error) string {
		if err != nil {
			return "error: " + err.Error()
		}
		var b strings.Builder
		fmt.Fprintf(&b, "%s imports %v\n", l.File, l.Imports)
		for _, d := range l.Diagnostics {
			b.WriteString(d.String() + "\n")
		}
		return b.String()
	}
	for _, level := range []spec.Level{spec.LevelCompat, spec.LevelStrict} {
		var want []string
		for _, in := range inputs {
			want = append(want, show(loadInput(in, strings.NewReader(stdin),
				spec.Options{Level: level})))
		}
		opts := spec.Options{Level: level, Cache: spec.NewCache()}
		for round := range 2 { // the second round is served by the cache
			var got []string
			for _, o := range loadAll(context.Background(), inputs,
				strings.NewReader(stdin), opts) {
				got = append(got, show(o.l, o.err))
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s round %d (-alone +pool):\n%s", level, round, diff)
			}
		}
	}
}

// TestLoadAllCancelled starts nothing once the context has ended.
func TestLoadAllCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	inputs := []string{filepath.Join(fixtures, "valid", "rest-basic.yaml")}
	for _, o := range loadAll(ctx, inputs, nil, spec.Options{}) {
		if o.l != nil || o.err != nil {
			t.Errorf("loaded after cancel: %+v", o)
		}
	}
}
