package rest

import (
	"encoding/json"
	"net/http"

	"github.com/naftiko/naftiko-go/pkg/binding"
)

// problem is an RFC 9457 problem document.
type problem struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail,omitempty"`
	Instance  string `json:"instance,omitempty"`
	Operation string `json:"operation,omitempty"`
}

func writeProblem(w http.ResponseWriter, r *http.Request, status int, op, detail string) {
	if op != "" {
		detail = op + ": " + detail
	}
	data, _ := json.Marshal(problem{
		Type: "about:blank", Title: http.StatusText(status), Status: status,
		Detail: detail, Instance: r.URL.Path, Operation: op,
	})
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(append(data, '\n'))
}

// writeOutcome sends a procedure's outcome and returns the status sent.
func writeOutcome(w http.ResponseWriter, o *binding.Outcome) int {
	status := o.Status
	if status == 0 {
		status = http.StatusOK
	}
	if status < 100 || status > 999 {
		status = http.StatusBadGateway
	}
	switch {
	case o.Mapped || (o.Value != nil && len(o.Raw) == 0):
		data, err := o.JSON()
		if err != nil {
			status = http.StatusBadGateway
			data, _ = json.Marshal(problem{Type: "about:blank", Title: "Bad Gateway",
				Status: status, Detail: "encoding result: " + err.Error()})
			w.Header().Set("Content-Type", "application/problem+json")
		} else {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		_, _ = w.Write(append(data, '\n'))
	case len(o.Raw) > 0:
		ct := o.ContentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		w.Header().Set("Content-Type", ct)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.WriteHeader(status)
		_, _ = w.Write(o.Raw)
	default:
		if status == http.StatusOK {
			status = http.StatusNoContent
		}
		w.WriteHeader(status)
	}
	return status
}
