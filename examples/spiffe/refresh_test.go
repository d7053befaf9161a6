package spiffe_test

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"

	"github.com/naftiko/naftiko-go/pkg/naftiko"
	"github.com/naftiko/naftiko-go/pkg/spiffe"
	"github.com/naftiko/naftiko-go/pkg/spiffe/bundleendpoint"
)

// polling follows a 1s refresh hint (the default floor would make it 30s)
// and retries 50ms after a failure.
var polling = spiffe.RefreshPolicy{Min: 100 * time.Millisecond, Retry: 50 * time.Millisecond}

// TestRefresherFollowsRotations: a runtime that serves no request at all
// follows two successive full CA rotations of its https_spiffe bundle
// endpoint, polling at the bundle's 1s refresh hint; a runtime that polls
// too rarely (floor of one hour) is left with stale roots.
func TestRefresherFollowsRotations(t *testing.T) {
	ep := startHintedEndpoint(t, "127.0.0.1:0")
	following, _ := startPolling(t, settingsFor(spiffeClient(t, ep)), polling)
	stale, _ := startPolling(t, settingsFor(spiffeClient(t, ep)),
		spiffe.RefreshPolicy{Min: time.Hour})

	for seq := 2; seq <= 5; seq++ {
		step := ep.PrepareCA
		if seq%2 == 1 {
			step = ep.ActivateCA
		}
		if err := step(); err != nil {
			t.Fatal(err)
		}
		waitUpdated(t, following, seq)
	}
	status, _, body, err := getBundle(t, nil, following.rest)
	if err != nil {
		t.Fatal(err)
	}
	if status != http.StatusOK {
		t.Fatalf("after two rotations, following runtime: %d %s", status, body)
	}
	served, _ := ep.Served()
	if d := cmp.Diff(decode(t, served), decode(t, body)); d != "" {
		t.Errorf("REST body is not the bundle served last (-served +REST):\n%s", d)
	}
	if !strings.Contains(following.log.String(),
		`level=DEBUG msg="spiffe: bundle refreshed"`) {
		t.Errorf("no refresh logged at debug:\n%s", following.log)
	}
	status, _, body, _ = getBundle(t, nil, stale.rest)
	if status != http.StatusBadGateway || !strings.Contains(string(body), "certificate") {
		t.Errorf("runtime polling hourly: %d %s; want 502 naming the certificate",
			status, body)
	}
}

// TestRefreshFailureKeepsBundle: while the endpoint is down the runtime
// keeps its bundle, logs each failed poll at warn and retries; once the
// endpoint is back it fetches the rotation prepared meanwhile, so it still
// trusts the endpoint after the new CA is activated.
func TestRefreshFailureKeepsBundle(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ep := startHintedEndpoint(t, addr)
	rt, _ := startPolling(t, settingsFor(spiffeClient(t, ep)), polling)

	waitLog(t, rt, "a first poll", regexp.MustCompile(`bundle refreshed.* sequence=1 `))
	ep.Close()
	if err := ep.PrepareCA(); err != nil { // sequence 2, served once back
		t.Fatal(err)
	}
	failed := regexp.MustCompile(`level=WARN msg="spiffe: bundle refresh failed; keeping ` +
		`the current bundle".* failures=3 .*connection refused`)
	waitLog(t, rt, "three failed polls", failed)
	if err := ep.Start(); err != nil {
		t.Fatalf("restart the endpoint on %s: %v", addr, err)
	}
	waitUpdated(t, rt, 2)
	if err := ep.ActivateCA(); err != nil {
		t.Fatal(err)
	}
	status, _, body, err := getBundle(t, nil, rt.rest)
	if err != nil || status != http.StatusOK {
		t.Fatalf("after the outage and the activation: %d %s %v", status, body, err)
	}
}

// TestShutdownStopsRefresher: after Shutdown no goroutine of the runtime,
// its refresher included, is left.
func TestShutdownStopsRefresher(t *testing.T) {
	ep := startHintedEndpoint(t, "127.0.0.1:0")
	before := goleak.IgnoreCurrent()
	r, rt := startPolling(t, settingsFor(spiffeClient(t, ep)), polling)
	waitLog(t, r, "a first poll", regexp.MustCompile(`bundle refreshed`))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := rt.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	goleak.VerifyNone(t, before)
	if strings.Contains(r.log.String(), "refresh failed") {
		t.Errorf("shutdown logged as a failed refresh:\n%s", r.log)
	}
}

// startHintedEndpoint starts an https_spiffe endpoint on addr whose bundle
// says spiffe_refresh_hint 1s.
func startHintedEndpoint(t *testing.T, addr string) *bundleendpoint.Server {
	t.Helper()
	s, err := bundleendpoint.New(bundleendpoint.Config{TrustDomain: td,
		Profile: bundleendpoint.ProfileSPIFFE, RefreshHint: time.Second, Listen: addr})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// startPolling is start with a refresh policy and debug logs.
func startPolling(t *testing.T, st naftiko.Settings, p spiffe.RefreshPolicy) (*running,
	*naftiko.Runtime) {
	t.Helper()
	l, err := naftiko.Load(document)
	if err != nil {
		t.Fatalf("load %s: %v", document, err)
	}
	logs := &logBuffer{}
	rt, err := naftiko.New(l, naftiko.Options{Settings: st, BundleRefresh: p,
		Logger: slog.New(slog.NewTextHandler(logs,
			&slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatalf("naftiko.New: %v", err)
	}
	if err := rt.Start(context.Background()); err != nil {
		t.Fatalf("start: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		rt.Shutdown(ctx)
		if t.Failed() {
			t.Logf("runtime log:\n%s", logs)
		}
	})
	r := &running{log: logs}
	for _, l := range rt.Listeners() {
		if l.Namespace == restNS {
			r.rest = l.URL
		}
	}
	return r, rt
}

// waitUpdated waits until r logged that it keeps the bundle of sequence seq.
func waitUpdated(t *testing.T, r *running, seq int) {
	t.Helper()
	n := strconv.Itoa(seq)
	waitLog(t, r, "sequence "+n, regexp.MustCompile(
		`msg="spiffe: trust bundle updated from the bundle endpoint".* sequence=`+n+` `))
}

// waitLog polls r's log every 10ms for up to 10s until re matches: it
// waits for an event and asserts nothing about speed.
func waitLog(t *testing.T, r *running, what string, re *regexp.Regexp) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !re.MatchString(r.log.String()) {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s after 10s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
