// End-to-end test of the demo page in real headless Chromium: `kiln serve` serves it, the page
// runs fib interpreted, "JIT now" links what got hot, the second run uses the compiled code; then
// auto JIT; then programs with libraries in editor tabs and in files opened from disk. Usage: node e2e.mjs PATH/TO/kiln  (or KILN_BIN=… node e2e.mjs). Saves a screenshot
// in web/test-results/. CHROMIUM overrides the browser path (default /usr/bin/chromium).

import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));
const RESULTS = join(HERE, '..', 'test-results');
const KILN = process.argv[2] ?? process.env.KILN_BIN;
const BROWSER = process.env.CHROMIUM ?? '/usr/bin/chromium';
const STEP_TIMEOUT = 120_000;
const FIB_OUTPUT = 'fib(30) = 832040\n';

/** Starts `kiln serve --port 0`; resolves to `{url, child}` once it prints its address. */
function startServer() {
  assert.ok(KILN, 'pass the kiln binary: node e2e.mjs PATH/TO/kiln');
  const child = spawn(KILN, ['serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`kiln serve printed no address: ${seen}`)), 30_000);
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`kiln serve exited with ${code}: ${seen}`)));
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[0], child });
      }
    });
  });
}

/** A 100,000-deep non-tail recursion (build a list recursively, then sum it recursively), and
 * 100,000-deep ones through `map` and `dynamic-wind` (procedure-calling primitives). */
const DEEP_SOURCE = `(define (build n) (if (= n 0) '() (cons n (build (- n 1)))))
(define (sum l) (if (null? l) 0 (+ (car l) (sum (cdr l)))))
(display (sum (build 100000)))
(newline)
(define (g n) (if (= n 0) 0 (car (map (lambda (x) (+ 1 (g (- n 1)))) '(1)))))
(display (g 100000))
(newline)
(define (w n) (if (= n 0) 0 (+ 1 (dynamic-wind (lambda () #f) (lambda () (w (- n 1))) (lambda () #f)))))
(display (w 100000))
(newline)
`;
const DEEP_OUTPUT = '5000050000\n100000\n100000\n';

async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'kiln-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: BROWSER,
    headless: true,
    viewport: { width: 1360, height: 1000 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  return { context, profile };
}

/** Waits until the page is idle (not loading, nothing running). */
async function idle(page) {
  await page.waitForFunction(() => document.body.dataset.state === 'idle', null, { timeout: STEP_TIMEOUT });
}

async function lastRun(page) {
  return page.evaluate(() => window.kiln.runs[window.kiln.runs.length - 1]);
}

/** The numbers of the `jit:` statistics line. */
function stats(line) {
  const m = /jit: (\d+) closures seen, (\d+) compiled, (\d+) declined; (\d+) modules/.exec(line);
  assert.ok(m, `no jit statistics in ${JSON.stringify(line)}`);
  return { seen: +m[1], compiled: +m[2], declined: +m[3], modules: +m[4] };
}

async function runAndCheck(page, expectedKind) {
  const before = await page.evaluate(() => window.kiln.runs.length);
  await page.click('#run');
  // The worker computes while the page's main thread stays free: an animation frame still fires.
  const state = await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(document.body.dataset.state))));
  assert.ok(['busy', 'idle'].includes(state), `page state ${state}`);
  await idle(page);
  assert.equal(await page.evaluate(() => window.kiln.runs.length), before + 1, 'the run was not recorded');
  const run = await lastRun(page);
  assert.equal(run.kind, expectedKind);
  assert.equal(run.status, 0, `exit status, stderr: ${run.stderr}`);
  assert.equal(run.stdout, FIB_OUTPUT);
  assert.equal(await page.textContent('#output'), FIB_OUTPUT, 'the output pane shows stdout only');
  return run;
}

/** Clicks Run and waits for the run to finish; returns it. */
async function runProgram(page) {
  const before = await page.evaluate(() => window.kiln.runs.length);
  await page.click('#run');
  await idle(page);
  const status = await page.textContent('#status');
  assert.equal(await page.evaluate(() => window.kiln.runs.length), before + 1, `the run was not recorded: ${status}`);
  return lastRun(page);
}

/** A library for an editor tab: its procedure is called often enough to get compiled. */
const COUNTER_LIB = (step) => `(define-library (app counter)
  (export count-up)
  (import (scheme base) (srfi 1))
  (begin
    (define (count-up n) (fold (lambda (x acc) (+ acc ${step})) 0 (iota n)))))
`;
const COUNTER_MAIN = `(import (scheme base) (scheme write) (app counter))
(define (loop i acc) (if (= i 0) acc (loop (- i 1) (+ acc (count-up 10)))))
(display (loop 3000 0))
(newline)
`;
const BAD_LIB = `(define-library (app bad)
  (export first-of)
  (import (scheme base))
  (begin
    (define (first-of xs)
      (car xs))))
`;

/** Adds a library tab (the + button), names it `path` and types `text` into it. */
async function addTab(page, path, text) {
  await page.click('#tab-add');
  await page.fill('#tab-path', path);
  await page.press('#tab-path', 'Enter');
  await page.fill('#editor', text);
  assert.equal(await page.textContent('.tab.active'), path);
}

/** Selects the tab `label`, or the program's (the first) with no label. */
async function selectTab(page, label) {
  await page.click(label ? `.tab:text-is("${label}")` : '.tab >> nth=0');
}

/** Programs split into libraries: editor tabs, every JIT mode, edits, errors, files from disk. */
async function libraries(page, url) {
  await page.goto(url);
  await idle(page);
  await addTab(page, 'app/counter.sld', COUNTER_LIB(1));
  assert.match(await page.textContent('#tab-path-row'), /imported as \(app counter\)/);
  await selectTab(page);
  assert.equal(await page.textContent('.tab.active'), 'program.scm', 'with a file added, the program is no longer the fib example');
  await page.fill('#editor', COUNTER_MAIN);

  // Interpreted in a kept instance, then JIT now and the compiled re-run in it.
  const first = await runProgram(page);
  assert.equal(first.status, 0, `library run: ${first.stderr}`);
  assert.equal(first.stdout, '30000\n');
  assert.equal(first.kind, 'interpreted');
  await page.click('#jit-now');
  await idle(page);
  assert.match(await page.textContent('#run'), /Run compiled/);
  const again = await runProgram(page);
  assert.equal(again.kind, 'jit-now');
  assert.equal(again.stdout, '30000\n', `compiled re-run: ${again.stderr}`);
  assert.ok(stats(again.stats).compiled >= 1, `nothing compiled: ${again.stats}`);

  // An edited library tab: the kept instance has loaded the old one, so a fresh one runs.
  await selectTab(page, 'app/counter.sld');
  await page.fill('#editor', COUNTER_LIB(2));
  assert.doesNotMatch(await page.textContent('#run'), /Run compiled/, 'an edited tab is not the compiled program');
  const edited = await runProgram(page);
  assert.equal(edited.kind, 'interpreted');
  assert.equal(edited.stdout, '60000\n', 'the edited library is used');

  // Auto JIT: a fresh instance, given the tabs too.
  await page.click('.switch');
  const auto = await runProgram(page);
  assert.equal(auto.kind, 'auto');
  assert.equal(auto.stdout, '60000\n', `auto JIT: ${auto.stderr}`);
  assert.ok(stats(auto.stats).compiled >= 1, `auto JIT compiled nothing: ${auto.stats}`);

  // An error inside a library names the tab's file, in both modes.
  await addTab(page, 'app/bad.sld', BAD_LIB);
  await selectTab(page);
  await page.fill('#editor', "(import (scheme base) (app bad))\n(define (use) (list (first-of '())))\n(use)\n");
  for (const auto of [true, false]) {
    if (!auto) await page.click('.switch');
    const bad = await runProgram(page);
    assert.equal(bad.status, 70, `library error (auto JIT ${auto})`);
    assert.match(bad.stderr, /^app\/bad\.sld:6:7: error: car: expected a pair/m, bad.stderr);
    assert.match(bad.stderr, /program\.scm:2:\d+ +in use/, bad.stderr);
    assert.match(await page.textContent('#output'), /app\/bad\.sld:6:7/);
  }

  // Renaming refuses a bad path and keeps the tab; removing a tab makes its library unknown.
  await selectTab(page, 'app/bad.sld');
  await page.fill('#tab-path', '../bad.sld');
  await page.press('#tab-path', 'Enter');
  assert.match(await page.textContent('#notice'), /Cannot rename app\/bad\.sld: .*"\.\."/);
  assert.equal(await page.textContent('.tab.active'), 'app/bad.sld');
  await page.click('#tab-remove');
  assert.equal(await page.locator('.tab').count(), 2);
  await selectTab(page);
  const gone = await runProgram(page);
  assert.equal(gone.status, 65);
  assert.match(gone.stderr, /unknown library \(app bad\): no app\/bad\.sld or app\/bad\.scm in the library path/);

  // Files opened from disk keep their names: util.sld is the library (util).
  await page.setInputFiles('#open-files', [
    { name: 'util.sld', mimeType: 'text/plain', buffer: Buffer.from('(define-library (util) (export twice) (import (scheme base)) (begin (define (twice x) (* 2 x))))\n') },
  ]);
  // Reading the file is asynchronous: wait for its tab.
  await page.waitForFunction(() => document.querySelector('.tab.active')?.textContent === 'util.sld', null, { timeout: STEP_TIMEOUT });
  await selectTab(page);
  await page.fill('#editor', '(import (scheme base) (scheme write) (util) (app counter))\n(display (twice (count-up 5)))\n');
  const opened = await runProgram(page);
  assert.equal(opened.stdout, '20', `opened file: ${opened.stderr}`);

  // The maze example opens its two library tabs and prints what `kiln run examples/maze.scm` does.
  const expected = readFileSync(join(HERE, '..', '..', 'examples', 'maze.out'), 'utf8');
  await page.click('.pill[data-name="maze"]');
  await page.waitForFunction(() => document.querySelector('.tab')?.textContent === 'maze.scm', null, { timeout: STEP_TIMEOUT });
  assert.deepEqual(await page.locator('.tab').allTextContents(), ['maze.scm', 'app/queue.sld', 'app/stack.sld']);
  for (const auto of [false, true]) {
    if (auto) await page.click('.switch');
    const maze = await runProgram(page);
    assert.equal(maze.status, 0, `maze (auto JIT ${auto}): ${maze.stderr}`);
    assert.equal(maze.stdout, expected, `maze (auto JIT ${auto})`);
    assert.equal(maze.program, 'maze');
  }
  await page.screenshot({ path: join(RESULTS, 'kiln-libraries.png'), fullPage: true });
}

async function main() {
  mkdirSync(RESULTS, { recursive: true });
  const { url, child } = await startServer();
  const { context, profile } = await launch();
  const problems = [];
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
    await page.goto(url);
    await idle(page);
    assert.match(await page.inputValue('#editor'), /\(define \(fib n\)/, 'the fib example is loaded');

    // 1. Interpreted, in an instance the worker keeps for "JIT now".
    const first = await runAndCheck(page, 'interpreted');
    assert.equal(stats(first.stats).compiled, 0, 'nothing is linked before JIT now');
    assert.ok(await page.isEnabled('#jit-now'), 'JIT now is offered after a run');

    // 2. JIT now: the pull model links the parked module.
    await page.click('#jit-now');
    await idle(page);
    assert.match(await page.textContent('#link-log'), /✓ .* module linked/);
    assert.match(await page.textContent('#run'), /Run compiled/);
    assert.match(await page.textContent('#aux-summary'), /1 compiled function \+ patch/);
    assert.match(await page.textContent('#aux'), /\(func \$fib \(param i32 i32 i32\) \(result i32\)/);

    // 3. The same program again, in the instance whose fib is now compiled.
    const second = await runAndCheck(page, 'jit-now');
    assert.equal(second.stdout, first.stdout, 'identical output');
    const s = stats(second.stats);
    assert.ok(s.compiled >= 1, `closures compiled: ${second.stats}`);
    console.log(`fib(30): interpreted ${first.ms.toFixed(0)} ms, after JIT now ${second.ms.toFixed(0)} ms`);

    // 4. Auto JIT: a fresh instance that links as it goes.
    await page.click('.switch');
    assert.ok(await page.isChecked('#auto-jit'));
    const third = await runAndCheck(page, 'auto');
    assert.ok(stats(third.stats).compiled >= 1, `auto JIT compiled nothing: ${third.stats}`);
    console.log(`fib(30) with auto JIT: ${third.ms.toFixed(0)} ms`);

    assert.equal(await page.locator('#chart rect.bar').count(), 3, 'one bar per run');
    await page.screenshot({ path: join(RESULTS, 'kiln.png'), fullPage: true });

    // 5. Every aux module damaged on purpose: links fail, the page says so, the program runs on.
    await page.goto(`${url}?jit-fault=corrupt`);
    await idle(page);
    await page.click('.switch');
    const fallback = await runAndCheck(page, 'auto');
    assert.equal(stats(fallback.stats).compiled, 0);
    assert.match(fallback.stats, /failed to link/);
    assert.match(await page.textContent('#link-log'), /✗ .* module refused: compiling the aux module/);
    assert.match(await page.textContent('#notice'), /could not link an aux module .* went on interpreted/);
    await page.screenshot({ path: join(RESULTS, 'kiln-fallback.png'), fullPage: true });
    // 6. Deep non-tail recursion with no max-depth setting: interpreted, then with auto JIT.
    await page.goto(url);
    await idle(page);
    await page.fill('#editor', DEEP_SOURCE);
    for (const auto of [false, true]) {
      if (auto) await page.click('.switch');
      await page.click('#run');
      await idle(page);
      const deep = await lastRun(page);
      assert.equal(deep.status, 0, `deep recursion (auto JIT ${auto}): ${deep.stderr}`);
      assert.equal(deep.stdout, DEEP_OUTPUT, `deep recursion (auto JIT ${auto})`);
    }
    // 7. Libraries in editor tabs and files.
    await libraries(page, url);
    assert.deepEqual(problems, [], 'no errors in the page');
    console.log(`ok: end-to-end test passed; screenshot in ${join(RESULTS, 'kiln.png')}`);
  } finally {
    await context.close();
    child.kill();
    rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
