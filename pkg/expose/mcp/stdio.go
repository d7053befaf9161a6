package mcp

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// maxLine bounds one stdio frame.
const maxLine = mcp.DefaultMaxLineLength

// stdioTransport frames newline-delimited JSON-RPC on in and out. Unlike
// the SDK's stdio transport, which ends the session on the first line it
// cannot decode, it answers such a line with a JSON-RPC error (-32700 when
// it is not JSON, -32600 when it is not a JSON-RPC message; id null) and
// reads on. Blank lines are skipped.
func stdioTransport(in io.Reader, out io.Writer) mcp.Transport {
	lw := &lockedWriter{w: out}
	pr, pw := io.Pipe()
	go filterFrames(bufio.NewReaderSize(in, 64<<10), pw, lw)
	return &mcp.IOTransport{Reader: pr, Writer: nopWriteCloser{lw}}
}

func filterFrames(br *bufio.Reader, pw *io.PipeWriter, lw *lockedWriter) {
	for {
		line, tooLong, err := readLine(br)
		switch trimmed := bytes.TrimSpace(line); {
		case tooLong:
			writeError(lw, jsonrpc.CodeInvalidRequest,
				fmt.Sprintf("Invalid Request: message longer than %d bytes", maxLine))
		case len(trimmed) == 0:
		case !json.Valid(trimmed):
			writeError(lw, jsonrpc.CodeParseError, "Parse error: the line is not valid JSON")
		default:
			if _, derr := jsonrpc.DecodeMessage(trimmed); derr != nil {
				writeError(lw, jsonrpc.CodeInvalidRequest, "Invalid Request: "+derr.Error())
				break
			}
			if _, werr := pw.Write(append(trimmed, '\n')); werr != nil {
				return // the session is gone
			}
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = nil
			}
			_ = pw.CloseWithError(err)
			return
		}
	}
}

// readLine reads one line without its newline; a line over maxLine is
// consumed and reported as too long.
func readLine(br *bufio.Reader) (line []byte, tooLong bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if len(line)+len(chunk) > maxLine {
				tooLong, line = true, nil
			} else {
				line = append(line, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return line, tooLong, err
	}
}

func writeError(w io.Writer, code int64, msg string) {
	data, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": nil,
		"error": map[string]any{"code": code, "message": msg}})
	_, _ = w.Write(append(data, '\n'))
}

// lockedWriter serializes whole-frame writes of the SDK and of the
// framing errors.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
