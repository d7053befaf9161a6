package consumer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
)

// read reads the body through the size limit.
func (o *Operation) read(ctx context.Context, resp *http.Response, u string) ([]byte, error) {
	limit := o.set.MaxResponseBytes
	if resp.ContentLength > limit {
		return nil, o.fail(KindTooLarge, u, fmt.Errorf("Content-Length %d exceeds the limit of %d bytes",
			resp.ContentLength, limit))
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) && resp.ContentLength > 0 {
			return nil, o.fail(KindDecode, u, fmt.Errorf("truncated body: got %d of %d bytes: %w",
				len(body), resp.ContentLength, err))
		}
		return nil, o.classify(ctx, u, fmt.Errorf("reading body: %w", err))
	}
	if int64(len(body)) > limit {
		return nil, o.fail(KindTooLarge, u, fmt.Errorf("body exceeds the limit of %d bytes", limit))
	}
	return body, nil
}

// classify turns a transport error into an *Error.
func (o *Operation) classify(ctx context.Context, u string, err error) *Error {
	var ne net.Error
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded),
		errors.Is(err, context.DeadlineExceeded),
		errors.As(err, &ne) && ne.Timeout():
		return o.fail(KindTimeout, u, fmt.Errorf("no answer within %s: %w",
			o.set.Timeout, unwrapURL(err)))
	}
	return o.fail(KindTransport, u, unwrapURL(err))
}

// unwrapURL drops the *url.Error layer, whose message repeats the URL.
func unwrapURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func drain(resp *http.Response) {
	_, _ = io.CopyN(io.Discard, resp.Body, 64<<10)
	resp.Body.Close()
}

// describe summarises a body for a decode error message.
func describe(h http.Header, body []byte) string {
	ct := h.Get("Content-Type")
	if ct == "" {
		ct = "no Content-Type"
	}
	return fmt.Sprintf("%s, %d bytes", ct, len(body))
}
