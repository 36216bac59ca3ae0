// A small WASI preview1 host for the Kiln guest: just what a sandboxed Scheme program needs.
// stdout/stderr go to callbacks (the page), stdin comes from a fixed text, clocks and randomness
// come from the browser, and every other WASI function answers ENOSYS.

/** WASI errno values used here. */
export const ERRNO = { SUCCESS: 0, BADF: 8, INVAL: 28, NOSYS: 52, SPIPE: 70 };

const MODULE = 'wasi_snapshot_preview1';
const FILETYPE_CHARACTER_DEVICE = 2;
const CLOCK_REALTIME = 0;

/** Thrown by `proc_exit` to unwind out of the guest; `code` is the exit status. */
export class ProcExit extends Error {
  constructor(code) {
    super(`exit ${code}`);
    this.code = code;
  }
}

/**
 * The WASI host of one guest instance.
 * `options`: `args` (strings), `stdin` (string), `onStdout(text)`, `onStderr(text)`.
 */
export class WasiHost {
  constructor({ args = ['kiln'], stdin = '', onStdout = () => {}, onStderr = () => {} } = {}) {
    this.args = args.map((a) => new TextEncoder().encode(a + '\0'));
    this.stdin = new TextEncoder().encode(stdin);
    this.stdinPos = 0;
    // One streaming decoder per stream, so a UTF-8 sequence split across writes stays intact.
    this.outputs = {
      1: { decoder: new TextDecoder(), emit: onStdout },
      2: { decoder: new TextDecoder(), emit: onStderr },
    };
    this.memory = null;
  }

  /** Gives the host the guest's memory (after instantiation, before any call). */
  attach(memory) {
    this.memory = memory;
  }

  // Fresh views every time: a memory.grow detaches the old buffer.
  view() {
    return new DataView(this.memory.buffer);
  }

  bytes(ptr, len) {
    return new Uint8Array(this.memory.buffer, ptr, len);
  }

  /**
   * The import object for `module`: our functions, plus an ENOSYS stub for any other WASI
   * function the module imports (so a newer guest still instantiates).
   */
  imports(module) {
    const own = this.functions();
    const table = {};
    for (const imp of WebAssembly.Module.imports(module)) {
      if (imp.module === MODULE && imp.kind === 'function') {
        table[imp.name] = own[imp.name] ?? (() => ERRNO.NOSYS);
      }
    }
    return { [MODULE]: table };
  }

  functions() {
    return {
      args_sizes_get: (countPtr, sizePtr) => this.sizes(this.args, countPtr, sizePtr),
      args_get: (ptrs, buf) => this.strings(this.args, ptrs, buf),
      environ_sizes_get: (countPtr, sizePtr) => this.sizes([], countPtr, sizePtr),
      environ_get: () => ERRNO.SUCCESS,
      clock_time_get: (id, _precision, out) => this.clock(id, out),
      clock_res_get: (_id, out) => {
        this.view().setBigUint64(out, 1000n, true);
        return ERRNO.SUCCESS;
      },
      random_get: (ptr, len) => this.random(ptr, len),
      fd_write: (fd, iovs, count, nwritten) => this.write(fd, iovs, count, nwritten),
      fd_read: (fd, iovs, count, nread) => this.read(fd, iovs, count, nread),
      fd_fdstat_get: (fd, out) => this.fdstat(fd, out),
      fd_close: (fd) => (fd <= 2 ? ERRNO.SUCCESS : ERRNO.BADF),
      fd_seek: (fd) => (fd <= 2 ? ERRNO.SPIPE : ERRNO.BADF),
      // No preopened directories: EBADF ends the guest's scan for them.
      fd_prestat_get: () => ERRNO.BADF,
      fd_prestat_dir_name: () => ERRNO.BADF,
      sched_yield: () => ERRNO.SUCCESS,
      proc_exit: (code) => {
        throw new ProcExit(code);
      },
    };
  }

  sizes(list, countPtr, sizePtr) {
    const v = this.view();
    v.setUint32(countPtr, list.length, true);
    v.setUint32(sizePtr, list.reduce((n, s) => n + s.length, 0), true);
    return ERRNO.SUCCESS;
  }

  strings(list, ptrs, buf) {
    const v = this.view();
    list.forEach((s, i) => {
      v.setUint32(ptrs + 4 * i, buf, true);
      this.bytes(buf, s.length).set(s);
      buf += s.length;
    });
    return ERRNO.SUCCESS;
  }

  clock(id, out) {
    // Nanoseconds; realtime from the epoch, the others from the page's time origin.
    const ms = id === CLOCK_REALTIME ? performance.timeOrigin + performance.now() : performance.now();
    this.view().setBigUint64(out, BigInt(Math.round(ms * 1e6)), true);
    return ERRNO.SUCCESS;
  }

  random(ptr, len) {
    // getRandomValues fills at most 64 KiB per call.
    for (let off = 0; off < len; off += 65536) {
      const chunk = new Uint8Array(Math.min(65536, len - off));
      crypto.getRandomValues(chunk);
      this.bytes(ptr + off, chunk.length).set(chunk);
    }
    return ERRNO.SUCCESS;
  }

  // The (ptr, len) pairs of an iovec array.
  iovecs(iovs, count) {
    const v = this.view();
    const out = [];
    for (let i = 0; i < count; i++) {
      out.push([v.getUint32(iovs + 8 * i, true), v.getUint32(iovs + 8 * i + 4, true)]);
    }
    return out;
  }

  /** Passes `bytes` to the output stream `fd` as if the guest had written them. */
  emit(fd, bytes) {
    const sink = this.outputs[fd];
    const text = sink ? sink.decoder.decode(bytes, { stream: true }) : '';
    if (text) sink.emit(text);
  }

  write(fd, iovs, count, nwritten) {
    const sink = this.outputs[fd];
    if (!sink) return ERRNO.BADF;
    let total = 0;
    let text = '';
    for (const [ptr, len] of this.iovecs(iovs, count)) {
      text += sink.decoder.decode(this.bytes(ptr, len), { stream: true });
      total += len;
    }
    if (text) sink.emit(text);
    this.view().setUint32(nwritten, total, true);
    return ERRNO.SUCCESS;
  }

  read(fd, iovs, count, nread) {
    if (fd !== 0) return ERRNO.BADF;
    let total = 0;
    for (const [ptr, len] of this.iovecs(iovs, count)) {
      const chunk = this.stdin.subarray(this.stdinPos, this.stdinPos + len);
      this.bytes(ptr, chunk.length).set(chunk);
      this.stdinPos += chunk.length;
      total += chunk.length;
      if (chunk.length < len) break;
    }
    this.view().setUint32(nread, total, true);
    return ERRNO.SUCCESS;
  }

  fdstat(fd, out) {
    if (fd > 2) return ERRNO.BADF;
    // struct fdstat: filetype u8, flags u16 at 2, rights_base u64 at 8, rights_inheriting u64 at 16.
    const v = this.view();
    v.setUint8(out, FILETYPE_CHARACTER_DEVICE);
    v.setUint16(out + 2, 0, true);
    v.setBigUint64(out + 8, 0xffffffffn, true);
    v.setBigUint64(out + 16, 0n, true);
    return ERRNO.SUCCESS;
  }
}
