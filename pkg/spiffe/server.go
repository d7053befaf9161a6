package spiffe

import (
	"crypto/tls"
	"errors"
	"fmt"
	"strings"

	"github.com/spiffe/go-spiffe/v2/spiffeid"
	"github.com/spiffe/go-spiffe/v2/spiffetls/tlsconfig"
)

// ServerTLS returns the TLS configuration to serve an exposer over mTLS
// with src's SVID, authorizing callers as az says. Callers must present an
// X.509-SVID that chains to src's bundle for their trust domain.
func ServerTLS(src Source, az Authorize) (*tls.Config, error) {
	if src == nil {
		return nil, errors.New("the runtime has no identity (set identity in the settings)")
	}
	authz, err := Authorizer(az)
	if err != nil {
		return nil, err
	}
	return tlsconfig.MTLSServerConfig(src, src, authz), nil
}

// Authorizer turns az into a go-spiffe authorizer. Exactly one of its
// fields must be set.
func Authorizer(az Authorize) (tlsconfig.Authorizer, error) {
	set := 0
	for _, ok := range []bool{len(az.IDs) > 0, az.Prefix != "", az.TrustDomain != ""} {
		if ok {
			set++
		}
	}
	if set != 1 {
		return nil, errors.New("set exactly one of ids, prefix, trustDomain")
	}
	switch {
	case len(az.IDs) > 0:
		ids := make([]spiffeid.ID, 0, len(az.IDs))
		for i, s := range az.IDs {
			id, err := spiffeid.FromString(s)
			if err != nil {
				return nil, fmt.Errorf("ids[%d] %q: %w", i, s, err)
			}
			ids = append(ids, id)
		}
		return tlsconfig.AuthorizeOneOf(ids...), nil
	case az.Prefix != "":
		m, err := PrefixMatcher(az.Prefix)
		if err != nil {
			return nil, err
		}
		return tlsconfig.AdaptMatcher(m), nil
	}
	td, err := spiffeid.TrustDomainFromString(az.TrustDomain)
	if err != nil {
		return nil, fmt.Errorf("trustDomain %q: %w", az.TrustDomain, err)
	}
	return tlsconfig.AuthorizeMemberOf(td), nil
}

// PrefixMatcher matches the SPIFFE IDs under prefix, on path segment
// boundaries: "spiffe://example.org/ns/prod" (or ".../prod/") matches
// ".../ns/prod" itself and ".../ns/prod/api", never ".../ns/production".
// The prefix must have a path; use a trust domain to authorize all of it.
func PrefixMatcher(prefix string) (spiffeid.Matcher, error) {
	base, err := spiffeid.FromString(strings.TrimSuffix(prefix, "/"))
	if err != nil {
		return nil, fmt.Errorf("prefix %q: %w", prefix, err)
	}
	if base.Path() == "" {
		return nil, fmt.Errorf("prefix %q: needs a path (use trustDomain for a whole "+
			"trust domain)", prefix)
	}
	return func(id spiffeid.ID) error {
		if id.MemberOf(base.TrustDomain()) {
			p := id.Path()
			if p == base.Path() || strings.HasPrefix(p, base.Path()+"/") {
				return nil
			}
		}
		return fmt.Errorf("spiffe ID %q is not under %q", id, base)
	}, nil
}
