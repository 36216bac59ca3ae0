// The page: editor, examples, the Run / JIT now / Stop controls, and the panes that show what the
// worker reports (output, run times, JIT statistics, linked aux modules).

import { drawChart, formatMs, kindName } from './chart.js';
import { showModule, h } from './auxview.js';
import { definedNames } from './forms.js';
import { Tabs } from './tabs.js';
import { programKey } from './files.js';

/**
 * The examples offered, served from the repository's examples/ directory: name, what it shows,
 * and the library files it opens in tabs (paths relative to examples/, as `kiln run` finds them).
 */
const EXAMPLES = [
  ['fib', 'doubly recursive Fibonacci'],
  ['tak', 'the Takeuchi function'],
  ['nqueens', 'backtracking over lists'],
  ['mandelbrot', 'floating point, drawn in ASCII'],
  ['pi-digits', 'bignum spigot for π'],
  ['fact1000', 'bignum factorial'],
  ['maze', 'a program with two libraries of its own (SRFI 1, 69, 133)', ['app/queue.sld', 'app/stack.sld']],
];
/** Output kept per run (characters); a runaway loop must not exhaust the page. */
const MAX_OUTPUT = 2_000_000;
/** `?jit-fault=corrupt` makes the guest damage every aux module: a demonstration (and test) of the fallback. */
const FAULT = new URLSearchParams(location.search).get('jit-fault') === 'corrupt' ? 'corrupt' : null;
const STATS_LINE = /^jit: (\d+) closures seen, (\d+) compiled, (\d+) declined; (\d+) modules, (\d+) bytes; (\d+) calls into compiled code; generate ([\d.]+) ms, compile\+link ([\d.]+) ms/;

const $ = (id) => document.getElementById(id);
const ui = {
  editor: $('editor'), stdin: $('stdin'), run: $('run'), jitNow: $('jit-now'), stop: $('stop'),
  auto: $('auto-jit'), help: $('mode-help'), output: $('output'), status: $('status'), notice: $('notice'),
  chart: $('chart'), tiles: $('jit-tiles'), stats: $('jit-stats'), summary: $('jit-summary'),
  linkLog: $('link-log'), aux: $('aux'), auxSummary: $('aux-summary'), examples: $('examples'),
};
const tabs = new Tabs({ bar: $('tabs'), editor: ui.editor, pathRow: $('tab-path-row') }, {
  mainLabel: () => `${programName()}.scm`,
  onChange: () => refresh(),
  onProblem: (text) => notice(text, 'warn'),
});

/**
 * Page state. `kept`: the worker holds the last pull-mode instance; `compiled`: JIT now linked
 * into it; both name the program by its `key` (programKey: the text and every tab).
 */
const state = {
  worker: null, ready: false, busy: null, nextId: 1, example: 'fib', exampleKey: '',
  kept: null, compiled: null, parked: 0, instanceLinkMs: 0, current: null, runs: 0, jitNames: [],
};
/** Finished runs, also read by the end-to-end test. */
window.kiln = { runs: [] };

function startWorker() {
  state.worker?.terminate();
  state.ready = false;
  state.worker = new Worker('worker.js', { type: 'module' });
  state.worker.onmessage = ({ data }) => handlers[data.type]?.(data);
  state.worker.onerror = (e) => fatal(`the worker failed: ${e.message || 'could not start'}`);
}

const handlers = {
  ready({ compileMs, size }) {
    state.ready = true;
    setStatus(`interpreter ready · ${(size / 1024).toFixed(0)} KiB of Wasm compiled in ${formatMs(compileMs)}`, 'ok');
    $('fault-badge').hidden = !FAULT;
    if (FAULT) notice('Fault injection (?jit-fault=corrupt): the interpreter damages every aux module it makes, so every link fails and programs run interpreted.', 'warn');
    refresh();
  },
  fatal({ error }) {
    fatal(error);
  },
  out({ id, segments }) {
    if (id === state.current?.id) for (const [fd, text] of segments) appendOutput(fd, text);
  },
  linked(e) {
    if (e.ok) state.instanceLinkMs += e.ms;
    logLink(e);
    if (e.ok && e.bytes) {
      const names = showAux(new Uint8Array(e.bytes.buffer ?? e.bytes));
      if (state.busy === 'jit') state.jitNames.push(...names);
    }
    if (!e.ok) notice(`The JIT could not link an aux module (${e.error}); the program went on interpreted.`, 'warn');
  },
  done(msg) {
    finishRun(msg);
  },
  jitted(msg) {
    finishJit(msg);
  },
};

// ---- running

function run() {
  if (!state.ready || state.busy) return;
  const source = tabs.source;
  const files = tabs.libraries;
  const key = programKey(source, files);
  const mode = ui.auto.checked ? 'auto' : 'pull';
  const reuse = mode === 'pull' && state.compiled?.key === key;
  const id = state.nextId++;
  const n = ++state.runs;
  state.current = { id, n, program: programName(), source, key, stdout: '', stderr: '', segments: [], truncated: false };
  if (!reuse) state.instanceLinkMs = 0;
  ui.output.replaceChildren();
  hideNotice();
  setBusy('run', reuse ? 'running the compiled instance…' : 'running…');
  state.worker.postMessage({
    type: 'run', id, name: `${state.current.program}.scm`, source, files: files.map((f) => [f.path, f.text]),
    stdin: ui.stdin.value, mode, reuse, fault: FAULT,
  });
}

function finishRun({ id, status, ms, kind, note, error, parked, kept }) {
  const cur = state.current;
  if (!cur || id !== cur.id) return;
  const stats = takeStatsLines(cur);
  renderOutput(cur);
  state.busy = null;
  state.kept = kept ? { source: cur.source, key: cur.key, n: cur.n } : null;
  state.parked = parked || 0;
  if (kind !== 'jit-now') state.compiled = null;
  if (error) {
    setStatus(`stopped: ${error}`, 'err');
    notice(`The run ended abnormally: ${error}. The next Run starts a fresh instance.`, 'err');
  } else {
    const label = status === 0 ? 'exit 0' : `exit ${status}`;
    setStatus(`${label} · ${formatMs(ms)} · ${kindName(kind)}`, status === 0 ? 'ok' : 'err');
  }
  if (note) notice(note, 'info');
  if (stats.length) showStats(stats);
  if (!error) recordRun({ n: cur.n, program: cur.program, source: cur.source, key: cur.key, kind, ms, status, stdout: cur.stdout, stderr: cur.stderr, stats: stats.join('\n') });
  refresh();
}

function jitNow() {
  if (!state.ready || state.busy || !state.kept) return;
  const id = state.nextId++;
  state.jitNames = [];
  setBusy('jit', 'linking…');
  state.worker.postMessage({ type: 'jit', id });
}

function finishJit({ statuses, error, ms }) {
  state.busy = null;
  const ok = statuses.filter((s) => s >= 0).length;
  const failed = statuses.length - ok;
  if (error) {
    notice(`JIT now failed: ${error}`, 'err');
  } else if (!statuses.length) {
    notice('Nothing to link: no procedure reached the hot threshold (1,000 calls) in that run.', 'info');
  } else if (failed) {
    notice(`${failed} aux module${failed > 1 ? 's' : ''} could not be linked; those procedures stay interpreted.`, 'warn');
  }
  if (ok) {
    state.compiled = { key: state.kept.key };
    ui.summary.textContent = `run #${state.kept.n}'s statistics; they update after the next run`;
    const names = [...new Set(state.jitNames)];
    const which = names.length ? `: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}` : '';
    notice(`Compiled and linked ${ok} aux module${ok > 1 ? 's' : ''} in ${formatMs(ms)} (${names.length} compiled procedure${names.length === 1 ? '' : 's'}${which}). ` +
      'Press Run: the program’s top-level code runs again in the same instance, with that code compiled; ' +
      `its definitions${skipped(state.kept.source)} are not re-evaluated.`, 'ok');
  }
  setStatus(ok ? `JIT now: ${ok} module${ok > 1 ? 's' : ''} linked` : 'JIT now: nothing linked', ok ? 'ok' : 'muted');
  refresh();
}

// " (of f, g)": the top-level procedure definitions a compiled re-run skips.
function skipped(source) {
  const names = definedNames(source);
  return names.length ? ` (of ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''})` : '';
}

function stop() {
  startWorker();
  state.busy = null;
  state.kept = null;
  state.compiled = null;
  setStatus('stopped · starting a fresh worker…', 'err');
  notice('The worker was terminated; a new one is loading the interpreter.', 'info');
  refresh();
}

// The example's name while its files are as loaded, else `program`.
function programName() {
  return state.exampleKey && programKey(tabs.source, tabs.libraries) === state.exampleKey ? state.example : 'program';
}

// ---- output

function appendOutput(fd, text) {
  const cur = state.current;
  if (cur.truncated) return;
  if (cur.stdout.length + cur.stderr.length + text.length > MAX_OUTPUT) {
    cur.truncated = true;
    text = text.slice(0, Math.max(0, MAX_OUTPUT - cur.stdout.length - cur.stderr.length)) + '\n… output truncated\n';
  }
  if (fd === 1) cur.stdout += text;
  else cur.stderr += text;
  cur.segments.push([fd, text]);
  appendSpan(fd, text);
}

function appendSpan(fd, text) {
  const last = ui.output.lastElementChild;
  const cls = fd === 1 ? 'stdout' : 'stderr';
  if (last?.className === cls) last.textContent += text;
  else ui.output.append(h('span', { class: cls }, text));
  ui.output.scrollTop = ui.output.scrollHeight;
}

// The `jit:` lines the guest prints last on stderr (jit-stats=1) belong in the JIT card.
function takeStatsLines(cur) {
  const lines = cur.stderr.split('\n');
  const stats = [];
  while (lines.length && (lines[lines.length - 1] === '' || lines[lines.length - 1].startsWith('jit: '))) {
    const line = lines.pop();
    if (line) stats.unshift(line);
  }
  if (!stats.length) return stats;
  const kept = lines.length ? lines.join('\n') + '\n' : '';
  const cut = cur.stderr.length - kept.length;
  cur.stderr = kept;
  // Remove the same number of characters from the end of the stderr segments.
  let remove = cut;
  for (let i = cur.segments.length - 1; i >= 0 && remove > 0; i--) {
    const [fd, text] = cur.segments[i];
    if (fd !== 2) continue;
    const n = Math.min(remove, text.length);
    cur.segments[i] = [fd, text.slice(0, text.length - n)];
    remove -= n;
  }
  return stats;
}

function renderOutput(cur) {
  ui.output.replaceChildren();
  for (const [fd, text] of cur.segments) if (text) appendSpan(fd, text);
  if (!ui.output.childNodes.length) ui.output.append(h('span', { class: 'muted' }, '(no output)'));
}

// ---- JIT card, chart, aux module

function showStats(lines) {
  ui.stats.textContent = lines.join('\n');
  const m = STATS_LINE.exec(lines[0]);
  if (!m) return;
  const [, seen, compiled, declined, modules, bytes, calls, generate] = m.map(Number);
  ui.summary.textContent = `run #${state.current.n}: ${compiled} of ${seen} hot procedure${seen === 1 ? '' : 's'} compiled`;
  const tiles = [
    ['compiled', `${compiled}`, `of ${seen} seen`],
    ['declined', `${declined}`, 'stay interpreted'],
    ['aux modules', `${modules}`, `${(bytes / 1024).toFixed(1)} KiB`],
    ['calls into JIT code', Number(calls).toLocaleString(), 'from the interpreter'],
    ['code generation', formatMs(generate), 'inside the guest'],
    ['compile + link', formatMs(state.instanceLinkMs), 'by this page'],
  ];
  ui.tiles.replaceChildren(...tiles.map(([label, value, sub]) =>
    h('div', { class: 'tile' }, [h('span', { class: 'tile-label' }, label), h('b', {}, value), h('span', { class: 'tile-sub' }, sub)])));
}

function logLink({ ok, ms, error, bytes }) {
  const size = bytes ? `${(bytes.byteLength / 1024).toFixed(1)} KiB` : '';
  const how = state.busy === 'jit' ? `JIT now after run #${state.kept?.n}` : `auto, run #${state.current?.n}`;
  const item = ok
    ? h('li', { class: 'ok' }, `✓ ${size} module linked in ${formatMs(ms)} (${how})`)
    : h('li', { class: 'err' }, `✗ ${size} module refused: ${error}`);
  ui.linkLog.prepend(item);
  while (ui.linkLog.children.length > 12) ui.linkLog.lastElementChild.remove();
}

// Returns the names of the module's compiled functions.
function showAux(bytes) {
  try {
    const { summary, names } = showModule(ui.aux, bytes);
    ui.auxSummary.textContent = summary;
    return names;
  } catch (e) {
    ui.auxSummary.textContent = `cannot read the module: ${e.message}`;
    return [];
  }
}

function recordRun(run) {
  if (run.kind !== 'interpreted') {
    const base = [...window.kiln.runs].reverse().find((r) => r.kind === 'interpreted' && r.key === run.key);
    if (base) run.speedup = base.ms / run.ms;
  }
  window.kiln.runs.push(run);
  drawChart(ui.chart, window.kiln.runs);
}

// ---- state shown in the controls

function setBusy(what, text) {
  state.busy = what;
  setStatus(text, 'busy');
  refresh();
}

function refresh() {
  const idle = state.ready && !state.busy;
  const source = tabs.source;
  const key = programKey(source, tabs.libraries);
  const compiledHere = !ui.auto.checked && state.compiled?.key === key;
  ui.run.disabled = !idle;
  ui.run.firstChild.textContent = compiledHere ? 'Run compiled ' : 'Run ';
  ui.run.classList.toggle('compiled', compiledHere);
  ui.jitNow.disabled = !idle || ui.auto.checked || !state.kept || state.kept.key !== key;
  ui.stop.disabled = !state.busy;
  document.body.dataset.state = !state.ready ? 'loading' : state.busy ? 'busy' : 'idle';
  if (!state.busy) $('heartbeat-text').textContent = 'page responsive';
  ui.help.textContent = helpText(key, compiledHere);
  for (const b of ui.examples.children) {
    b.classList.toggle('active', b.dataset.name === state.example && key === state.exampleKey);
  }
  const main = $('tabs').firstElementChild;
  if (main) main.textContent = `${programName()}.scm`;
}

function helpText(key, compiledHere) {
  if (ui.auto.checked) return 'Auto JIT: each Run is a fresh instance that links hot procedures as soon as they are compiled.';
  if (compiledHere) return 'Compiled: Run re-runs this program’s top-level code in the same instance, whose procedures are now compiled.';
  if (state.kept && state.kept.key === key) {
    const parked = state.parked ? ` (${(state.parked / 1024).toFixed(1)} KiB of code is parked)` : '';
    return `Run #${state.kept.n} is kept: JIT now links the procedures that got hot in it${parked}.`;
  }
  return 'Run interprets the program in a fresh instance and keeps it; then JIT now compiles what got hot.';
}

function setStatus(text, kind) {
  ui.status.textContent = text;
  ui.status.className = `status ${kind}`;
}

function notice(text, kind) {
  ui.notice.hidden = false;
  ui.notice.textContent = text;
  ui.notice.className = `notice ${kind}`;
}

function hideNotice() {
  ui.notice.hidden = true;
}

function fatal(message) {
  state.ready = false;
  setStatus(message, 'err');
  notice(message, 'err');
  refresh();
}

// ---- examples, editor, heartbeat

async function fetchText(path) {
  const response = await fetch(`examples/${path}`);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.text();
}

/** Opens an example: its program in the first tab, its library files in the others. */
async function loadExample(name, paths = []) {
  try {
    const [source, ...texts] = await Promise.all([fetchText(`${name}.scm`), ...paths.map(fetchText)]);
    const files = paths.map((path, i) => ({ path, text: texts[i] }));
    state.example = name;
    state.exampleKey = programKey(source, files);
    tabs.load(source, files);
  } catch (e) {
    notice(`Cannot load the example ${name}: ${e.message}`, 'err');
  }
  refresh();
}

function setupExamples() {
  for (const [name, what, paths] of EXAMPLES) {
    const b = h('button', { type: 'button', class: 'pill', 'data-name': name, title: what }, name);
    b.addEventListener('click', () => loadExample(name, paths));
    ui.examples.append(b);
  }
}

function setupEditor() {
  ui.editor.addEventListener('keydown', (e) => {
    if (e.key === 'Tab' && !e.shiftKey) {
      e.preventDefault();
      ui.editor.setRangeText('  ', ui.editor.selectionStart, ui.editor.selectionEnd, 'end');
      tabs.changed();
    }
  });
  $('tab-add').addEventListener('click', () => tabs.addEmpty());
  for (const [id, folder] of [['open-files', false], ['open-folder', true]]) {
    const input = $(id);
    input.addEventListener('change', async () => {
      await tabs.addPicked([...input.files], { folder });
      // The same files may be chosen again (after editing them on disk).
      input.value = '';
    });
  }
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      run();
    }
  });
}

// Counts the page's animation frames: proof the main thread is free while the worker computes.
function heartbeat() {
  const text = $('heartbeat-text');
  let frames = 0;
  let since = performance.now();
  const tick = (now) => {
    frames++;
    if (now - since >= 500) {
      const fps = Math.round((frames * 1000) / (now - since));
      text.textContent = state.busy ? `page responsive · ${fps} fps while the worker runs` : 'page responsive';
      frames = 0;
      since = now;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

ui.run.addEventListener('click', run);
ui.jitNow.addEventListener('click', jitNow);
ui.stop.addEventListener('click', stop);
ui.auto.addEventListener('change', refresh);
window.addEventListener('resize', () => drawChart(ui.chart, window.kiln.runs));
setupExamples();
setupEditor();
heartbeat();
drawChart(ui.chart, []);
startWorker();
loadExample('fib');
