package expose

import (
	"errors"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/naftiko/naftiko-go/pkg/binding"
	"github.com/naftiko/naftiko-go/pkg/consumer"
)

// Metrics are the Prometheus metrics of one runtime, in a registry of
// their own (so several runtimes can live in one process):
//
//   - naftiko_exposed_requests_total{namespace,operation,code}
//   - naftiko_exposed_errors_total{namespace,operation,kind}
//   - naftiko_exposed_request_duration_seconds{namespace,operation}
//   - naftiko_consumed_requests_total{operation,code}
//   - naftiko_consumed_errors_total{operation,kind}
//   - naftiko_consumed_request_duration_seconds{operation}
//
// plus the Go and process collectors. Exposed operations are named
// "METHOD /path" for REST and "tools/<name>" (or resources/, prompts/) for
// MCP; consumed operations "namespace.operation".
type Metrics struct {
	reg         *prometheus.Registry
	expReqs     *prometheus.CounterVec
	expErrs     *prometheus.CounterVec
	expDuration *prometheus.HistogramVec
	conReqs     *prometheus.CounterVec
	conErrs     *prometheus.CounterVec
	conDuration *prometheus.HistogramVec
}

// NewMetrics returns metrics registered in a new registry.
func NewMetrics() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.expReqs = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "naftiko_exposed_requests_total",
		Help: "Requests handled per exposed operation and response code.",
	}, []string{"namespace", "operation", "code"})
	m.expErrs = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "naftiko_exposed_errors_total",
		Help: "Requests per exposed operation that ended in an error, by kind.",
	}, []string{"namespace", "operation", "kind"})
	m.expDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "naftiko_exposed_request_duration_seconds",
		Help:    "Time to answer a request per exposed operation.",
		Buckets: prometheus.DefBuckets,
	}, []string{"namespace", "operation"})
	m.conReqs = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "naftiko_consumed_requests_total",
		Help: "Upstream calls per consumed operation and status (0: no response).",
	}, []string{"operation", "code"})
	m.conErrs = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "naftiko_consumed_errors_total",
		Help: "Upstream calls per consumed operation that failed, by kind.",
	}, []string{"operation", "kind"})
	m.conDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "naftiko_consumed_request_duration_seconds",
		Help:    "Upstream call time per consumed operation.",
		Buckets: prometheus.DefBuckets,
	}, []string{"operation"})
	m.reg.MustRegister(m.expReqs, m.expErrs, m.expDuration, m.conReqs, m.conErrs,
		m.conDuration, collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Exposed records one answered request of an exposed operation. kind is
// empty for successes, else a short error class ("transport", "timeout",
// "input", "status", "too large", "unauthorized"...).
func (m *Metrics) Exposed(namespace, operation string, code int, kind string, d time.Duration) {
	m.expReqs.WithLabelValues(namespace, operation, strconv.Itoa(code)).Inc()
	m.expDuration.WithLabelValues(namespace, operation).Observe(d.Seconds())
	if kind != "" {
		m.expErrs.WithLabelValues(namespace, operation, kind).Inc()
	}
}

// Observe records one upstream call; it fits [binding.Options.Observe].
func (m *Metrics) Observe(ci binding.CallInfo) {
	m.conReqs.WithLabelValues(ci.Operation, strconv.Itoa(ci.Status)).Inc()
	m.conDuration.WithLabelValues(ci.Operation).Observe(ci.Duration.Seconds())
	if ci.Err != nil {
		m.conErrs.WithLabelValues(ci.Operation, ErrorKind(ci.Err)).Inc()
	} else if ci.Status >= 400 {
		m.conErrs.WithLabelValues(ci.Operation, consumer.KindStatus.String()).Inc()
	}
}

// ErrorKind names the class of err for metrics and logs.
func ErrorKind(err error) string {
	var ce *consumer.Error
	if errors.As(err, &ce) {
		return ce.Kind.String()
	}
	return "internal"
}

// ErrorStatus is the HTTP status that stands for err: 400 for unusable
// inputs, 504 for timeouts, 502 for every other upstream failure
// (transport, size, decoding, mapping, rejected responses).
func ErrorStatus(err error) int {
	switch consumer.KindOf(err) {
	case consumer.KindInput:
		return http.StatusBadRequest
	case consumer.KindTimeout:
		return http.StatusGatewayTimeout
	}
	return http.StatusBadGateway
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// Registry returns the Prometheus registry, for embedding programs that
// add collectors of their own.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Health is the liveness and readiness of a runtime. /healthz answers 200
// while the process serves; /readyz answers 200 once every exposer has
// started and 503 before that and from the moment shutdown begins.
type Health struct {
	ready atomic.Bool
}

// SetReady marks the runtime ready or not.
func (h *Health) SetReady(ok bool) { h.ready.Store(ok) }

// Ready reports readiness.
func (h *Health) Ready() bool { return h.ready.Load() }

// Mount adds /healthz, /readyz and /metrics to mux.
func Mount(mux *http.ServeMux, h *Health, m *Metrics) {
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if !h.Ready() {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("not ready\n"))
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	})
	mux.Handle("GET /metrics", m.Handler())
}
