# Naftiko Go runtime. `make help` lists the targets.

GO       ?= go
BIN      := bin
PKGS     := ./...
FUZZTIME ?= 10s

.PHONY: help build test test-short fuzz bench conformance demo lint clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

build: ## build bin/naftiko and the demo bundle endpoint
	$(GO) build -o $(BIN)/ ./cmd/...

test: ## vet, then every test with the race detector
	$(GO) vet $(PKGS)
	$(GO) test -race -count=1 $(PKGS)

test-short: ## quick tests without the race detector
	$(GO) test -short $(PKGS)

fuzz: ## short runs of every fuzz target (FUZZTIME each)
	@set -e; for pkg in $$($(GO) list $(PKGS)); do \
		for f in $$($(GO) test -list '^Fuzz' $$pkg 2>/dev/null | grep '^Fuzz' || true); do \
			echo "fuzz $$pkg $$f"; \
			$(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg; \
		done; \
	done

bench: ## naftiko run side by side with its baselines, as ratios (BENCHFLAGS=-quick)
	$(GO) build -o $(BIN)/ ./cmd/naftiko ./cmd/naftiko-bench/...
	$(BIN)/naftiko-bench -naftiko $(BIN)/naftiko -out $(BIN)/bench.json $(BENCHFLAGS)

.PHONY: bench-go
bench-go: ## the Go micro-benchmarks of every package (BENCHTIME each)
	$(GO) test -run '^$$' -bench . -benchmem -benchtime $(or $(BENCHTIME),1s) $(PKGS)

conformance: ## validate ../shared/corpus (skipped when absent)
	$(GO) test -count=1 -run TestConformance -v ./pkg/spec

lint: ## gofmt and vet
	@test -z "$$(gofmt -l .)" || (gofmt -l .; exit 1)
	$(GO) vet $(PKGS)

demo: ## the SPIFFE example on a local bundle endpoint (PROFILE=https_web|https_spiffe, MTLS=1)
	$(GO) build -o $(BIN)/ ./cmd/naftiko ./cmd/spiffe-bundle-endpoint
	PROFILE=$(or $(PROFILE),https_web) MTLS=$(MTLS) BIN=$(BIN) examples/spiffe/demo.sh

clean: ## remove build output
	rm -rf $(BIN)
