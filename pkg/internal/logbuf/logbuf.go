// Package logbuf holds a log sink for tests: a buffer that a server's
// goroutines write log lines to while the test reads them.
package logbuf

import (
	"bytes"
	"sync"
)

// Buffer collects written bytes; it is safe for concurrent writers and
// readers. The zero value is ready to use.
type Buffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write appends p.
func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns everything written so far.
func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
