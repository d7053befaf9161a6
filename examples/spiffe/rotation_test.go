package spiffe_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRotationUnderSPIFFEProfile: the runtime keeps the latest bundle it
// fetched, so after the endpoint switches to a new CA it still trusts the
// endpoint, while a runtime that only has the bootstrap bundle does not.
func TestRotationUnderSPIFFEProfile(t *testing.T) {
	ep := startEndpoint(t, "https_spiffe")
	following := start(t, settingsFor(spiffeClient(t, ep)))
	stale := start(t, settingsFor(spiffeClient(t, ep)))

	sequence := func(rt *running) (int, float64, string) {
		t.Helper()
		status, _, body, err := getBundle(t, nil, rt.rest)
		if err != nil {
			t.Fatal(err)
		}
		if status != http.StatusOK {
			return status, 0, string(body)
		}
		m, _ := decode(t, body).(map[string]any)
		seq, _ := m["spiffe_sequence"].(float64)
		return status, seq, string(body)
	}

	if _, seq, body := sequence(following); seq != 1 {
		t.Fatalf("before rotation: sequence %v: %s", seq, body)
	}
	if err := ep.PrepareCA(); err != nil {
		t.Fatal(err)
	}
	if _, seq, body := sequence(following); seq != 2 {
		t.Fatalf("after prepare: sequence %v: %s", seq, body)
	}
	if err := ep.ActivateCA(); err != nil {
		t.Fatal(err)
	}
	status, seq, body := sequence(following)
	if status != http.StatusOK || seq != 3 {
		t.Fatalf("after activate, following runtime: %d, sequence %v: %s", status, seq, body)
	}
	served, _ := ep.Served()
	if d := cmp.Diff(decode(t, served), decode(t, []byte(body))); d != "" {
		t.Errorf("REST body is not the bundle served last (-served +REST):\n%s", d)
	}
	if !strings.Contains(following.log.String(), "trust bundle updated") {
		t.Errorf("no bundle update logged:\n%s", following.log)
	}

	status, _, body = sequence(stale)
	if status != http.StatusBadGateway || !strings.Contains(body, "certificate") {
		t.Errorf("runtime with only the bootstrap bundle: %d %s; want 502 naming the "+
			"certificate", status, body)
	}
}
