package consumer

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/net/http/httpguts"

	"github.com/naftiko/naftiko-go/pkg/template"
)

// Response is the answer of one upstream call.
type Response struct {
	Status int
	Header http.Header
	URL    string // the URL that was requested
	Body   []byte // read through the size limit
	// Value is Body decoded by the operation's outputRawFormat; after
	// [Operation.CallFields], only the parts the fields name.
	Value any
}

// request is one outgoing request before it is sent.
type request struct {
	url         *url.URL
	header      http.Header
	body        []byte
	contentType string
	digest      *credentials // answer a Digest challenge with these
	secretQuery string       // "key=" of a query parameter holding a secret
	display     string       // the URL for messages, secrets masked
}

// Call sends the operation with params (the caller's parameters) over
// bindings (the bound variables, lowest precedence for ordinary templates,
// highest for authentication fields). An upstream status >= 400 returns
// both the Response and an *Error of kind [KindStatus].
func (o *Operation) Call(ctx context.Context, params, bindings map[string]any) (*Response, error) {
	return o.CallFields(ctx, params, bindings, nil)
}

// CallFields is [Operation.Call] for a caller that reads only the given
// fields of a JSON body (a successful one: error bodies are decoded whole):
// Response.Value then holds those fields and the objects on the way to
// them, decoded exactly as Call decodes them. Bodies in other formats are
// decoded whole. A nil f is Call.
func (o *Operation) CallFields(ctx context.Context, params, bindings map[string]any,
	f *Fields) (*Response, error) {
	req, err := o.build(params, bindings)
	if err != nil {
		return nil, err
	}
	return o.send(ctx, req, f)
}

func (o *Operation) fail(kind Kind, u string, err error) *Error {
	return &Error{Kind: kind, Operation: o.name, URL: u, Err: err}
}

// build renders everything the request needs.
func (o *Operation) build(params, bindings map[string]any) (*request, error) {
	work := make(map[string]any, len(params)+len(o.params))
	for k, v := range params {
		work[k] = v
	}
	scope := template.Scope{work, bindings}
	req := &request{header: http.Header{}}
	query, err := o.applyParams(req, scope, work)
	if err != nil {
		return nil, o.fail(KindInput, "", err)
	}

	u, err := o.url.render(scope)
	if err != nil {
		return nil, o.fail(KindInput, "", err)
	}
	req.url = u
	if o.auth != nil {
		if err := o.auth.apply(req, template.Scope{bindings, work}, &query); err != nil {
			return nil, o.fail(KindInput, u.Redacted(), err)
		}
	}
	if len(query) > 0 {
		q := strings.Join(query, "&")
		if u.RawQuery != "" {
			u.RawQuery += "&" + q
		} else {
			u.RawQuery = q
		}
	}
	req.display = u.Redacted()
	if req.secretQuery != "" {
		masked := *u
		masked.RawQuery = maskQuery(u.RawQuery, req.secretQuery)
		req.display = masked.Redacted()
	}

	if o.body != nil {
		b, ct, err := o.body.render(scope)
		if err != nil {
			return nil, o.fail(KindInput, req.display, err)
		}
		req.body, req.contentType = b, ct
	}
	return req, nil
}

// applyParams puts the input parameters on req and returns the encoded
// query pairs. Each value found is also written back into work, where
// later templates see it.
func (o *Operation) applyParams(req *request, scope template.Scope, work map[string]any) (
	[]string, error) {
	var query, cookies []string
	for _, p := range o.params {
		v, ok, err := o.paramValue(p, scope, work)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		work[p.name] = v
		switch p.in {
		case "header":
			s := template.Format(v)
			if !httpguts.ValidHeaderFieldValue(s) {
				return nil, fmt.Errorf("header %s: value contains CR, LF or another "+
					"control character", p.name)
			}
			req.header.Set(p.name, s)
		case "query":
			query = appendQuery(query, p.name, v)
		case "cookie":
			s := template.Format(v)
			if strings.ContainsAny(s, "\r\n;") || !httpguts.ValidHeaderFieldValue(s) {
				return nil, fmt.Errorf("cookie %s: value contains CR, LF, ; or another "+
					"control character", p.name)
			}
			cookies = append(cookies, p.name+"="+s)
		}
	}
	if len(cookies) > 0 {
		req.header.Set("Cookie", strings.Join(cookies, "; "))
	}
	return query, nil
}

// paramValue finds a parameter's value: its own template (dropped when a
// variable is missing), the call's parameter of that name, or the
// environment for "in: environment".
func (o *Operation) paramValue(p param, scope template.Scope, work map[string]any) (
	any, bool, error) {
	if p.value != nil {
		v, found, err := p.value.Value(scope)
		if err != nil || !found {
			return nil, false, err
		}
		return v, v != nil, nil
	}
	if v, ok := work[p.name]; ok && v != nil {
		return v, true, nil
	}
	if p.in == "environment" {
		if v, ok := o.env(p.name); ok {
			return v, true, nil
		}
	}
	return nil, false, nil
}

func appendQuery(q []string, name string, v any) []string {
	if list, ok := v.([]any); ok {
		for _, e := range list {
			q = append(q, url.QueryEscape(name)+"="+url.QueryEscape(template.Format(e)))
		}
		return q
	}
	return append(q, url.QueryEscape(name)+"="+url.QueryEscape(template.Format(v)))
}

// send performs the request, answering a Digest challenge when asked to,
// and reads and decodes the response.
func (o *Operation) send(ctx context.Context, req *request, f *Fields) (*Response, error) {
	u := req.display
	ctx, cancel := context.WithTimeout(ctx, o.set.Timeout)
	defer cancel()
	resp, err := o.do(ctx, req, "")
	if err != nil {
		return nil, o.classify(ctx, u, err)
	}
	if req.digest != nil && resp.StatusCode == http.StatusUnauthorized {
		// Answer the challenge once; a challenge we cannot answer leaves
		// the 401 as the answer.
		authz, aerr := req.digest.answer(resp.Header.Get("WWW-Authenticate"), o.method, req.url)
		if aerr == nil {
			drain(resp)
			resp, err = o.do(ctx, req, authz)
			if err != nil {
				return nil, o.classify(ctx, u, err)
			}
		} else {
			o.log.Warn("digest challenge not answered", "operation", o.name, "error", aerr)
		}
	}
	defer resp.Body.Close()
	body, err := o.read(ctx, resp, u)
	if err != nil {
		return nil, err
	}
	out := &Response{Status: resp.StatusCode, Header: resp.Header, URL: u, Body: body}
	if o.set.CheckResponse != nil {
		if err := o.set.CheckResponse(resp, body); err != nil {
			return out, &Error{Kind: KindRejected, Operation: o.name, URL: u,
				Status: resp.StatusCode, Err: err}
		}
	}
	if resp.StatusCode >= 400 {
		out.Value, _ = o.decodeBody(body)
		return out, &Error{Kind: KindStatus, Operation: o.name, URL: u, Status: resp.StatusCode}
	}
	v, err := o.decodeFields(body, f)
	if err != nil {
		return out, o.fail(KindDecode, u, fmt.Errorf("%s body (%s): %w", o.format,
			describe(resp.Header, body), err))
	}
	out.Value = v
	return out, nil
}

func (o *Operation) do(ctx context.Context, req *request, authz string) (*http.Response, error) {
	var rd io.Reader
	if req.body != nil {
		rd = bytes.NewReader(req.body)
	}
	hr, err := http.NewRequestWithContext(ctx, o.method, req.url.String(), rd)
	if err != nil {
		return nil, err
	}
	hr.Header = req.header.Clone()
	if req.contentType != "" && hr.Header.Get("Content-Type") == "" {
		hr.Header.Set("Content-Type", req.contentType)
	}
	if authz != "" {
		hr.Header.Set("Authorization", authz)
	}
	return o.client.Do(hr)
}

// maskQuery replaces the value of the parameter starting with prefix.
func maskQuery(raw, prefix string) string {
	parts := strings.Split(raw, "&")
	for i, p := range parts {
		if strings.HasPrefix(p, prefix) {
			parts[i] = prefix + "REDACTED"
		}
	}
	return strings.Join(parts, "&")
}
