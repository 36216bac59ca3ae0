// One instance of the Kiln guest (the interpreter compiled to wasm32-wasip1, a WASI reactor) and
// the calls of its ABI (see ARCHITECTURE.md, "Guest ABI"). The compiled WebAssembly.Module is
// shared; every instance has its own WASI host and JIT host.

import { WasiHost, ProcExit } from './wasi.js';
import { JitHost } from './jit.js';
import { EXPORT, STDOUT } from './abi.js';

/**
 * The guest's WASI 0.2 imports (`wasi:http/…`, `wasi:io/…`), used only by its wasi:http handler
 * export, which the page never calls: functions that throw.
 */
function wasiP2Traps(module) {
  const imports = {};
  for (const { module: from, name, kind } of WebAssembly.Module.imports(module)) {
    if (kind !== 'function' || !from.startsWith('wasi:')) continue;
    imports[from] ??= {};
    imports[from][name] = () => {
      throw new Error(`${from}.${name} is not available in the browser`);
    };
  }
  return imports;
}

/** A guest instance. Runs programs with `run`; links parked aux modules with `jitNow`. */
export class GuestSession {
  /**
   * `module`: the compiled guest. `io`: `{stdin, onStdout, onStderr}` for the WASI host.
   * `onLinked(event)`: told about every aux module received (see JitHost).
   */
  constructor(module, { stdin = '', onStdout, onStderr, onLinked, args = ['program.scm'] } = {}) {
    this.wasi = new WasiHost({ args, stdin, onStdout, onStderr });
    this.jit = new JitHost({ onLinked });
    this.instance = new WebAssembly.Instance(module, {
      ...this.wasi.imports(module),
      ...this.jit.imports(),
      ...wasiP2Traps(module),
    });
    this.exports = this.instance.exports;
    this.wasi.attach(this.exports.memory);
    this.jit.attach(this.exports);
    // Set once the instance has trapped or exited: its state is unknown, never call it again.
    this.dead = false;
    if (typeof this.exports._initialize === 'function') this.call(() => this.exports._initialize());
    // Where the guest buffers standard output, and where it leaves an exit status WASI cannot
    // carry: read after a trap, so that nothing the program printed is lost.
    this.stdoutBuffer = this.exports[EXPORT.STDOUT_BUFFER]() >>> 0;
    this.exitStatus = this.exports[EXPORT.EXIT_STATUS]() >>> 0;
  }

  /** Passes `name=value` options to `kiln_set_option`; throws on one the guest rejects. */
  configure(options) {
    for (const option of options) {
      const status = this.call(() => this.exports[EXPORT.SET_OPTION](...this.put(option)));
      if (status !== 0) throw new Error(`the guest rejected the option ${option}`);
    }
  }

  /**
   * Gives the guest files (`[[path, text]…]`) that its library search and `include` find as
   * they would files on disk (`kiln_give_file`). Call before `run`: a library is loaded once.
   */
  giveFiles(files) {
    for (const [path, text] of files) {
      this.call(() => this.exports[EXPORT.GIVE_FILE](...this.put(path), ...this.put(text)));
    }
  }

  /** Runs a whole program; returns its exit status (0, 65 syntax error, 70 uncaught error…). */
  run(name, source) {
    return this.call(() => this.exports[EXPORT.RUN](...this.put(name), ...this.put(source)));
  }

  /**
   * The pull model ("JIT now"): links the module parked by the guest, compiles everything still
   * queued and links that too. Returns `{modules, status}`: how many modules were linked, and the
   * statuses reported back through `kiln_jit_linked`.
   */
  jitNow() {
    const statuses = [];
    const first = this.linkPending();
    if (first !== null) statuses.push(first);
    // flush() would replace (and so decline) a module still parked: link it first, as above.
    this.call(() => this.exports[EXPORT.JIT_FLUSH]());
    const second = this.linkPending();
    if (second !== null) statuses.push(second);
    return statuses;
  }

  /** Links the parked module, if any, and reports the result to the guest. */
  linkPending() {
    const ptr = this.call(() => this.exports[EXPORT.JIT_PENDING]()) >>> 0;
    if (ptr === 0) return null;
    const len = this.call(() => this.exports[EXPORT.JIT_PENDING_LEN]()) >>> 0;
    const status = this.jit.link(ptr, len);
    this.call(() => this.exports[EXPORT.JIT_LINKED](status));
    return status;
  }

  /** Copies `text` into a fresh guest buffer; returns `[ptr, len]`. */
  put(text) {
    const bytes = new TextEncoder().encode(text);
    const ptr = this.call(() => this.exports[EXPORT.ALLOC](bytes.length)) >>> 0;
    if (ptr === 0) throw new Error('kiln_alloc returned null');
    new Uint8Array(this.exports.memory.buffer, ptr, bytes.length).set(bytes);
    return [ptr, bytes.length];
  }

  // Every call into the guest goes through here: `exit` becomes a status, a trap kills the instance.
  call(f) {
    if (this.dead) throw new Error('this guest instance has stopped; start a new one');
    try {
      return f();
    } catch (e) {
      this.dead = true;
      if (e instanceof ProcExit) return e.code;
      this.recoverOutput();
      const status = this.exitStatusAfterTrap();
      if (status !== null) return status;
      throw describeTrap(e);
    }
  }

  /** Writes out what the trapped guest still had buffered for standard output. */
  recoverOutput() {
    if (!this.stdoutBuffer) return;
    const view = new DataView(this.exports.memory.buffer);
    const len = Math.min(view.getUint32(this.stdoutBuffer + STDOUT.LEN, true), STDOUT.CAPACITY);
    const bytes = new Uint8Array(this.exports.memory.buffer, this.stdoutBuffer + STDOUT.DATA, len);
    view.setUint32(this.stdoutBuffer + STDOUT.LEN, 0, true);
    this.wasi.emit(1, bytes.slice());
  }

  /** The status the guest trapped to exit with (out of memory: 137), or null for a real trap. */
  exitStatusAfterTrap() {
    if (!this.exitStatus) return null;
    const status = new DataView(this.exports.memory.buffer).getInt32(this.exitStatus, true);
    return status >= 0 ? status : null;
  }
}

/** A trap or host error as an Error with a message a user can act on. */
export function describeTrap(e) {
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return new Error('the browser\'s WebAssembly stack overflowed (recursion too deep for this page)');
  }
  if (e instanceof WebAssembly.RuntimeError) return new Error(`the guest trapped: ${e.message}`);
  return e instanceof Error ? e : new Error(String(e));
}
