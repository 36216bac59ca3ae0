// The Web Worker that runs the interpreter, so the page stays responsive however long a program
// runs, and so aux modules of any size may be compiled synchronously (`new WebAssembly.Module`
// is limited to small modules on a page's main thread).
//
// Messages in:  {type: 'run', id, name, source, files: [[path, text]…], stdin, mode: 'auto' | 'pull', reuse, fault}
//               {type: 'jit', id}   ("JIT now": link what the last pull-mode run left parked)
// Messages out: {type: 'ready', compileMs, size} | {type: 'fatal', error}
//               {type: 'out', id, segments: [[fd, text]…]}
//               {type: 'linked', id, ok, ms, error, bytes}     (one per aux module)
//               {type: 'done', id, status, ms, kind, note, error, parked, kept}
//               {type: 'jitted', id, statuses, ms, error}   (statuses: kiln_jit_linked's)

import { GuestSession } from './guest.js';
import { withoutDefinitions } from './forms.js';
import { LIBRARY_OPTION, programKey } from './files.js';

/**
 * Options every run gets: statistics on stderr and line-buffered output (Stop terminates the
 * worker, which then cannot read the guest's buffer). No depth limit: interpreted recursion uses
 * no native stack, and the guest's default native budget (made for 512 KiB) suits a worker's ~1 MB.
 */
const BASE_OPTIONS = ['jit-stats=1', 'stdout=line'];
/** Output is forwarded when this many ms have passed since the last message, or this many characters wait. */
const OUTPUT_INTERVAL_MS = 50;
const OUTPUT_CHUNK = 16384;

let guestModule = null;
// The instance of the last pull-mode run, kept for "JIT now" and the compiled re-runs after it.
let session = null;

const ready = (async () => {
  const started = performance.now();
  const response = await fetch('kiln.wasm');
  if (!response.ok) throw new Error(`fetching kiln.wasm: HTTP ${response.status}`);
  const bytes = await response.arrayBuffer();
  guestModule = await WebAssembly.compile(bytes);
  postMessage({ type: 'ready', compileMs: performance.now() - started, size: bytes.byteLength });
})().catch((e) => postMessage({ type: 'fatal', error: `cannot load the interpreter: ${e.message}` }));

onmessage = async ({ data }) => {
  await ready;
  try {
    if (data.type === 'run') run(data);
    else if (data.type === 'jit') jitNow(data);
  } catch (e) {
    // Whatever failed, answer the request, so the page never waits forever.
    const reply = data.type === 'jit' ? { type: 'jitted', statuses: [] } : { type: 'done', status: null, kind: 'error' };
    postMessage({ ...reply, id: data.id, error: e.message });
  }
};

/** Output of one request, coalesced into few messages, in the order it was written. */
class Output {
  constructor(id) {
    this.id = id;
    this.segments = [];
    this.size = 0;
    // The first output of a run is posted at once: a program that prints, then computes for
    // long, shows its line before anyone presses Stop.
    this.last = -Infinity;
  }
  add(fd, text) {
    const tail = this.segments[this.segments.length - 1];
    if (tail && tail[0] === fd) tail[1] += text;
    else this.segments.push([fd, text]);
    this.size += text.length;
    if (this.size > OUTPUT_CHUNK || performance.now() - this.last > OUTPUT_INTERVAL_MS) this.flush();
  }
  flush() {
    if (this.segments.length) postMessage({ type: 'out', id: this.id, segments: this.segments });
    this.segments = [];
    this.size = 0;
    this.last = performance.now();
  }
}

/** A guest instance whose output and link events go to `target` ({id, out}), which may change. */
function newGuest(name, stdin, target) {
  return new GuestSession(guestModule, {
    args: [name],
    stdin,
    onStdout: (t) => target.out.add(1, t),
    onStderr: (t) => target.out.add(2, t),
    onLinked: (e) => postLinked(target.id, e),
  });
}

function postLinked(id, { bytes, ok, ms, error }) {
  const copy = bytes ? bytes.slice() : null;
  postMessage({ type: 'linked', id, ok, ms, error, bytes: copy }, copy ? [copy.buffer] : []);
}

/**
 * A run. `auto`: a fresh instance that links as it goes (push model). `pull`: a fresh instance
 * that parks its aux modules for "JIT now" and is kept; or, with `reuse` after "JIT now", the
 * program's top-level code re-run in that instance, whose procedures are now compiled. `files`
 * (the editor's library tabs) are given to every fresh instance; a kept one is reused only for
 * the same program and files, since it has loaded its libraries already.
 */
function run({ id, name, source, files = [], stdin, mode, reuse, fault }) {
  const out = new Output(id);
  const key = programKey(source, files.map(([path, text]) => ({ path, text })));
  if (mode === 'pull' && reuse && alive() && session.key === key) {
    Object.assign(session.target, { id, out });
    runIn(session.guest, id, name, withoutDefinitions(source), out, 'jit-now', '');
    return;
  }
  const note = reuse ? 'the compiled instance is gone (program or its files edited, or it stopped); this is a fresh one' : '';
  const target = { id, out };
  const guest = newGuest(name, stdin, target);
  const options = [...BASE_OPTIONS, LIBRARY_OPTION, 'jit=on', `jit-link=${mode === 'auto' ? 'push' : 'pull'}`];
  if (fault === 'corrupt') options.push('jit-fault=corrupt');
  guest.configure(options);
  guest.giveFiles(files);
  session = mode === 'pull' ? { guest, key, target } : null;
  runIn(guest, id, name, source, out, mode === 'auto' ? 'auto' : 'interpreted', note);
}

function alive() {
  return session !== null && !session.guest.dead;
}

function runIn(guest, id, name, text, out, kind, note) {
  const started = performance.now();
  let status = null;
  let error = null;
  try {
    status = guest.run(name, text);
  } catch (e) {
    error = e.message;
  }
  const ms = performance.now() - started;
  out.flush();
  const parked = alive() && session.guest === guest ? guest.call(() => guest.exports.kiln_jit_pending_len()) : 0;
  postMessage({ type: 'done', id, status, ms, kind, note, error, parked, kept: alive() });
}

/** "JIT now": links the parked module and everything still queued, in the kept instance. */
function jitNow({ id }) {
  if (!alive()) {
    postMessage({ type: 'jitted', id, statuses: [], error: 'no instance to compile: run the program first' });
    return;
  }
  const out = new Output(id);
  Object.assign(session.target, { id, out });
  const started = performance.now();
  try {
    const statuses = session.guest.jitNow();
    out.flush();
    postMessage({ type: 'jitted', id, statuses, ms: performance.now() - started });
  } catch (e) {
    out.flush();
    postMessage({ type: 'jitted', id, statuses: [], error: e.message });
  }
}
