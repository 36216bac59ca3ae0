#!/usr/bin/env bash
# A bounded load benchmark of Kiln's wasi:http components on loopback (issue 11), not part of the
# suite: `bash tests/http-load/run.sh` after `cargo build --release`.
#
# It builds tests/http-load/app.scm twice — `--jit=off` (everything interpreted) and pre-compiled
# (`--train-input train.http`: the lambdas hot in those requests are compiled and linked into the
# snapshot) — serves each with `wasmtime serve` (a fresh instance per request, from the snapshot)
# and sends N requests, C at a time, with `hey` to three routes: `/` (a constant text), `/fib`
# (fib 25) and `/page` (a 200-item HTML list). It prints requests per second, p50/p99 latency and
# the failed requests (any status other than 200, any transport error: the run fails if there is
# one), and the server's peak resident memory.
#
# Environment: KILN (default target/release/kiln), KILN_WASMTIME (default `wasmtime`, must be 46.x),
# N (default 20000), C (default 50), N_FIB (default 2000: fib 25 takes milliseconds per request).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
kiln=${KILN:-$root/target/release/kiln}
wasmtime=${KILN_WASMTIME:-wasmtime}
n=${N:-20000}
c=${C:-50}
n_fib=${N_FIB:-2000}
command -v hey >/dev/null || { echo "http-load: needs hey (apt-get install hey)" >&2; exit 2; }
"$wasmtime" --version | grep -q '^wasmtime 46\.' || {
  echo "http-load: $wasmtime is not wasmtime 46 (cargo install --locked wasmtime-cli --version 46.0.3)" >&2
  exit 2
}
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT

"$kiln" bundle --http -q --jit=off "$here/app.scm" -o "$work/off.wasm"
"$kiln" bundle --http -q --train-input "$here/train.http" "$here/app.scm" -o "$work/trained.wasm"

# Starts `wasmtime serve` on a free port with component $1; sets $server and $addr.
serve() {
  "$wasmtime" serve --addr 127.0.0.1:0 "$1" 2>"$work/serve.log" &
  server=$!
  addr=
  for _ in $(seq 600); do
    addr=$(sed -n 's|^Serving HTTP on http://\([0-9.:]*\)/*$|\1|p' "$work/serve.log" | head -1)
    [ -n "$addr" ] && return
    sleep 0.1
  done
  echo "http-load: wasmtime serve did not start:" >&2
  cat "$work/serve.log" >&2
  exit 1
}

# One hey run: component label $1, route $2, request count $3; prints a table row.
load() {
  local label=$1 route=$2 count=$3 out ok
  curl -fsS "http://$addr$route" >/dev/null # compiles nothing: wasmtime serve compiled at start
  out=$(hey -n "$count" -c "$c" "http://$addr$route")
  ok=$(echo "$out" | sed -n 's/^[[:space:]]*\[200\][[:space:]]*\([0-9]*\) responses.*/\1/p')
  ok=${ok:-0}
  local rps p50 p99
  rps=$(echo "$out" | sed -n 's/^[[:space:]]*Requests\/sec:[[:space:]]*\([0-9.]*\).*/\1/p')
  p50=$(echo "$out" | sed -n 's/^[[:space:]]*50% in \([0-9.]*\) secs.*/\1/p')
  p99=$(echo "$out" | sed -n 's/^[[:space:]]*99% in \([0-9.]*\) secs.*/\1/p')
  local rss
  rss=$(awk '/^VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$server/status")
  printf '| %-9s | %-5s | %6d | %8.0f | %7.1f | %7.1f | %6d | %8s |\n' "$label" "$route" "$count" \
    "$rps" "$(awk "BEGIN {print $p50 * 1000}")" "$(awk "BEGIN {print $p99 * 1000}")" "$((count - ok))" "$rss"
  if [ "$ok" != "$count" ]; then
    echo "http-load: $((count - ok)) of $count requests to $route failed:" >&2
    echo "$out" >&2
    failed=1
  fi
}

failed=0
echo "load: $(nproc) cores, $(uptime | sed 's/.*load average/load average/'); $c concurrent"
echo '| component | route | requests | req/s | p50 ms | p99 ms | failed | peak RSS MiB |'
echo '|---|---|---:|---:|---:|---:|---:|---:|'
for label in off trained; do
  serve "$work/$label.wasm"
  load "$label" / "$n"
  load "$label" /page "$n"
  load "$label" /fib "$n_fib"
  kill "$server"
  wait "$server" 2>/dev/null || true
  server=
done
exit "$failed"
