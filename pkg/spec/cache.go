package spec

import (
	"os"
	"strings"
	"sync"
	"time"
)

// Cache keeps files already loaded and validated so that later [Load]
// calls sharing it (through [Options.Cache]) do not decode and check them
// again: a folder of capabilities that import the same shared-consumes
// file checks that file once. The zero value is ready to use and a Cache
// is safe for concurrent use.
//
// An entry is keyed by the file's absolute path, the level and the
// exposes types of the options, and is used only while the file and every
// file it imports, directly or not, keep the size and modification time
// they had when read. Files whose loading met an import cycle are not
// kept, because what is reported about a cycle depends on where the
// loading entered it. Diagnostics are the same with and without a cache.
//
// The documents of cached files are shared by every [Loaded] that uses
// them (imported adapters already share their slices, see
// [Consumes.Origin]): callers that share a Cache must treat them as
// read-only.
type Cache struct {
	mu      sync.Mutex
	entries map[cacheKey]*entry
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{} }

type cacheKey struct {
	path  string
	level Level
	types string // Options.ExposeTypes, joined
}

func keyFor(abs string, opts Options) cacheKey {
	return cacheKey{path: abs, level: opts.Level.normalized(), types: strings.Join(opts.ExposeTypes, "\x00")}
}

// stamp identifies the version of a file that was read.
type stamp struct {
	path  string
	size  int64
	mtime time.Time
}

func stampOf(path string, st os.FileInfo) stamp {
	return stamp{path: path, size: st.Size(), mtime: st.ModTime()}
}

// current reports whether the file still has the size and modification
// time it had.
func (s stamp) current() bool {
	st, err := os.Stat(s.path)
	return err == nil && st.Mode().IsRegular() && st.Size() == s.size &&
		st.ModTime().Equal(s.mtime)
}

// entry is one file as loaded: the result, its own findings, the files it
// imports and every file its result depends on. Once stored in a Cache an
// entry is never changed.
type entry struct {
	l       *Loaded
	own     Diagnostics // its own findings, sorted, without those of imports
	edges   []*entry    // files read for its imports, in import order
	deps    []stamp     // the file itself, then every file read for it
	tainted bool        // met an import cycle or a failure cached for another location
	err     string      // why the file could not be read, if it could not
}

// get returns the entry for key when it is there and still current.
func (c *Cache) get(key cacheKey) *entry {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	e := c.entries[key]
	c.mu.Unlock()
	if e == nil {
		return nil
	}
	for _, s := range e.deps {
		if !s.current() {
			return nil
		}
	}
	return e
}

// put stores a finished, context-free entry.
//
// TODO(#6): two loads that miss the same file at the same time both load
// it (the results are equal; the later one is kept). Waiting for the
// first instead would need care with import cycles across goroutines.
func (c *Cache) put(key cacheKey, e *entry) {
	if c == nil || e.tainted || e.err != "" || len(e.deps) == 0 {
		return
	}
	c.mu.Lock()
	if c.entries == nil {
		c.entries = map[cacheKey]*entry{}
	}
	c.entries[key] = e
	c.mu.Unlock()
}

// finishDeps records the files e depends on: itself, then those of its
// imports, each once.
func (e *entry) finishDeps(self stamp) {
	e.deps = []stamp{self}
	seen := map[string]bool{self.path: true}
	for _, c := range e.edges {
		for _, s := range c.deps {
			if !seen[s.path] {
				seen[s.path] = true
				e.deps = append(e.deps, s)
			}
		}
	}
}
