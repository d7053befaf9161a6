package rest

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

const (
	digestRealm    = "naftiko"
	nonceLifetime  = 5 * time.Minute
	digestRealmHdr = `realm="` + digestRealm + `"`
)

// digestAuth is HTTP Digest authentication (RFC 7616) with qop=auth and
// the SHA-256 and MD5 algorithms. Nonces are a timestamp signed with a
// per-server key, valid for five minutes; each use of a nonce must carry a
// higher nonce count than the last, so a captured header cannot be
// replayed.
type digestAuth struct {
	user, pass string
	key        []byte
	now        func() time.Time

	mu   sync.Mutex
	used map[string]usedNonce // nonce -> highest count seen
}

type usedNonce struct {
	nc     uint64
	issued time.Time
}

func newDigestAuth(user, pass string) (*digestAuth, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("digest: %w", err)
	}
	return &digestAuth{user: user, pass: pass, key: key, now: time.Now,
		used: map[string]usedNonce{}}, nil
}

func (a *digestAuth) nonce() string {
	var ts [8]byte
	binary.BigEndian.PutUint64(ts[:], uint64(a.now().Unix()))
	m := hmac.New(sha256.New, a.key)
	m.Write(ts[:])
	return base64.RawURLEncoding.EncodeToString(append(ts[:], m.Sum(nil)...))
}

func (a *digestAuth) validNonce(n string) (issued time.Time, fresh bool, ok bool) {
	raw, err := base64.RawURLEncoding.DecodeString(n)
	if err != nil || len(raw) != 8+sha256.Size {
		return issued, false, false
	}
	m := hmac.New(sha256.New, a.key)
	m.Write(raw[:8])
	if !hmac.Equal(m.Sum(nil), raw[8:]) {
		return issued, false, false
	}
	issued = time.Unix(int64(binary.BigEndian.Uint64(raw[:8])), 0)
	return issued, a.now().Sub(issued) < nonceLifetime, true
}

// countUse records nonce count nc of nonce n and reports whether it is
// higher than every count seen before for n. Expired nonces are dropped.
func (a *digestAuth) countUse(n, nc string, issued time.Time) bool {
	count, err := strconv.ParseUint(nc, 16, 64)
	if err != nil || count == 0 {
		return false
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if u, seen := a.used[n]; seen && count <= u.nc {
		return false
	}
	a.used[n] = usedNonce{nc: count, issued: issued}
	if len(a.used) > 1024 {
		for k, u := range a.used {
			if a.now().Sub(u.issued) >= nonceLifetime {
				delete(a.used, k)
			}
		}
	}
	return true
}

func (a *digestAuth) challenge(w http.ResponseWriter, r *http.Request, stale bool) {
	n := a.nonce()
	extra := ""
	if stale {
		extra = ", stale=true"
	}
	unauthorized(w, r,
		fmt.Sprintf(`Digest %s, qop="auth", algorithm=SHA-256, nonce="%s"%s`,
			digestRealmHdr, n, extra),
		fmt.Sprintf(`Digest %s, qop="auth", algorithm=MD5, nonce="%s"%s`,
			digestRealmHdr, n, extra))
}

func (a *digestAuth) check(w http.ResponseWriter, r *http.Request) bool {
	h := r.Header.Get("Authorization")
	if len(h) < 7 || !strings.EqualFold(h[:7], "digest ") {
		a.challenge(w, r, false)
		return false
	}
	p := parseDigest(h[7:])
	var newHash func() hash.Hash
	switch strings.ToUpper(p["algorithm"]) {
	case "", "MD5":
		newHash = md5.New
	case "SHA-256":
		newHash = sha256.New
	default:
		a.challenge(w, r, false)
		return false
	}
	issued, fresh, ok := a.validNonce(p["nonce"])
	if !ok || p["realm"] != digestRealm || p["uri"] != r.RequestURI || p["qop"] != "auth" ||
		p["nc"] == "" || p["cnonce"] == "" {
		a.challenge(w, r, false)
		return false
	}
	hx := func(s string) string {
		d := newHash()
		d.Write([]byte(s))
		return hex.EncodeToString(d.Sum(nil))
	}
	ha1 := hx(a.user + ":" + digestRealm + ":" + a.pass)
	ha2 := hx(r.Method + ":" + p["uri"])
	want := hx(strings.Join([]string{ha1, p["nonce"], p["nc"], p["cnonce"], "auth", ha2}, ":"))
	userOK := same([]byte(p["username"]), []byte(a.user))
	if !same([]byte(p["response"]), []byte(want)) || !userOK {
		a.challenge(w, r, false)
		return false
	}
	if !fresh {
		a.challenge(w, r, true)
		return false
	}
	if !a.countUse(p["nonce"], p["nc"], issued) {
		a.challenge(w, r, false) // a replayed or reordered count
		return false
	}
	return true
}

// parseDigest splits the comma-separated k=v or k="v" list of a Digest
// Authorization header. Quoted values may hold commas and \-escapes.
func parseDigest(s string) map[string]string {
	out := map[string]string{}
	for len(s) > 0 {
		s = strings.TrimLeft(s, " \t,")
		eq := strings.IndexByte(s, '=')
		if eq <= 0 {
			break
		}
		key := strings.ToLower(strings.TrimSpace(s[:eq]))
		s = strings.TrimLeft(s[eq+1:], " \t")
		var val strings.Builder
		if strings.HasPrefix(s, `"`) {
			i := 1
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) {
					i++
				}
				val.WriteByte(s[i])
			}
			s = s[min(i+1, len(s)):]
		} else {
			end := strings.IndexByte(s, ',')
			if end < 0 {
				end = len(s)
			}
			val.WriteString(strings.TrimSpace(s[:end]))
			s = s[end:]
		}
		out[key] = val.String()
	}
	return out
}
