// Runs a Kiln bundle (a wasm32-wasip1 command module) under Node's `node:wasi`, as any WASI host
// would: `node run-bundle.mjs APP.wasm [ARGS…]`. Stdio, the environment and the current directory
// (preopened as ".") are the process's; the exit status is the bundle's.
//
// The script relaunches Node once, through `sh`, with settings Node 20 (V8 11.3) needs:
// - a big native stack (`ulimit -s`, 1 GiB) and V8 stack limit (`--stack-size`): deep Scheme
//   recursion is deep Wasm recursion, and the default 8 MiB / 984 KiB are far too small. (A worker
//   thread with `resourceLimits.stackSizeMb` would do too, but Node 20 intermittently crashes
//   tearing a worker down after Wasm ran in it.)
// - `--no-wasm-dynamic-tiering`: with dynamic tiering, functions tiering up from Liftoff to
//   TurboFan while tail calls run between the tiers intermittently crash V8 (SIGSEGV).
// The WASI imports are wrapped in JS functions (see below), and the WASI object is kept reachable
// to the end: if V8 collects it while the module runs, Node aborts in `uvwasi_destroy`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WASI } from 'node:wasi';

const RELAUNCHED = 'KILN_RUN_BUNDLE_RELAUNCHED';
/// Exit status when the Node process running the bundle died of a signal.
const HOST_CRASHED = 125;
const [, , path, ...args] = process.argv;

if (!process.env[RELAUNCHED]) {
  // KILN_NODE_DEFAULT_STACK=1 keeps Node's default stacks (the bundle must cope with them: deep
  // interpreted recursion uses no native stack).
  const sh = process.env.KILN_NODE_DEFAULT_STACK === '1'
    ? 'exec "$0" --no-warnings --no-wasm-dynamic-tiering "$@"'
    : 'ulimit -s 1048576 2>/dev/null; s=$(ulimit -s); [ "$s" = unlimited ] && s=1048576; ' +
      'exec "$0" --no-warnings --no-wasm-dynamic-tiering --stack-size=$((s * 7 / 8)) "$@"';
  const child = spawnSync('/bin/sh', ['-c', sh, process.execPath, fileURLToPath(import.meta.url), path, ...args], {
    stdio: 'inherit',
    env: { ...process.env, [RELAUNCHED]: '1' },
  });
  if (child.error) throw child.error;
  if (child.status === null) {
    // Node itself crashed (V8 under load, seen with Node 20): say so distinctly.
    console.error(`run-bundle: node died of ${child.signal}`);
    process.exit(HOST_CRASHED);
  }
  process.exit(child.status);
}

delete process.env[RELAUNCHED];
delete process.env.KILN_NODE_DEFAULT_STACK;
const wasi = new WASI({
  version: 'preview1',
  args: [path, ...args],
  env: process.env,
  preopens: { '.': '.' },
  returnOnExit: false,
});
// Every WASI import is called through a JS function rather than handed to Wasm as is: Node 20
// (V8 11.3) calls its own WASI functions from Wasm as V8 "fast API calls", and with those some
// bundles corrupt V8's heap (`Check failed: addr + aligned_size <= chunk_->area_end()` in its
// sweeper, or SIGSEGV) — e.g. tests/runtime/eval-constants-collected, every time. Through a JS
// function (or with `--no-turbo-fast-api-calls`) they run cleanly.
const imports = wasi.getImportObject();
for (const [module, funcs] of Object.entries(imports)) {
  imports[module] = Object.fromEntries(
    Object.entries(funcs).map(([name, f]) => [name, (...args) => f(...args)]),
  );
}
const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(path)), imports);
globalThis.kilnWasi = wasi;
wasi.start(instance);
