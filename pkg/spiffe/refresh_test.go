package spiffe_test

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/naftiko/naftiko-go/pkg/internal/logbuf"

	"github.com/google/go-cmp/cmp"
	"github.com/spiffe/go-spiffe/v2/federation"
	"github.com/spiffe/go-spiffe/v2/spiffetls/tlsconfig"
	"go.uber.org/goleak"

	"github.com/naftiko/naftiko-go/pkg/consumer"
	"github.com/naftiko/naftiko-go/pkg/spiffe"
	"github.com/naftiko/naftiko-go/pkg/spiffe/bundleendpoint"
)

// fast polls at every refresh hint within 20ms..50ms and retries after 10ms.
var fast = spiffe.RefreshPolicy{Min: 20 * time.Millisecond, Max: 50 * time.Millisecond,
	Retry: 10 * time.Millisecond}

func TestRefreshPolicy(t *testing.T) {
	s := time.Second
	p := spiffe.RefreshPolicy{Default: 60 * s, Min: 10 * s, Max: 600 * s, Retry: 2 * s}
	type row struct {
		Hint, Interval time.Duration
	}
	var got, want []row
	for _, r := range []row{
		{0, 60 * s},         // no hint: Default
		{30 * s, 30 * s},    // inside the bounds: the hint
		{1 * s, 10 * s},     // below the floor
		{3600 * s, 600 * s}, // above the ceiling
		{-5 * s, 60 * s},    // nonsense: Default
		{600 * s, 600 * s},  // at the ceiling
		{10 * s, 10 * s},    // at the floor
		{599 * s, 599 * s},  // just under the ceiling
		{11 * s, 11 * s},    // just over the floor
		{24 * 3600 * s, 600 * s},
	} {
		want = append(want, r)
		got = append(got, row{r.Hint, p.Interval(r.Hint)})
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Interval (-want +got):\n%s", d)
	}

	var retries []time.Duration
	for n := 1; n <= 7; n++ {
		retries = append(retries, p.RetryAfter(n, 30*s))
	}
	wantRetries := []time.Duration{2 * s, 4 * s, 8 * s, 16 * s, 30 * s, 30 * s, 30 * s}
	if d := cmp.Diff(wantRetries, retries); d != "" {
		t.Errorf("RetryAfter (-want +got):\n%s", d)
	}

	var zero spiffe.RefreshPolicy
	defaults := []time.Duration{zero.Interval(0), zero.Interval(time.Second),
		zero.Interval(48 * time.Hour), zero.RetryAfter(1, time.Hour)}
	wantDefaults := []time.Duration{spiffe.DefaultRefreshInterval, spiffe.MinRefreshInterval,
		spiffe.MaxRefreshInterval, spiffe.DefaultRetryInterval}
	if d := cmp.Diff(wantDefaults, defaults); d != "" {
		t.Errorf("zero policy (-want +got):\n%s", d)
	}
}

// TestRefresherFollowsRotations: with no call at all, the kept bundle
// follows two successive full CA rotations of the endpoint, and the kept
// bundle then authenticates the endpoint's newest SVID.
func TestRefresherFollowsRotations(t *testing.T) {
	ep := startEndpoint(t, bundleendpoint.ProfileSPIFFE)
	logs := &logbuf.Buffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cons, err := spiffe.NewConsumer(spiffeClient(t, ep), consumer.Settings{}, nil, log, fast)
	if err != nil {
		t.Fatal(err)
	}
	if !cons.Polls() {
		t.Fatal("an https_spiffe bundle endpoint with a bootstrap bundle does not poll")
	}
	cons.Start(context.Background())
	t.Cleanup(func() { cons.Close() })

	seq := uint64(1)
	for round := 1; round <= 2; round++ {
		for _, step := range []func() error{ep.PrepareCA, ep.ActivateCA} {
			if err := step(); err != nil {
				t.Fatal(err)
			}
			seq++
			waitFor(t, "kept sequence "+strconv.FormatUint(seq, 10),
				func() bool { return keptSeq(cons) == seq })
		}
	}
	kept, _ := cons.Bundle()
	if !kept.Equal(ep.Bundle()) {
		t.Error("kept bundle differs from the endpoint's current bundle")
	}
	if _, err := fetch(cons.Settings()); err != nil {
		t.Errorf("a call after two rotations: %v", err)
	}
	for _, want := range []string{"level=DEBUG msg=\"spiffe: bundle refreshed\"",
		"level=INFO msg=\"spiffe: trust bundle updated from the bundle endpoint\""} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %s:\n%s", want, logs)
		}
	}
}

// TestRefresherKeepsBundleOnFailure: while the endpoint fails, the bundle
// kept stays, every failure is logged at warn, and the refresher retries
// after the (shorter) retry interval until the endpoint answers again.
func TestRefresherKeepsBundleOnFailure(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		fail       http.HandlerFunc
	}{
		{"503", "status 503", func(w http.ResponseWriter, _ *http.Request) {
			http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
		}},
		{"invalid bundle", "invalid SPIFFE bundle", func(w http.ResponseWriter, _ *http.Request) {
			w.Write([]byte(`{"keys": "none"}`))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ep := startEndpoint(t, bundleendpoint.ProfileSPIFFE)
			var failing atomic.Bool
			var failures atomic.Int32
			failing.Store(true)
			h, err := federation.NewHandler(td, ep)
			if err != nil {
				t.Fatal(err)
			}
			url := serveTLS(t, tlsconfig.TLSServerConfig(svidSource{issueEndpointSVID(t, ep)}),
				http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if failing.Load() {
						failures.Add(1)
						tc.fail(w, r)
						return
					}
					h.ServeHTTP(w, r)
				}))
			c := spiffeClient(t, ep)
			c.BundleEndpoint.URL = url + "/"
			logs := &logbuf.Buffer{}
			cons, err := spiffe.NewConsumer(c, consumer.Settings{}, nil,
				slog.New(slog.NewTextHandler(logs, nil)), fast)
			if err != nil {
				t.Fatal(err)
			}
			if err := ep.PrepareCA(); err != nil { // sequence 2, not yet fetched
				t.Fatal(err)
			}
			cons.Start(context.Background())
			t.Cleanup(func() { cons.Close() })

			waitFor(t, "three failed polls", func() bool { return failures.Load() >= 3 })
			if got := keptSeq(cons); got != 1 {
				t.Errorf("after failures, kept sequence %d, want the bootstrap 1", got)
			}
			out := logs.String()
			for _, want := range []string{"level=WARN", "keeping the current bundle",
				tc.want, "retry_in=10ms", "retry_in=20ms"} {
				if !strings.Contains(out, want) {
					t.Errorf("log lacks %q:\n%s", want, out)
				}
			}
			failing.Store(false)
			waitFor(t, "kept sequence 2", func() bool { return keptSeq(cons) == 2 })
		})
	}
}

// TestCloseStopsRefresher: Close, or the end of Start's context, stops
// the refresher goroutine; Close also closes its idle connections.
func TestCloseStopsRefresher(t *testing.T) {
	ep := startEndpoint(t, bundleendpoint.ProfileSPIFFE)
	// Idle keep-alive connections, client and server side, which Close
	// closes but the end of the context alone does not.
	idle := []goleak.Option{
		goleak.IgnoreAnyFunction("net/http.(*persistConn).readLoop"),
		goleak.IgnoreAnyFunction("net/http.(*persistConn).writeLoop"),
		goleak.IgnoreAnyFunction("net/http.(*conn).serve"),
	}
	for _, stop := range []string{"close", "context"} {
		t.Run(stop, func(t *testing.T) {
			before := goleak.IgnoreCurrent()
			cons, err := spiffe.NewConsumer(spiffeClient(t, ep), consumer.Settings{}, nil, nil,
				fast)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			cons.Start(ctx)
			cons.Start(ctx) // a second Start does not start a second loop
			_, hits := ep.Served()
			waitFor(t, "two polls", func() bool { _, n := ep.Served(); return n >= hits+2 })
			if stop == "context" {
				cancel()
				goleak.VerifyNone(t, append(idle, before)...)
			}
			if err := cons.Close(); err != nil {
				t.Fatal(err)
			}
			goleak.VerifyNone(t, before)
			cons.Start(context.Background()) // Start after Close does nothing
			goleak.VerifyNone(t, before)
			if err := cons.Close(); err != nil {
				t.Fatalf("second Close: %v", err)
			}
		})
	}
}

func TestPollsOnlyWithKeptBundle(t *testing.T) {
	web := startEndpoint(t, bundleendpoint.ProfileWeb)
	ep := startEndpoint(t, bundleendpoint.ProfileSPIFFE)
	noEndpoint := spiffeClient(t, ep)
	noEndpoint.BundleEndpoint = nil
	for _, tc := range []struct {
		name string
		c    spiffe.Client
		want bool
	}{
		{"https_web", webClient(t, web), false},
		{"https_spiffe without bundle endpoint", noEndpoint, false},
		{"https_spiffe bundle endpoint", spiffeClient(t, ep), true},
	} {
		cons, err := spiffe.NewConsumer(tc.c, consumer.Settings{}, nil, nil, spiffe.RefreshPolicy{})
		if err != nil {
			t.Fatal(err)
		}
		if cons.Polls() != tc.want {
			t.Errorf("%s: Polls() = %v, want %v", tc.name, cons.Polls(), tc.want)
		}
		cons.Close()
	}
}
