package authority

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"fmt"
)

// JWTKey is a JWT-SVID signing key and its key ID.
type JWTKey struct {
	ID  string
	Key crypto.Signer
}

// NewJWTKey generates a JWT signing key. Its key ID is derived from the
// public key, so it is stable for the key's lifetime.
func NewJWTKey() (*JWTKey, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("authority: generate JWT key: %w", err)
	}
	der, err := x509.MarshalPKIXPublicKey(key.Public())
	if err != nil {
		return nil, fmt.Errorf("authority: encode JWT key: %w", err)
	}
	sum := sha256.Sum256(der)
	return &JWTKey{ID: base64.RawURLEncoding.EncodeToString(sum[:16]), Key: key}, nil
}

// Public returns the public key, as a bundle's JWT authority.
func (k *JWTKey) Public() crypto.PublicKey { return k.Key.Public() }
