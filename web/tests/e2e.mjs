// End-to-end test of the demo page in real headless Chromium: `kiln serve` serves it, the page
// runs fib interpreted, "JIT now" links what got hot, the second run uses the compiled code; then
// auto JIT. Usage: node e2e.mjs PATH/TO/kiln  (or KILN_BIN=… node e2e.mjs). Saves a screenshot
// in web/test-results/. CHROMIUM overrides the browser path (default /usr/bin/chromium).

import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
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
