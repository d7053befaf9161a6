package consumer

import (
	"errors"
	"fmt"
)

// Kind classifies why a call failed, so callers can branch on it.
type Kind int

const (
	// KindInput: the call's own inputs were unusable (an unresolved path
	// placeholder, a header value with CR or LF).
	KindInput Kind = iota + 1
	// KindTransport: the connection failed (refused, reset, DNS, TLS).
	KindTransport
	// KindTimeout: the call exceeded its timeout.
	KindTimeout
	// KindStatus: the upstream answered with a status >= 400.
	KindStatus
	// KindTooLarge: the response body exceeded the size limit.
	KindTooLarge
	// KindDecode: the body could not be decoded in the operation's format.
	KindDecode
	// KindMapping: output parameters could not be applied.
	KindMapping
	// KindRejected: the response failed a [Settings.CheckResponse] check.
	KindRejected
)

var kindNames = map[Kind]string{
	KindInput: "input", KindTransport: "transport", KindTimeout: "timeout",
	KindStatus: "status", KindTooLarge: "too large", KindDecode: "decode",
	KindMapping: "mapping", KindRejected: "rejected",
}

// String returns the kind's name, as used in error messages and metrics
// labels.
func (k Kind) String() string { return kindNames[k] }

// Error is the error of a failed upstream call. It names the operation
// ("namespace.operation") and, once known, the URL.
type Error struct {
	Kind      Kind
	Operation string
	URL       string
	Status    int // set for KindStatus
	Err       error
}

// Error formats the error as "ns.op: kind error calling URL: status N:
// cause", leaving out the parts that are unknown.
func (e *Error) Error() string {
	msg := fmt.Sprintf("%s: %s error", e.Operation, e.Kind)
	if e.URL != "" {
		msg += " calling " + e.URL
	}
	if e.Status != 0 {
		msg += fmt.Sprintf(": status %d", e.Status)
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// KindOf returns the Kind of the first *Error in err's chain, or 0.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return 0
}
