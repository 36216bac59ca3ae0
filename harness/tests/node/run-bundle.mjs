// Runs a Kiln bundle (a wasm32-wasip1 command module) under Node's `node:wasi`, like any WASI
// host would: `node run-bundle.mjs APP.wasm [ARGS…]`. Stdio, the environment and the current
// directory (preopened as ".") are the process's; the exit status is the bundle's.
//
// Two workarounds for Node 20 (V8 11.3):
// - The module runs in a worker thread with a 1 GiB stack: deep Scheme recursion is deep Wasm
//   recursion, and the main thread's stack is only the 8 MiB of `ulimit -s`.
// - Dynamic tiering is off (everything is compiled by TurboFan up front): with it, code tiering
//   up from Liftoff while tail calls run between the tiers intermittently crashes V8 (SIGSEGV).
// The WASI object is also kept reachable until the end: if V8 collects it while the module
//   runs, Node aborts in uvwasi_destroy.
import { Worker, isMainThread, workerData } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { WASI } from 'node:wasi';

if (isMainThread) {
  setFlagsFromString('--no-wasm-dynamic-tiering');
  const [, , path, ...args] = process.argv;
  const worker = new Worker(new URL(import.meta.url), {
    workerData: { path, args },
    env: process.env,
    resourceLimits: { stackSizeMb: 1024 },
  });
  worker.on('error', (e) => {
    console.error('run-bundle:', e);
    process.exitCode = 70;
  });
  // `proc_exit` in the worker ends the worker with that status.
  worker.on('exit', (code) => {
    process.exitCode ??= code;
  });
} else {
  const { path, args } = workerData;
  const wasi = new WASI({
    version: 'preview1',
    args: [path, ...args],
    env: process.env,
    preopens: { '.': '.' },
    returnOnExit: false,
  });
  const module = new WebAssembly.Module(readFileSync(path));
  const instance = new WebAssembly.Instance(module, wasi.getImportObject());
  globalThis.kilnWasi = wasi;
  wasi.start(instance);
}
