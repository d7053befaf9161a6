package binding_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/naftiko/naftiko-go/pkg/binding"
	"github.com/naftiko/naftiko-go/pkg/consumer"
)

const fleetDoc = `
naftiko: "1.0.0-alpha1"
capability:
  consumes:
    - type: http
      namespace: registry
      baseUri: "BASE"
      resources:
        - name: ship
          path: "/ships/{{imo_number}}"
          operations:
            - name: get-ship
              outputParameters:
                - name: imo_number
                  type: string
                  value: "$.imo"
                - name: vessel_name
                  type: string
                  value: "$.name"
                - name: assignedCrew
                  type: array
                  value: "$.crew"
                - name: dimensions
                  type: object
                  value: "$.dims"
        - name: crew
          path: "/crew"
          operations:
            - name: list-crew
              inputParameters:
                - name: vessel
                  in: query
  exposes:
    - type: mcp
      namespace: fleet
      tools:
        - name: ship-with-crew
          description: ship and crew
          steps:
            - name: get-ship
              type: call
              call: registry.get-ship
              with:
                imo_number: fleet.imo
            - name: list-crew
              type: call
              call: registry.list-crew
              with:
                vessel: "{{get-ship.vessel_name}}"
            - name: resolve-crew
              type: lookup
              index: list-crew
              match: crewId
              lookupValue: "$.get-ship.assignedCrew"
              outputParameters: [fullName, role]
            - name: captain
              type: lookup
              index: list-crew
              match: role
              lookupValue: "captain"
              outputParameters: [fullName]
            - name: captain-crew
              type: call
              call: registry.list-crew
              with:
                vessel: "{{captain.fullName}}"
          mappings:
            - targetName: imo
              value: "$.get-ship.imo_number"
            - targetName: length
              value: "$.get-ship.dimensions.length_overall"
            - targetName: crew
              value: "$.resolve-crew"
            - targetName: crewNames
              value: "$.resolve-crew[*].fullName"
            - targetName: captain
              value: "$.captain.fullName"
            - targetName: absent
              value: "$.get-ship.nope"
          outputParameters:
            - {name: imo, type: string}
            - {name: crew, type: array}
        - name: no-mappings
          description: falls back to the last call
          steps:
            - name: s1
              type: call
              call: registry.list-crew
          outputParameters:
            - type: array
              mapping: "$."
              items:
                type: string
                mapping: "$.fullName"
        - name: mock
          description: static answer
          outputParameters:
            - type: object
              properties:
                hello: {type: string, value: "hi {{who}}"}
        - name: dangling
          description: calls nothing known but has a static value
          call: registry.nope
          outputParameters:
            - {type: string, value: "fallback"}
`

func fleetUpstream(t *testing.T) *upstream {
	return newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ships/IMO-9":
			jsonReply(200, `{"imo":"IMO-9","name":"Ever Given","crew":["c2","c1","c9"],
				"dims":{"length_overall":400}}`)(w, r)
		case "/crew":
			jsonReply(200, `[{"crewId":"c1","fullName":"Jo","role":"captain","age":50},
				{"crewId":"c2","fullName":"Al","role":"cook"}]`)(w, r)
		default:
			jsonReply(404, `{"error":"not found"}`)(w, r)
		}
	})
}

func compileTool(t *testing.T, e *binding.Engine, i int) *binding.Procedure {
	t.Helper()
	tool := &e.Loaded().Document.Capability.Exposes[0].MCP.Tools[i].Invocation
	p, err := e.Compile("fleet", tool, "tools")
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	return p
}

func TestSteps(t *testing.T) {
	up := fleetUpstream(t)
	var mu sync.Mutex
	var calls []binding.CallInfo
	e := engine(t, fleetDoc, up.URL, binding.Options{Observe: func(c binding.CallInfo) {
		mu.Lock()
		calls = append(calls, c)
		mu.Unlock()
	}})
	p := compileTool(t, e, 0)
	wantCalls := []string{"registry.get-ship", "registry.list-crew", "registry.list-crew"}
	if diff := cmp.Diff(wantCalls, p.Calls()); diff != "" {
		t.Errorf("Calls (-want +got):\n%s", diff)
	}
	out, err := p.Run(context.Background(), map[string]any{"imo": "IMO-9"})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	want := &binding.Outcome{Status: 200, Mapped: true, Value: map[string]any{
		"imo": "IMO-9", "length": 400.0,
		"crew": []any{map[string]any{"fullName": "Al", "role": "cook"},
			map[string]any{"fullName": "Jo", "role": "captain"}},
		"crewNames": []any{"Al", "Jo"},
		"captain":   "Jo",
	}}
	if diff := cmp.Diff(want, out); diff != "" {
		t.Errorf("Outcome (-want +got):\n%s", diff)
	}
	reqs := up.requests()
	// The last call step sees the output of a lookup step.
	if len(reqs) != 3 || reqs[0].Path != "/ships/IMO-9" || reqs[1].Path != "/crew" ||
		reqs[1].RawQuery != "vessel=Ever+Given" || reqs[2].RawQuery != "vessel=Jo" {
		t.Errorf("requests = %+v", reqs)
	}
	if len(calls) != 3 || calls[0].Operation != "registry.get-ship" || calls[0].Status != 200 ||
		calls[1].Operation != "registry.list-crew" || calls[0].Err != nil {
		t.Errorf("observed = %+v", calls)
	}
}

func TestStepsFallBackToLastCall(t *testing.T) {
	up := fleetUpstream(t)
	e := engine(t, fleetDoc, up.URL, binding.Options{})
	out, err := compileTool(t, e, 1).Run(context.Background(), nil)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if diff := cmp.Diff(any([]any{"Jo", "Al"}), out.Value); diff != "" || !out.Mapped {
		t.Errorf("Value (-want +got):\n%s", diff)
	}
}

func TestStepErrorStatusIsNotFatal(t *testing.T) {
	up := fleetUpstream(t)
	e := engine(t, fleetDoc, up.URL, binding.Options{})
	out, err := compileTool(t, e, 0).Run(context.Background(), map[string]any{"imo": "unknown"})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	// get-ship answered 404: its named outputs are null, the lookup finds
	// nothing (a wildcard over it selects an empty list); the captain
	// lookup resolves.
	want := map[string]any{"captain": "Jo", "crewNames": []any{}}
	if diff := cmp.Diff(any(want), out.Value); diff != "" {
		t.Errorf("Value (-want +got):\n%s", diff)
	}
}

func TestMock(t *testing.T) {
	e := engine(t, fleetDoc, "http://127.0.0.1:1", binding.Options{})
	out, err := compileTool(t, e, 2).Run(context.Background(), map[string]any{"who": "Ada"})
	if err != nil {
		t.Fatal(err)
	}
	want := &binding.Outcome{Status: 200, Mapped: true,
		Value: map[string]any{"value": map[string]any{"hello": "hi Ada"}}}
	if diff := cmp.Diff(want, out); diff != "" {
		t.Errorf("Outcome (-want +got):\n%s", diff)
	}
	out, err = compileTool(t, e, 3).Run(context.Background(), nil)
	if err != nil || out.Value.(map[string]any)["value"] != "fallback" {
		t.Errorf("dangling call: %+v, %v", out, err)
	}
}

func TestStepTransportErrorIsFatal(t *testing.T) {
	up := fleetUpstream(t)
	up.Close()
	e := engine(t, fleetDoc, up.URL, binding.Options{})
	_, err := compileTool(t, e, 0).Run(context.Background(), map[string]any{"imo": "IMO-9"})
	ce, ok := err.(*binding.Error)
	if !ok || ce.Kind != consumer.KindTransport || !strings.Contains(err.Error(), "step get-ship: ") ||
		ce.Operation != "registry.get-ship" {
		t.Errorf("err = %v", err)
	}
}
