package spiffe

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/spiffe/go-spiffe/v2/bundle/spiffebundle"

	"github.com/naftiko/naftiko-go/pkg/consumer"
)

// Defaults of a [RefreshPolicy] whose fields are zero.
const (
	// DefaultRefreshInterval is the polling interval when the bundle has no
	// spiffe_refresh_hint.
	DefaultRefreshInterval = 5 * time.Minute
	// MinRefreshInterval is the floor: a smaller refresh hint does not make
	// the runtime poll the endpoint more often.
	MinRefreshInterval = 30 * time.Second
	// MaxRefreshInterval is the ceiling: a larger refresh hint does not make
	// the runtime poll less often.
	MaxRefreshInterval = time.Hour
	// DefaultRetryInterval is the wait after a failed poll; it doubles with
	// each further failure, up to the normal interval.
	DefaultRetryInterval = 5 * time.Second
)

// RefreshPolicy says how often the background refresher polls a bundle
// endpoint. The zero value means the defaults above; tests shorten them.
type RefreshPolicy struct {
	Default time.Duration // interval when the bundle has no refresh hint
	Min     time.Duration // floor of the interval
	Max     time.Duration // ceiling of the interval
	Retry   time.Duration // first wait after a failure
}

func (p RefreshPolicy) withDefaults() RefreshPolicy {
	if p.Default <= 0 {
		p.Default = DefaultRefreshInterval
	}
	if p.Min <= 0 {
		p.Min = MinRefreshInterval
	}
	if p.Max <= 0 {
		p.Max = MaxRefreshInterval
	}
	if p.Retry <= 0 {
		p.Retry = DefaultRetryInterval
	}
	return p
}

// Interval returns the wait before the next poll when the bundle kept
// says hint as its spiffe_refresh_hint (0: none): the hint, or Default,
// held between Min and Max (Min wins if they cross).
func (p RefreshPolicy) Interval(hint time.Duration) time.Duration {
	p = p.withDefaults()
	d := hint
	if d <= 0 {
		d = p.Default
	}
	d = min(d, p.Max)
	return max(d, p.Min)
}

// RetryAfter returns the wait after the n-th failed poll in a row (n >= 1):
// Retry, doubled for each earlier failure, but never longer than normal,
// the interval a success would have given.
func (p RefreshPolicy) RetryAfter(n int, normal time.Duration) time.Duration {
	p = p.withDefaults()
	d := p.Retry
	for i := 1; i < n && d < normal; i++ {
		d *= 2
	}
	return min(d, normal)
}

// refresher polls one https_spiffe bundle endpoint in the background and
// keeps the newest valid bundle in the store the TLS configuration reads.
type refresher struct {
	check   bundleAccept
	client  *http.Client
	timeout time.Duration
	limit   int64
	policy  RefreshPolicy

	mu     sync.Mutex
	cancel context.CancelFunc
	done   chan struct{}
	closed bool
}

// newRefresher builds the refresher of the namespace whose settings are
// s: the same TLS configuration (hence the same store and endpoint ID
// check), https only, the same timeout, size limit and bundle checks. It
// polls check.url, which is s.URL.
func newRefresher(check bundleAccept, s consumer.Settings, p RefreshPolicy) *refresher {
	r := &refresher{
		check: check, timeout: s.Timeout, limit: s.MaxResponseBytes,
		policy: p.withDefaults(),
	}
	if r.timeout <= 0 {
		r.timeout = consumer.DefaultTimeout
	}
	if r.limit <= 0 {
		r.limit = MaxBundleBytes
	}
	r.client = &http.Client{Transport: consumer.NewTransport(s.TLSConfig),
		CheckRedirect: httpsOnly}
	return r
}

// httpsOnly is the redirect policy of a bundle endpoint client.
func httpsOnly(req *http.Request, via []*http.Request) error {
	if len(via) >= consumer.MaxRedirects {
		return fmt.Errorf("redirect refused: stopped after %d redirects", len(via))
	}
	if req.URL.Scheme != "https" {
		return fmt.Errorf("redirect refused: https required, got %s", req.URL.Redacted())
	}
	return nil
}

// start runs the polling loop until close or until ctx is done. Only the
// first call starts it; a call after close does nothing.
func (r *refresher) start(ctx context.Context) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed || r.cancel != nil {
		return
	}
	ctx, r.cancel = context.WithCancel(ctx)
	r.done = make(chan struct{})
	go r.run(ctx, r.done)
}

// close stops the loop, aborting a poll in flight, and waits for it.
func (r *refresher) close() {
	r.mu.Lock()
	r.closed = true
	cancel, done := r.cancel, r.done
	r.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
	r.client.CloseIdleConnections()
}

func (r *refresher) run(ctx context.Context, done chan<- struct{}) {
	defer close(done)
	log, url, td := r.check.log, r.check.url, r.check.td.String()
	wait := r.policy.Interval(r.check.store.refreshHint(r.check.td))
	log.Debug("spiffe: bundle refresher started", "url", url, "trust_domain", td,
		"first_in", wait)
	timer := time.NewTimer(wait)
	defer timer.Stop()
	failures := 0
	for {
		select {
		case <-ctx.Done():
			log.Debug("spiffe: bundle refresher stopped", "url", url, "trust_domain", td)
			return
		case <-timer.C:
		}
		b, updated, err := r.poll(ctx)
		if ctx.Err() != nil {
			continue // stopped during the poll: not a failure of the endpoint
		}
		if err != nil {
			failures++
			normal := r.policy.Interval(r.check.store.refreshHint(r.check.td))
			wait = r.policy.RetryAfter(failures, normal)
			log.Warn("spiffe: bundle refresh failed; keeping the current bundle",
				"url", url, "trust_domain", td, "failures", failures, "retry_in", wait,
				"error", err)
		} else {
			failures = 0
			hint, _ := b.RefreshHint()
			wait = r.policy.Interval(hint)
			seq, _ := b.SequenceNumber()
			log.Debug("spiffe: bundle refreshed", "url", url, "trust_domain", td,
				"sequence", seq, "updated", updated, "next_in", wait)
		}
		timer.Reset(wait)
	}
}

// poll fetches the bundle once and keeps it when it is newer.
func (r *refresher) poll(ctx context.Context) (*spiffebundle.Bundle, bool, error) {
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.check.url, nil)
	if err != nil {
		return nil, false, err
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return nil, false, err
	}
	defer resp.Body.Close()
	if resp.ContentLength > r.limit {
		return nil, false, fmt.Errorf("Content-Length %d exceeds the limit of %d bytes",
			resp.ContentLength, r.limit)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, r.limit+1))
	if err != nil {
		return nil, false, fmt.Errorf("reading body: %w", err)
	}
	if int64(len(body)) > r.limit {
		return nil, false, fmt.Errorf("body exceeds the limit of %d bytes", r.limit)
	}
	return r.check.accept(resp.StatusCode, body)
}
