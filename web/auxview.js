// The view of the latest aux module: a summary, its functions with their sizes, and the text
// format of the function picked.

import { describeModule, disassemble } from './wasm-info.js';

/**
 * Shows `bytes` (an aux module) in `root`; returns `{summary, names}`: the one-line summary for
 * the card head and the names of the compiled functions.
 */
export function showModule(root, bytes) {
  const info = describeModule(bytes);
  const runtime = info.imports.filter((i) => i.kind === 'func').map((i) => i.name);
  const others = info.imports.filter((i) => i.kind !== 'func').map((i) => `${i.module}.${i.name} (${i.kind})`);
  // The compiled procedures are the functions the patch puts in the table; the rest besides the
  // patch are the module's shared slow-path helpers.
  const compiled = info.functions.filter((f) => f.installed);
  const helpers = info.functions.filter((f) => !f.installed && f.name !== 'patch').length;
  const listing = h('pre', { class: 'wat' });
  const table = h('table', { class: 'funcs' }, [
    h('thead', {}, [h('tr', {}, [h('th', {}, 'function'), h('th', { class: 'num' }, 'body bytes'), h('th', {}, '')])]),
    h('tbody', {}, info.functions.map((f) => functionRow(bytes, info, f, listing))),
  ]);
  root.replaceChildren(
    h('p', { class: 'aux-line' }, [
      h('b', {}, 'imports '),
      `${others.join(', ')}, and ${runtime.length} runtime functions: `,
      h('code', {}, runtime.join(' ')),
    ]),
    h('p', { class: 'aux-line' }, [
      h('b', {}, 'sections '),
      info.sections.map((s) => `${s.name} ${s.size} B`).join(' · '),
    ]),
    table,
    listing,
  );
  show(bytes, info, compiled[0] ?? info.functions[0], listing);
  const shared = helpers ? ` (${helpers} shared helper${helpers === 1 ? '' : 's'})` : '';
  const summary = `${compiled.length} compiled function${compiled.length === 1 ? '' : 's'} + patch${shared} · ${bytes.length.toLocaleString()} bytes`;
  return { summary, names: compiled.map((f) => f.name) };
}

function functionRow(bytes, info, f, listing) {
  const button = h('button', { class: 'link', type: 'button' }, 'show text');
  button.addEventListener('click', () => show(bytes, info, f, listing));
  return h('tr', { 'data-index': f.index }, [
    h('td', {}, h('code', {}, f.name)),
    h('td', { class: 'num' }, f.size.toLocaleString()),
    h('td', {}, button),
  ]);
}

function show(bytes, info, f, listing) {
  if (!f) return;
  try {
    listing.textContent = disassemble(bytes, info, f.index);
  } catch (e) {
    listing.textContent = `(the text of ${f.name} cannot be shown: ${e.message})`;
  }
  for (const row of listing.parentElement?.querySelectorAll('tr[data-index]') ?? []) {
    row.classList.toggle('selected', Number(row.dataset.index) === f.index);
  }
}

/** A small element builder: `h(tag, attributes, children)`. */
export function h(tag, attrs = {}, children = []) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of [].concat(children)) e.append(c);
  return e;
}
