// The run-time chart: one horizontal bar per run, newest at the bottom, drawn as SVG.

const SVG = 'http://www.w3.org/2000/svg';
const ROW = 26;
const LABEL_WIDTH = 150;
const VALUE_WIDTH = 150;
/** Bars kept on the chart. */
export const MAX_BARS = 10;

/** Draws `runs` (`[{n, program, kind, ms, speedup}]`) into the `svg` element. */
export function drawChart(svg, runs) {
  const shown = runs.slice(-MAX_BARS);
  const width = svg.clientWidth || 520;
  const height = Math.max(1, shown.length) * ROW + 8;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('height', height);
  svg.replaceChildren();
  if (!shown.length) {
    svg.append(text(8, 20, 'Each run’s time will appear here.', 'chart-empty'));
    return;
  }
  const max = Math.max(...shown.map((r) => r.ms));
  const span = Math.max(20, width - LABEL_WIDTH - VALUE_WIDTH);
  shown.forEach((run, i) => {
    const y = i * ROW + 4;
    const w = Math.max(2, (run.ms / max) * span);
    svg.append(text(0, y + 15, `#${run.n} ${run.program}`, 'chart-label'));
    const bar = el('rect', { x: LABEL_WIDTH, y: y + 3, width: w, height: ROW - 10, rx: 3, class: `bar ${run.kind}` });
    const title = el('title', {});
    title.textContent = `run #${run.n}: ${run.program}, ${kindName(run.kind)}, ${formatMs(run.ms)}`;
    bar.append(title);
    svg.append(bar);
    const speed = run.speedup ? ` · ${ratio(run.speedup)}` : '';
    svg.append(text(LABEL_WIDTH + w + 6, y + 15, formatMs(run.ms) + speed, 'chart-value'));
  });
}

/** `speedup` (interpreted time / this time) in words. */
export function ratio(speedup) {
  const x = speedup >= 1 ? speedup : 1 / speedup;
  return `${x >= 10 ? Math.round(x) : x.toFixed(1)}× ${speedup >= 1 ? 'faster' : 'slower'}`;
}

/** The name of a run kind, as the legend says it. */
export function kindName(kind) {
  return { interpreted: 'interpreted', auto: 'auto JIT', 'jit-now': 'after JIT now' }[kind] ?? kind;
}

/** `ms` with a sensible precision. */
export function formatMs(ms) {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return ms >= 10 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}

function text(x, y, content, cls) {
  const t = el('text', { x, y, class: cls });
  t.textContent = content;
  return t;
}

function el(name, attrs) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}
