// Unit tests of the page's modules under Node (`node --test`): the WASI host, the JIT link
// capability and its import policy, the form splitter, the module reader, and the guest session
// against the real interpreter wasm (built by harness/build.rs into target/guest/).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WasiHost, ProcExit, ERRNO } from '../wasi.js';
import { EXIT, STDOUT } from '../abi.js';
import { JitHost, RUNTIME_IMPORTS, checkImports } from '../jit.js';
import { topLevelForms, withoutDefinitions, definedNames, definesProcedure } from '../forms.js';
import { describeModule, disassemble } from '../wasm-info.js';
import { GuestSession } from '../guest.js';
import { checkPath, libraryName, freshPath, pickedPath, isSourceFile, programKey, LIBRARY_OPTION } from '../files.js';
import { buildModule, i32Const, OP } from './wasm-builder.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const GUEST_WASM = process.env.KILN_GUEST_WASM ?? join(ROOT, 'target/guest/wasm32-wasip1/guest/kiln_interp.wasm');

// ---- jit.js

const ALLOWED = [
  { module: 'env', name: 'kiln_rt_alloc', kind: 'func' },
  { module: 'env', name: 'memory', kind: 'memory' },
  { module: 'env', name: '__indirect_function_table', kind: 'table' },
];

/** A JIT host attached to a fake main instance; returns it and a `link(bytes)` helper. */
function jitHost() {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const exports = {
    memory,
    __indirect_function_table: new WebAssembly.Table({ initial: 0, element: 'anyfunc' }),
    kiln_rt_alloc: () => 0,
  };
  const events = [];
  const host = new JitHost({ onLinked: (e) => events.push(e) });
  host.attach(exports);
  const link = (bytes) => {
    new Uint8Array(memory.buffer).set(bytes, 1024);
    return host.link(1024, bytes.length);
  };
  const error = () => {
    const n = host.copyError(4096, 512);
    return new TextDecoder().decode(new Uint8Array(memory.buffer, 4096, n));
  };
  return { host, link, error, events };
}

test('the allowed runtime imports are exactly those of jit/src/runtime.rs', () => {
  const source = readFileSync(join(ROOT, 'jit/src/runtime.rs'), 'utf8');
  const declared = [...source.matchAll(/^\s*\w+ = "(kiln_rt_\w+)"/gm)].map((m) => m[1]);
  assert.ok(declared.length > 5);
  assert.deepEqual([...RUNTIME_IMPORTS], declared);
});

test('a module with allowed imports links and returns its patch result', () => {
  const { host, link, events } = jitHost();
  assert.equal(link(buildModule({ imports: ALLOWED, body: i32Const(7) })), 7);
  assert.equal(host.instances, 1);
  assert.deepEqual(events.map((e) => [e.ok, e.base]), [[true, 7]]);
});

test('imports outside the policy are refused before instantiation', () => {
  const cases = [
    [{ module: 'env', name: 'evil', kind: 'func' }, /import env\.evil is not in the declared list/],
    [{ module: 'wasi_snapshot_preview1', name: 'fd_write', kind: 'func' }, /module "wasi_snapshot_preview1" is not allowed/],
    [{ module: 'env', name: 'memory', kind: 'func' }, /env\.memory is not in the declared list/],
    [{ module: 'env', name: 'kiln_rt_alloc', kind: 'table' }, /env\.kiln_rt_alloc is not in the declared list/],
  ];
  for (const [imp, why] of cases) {
    const { host, link, error } = jitHost();
    assert.equal(link(buildModule({ imports: [imp] })), -1);
    assert.match(error(), why);
    assert.equal(host.instances, 0);
    assert.throws(() => checkImports(new WebAssembly.Module(buildModule({ imports: [imp] }))), why);
  }
});

test('every failure returns -1 and keeps its reason', () => {
  const cases = [
    [new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0x55]), /compiling the aux module/],
    [buildModule({ exportName: 'other' }), /no `patch: \(\) -> i32` export/],
    [buildModule({ body: i32Const(-1) }), /could not grow the table/],
    [buildModule({ body: [OP.unreachable] }), /running the patch function: unreachable/],
  ];
  for (const [bytes, why] of cases) {
    const { link, error, events } = jitHost();
    assert.equal(link(bytes), -1);
    assert.match(error(), why);
    assert.equal(events[0].ok, false);
  }
});

test('module bytes must lie inside guest memory', () => {
  const { host, error } = jitHost();
  assert.equal(host.link(65536 - 4, 100), -1);
  assert.match(error(), /outside guest memory/);
});

test('error() truncates to the capacity it is given', () => {
  const { host, link } = jitHost();
  link(buildModule({ imports: [{ module: 'x', name: 'y', kind: 'func' }] }));
  assert.equal(host.copyError(0, 5), 5);
  assert.equal(host.copyError(0, -3), 0);
});

// ---- wasi.js

function wasiHost(options) {
  const out = { 1: '', 2: '' };
  const wasi = new WasiHost({ onStdout: (t) => (out[1] += t), onStderr: (t) => (out[2] += t), ...options });
  const memory = new WebAssembly.Memory({ initial: 2 });
  wasi.attach(memory);
  const f = wasi.functions();
  const view = () => new DataView(memory.buffer);
  const put = (ptr, bytes) => new Uint8Array(memory.buffer).set(bytes, ptr);
  return { f, out, view, put, memory };
}

test('fd_write sends text to the right stream', () => {
  const { f, out, view, put } = wasiHost();
  const bytes = new TextEncoder().encode('héllo');
  put(100, bytes);
  // iovecs at 0: [100, 2] (ends inside "é"), [102, rest]
  view().setUint32(0, 100, true);
  view().setUint32(4, 2, true);
  view().setUint32(8, 102, true);
  view().setUint32(12, bytes.length - 2, true);
  assert.equal(f.fd_write(1, 0, 1, 200), ERRNO.SUCCESS);
  assert.equal(f.fd_write(2, 8, 1, 204), ERRNO.SUCCESS);
  assert.equal(out[1], 'h', 'the first half of "é" waits for the rest');
  assert.equal(out[2], '\uFFFDllo', 'each stream decodes on its own');
  assert.equal(view().getUint32(200, true), 2);
  assert.equal(f.fd_write(5, 0, 1, 200), ERRNO.BADF);
});

test('a character split across two writes to one stream arrives whole', () => {
  const { f, out, view, put } = wasiHost();
  put(100, new TextEncoder().encode('é!'));
  view().setUint32(0, 100, true);
  view().setUint32(4, 1, true);
  view().setUint32(8, 101, true);
  view().setUint32(12, 2, true);
  f.fd_write(1, 0, 1, 200);
  f.fd_write(1, 8, 1, 200);
  assert.equal(out[1], 'é!');
});

test('fd_read serves stdin, then end of file', () => {
  const { f, view, memory } = wasiHost({ stdin: 'abc\n' });
  view().setUint32(0, 100, true);
  view().setUint32(4, 3, true);
  assert.equal(f.fd_read(0, 0, 1, 200), ERRNO.SUCCESS);
  assert.equal(view().getUint32(200, true), 3);
  assert.equal(new TextDecoder().decode(new Uint8Array(memory.buffer, 100, 3)), 'abc');
  f.fd_read(0, 0, 1, 200);
  assert.equal(view().getUint32(200, true), 1);
  f.fd_read(0, 0, 1, 200);
  assert.equal(view().getUint32(200, true), 0);
  assert.equal(f.fd_read(3, 0, 1, 200), ERRNO.BADF);
});

test('args, environment, clocks, randomness and exit', () => {
  const { f, view, memory } = wasiHost({ args: ['prog.scm', 'x'] });
  f.args_sizes_get(0, 4);
  assert.deepEqual([view().getUint32(0, true), view().getUint32(4, true)], [2, 11]);
  f.args_get(16, 64);
  assert.equal(view().getUint32(20, true), 64 + 9);
  assert.equal(new TextDecoder().decode(new Uint8Array(memory.buffer, 64, 11)), 'prog.scm\0x\0');
  f.environ_sizes_get(0, 4);
  assert.deepEqual([view().getUint32(0, true), view().getUint32(4, true)], [0, 0]);
  f.clock_time_get(0, 0n, 8);
  const now = Number(view().getBigUint64(8, true) / 1_000_000n);
  assert.ok(Math.abs(now - Date.now()) < 5000, 'realtime is the wall clock');
  f.clock_time_get(1, 0n, 8);
  const t1 = view().getBigUint64(8, true);
  f.clock_time_get(1, 0n, 8);
  assert.ok(view().getBigUint64(8, true) >= t1, 'monotonic');
  f.random_get(1000, 70000);
  assert.ok(new Uint8Array(memory.buffer, 1000, 70000).some((b, i) => i > 66000 && b !== 0));
  assert.throws(() => f.proc_exit(3), (e) => e instanceof ProcExit && e.code === 3);
});

test('other WASI functions a module imports answer ENOSYS', () => {
  const module = new WebAssembly.Module(buildModule({ imports: [
    { module: 'wasi_snapshot_preview1', name: 'path_open', kind: 'func' },
    { module: 'wasi_snapshot_preview1', name: 'fd_write', kind: 'func' },
  ] }));
  const imports = new WasiHost().imports(module).wasi_snapshot_preview1;
  assert.deepEqual(Object.keys(imports).sort(), ['fd_write', 'path_open']);
  assert.equal(imports.path_open(), ERRNO.NOSYS);
});

// ---- forms.js

test('top-level forms skip comments, strings and character literals', () => {
  const src = '; a ) comment\n(define (f x) "a ) string" #\\( #\\)) #| block ( |# (g \'(1 2)) x #(1 2) #;(hidden) (h)';
  const forms = topLevelForms(src).map(({ start, end, commented }) => [src.slice(start, end), commented]);
  assert.deepEqual(forms, [
    ['(define (f x) "a ) string" #\\( #\\))', false],
    ["(g '(1 2))", false],
    ['x', false],
    ['#(1 2)', false],
    ['(hidden)', true],
    ['(h)', false],
  ]);
});

test('only procedure, macro and record definitions count as definitions', () => {
  assert.ok(definesProcedure('(define (fib n) n)'));
  assert.ok(definesProcedure('(define ((curried a) b) a)'));
  assert.ok(definesProcedure('(define f (lambda (x) x))'));
  assert.ok(definesProcedure('(define g\n  (case-lambda ((x) x)))'));
  assert.ok(definesProcedure('(define-syntax swap! (syntax-rules () ((_ a b) 0)))'));
  assert.ok(definesProcedure('(define-record-type point (make-point x) point? (x point-x))'));
  assert.ok(!definesProcedure('(define x 5)'));
  assert.ok(!definesProcedure('(define digits (pi-digits 400))'));
  assert.ok(!definesProcedure('(define-values (a b) (values 1 2))'));
  assert.ok(!definesProcedure('(display "define")'));
});

test('withoutDefinitions blanks definitions and keeps every position', () => {
  const src = '(import (scheme base))\n(define (f n)\n  (* n 2))\n(define x (f 2))\n#;(define (g) 1)\n(display x)\n';
  const out = withoutDefinitions(src);
  assert.equal(out.length, src.length);
  assert.deepEqual(out.split('\n').length, src.split('\n').length);
  assert.ok(!out.includes('(define (f'));
  assert.ok(out.includes('(define x (f 2))'));
  assert.ok(out.includes('#;(define (g) 1)'), 'a commented-out datum stays with its #;');
  assert.equal(out.indexOf('(display x)'), src.indexOf('(display x)'));
  assert.deepEqual(definedNames(src), ['f']);
});

test('the examples keep their top-level code', () => {
  const fib = readFileSync(join(ROOT, 'examples/fib.scm'), 'utf8');
  const rerun = withoutDefinitions(fib);
  assert.ok(!rerun.includes('(define'));
  assert.ok(rerun.includes('(write (fib 30))'));
  const mandel = readFileSync(join(ROOT, 'examples/mandelbrot.scm'), 'utf8');
  assert.deepEqual(definedNames(mandel), ['escape-time', 'char-for']);
  assert.ok(withoutDefinitions(mandel).includes('(define inside 0)'));
});

// ---- files.js

test('tab paths are normalised, and bad ones refused with the reason', () => {
  assert.deepEqual(checkPath(' ./app\\stack.sld '), { path: 'app/stack.sld' });
  assert.deepEqual(checkPath('lib.scm'), { path: 'lib.scm' });
  for (const [raw, why] of [
    ['', /needs a path/],
    ['/etc/app.sld', /relative to the program/],
    ['app//stack.sld', /no empty/],
    ['app/../x.sld', /"\.\."/],
    ['app/./x.sld', /"\."/],
    ['a\u0007.sld', /control characters/],
  ]) {
    assert.match(checkPath(raw).error, why, raw);
  }
  assert.match(checkPath('app/stack.sld', ['app/stack.sld']).error, /another tab has that path/);
  assert.deepEqual(checkPath('app/stack.sld', ['app/queue.sld']), { path: 'app/stack.sld' });
});

test('library names, fresh paths and picked files', () => {
  assert.equal(libraryName('app/stack.sld'), '(app stack)');
  assert.equal(libraryName('a/b/c.scm'), '(a b c)');
  assert.equal(libraryName('notes.txt'), null);
  assert.equal(freshPath([]), 'app/new.sld');
  assert.equal(freshPath(['app/new.sld', 'app/new2.sld']), 'app/new3.sld');
  assert.equal(pickedPath({ name: 'stack.sld', webkitRelativePath: '' }), 'stack.sld');
  assert.equal(pickedPath({ name: 'stack.sld', webkitRelativePath: 'myprog/app/stack.sld' }), 'app/stack.sld');
  assert.ok(isSourceFile('app/stack.sld') && isSourceFile('main.scm'));
  assert.ok(!isSourceFile('README.md') && !isSourceFile('.git/x.scm'));
  const files = [{ path: 'a.sld', text: 'x' }];
  assert.equal(programKey('p', files), programKey('p', [{ path: 'a.sld', text: 'x' }]));
  assert.notEqual(programKey('p', files), programKey('p', [{ path: 'a.sld', text: 'y' }]));
  assert.notEqual(programKey('p', files), programKey('p', [{ path: 'b.sld', text: 'x' }]));
  assert.notEqual(programKey('p', files), programKey('p', []));
});

// ---- wasm-info.js

test('describeModule lists imports, functions, names and sizes', () => {
  const bytes = buildModule({ imports: ALLOWED, body: i32Const(300), names: true });
  const info = describeModule(bytes);
  assert.deepEqual(info.imports.map((i) => `${i.module}.${i.name}:${i.kind}`),
    ['env.kiln_rt_alloc:func', 'env.memory:memory', 'env.__indirect_function_table:table']);
  assert.deepEqual(info.functions.map(({ index, name, size }) => [index, name, size]), [[1, 'the_patch', 5]]);
  assert.deepEqual(info.exports, [{ name: 'patch', kind: 'func', index: 1 }]);
  assert.deepEqual(info.sections.map((s) => s.name), ['type', 'import', 'function', 'export', 'code', 'custom "name"']);
  assert.equal(disassemble(bytes, info, 1), '(func $the_patch (result i32)\n  i32.const 300)');
  assert.throws(() => describeModule(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])), /not a Wasm module/);
});

test('describeModule marks the functions of passive element segments as installed', () => {
  // Two functions () -> (); a passive segment lists function 1 (an aux module's compiled
  // procedure; function 0 stands for one of its shared helpers).
  const bytes = new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
    0x03, 0x03, 0x02, 0x00, 0x00,
    0x09, 0x05, 0x01, 0x01, 0x00, 0x01, 0x01,
    0x0a, 0x07, 0x02, 0x02, 0x00, 0x0b, 0x02, 0x00, 0x0b,
  ]);
  const info = describeModule(bytes);
  assert.deepEqual(info.functions.map(({ index, installed }) => [index, installed]), [[0, false], [1, true]]);
  assert.ok(info.sections.some((s) => s.name === 'element'));
});

// ---- guest.js, against the real interpreter

const guestModule = existsSync(GUEST_WASM) ? new WebAssembly.Module(readFileSync(GUEST_WASM)) : null;
// harness/tests/web.rs sets this: under `cargo test` the guest has been built, so it must be there.
if (!guestModule && process.env.KILN_REQUIRE_GUEST) throw new Error(`no guest wasm at ${GUEST_WASM}`);
const needsGuest = { skip: guestModule ? false : `no guest wasm at ${GUEST_WASM} (build kiln first)` };

function session(options, stdin = '') {
  const out = { stdout: '', stderr: '', linked: [] };
  const guest = new GuestSession(guestModule, {
    stdin,
    onStdout: (t) => (out.stdout += t),
    onStderr: (t) => (out.stderr += t),
    onLinked: (e) => out.linked.push(e),
  });
  guest.configure(options);
  return { guest, out };
}

const LOOP = '(define (count n acc) (if (= n 0) acc (count (- n 1) (+ acc 1))))\n(display (count 5000 0))\n';

test('push model: the guest links through the JIT host as it runs', needsGuest, () => {
  const { guest, out } = session(['jit=on', 'jit-threshold=10', 'jit-stats=1']);
  assert.equal(guest.run('loop.scm', LOOP), 0);
  assert.equal(out.stdout, '5000');
  assert.ok(out.linked.length >= 1 && out.linked.every((e) => e.ok));
  assert.match(out.stderr, /jit: 1 closures seen, 1 compiled/);
});

test('pull model: JIT now links the parked module into the same instance', needsGuest, () => {
  const { guest, out } = session(['jit=on', 'jit-threshold=10', 'jit-stats=1', 'jit-link=pull']);
  assert.equal(guest.run('loop.scm', LOOP), 0);
  assert.equal(out.linked.length, 0, 'nothing is linked before JIT now');
  assert.match(out.stderr, /0 compiled/);
  const statuses = guest.jitNow();
  assert.ok(statuses.length >= 1 && statuses.every((s) => s >= 0), `statuses ${statuses}`);
  out.stdout = out.stderr = '';
  assert.equal(guest.run('loop.scm', withoutDefinitions(LOOP)), 0);
  assert.equal(out.stdout, '5000');
  assert.match(out.stderr, /1 compiled, .* [1-9]\d* calls into compiled code/);
});

test('a failed link leaves the program running interpreted', needsGuest, () => {
  const { guest, out } = session(['jit=on', 'jit-threshold=10', 'jit-stats=1', 'jit-fault=corrupt']);
  assert.equal(guest.run('loop.scm', LOOP), 0);
  assert.equal(out.stdout, '5000');
  assert.ok(out.linked.length >= 1 && out.linked.every((e) => !e.ok));
  assert.match(out.stderr, /failed to link \(compiling the aux module/);
});

test('exit, traps, stdin and errors', needsGuest, () => {
  const exit = session([]);
  assert.equal(exit.guest.run('e.scm', '(import (scheme base) (scheme process-context)) (exit 3)'), 3);
  // proc_exit, or a trap, ends the instance for good.
  assert.equal(exit.guest.call(() => { throw new ProcExit(4); }), 4);
  assert.ok(exit.guest.dead);
  assert.throws(() => exit.guest.run('e.scm', '1'), /stopped/);
  const trap = session([]);
  assert.throws(() => trap.guest.call(() => { throw new WebAssembly.RuntimeError('unreachable'); }), /the guest trapped: unreachable/);
  assert.ok(trap.guest.dead);
  const echo = session([], 'hello\n');
  assert.equal(echo.guest.run('r.scm', '(display (read-line))'), 0);
  assert.equal(echo.out.stdout, 'hello');
  const bad = session([]);
  assert.equal(bad.guest.run('b.scm', '(car 1)'), 70);
  assert.match(bad.out.stderr, /error: car: expected a pair/);
  assert.throws(() => session(['no-such-option=1']), /rejected the option/);
});

test('a trap writes out the output the guest still had buffered', needsGuest, () => {
  const { guest, out } = session([]);
  // What a program printed and the guest had not yet written when it trapped.
  const text = new TextEncoder().encode('printed before the trap\n');
  const memory = new Uint8Array(guest.exports.memory.buffer);
  memory.set(text, guest.stdoutBuffer + STDOUT.DATA);
  new DataView(guest.exports.memory.buffer).setUint32(guest.stdoutBuffer + STDOUT.LEN, text.length, true);
  assert.throws(() => guest.call(() => { throw new WebAssembly.RuntimeError('unreachable'); }), /trapped/);
  assert.equal(out.stdout, 'printed before the trap\n');
});

test('a trap with an exit status (out of memory) is that exit, not a trap', needsGuest, () => {
  const { guest, out } = session([]);
  const view = new DataView(guest.exports.memory.buffer);
  assert.equal(view.getInt32(guest.exitStatus, true), -1, 'no status before any exit');
  view.setInt32(guest.exitStatus, EXIT.OUT_OF_MEMORY, true);
  assert.equal(guest.call(() => { throw new WebAssembly.RuntimeError('unreachable'); }), EXIT.OUT_OF_MEMORY);
  assert.ok(guest.dead);
  assert.equal(out.stdout, '');
});

test('line-buffered output reaches the host at each newline', needsGuest, () => {
  const { guest, out } = session(['stdout=line']);
  const seen = [];
  guest.wasi.outputs[1].emit = (t) => seen.push(t);
  assert.equal(guest.run('l.scm', '(display "a") (newline) (display "b") (newline)'), 0);
  assert.deepEqual(seen, ['a\n', 'b\n']);
  assert.equal(out.stdout, '');
  assert.throws(() => session(['stdout=sometimes']), /rejected the option/);
});

const STACK_LIB = `(define-library (app stack)
  (export make-stack push! top)
  (import (scheme base) (srfi 1))
  (begin
    (define (make-stack) (list 'stack))
    (define (push! s x) (set-cdr! s (cons x (cdr s))))
    (define (top s) (if (null? (cdr s)) (error "top: the stack is empty") (second s)))))
`;
const STACK_MAIN = `(import (scheme base) (scheme write) (app stack))
(define s (make-stack))
(push! s 1) (push! s 2)
(display (top s)) (newline)
(define (peek-empty) (+ 1 (top (make-stack))))
(peek-empty)
`;

test('given files are the libraries a program imports, and their errors name them', needsGuest, () => {
  const { guest, out } = session([LIBRARY_OPTION]);
  guest.giveFiles([['app/stack.sld', STACK_LIB]]);
  assert.equal(guest.run('main.scm', STACK_MAIN), EXIT.ERROR);
  assert.equal(out.stdout, '2\n');
  assert.match(out.stderr, /^app\/stack\.sld:7:\d+: error: /m, out.stderr);
  assert.match(out.stderr, /main\.scm:5:\d+ +in peek-empty/, 'the backtrace names the program too');
  const missing = session([LIBRARY_OPTION]);
  assert.equal(missing.guest.run('main.scm', STACK_MAIN), EXIT.SYNTAX);
  assert.match(missing.out.stderr, /unknown library \(app stack\): no app\/stack\.sld or app\/stack\.scm in the library path \(\.\)/);
});
