// The `kiln:jit` capability in JavaScript: the browser's version of linker/src/dynamic.rs and
// linker/src/policy.rs. An aux module is compiled (which validates it), its imports are checked
// against the allowed list, it is instantiated with the main instance's memory, table and runtime
// exports, and its `patch` function installs its code. Any failure returns -1 and keeps the reason
// for `error`, so the guest simply goes on interpreting.

import { RUNTIME_IMPORTS } from './abi.js';

/** The runtime functions an aux module may import from module "env" (generated: web/abi.js). */
export { RUNTIME_IMPORTS };

/** Module name aux modules import from (policy.rs IMPORT_MODULE). */
export const IMPORT_MODULE = 'env';
/** The main module's memory export (policy.rs MEMORY). */
export const MEMORY = 'memory';
/** The main module's table export (policy.rs TABLE). */
export const TABLE = '__indirect_function_table';
/** Largest aux module accepted (dynamic.rs MAX_MODULE_BYTES). */
export const MAX_MODULE_BYTES = 32 << 20;
/** Refuse to link past this many modules (dynamic.rs default `max_instances`). */
export const MAX_INSTANCES = 5000;
/** Refuse to link when the table has this many entries (dynamic.rs default `max_table`). */
export const MAX_TABLE = 1 << 20;

/** Throws unless every import of `module` is allowed (policy.rs `ImportPolicy::check`). */
export function checkImports(module) {
  for (const { module: m, name, kind } of WebAssembly.Module.imports(module)) {
    if (m !== IMPORT_MODULE) {
      throw new Error(`import from module "${m}" is not allowed (only "${IMPORT_MODULE}")`);
    }
    const ok =
      (kind === 'memory' && name === MEMORY) ||
      (kind === 'table' && name === TABLE) ||
      (kind === 'function' && RUNTIME_IMPORTS.includes(name));
    if (!ok) throw new Error(`import ${m}.${name} is not in the declared list of runtime exports`);
  }
}

/** The JIT host of one guest instance. */
export class JitHost {
  /** `onLinked({bytes, base, ms, ok, error})` is told about every module received. */
  constructor({ onLinked = () => {} } = {}) {
    this.exports = null;
    this.onLinked = onLinked;
    this.lastError = '';
    this.received = 0;
    this.instances = 0;
    this.compileMs = 0;
    // Aux instances must stay reachable: their functions live on in the guest's table.
    this.keep = [];
  }

  /** Gives the host the main instance's exports (after instantiation, before any call). */
  attach(exports) {
    this.exports = exports;
  }

  /** The `kiln:jit` import object. */
  imports() {
    return {
      'kiln:jit': {
        link: (ptr, len) => this.link(ptr >>> 0, len >>> 0),
        error: (ptr, cap) => this.copyError(ptr >>> 0, cap),
        // Background compilation is the wasmtime host's (the page never sends
        // `jit-compile=background`): refuse, and never have anything ready.
        submit: () => -1,
        poll: () => 0,
      },
    };
  }

  /** Links the module at `ptr..ptr+len` of guest memory: its first table index, or -1. */
  link(ptr, len) {
    let bytes = null;
    const started = performance.now();
    try {
      bytes = this.read(ptr, len);
      this.received += 1;
      const base = this.linkBytes(bytes);
      const ms = performance.now() - started;
      this.compileMs += ms;
      this.onLinked({ bytes, base, ms, ok: true });
      return base;
    } catch (e) {
      this.lastError = e instanceof Error ? e.message : String(e);
      this.onLinked({ bytes, base: -1, ms: performance.now() - started, ok: false, error: this.lastError });
      return -1;
    }
  }

  read(ptr, len) {
    if (len > MAX_MODULE_BYTES) {
      throw new Error(`aux module of ${len} bytes is larger than the limit of ${MAX_MODULE_BYTES}`);
    }
    const buffer = this.exports[MEMORY].buffer;
    if (ptr + len > buffer.byteLength) throw new Error('aux module bytes lie outside guest memory');
    // A copy: the guest may reuse the buffer, and a memory.grow would detach this view.
    return new Uint8Array(buffer, ptr, len).slice();
  }

  /** Compiles, checks, instantiates and patches in `bytes`; returns the patch result. */
  linkBytes(bytes) {
    if (this.instances >= MAX_INSTANCES) {
      throw new Error(`instance limit reached (${MAX_INSTANCES} aux modules)`);
    }
    const module = compile(bytes);
    checkImports(module);
    const table = this.exports[TABLE];
    if (table.length >= MAX_TABLE) throw new Error(`function table limit reached (${table.length} entries)`);
    const env = {};
    for (const { name } of WebAssembly.Module.imports(module)) {
      if (!(name in this.exports)) throw new Error(`the guest does not export ${name}`);
      env[name] = this.exports[name];
    }
    let instance;
    try {
      instance = new WebAssembly.Instance(module, { [IMPORT_MODULE]: env });
    } catch (e) {
      throw new Error(`instantiating the aux module: ${e.message}`);
    }
    const patch = instance.exports.patch;
    if (typeof patch !== 'function') throw new Error('the aux module has no `patch: () -> i32` export');
    let base;
    try {
      base = patch();
    } catch (e) {
      throw new Error(`running the patch function: ${e.message}`);
    }
    this.instances += 1;
    this.keep.push(instance);
    if (typeof base !== 'number' || base < 0) throw new Error('the patch function could not grow the table');
    return base;
  }

  /** `error(ptr, cap) -> len`: copies the last failure's reason into guest memory. */
  copyError(ptr, cap) {
    const msg = new TextEncoder().encode(this.lastError);
    const n = Math.max(0, Math.min(msg.length, cap));
    const buffer = this.exports[MEMORY].buffer;
    if (ptr + n > buffer.byteLength) return 0;
    new Uint8Array(buffer, ptr, n).set(msg.subarray(0, n));
    return n;
  }
}

function compile(bytes) {
  try {
    return new WebAssembly.Module(bytes);
  } catch (e) {
    throw new Error(`compiling the aux module: ${e.message}`);
  }
}
