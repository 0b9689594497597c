#!/usr/bin/env bash
# compat/run.sh: runs clients that nobody in this project wrote against rossim over loopback.
#   - go-routeros v3.0.1 (compat/go, its own Go module)
#   - librouteros, Debian's python3-librouteros (compat/python/check.py), when installed
#     (under CI=true or COMPAT_INSTALL=1 it is installed with apt-get first, as are nodejs and npm)
#   - node-routeros 1.6.9 from npm (compat/node/check.js), when node and npm are installed
# Each scenario: login, print with a query, add, remove, listen + cancel. Exits non-zero when any
# client fails. Needs only loopback and, for the Go client, the Go module proxy or a warm module cache.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
tmp=$(mktemp -d)
pid=
cleanup() {
	if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
	rm -rf "$tmp"
}
trap cleanup EXIT

go build -o "$tmp/rossim" ./cmd/rossim
(cd compat/go && go build -o "$tmp/compat-go" .)

# start_sim ARGS...: starts rossim, sets $addr from its "api listening" line.
start_sim() {
	rm -f "$tmp/out" "$tmp/err"
	: >"$tmp/out"
	"$tmp/rossim" -listen 127.0.0.1:0 "$@" >>"$tmp/out" 2>"$tmp/err" &
	pid=$!
	addr=
	for _ in $(seq 100); do
		addr=$(sed -n 's/^rossim: api listening on \(.*\)$/\1/p' "$tmp/out")
		[[ -n "$addr" ]] && break
		kill -0 "$pid" 2>/dev/null || { cat "$tmp/err" >&2; echo "compat: rossim exited" >&2; exit 1; }
		sleep 0.1
	done
	[[ -n "$addr" ]] || { echo "compat: rossim printed no address" >&2; exit 1; }
}
stop_sim() {
	kill -TERM "$pid"
	wait "$pid" || { echo "compat: rossim exited non-zero after SIGTERM" >&2; exit 1; }
	pid=
}

failed=0
# skip CLIENT REASON: a client that cannot run is skipped, except under CI (CI=true), where it fails.
skip() {
	if [[ "${CI:-}" == true ]]; then
		echo "compat: $1 cannot run under CI: $2" >&2
		failed=1
	else
		echo "compat: $1 skipped: $2"
	fi
}
# go-routeros v3.0.1 registers a request's reply tag only after writing the request (run.go), so a
# router that answers within microseconds can have the reply dropped and the call hang. A real
# router over a network is slower than that; -latency gives the same margin on loopback.
start_sim -latency 5ms
echo "compat: rossim on $addr"
timeout 60 "$tmp/compat-go" -addr "$addr" || failed=1
stop_sim

# Under CI (a fresh machine running only `make test`) or with COMPAT_INSTALL=1, the clients' runtimes
# a machine lacks are installed from Debian's packages first (python3-librouteros; nodejs and npm).
if [[ "${COMPAT_INSTALL:-}" == 1 || "${CI:-}" == true ]]; then
	pkgs=()
	/usr/bin/python3 -c 'import librouteros' 2>/dev/null || pkgs+=(python3-librouteros)
	command -v node >/dev/null || pkgs+=(nodejs)
	command -v npm >/dev/null || pkgs+=(npm)
	if [[ ${#pkgs[@]} -gt 0 ]]; then
		echo "compat: installing ${pkgs[*]} (apt-get)"
		apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >/dev/null ||
			echo "compat: apt-get could not install ${pkgs[*]}" >&2
	fi
fi
if /usr/bin/python3 -c 'import librouteros' 2>/dev/null; then
	start_sim -user "admin:s3cret"
	timeout 60 /usr/bin/python3 "$root/compat/python/check.py" "$addr" admin s3cret || failed=1
	stop_sim
else
	skip librouteros "python3-librouteros is not installed (CI=true or COMPAT_INSTALL=1 installs it)"
fi

if command -v node >/dev/null && command -v npm >/dev/null; then
	if (cd compat/node && npm ci --no-audit --no-fund >/dev/null 2>&1); then
		# node-routeros 1.6.9 throws on the !empty reply word of RouterOS 7.18+ (see check.js)
		start_sim -user "admin:s3cret" -ros-version 7.17
		timeout 60 node "$root/compat/node/check.js" "$addr" admin s3cret || failed=1
		stop_sim
	else
		skip node-routeros "npm ci failed (no registry?)"
	fi
else
	skip node-routeros "node or npm is not installed"
fi

if [[ "$failed" != 0 ]]; then
	echo "compat: FAILED" >&2
	exit 1
fi
echo "compat: all clients passed"
