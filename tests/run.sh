#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what it needs, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
rustup target add wasm32-wasip1
rustup component add rustfmt clippy
# House rules first: a formatting slip or a lint fails the run before the long tests start.
cargo fmt --all --check
cargo clippy --release --workspace --all-targets -- -D warnings
# The browser page's tests (harness/tests/web.rs) drive Debian's chromium with playwright-core.
if [ ! -x /usr/bin/chromium ]; then
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi
if ! command -v npm >/dev/null; then
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y nodejs npm
fi
# `kiln bench` runs Guile 3 and Chez Scheme side by side (harness/tests/bench.rs checks both).
if ! command -v guile >/dev/null || ! command -v scheme >/dev/null; then
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y guile-3.0 chezscheme
fi
(cd web/tests && npm ci --no-audit --no-fund)
# The wasi:http end-to-end test (harness/tests/http_serve.rs) serves components with the real
# `wasmtime serve` of Kiln's wasmtime family: built once per machine (only the features `serve`
# needs) into target/wasmtime-cli, unless KILN_WASMTIME names a wasmtime 46 already.
export KILN_WASMTIME=${KILN_WASMTIME:-$PWD/target/wasmtime-cli/bin/wasmtime}
if ! "$KILN_WASMTIME" --version 2>/dev/null | grep -q '^wasmtime 46\.'; then
  cargo install --locked wasmtime-cli --version 46.0.3 --no-default-features \
    --features serve,run,cranelift,component-model-async,parallel-compilation,pooling-allocator \
    --root target/wasmtime-cli --target-dir target/wasmtime-cli/build
  export KILN_WASMTIME=$PWD/target/wasmtime-cli/bin/wasmtime
fi
log=$(mktemp)
cargo test --release --workspace 2>&1 | tee "$log"
# One closing line for the whole run (cargo's last lines are the doc-tests' "0 passed").
passed=$(grep -oE 'test result: ok\. [0-9]+ passed' "$log" | awk '{ n += $4 } END { print n + 0 }')
rm -f "$log"
echo "kiln: $passed passed, 0 failed"
