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
log=$(mktemp)
cargo test --release --workspace 2>&1 | tee "$log"
# One closing line for the whole run (cargo's last lines are the doc-tests' "0 passed").
passed=$(grep -oE 'test result: ok\. [0-9]+ passed' "$log" | awk '{ n += $4 } END { print n + 0 }')
rm -f "$log"
echo "kiln: $passed passed, 0 failed"
