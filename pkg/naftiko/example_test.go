package naftiko_test

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"time"

	"github.com/naftiko/naftiko-go/pkg/expose"
	"github.com/naftiko/naftiko-go/pkg/naftiko"
)

const exampleDoc = `
naftiko: "1.0.0-alpha1"
info:
  label: Users
  description: Look users up.
capability:
  consumes:
    - type: http
      namespace: users
      baseUri: "https://users.example.com"
      resources:
        - name: user
          path: "/users/{id}"
          operations:
            - name: get-user
              method: GET
  exposes:
    - type: rest
      namespace: users-api
      port: 8080
      resources:
        - path: "/people/{{id}}"
          operations:
            - method: GET
              call: users.get-user
              inputParameters:
                - name: id
                  in: path
                  type: string
                  description: the user id
              outputParameters:
                - type: object
                  properties:
                    name:
                      type: string
                      mapping: "$.name"
`

// writeExample writes doc to a temporary file and returns its path.
func writeExample(doc string) (string, func()) {
	dir, err := os.MkdirTemp("", "naftiko-example-")
	if err != nil {
		panic(err)
	}
	path := filepath.Join(dir, "capability.yaml")
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		panic(err)
	}
	return path, func() { os.RemoveAll(dir) }
}

// Load a capability, bind it, call a consumed operation directly, then
// serve its REST adapter and stop it.
func Example() {
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"name":"Ada","path":%q}`, r.URL.Path)
	}))
	defer upstream.Close()
	path, cleanup := writeExample(exampleDoc)
	defer cleanup()

	l, err := naftiko.Load(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	rt, err := naftiko.New(l, naftiko.Options{Settings: naftiko.Settings{
		Consumes: map[string]naftiko.ConsumeSettings{"users": {BaseURI: upstream.URL}},
		Exposes: map[string]naftiko.ExposeSettings{
			"users-api": {Address: "127.0.0.1", Port: -1}, // any free port
		},
	}})
	if err != nil {
		fmt.Println(err)
		return
	}

	ctx := context.Background()
	res, err := rt.Invoke(ctx, "users.get-user", map[string]any{"id": "42"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("invoke:", res.Status, string(res.Body))

	if err := rt.Start(ctx); err != nil {
		fmt.Println(err)
		return
	}
	resp, err := http.Get(rt.Listeners()[0].URL + "/people/7")
	if err != nil {
		fmt.Println(err)
		return
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Printf("rest: %d %s", resp.StatusCode, body)
	fmt.Println("shutdown:", rt.Shutdown(ctx))
	// Output:
	// invoke: 200 {"name":"Ada","path":"/users/42"}
	// rest: 200 {"name":"Ada"}
	// shutdown: <nil>
}

// greeter is a custom exposer: it serves nothing over the network and only
// reports what it was given.
type greeter struct {
	greeting string
}

func (g *greeter) Start(context.Context) error {
	fmt.Println("greeter starts:", g.greeting)
	return nil
}

func (g *greeter) Shutdown(context.Context) error {
	fmt.Println("greeter stops")
	return nil
}

func (g *greeter) Addrs() []string { return []string{"greeter://" + g.greeting} }

// Register an exposer for a type of your own; entries of that type are
// then served by it, with their fields in Raw.
func ExampleRegisterExposer() {
	naftiko.RegisterExposer("greeter", func(p expose.Params) (expose.Exposer, error) {
		g, _ := p.Entry.Raw["greeting"].(string)
		if g == "" {
			return nil, fmt.Errorf("%s.greeting: required", p.Path())
		}
		return &greeter{greeting: g}, nil
	})
	path, cleanup := writeExample(exampleDoc + `
    - type: greeter
      namespace: hello
      greeting: hi
`)
	defer cleanup()

	l, err := naftiko.Load(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	rt, err := naftiko.New(l, naftiko.Options{Settings: naftiko.Settings{
		Exposes: map[string]naftiko.ExposeSettings{"users-api": {Address: "127.0.0.1", Port: -1}},
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	if err := rt.Start(ctx); err != nil {
		fmt.Println(err)
		return
	}
	for _, li := range rt.Listeners() {
		if li.Type == "greeter" {
			fmt.Println(li.Namespace, li.URL)
		}
	}
	_ = rt.Shutdown(ctx)
	// Output:
	// greeter starts: hi
	// hello greeter://hi
	// greeter stops
}

// Give a command of your own the deployment flags of `naftiko run`; the
// settings file and NAFTIKO_* variables are layered underneath.
func ExampleRegisterFlags() {
	fs := flag.NewFlagSet("mycmd", flag.ContinueOnError)
	ov := naftiko.RegisterFlags(fs)
	_ = fs.Parse([]string{"--set-base-uri", "users=http://localhost:8081",
		"--port", "users-api=9000", "--timeout", "5s"})
	env := map[string]string{"NAFTIKO_LOG_FORMAT": "json"}
	s, err := ov.Settings(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Consumes["users"].BaseURI, s.Exposes["users-api"].Port,
		time.Duration(s.Defaults.Timeout), s.LogFormat)
	// Output: http://localhost:8081 9000 5s json
}
