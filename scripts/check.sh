#!/usr/bin/env bash
# The project's whole test run: formatting, vet, generated-code drift, and the race-enabled tests.
# This is the README's test command (via `make test`) and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."

# with_heartbeat CMD...: runs CMD and, while it runs, says every 30s that it still does (for steps that
# print nothing for minutes on a cold cache).
with_heartbeat() {
  "$@" &
  local pid=$! start=$SECONDS
  while kill -0 "$pid" 2>/dev/null; do
    for _ in $(seq 30); do sleep 1; kill -0 "$pid" 2>/dev/null || break; done
    kill -0 "$pid" 2>/dev/null && echo "   ... still running ($((SECONDS - start))s): ${1##*/} ${*:2}" >&2
  done
  wait "$pid"
}

# step NAME: announces a step, with the seconds since the run started.
step() { echo "== [${SECONDS}s] $*"; }

step "gofmt"
bad=$(gofmt -l $(git ls-files --cached --others --exclude-standard -- '*.go'))
if [ -n "$bad" ]; then
  echo "gofmt would change these files:"; echo "$bad"; exit 1
fi

# On a cold build cache vet compiles every dependency first, for minutes: -v names each package as
# it is compiled and vetted, so the run never looks hung (a warm cache prints nothing). -race makes
# that the race build the tests use, so the tree (the standard library included) is compiled once,
# not once for vet and again for the tests.
step "go vet -race (naming each package it compiles; the race build and tests reuse them)"
go vet -race -v ./... 2>&1 | sed -u 's/^/   /'

# staticcheck lives in a module of its own (tools/staticcheck: its version needs a newer go line than
# this module's); go tool -n builds it and prints the binary's path, which then lints this module and
# examples/extend.
step "staticcheck: building honnef.co/go/tools/cmd/staticcheck (tools/staticcheck/go.mod)"
staticcheck=$(with_heartbeat go -C tools/staticcheck tool -n staticcheck)
step "staticcheck ./... (main module, then examples/extend)"
with_heartbeat "$staticcheck" ./...
(cd examples/extend && with_heartbeat "$staticcheck" ./...)

step "bench module: go vet and go build (cd bench)"
(cd bench && go vet ./... && go build ./...)

# go generate in the main module and in examples/extend (a module of its own), then no *_gen.go may
# differ from the committed files.
step "go generate drift (main module, examples/extend)"
go generate ./...
(cd examples/extend && go generate ./...)
drift=$(git status --porcelain -- '*_gen.go')
if [ -n "$drift" ]; then
  echo "go generate changed generated files; run 'go generate ./...' (and in examples/extend) and commit the result:"
  echo "$drift"; exit 1
fi

step "compat: independent clients against rossim"
bash compat/run.sh

step "go build -race (naming each package it compiles; the tests reuse them)"
go build -race -v ./... 2>&1 | sed -u 's/^/   /'
step "go test -race"
go test -race -count=1 -timeout 12m ./...

# examples/extend is a user's module: its own schema file, rosgen through a tool directive, and a
# test of the generated client against the simulator serving that file.
step "examples/extend module: go vet and go test -race"
(cd examples/extend && go vet ./... && go test -race -count=1 -timeout 5m ./...)

# otel/ is a module of its own (OpenTelemetry stays out of the SDK's go.mod): vet and test it too.
step "otel module: go vet (naming each package it compiles)"
(cd otel && go vet -v ./... 2>&1 | sed -u 's/^/   /')
step "otel module: go test -race"
(cd otel && go test -race -count=1 -timeout 5m ./...)
