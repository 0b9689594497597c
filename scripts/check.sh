#!/usr/bin/env bash
# The project's whole test run: formatting, vet, generated-code drift, and the race-enabled tests.
# This is the README's test command (via `make test`) and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== gofmt"
bad=$(gofmt -l $(git ls-files --cached --others --exclude-standard -- '*.go'))
if [ -n "$bad" ]; then
  echo "gofmt would change these files:"; echo "$bad"; exit 1
fi

# A cold build cache makes vet compile every dependency first, silently, for minutes: build with -v
# first so each package is named as it compiles, then vet reuses the compiled packages.
echo "== go build (lists each package it compiles; nothing when the cache is warm)"
go build -v ./... 2>&1 | sed -u 's/^/   /'
echo "== go vet"
go vet ./...

echo "== go generate drift"
if grep -rqs --include='*.go' '^//go:generate' .; then
  go generate ./...
  drift=$(git status --porcelain -- '*_gen.go')
  if [ -n "$drift" ]; then
    echo "go generate changed generated files; run 'go generate ./...' and commit the result:"
    echo "$drift"; exit 1
  fi
fi

echo "== compat: independent clients against rossim"
bash compat/run.sh

echo "== go test -race"
go test -race -count=1 -timeout 12m ./...

# otel/ is a module of its own (OpenTelemetry stays out of the SDK's go.mod): vet and test it too.
echo "== otel module: go build, go vet"
(cd otel && go build -v ./... 2>&1 | sed -u 's/^/   /' && go vet ./...)
echo "== otel module: go test -race"
(cd otel && go test -race -count=1 -timeout 5m ./...)
