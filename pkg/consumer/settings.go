package consumer

import (
	"crypto/tls"
	"net/http"
	"time"
)

// Defaults used when a [Settings] field is zero.
const (
	DefaultTimeout          = 30 * time.Second
	DefaultMaxResponseBytes = 16 << 20
)

// Settings are deployment settings for one consumed namespace. They live
// outside the capability document, which stays portable; the zero value
// means "as the document says, with the defaults above".
type Settings struct {
	// BaseURI replaces the namespace's baseUri.
	BaseURI string
	// URL, when set, is the full URL of every operation of the namespace,
	// replacing baseUri + resource path (a SPIFFE bundle endpoint is
	// configured by its URL). Query parameters are still appended.
	URL string
	// Timeout bounds one upstream call, from dial to the last body byte.
	Timeout time.Duration
	// MaxResponseBytes bounds the upstream response body.
	MaxResponseBytes int64
	// TLSConfig is the client TLS configuration (CA pool, client
	// certificate, SPIFFE peer authorization). Nil means system roots.
	TLSConfig *tls.Config
	// RequireHTTPS refuses any URL, including redirect targets, that is not
	// https.
	RequireHTTPS bool
	// CheckResponse, when set, is called with every response whose body
	// was read; a non-nil error turns the call into an upstream error
	// (for example: a bundle endpoint that served an invalid bundle).
	CheckResponse func(resp *http.Response, body []byte) error
}
