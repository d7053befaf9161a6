package mcp

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"
)

// FuzzStdioFrames feeds arbitrary input to the stdio framing: it must
// end, pass on only decodable JSON-RPC lines, and answer everything else
// with JSON error lines.
func FuzzStdioFrames(f *testing.F) {
	f.Add("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n")
	f.Add("{not json\n\n42\n[1,2]\n")
	f.Add("{\"jsonrpc\":\"2.0\",\"method\":\"x\"} tail\r\n{\"jsonrpc\":\"2.0\",\"id\":\"a\"}")
	f.Fuzz(func(t *testing.T, in string) {
		var out bytes.Buffer
		pr, pw := io.Pipe()
		passed := make(chan []byte)
		go func() {
			b, _ := io.ReadAll(pr)
			passed <- b
		}()
		filterFrames(bufio.NewReader(strings.NewReader(in)), pw, &lockedWriter{w: &out})
		for _, line := range strings.Split(strings.TrimSpace(string(<-passed)), "\n") {
			if line != "" && !json.Valid([]byte(line)) {
				t.Errorf("passed on an invalid line %q", line)
			}
		}
		for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
			if line != "" && !json.Valid([]byte(line)) {
				t.Errorf("wrote an invalid error line %q", line)
			}
		}
	})
}
