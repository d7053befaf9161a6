// Package consumer sends the upstream HTTP requests of consumed
// operations and decodes their answers into JSON values.
//
// [Compile] compiles one inline consumes entry into a [Namespace] of
// [Operation] values: URI, parameter, body and authentication templates,
// and the response decoder chosen by outputRawFormat. [Operation.Call]
// then builds and sends one request:
//
//	ns, err := consumer.Compile(&doc.Capability.Consumes[0], "capability.consumes[0]",
//		consumer.Options{Settings: consumer.Settings{Timeout: 5 * time.Second}})
//	resp, err := ns.Operation("get-ship").Call(ctx,
//		map[string]any{"imo": "IMO-9"},      // request parameters
//		map[string]any{"TOKEN": "secret"})   // bound variables
//
// Requests: the URL is baseUri + resource path (or [Settings.BaseURI] +
// path, or [Settings.URL]), rendered as a Mustache template in which
// single-brace placeholders ("/users/{id}") also work. Substituted values
// are percent-encoded so that each stays inside one path segment: "/",
// "?", "#" and ".." cannot change the target. A path placeholder without a
// value is an input error. Parameters go to the query (form-encoded, a
// list repeats the name), headers (CR and LF refused), cookies, or only
// into the template variables (path, environment); an optional parameter
// whose template variables are missing is dropped, not sent empty. Bodies
// are encoded as their type says (raw template, json with typed
// substitutions, text, xml, sparql, formUrlEncoded, multipartForm). In a
// raw body values are substituted verbatim, as the reference engine does,
// so a value holding a quote can break a JSON body; the json type encodes
// every value properly.
// Authentication: basic, bearer, apikey in a header or the query, and
// digest (RFC 7616, MD5 or SHA-256, qop=auth) answering the 401 challenge.
//
// Transport: [NewTransport] builds the pooled, TLS 1.2+ transport an
// engine shares between namespaces (a namespace with its own TLS
// configuration gets its own). Every call is bounded by a timeout (30 s by
// default) and by the caller's context; bodies are read through a size
// limit (16 MiB by default); redirects from https to http are refused and
// redirect chains are cut after [MaxRedirects]; an API key header is not
// sent to another host on redirect.
//
// Responses are decoded by outputRawFormat: json, xml (the root element
// dropped, repeated elements as arrays, attributes as fields), yaml,
// csv/tsv/psv (arrays of row objects), html ({"tables": [...]}, an
// optional CSS selector in outputSchema: tags, *, #id, .class, [attr],
// [attr=value], descendant and child combinators, groups) and markdown
// ({"frontMatter", "tables", "sections"}). avro and protobuf are refused
// at compile time. A caller that reads only some members of a JSON body
// says which with [Operation.CallFields] and [NewFields] (only those are
// decoded), or passes it on whole with [RawJSON] (it is re-encoded from its
// text as [JSONText], never decoded); both give the values and errors a
// full decode gives.
//
// Every failure is an *[Error] naming the operation and URL, with a
// [Kind]: a 200 answer whose body does not decode, or that is truncated,
// is KindDecode; a body over the limit KindTooLarge; an upstream status
// >= 400 KindStatus, returned together with the Response.
package consumer
