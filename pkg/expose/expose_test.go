package expose_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/naftiko/naftiko-go/pkg/consumer"
	"github.com/naftiko/naftiko-go/pkg/expose"
)

func TestRegistry(t *testing.T) {
	r := expose.NewRegistry()
	f := func(expose.Params) (expose.Exposer, error) { return nil, errors.New("x") }
	r.Register("rest", f)
	r.Register("grpc", f)
	c := r.Clone()
	c.Register("extra", f)
	if diff := cmp.Diff([]string{"grpc", "rest"}, r.Types()); diff != "" {
		t.Errorf("Types (-want +got):\n%s", diff)
	}
	if _, ok := c.Lookup("extra"); !ok {
		t.Error("clone lost its own registration")
	}
	if _, ok := r.Lookup("extra"); ok {
		t.Error("a clone's registration leaked into the original")
	}
}

func TestListenPort(t *testing.T) {
	for _, tt := range []struct{ setting, doc, want int }{
		{0, 8080, 8080}, {9000, 8080, 9000}, {-1, 8080, 0},
	} {
		if got := (expose.Settings{Port: tt.setting}).ListenPort(tt.doc); got != tt.want {
			t.Errorf("ListenPort(%d) with setting %d = %d, want %d", tt.doc, tt.setting, got,
				tt.want)
		}
	}
}

func TestResolveSecret(t *testing.T) {
	bindings := map[string]any{"TOKEN": "from-bind", "N": 42.0, "EMPTY": ""}
	env := func(k string) (string, bool) {
		v, ok := map[string]string{"TOKEN": "from-env", "USER": "ada"}[k]
		return v, ok
	}
	tests := []struct{ tmpl, want, wantErr string }{
		{"{{TOKEN}}", "from-bind", ""},
		{"Bearer {{ TOKEN }}", "Bearer from-bind", ""},
		{"{{USER}}:{{N}}", "ada:42", ""},
		{"literal", "literal", ""},
		{"{{MISSING}}", "", "f: variable MISSING is neither bound nor set in the environment"},
		{"{{EMPTY}}", "", "f: secret is empty"},
		{"", "", "f: secret is empty"},
	}
	for _, tt := range tests {
		got, err := expose.ResolveSecret(bindings, env, "f", tt.tmpl)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("%q: err = %v, want %q", tt.tmpl, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%q = %q, %v; want %q", tt.tmpl, got, err, tt.want)
		}
	}
}

func TestErrorStatus(t *testing.T) {
	for kind, want := range map[consumer.Kind]int{
		consumer.KindInput: 400, consumer.KindTimeout: 504, consumer.KindTransport: 502,
		consumer.KindTooLarge: 502, consumer.KindDecode: 502, consumer.KindMapping: 502,
		consumer.KindRejected: 502,
	} {
		err := &consumer.Error{Kind: kind, Operation: "ns.op"}
		if got := expose.ErrorStatus(err); got != want {
			t.Errorf("%v: %d, want %d", kind, got, want)
		}
		if got := expose.ErrorKind(err); got != kind.String() {
			t.Errorf("ErrorKind(%v) = %q", kind, got)
		}
	}
	if got := expose.ErrorKind(errors.New("x")); got != "internal" {
		t.Errorf("ErrorKind(plain) = %q", got)
	}
}

func TestHTTPListenerLifecycle(t *testing.T) {
	l := &expose.HTTPListener{Name: "t", Host: "127.0.0.1", Port: 0,
		Handler: http.NotFoundHandler(), Logger: discard()}
	if l.Addrs() != nil {
		t.Error("Addrs before Start")
	}
	if err := l.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	url := l.Addrs()[0]
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Errorf("url = %s", url)
	}
	resp, err := http.Get(url + "/x")
	if err != nil || resp.StatusCode != 404 {
		t.Fatalf("GET: %v %v", resp, err)
	}
	resp.Body.Close()
	if err := l.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := http.Get(url + "/x"); err == nil {
		t.Error("served after Shutdown")
	}
}

func TestParamsListener(t *testing.T) {
	for _, tt := range []struct {
		name     string
		settings expose.Settings
		wantHost string
		wantPort int
	}{
		{"document", expose.Settings{}, "0.0.0.0", 8080},
		{"overridden", expose.Settings{Address: "127.0.0.1", Port: 9000}, "127.0.0.1", 9000},
		{"free port", expose.Settings{Port: -1}, "0.0.0.0", 0},
	} {
		p := expose.Params{Settings: tt.settings, Logger: discard()}
		l := p.Listener("rest ns", "0.0.0.0", 8080, http.NotFoundHandler())
		got := []any{l.Name, l.Host, l.Port, l.Settings.MaxBodyBytes}
		want := []any{"rest ns", tt.wantHost, tt.wantPort, int64(expose.DefaultMaxBodyBytes)}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestUnsafeSegment(t *testing.T) {
	for _, tt := range []struct {
		rel, seg string
		bad      bool
	}{
		{"docs/readme.md", "", false}, {"a/../b", "..", true}, {".", ".", true},
		{"a//b", "", true}, {"a/b c", "b c", true}, {"x/%2e", "%2e", true},
	} {
		seg, bad := expose.UnsafeSegment(tt.rel)
		if diff := cmp.Diff([]any{tt.seg, tt.bad}, []any{seg, bad}); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tt.rel, diff)
		}
	}
}
