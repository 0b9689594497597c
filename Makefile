# `make test` is the project's test command (README, CI): gofmt, go vet, generate drift, go test -race.
.PHONY: test lint demo fuzz bench bench-compare generate stress

test:
	./scripts/check.sh

# staticcheck alone (make test runs it too); its version is pinned in tools/staticcheck/go.mod.
lint:
	$$(go -C tools/staticcheck tool -n staticcheck) ./...

demo:
	go run ./examples/tour

generate:
	go generate ./...

bench:
	go test -run='^$$' -bench=. -benchmem ./wire/ ./sim/

# Side by side with go-routeros, one table (bench/ is its own module; see bench/README.md).
bench-compare:
	cd bench && go run ./cmd/compare

FUZZTIME ?= 1m
# Every fuzz target, one after another: make fuzz FUZZTIME=10m
fuzz:
	./scripts/fuzz.sh $(FUZZTIME)

# Concurrency tests 50 times under the race detector: a flaky test is a bug.
stress:
	go test -race -count=50 ./wire/... ./sim/... ./ros/...
