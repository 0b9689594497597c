# `make test` is the project's test command (README, CI): gofmt, go vet, generate drift, go test -race.
.PHONY: test demo fuzz bench generate

test:
	./scripts/check.sh

demo:
	go run ./examples/tour

generate:
	go generate ./...

bench:
	go test -run='^$$' -bench=. -benchmem ./wire/ ./sim/

FUZZTIME ?= 1m
fuzz:
	go test ./wire -run='^$$' -fuzz='^FuzzReadSentence$$' -fuzztime=$(FUZZTIME)
	go test ./wire -run='^$$' -fuzz='^FuzzAppendSentence$$' -fuzztime=$(FUZZTIME)
