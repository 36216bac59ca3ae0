// Reads a Wasm module's structure in plain JavaScript, for the page's view of the latest aux
// module: its sections, imports, functions (name from the name section, body size from the code
// section), and a text listing of a function (enough of the text format for the JIT's output).

const SECTION_NAMES = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export',
  'start', 'element', 'code', 'data', 'data count'];
const KINDS = ['func', 'table', 'memory', 'global', 'tag'];
const VALTYPES = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128', 0x70: 'funcref', 0x6f: 'externref' };

/** A cursor over bytes with the LEB128 readers the binary format needs. */
class Reader {
  constructor(bytes, pos = 0, end = bytes.length) {
    this.bytes = bytes;
    this.pos = pos;
    this.end = end;
  }
  done() {
    return this.pos >= this.end;
  }
  byte() {
    if (this.pos >= this.end) throw new Error('unexpected end of module');
    return this.bytes[this.pos++];
  }
  u32() {
    let result = 0;
    for (let shift = 0; ; shift += 7) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return result;
    }
  }
  // Signed LEB128 as a BigInt (i32.const and i64.const share it).
  sleb() {
    let result = 0n;
    let shift = 0n;
    let b;
    do {
      b = this.byte();
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
    } while (b & 0x80);
    if (b & 0x40) result -= 1n << shift;
    return result;
  }
  name() {
    const len = this.u32();
    const s = new TextDecoder().decode(this.bytes.subarray(this.pos, this.pos + len));
    this.pos += len;
    return s;
  }
  skip(n) {
    this.pos += n;
  }
}

/**
 * The structure of the module `bytes`: `{size, sections, types, imports, exports, functions}`;
 * `functions` lists the defined functions: `{index, name, size, type, installed}` (size: body
 * bytes; installed: listed in a passive element segment, i.e. put in the table by the aux module's
 * patch function — a compiled procedure, not one of the module's shared helpers).
 */
export function describeModule(bytes) {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new Error('not a Wasm module');
  }
  const r = new Reader(bytes, 8);
  const info = { size: bytes.length, sections: [], types: [], imports: [], exports: [], functions: [], bodies: [] };
  const names = new Map();
  let funcTypes = [];
  const installed = new Set();
  while (!r.done()) {
    const id = r.byte();
    const size = r.u32();
    const body = new Reader(bytes, r.pos, r.pos + size);
    const section = { id, name: SECTION_NAMES[id] ?? `unknown ${id}`, size };
    if (id === 0) {
      section.name = `custom "${body.name()}"`;
      if (section.name === 'custom "name"') readNames(body, names);
    } else if (id === 1) info.types = readTypes(body);
    else if (id === 2) info.imports = readImports(body);
    else if (id === 3) funcTypes = vector(body, () => body.u32());
    else if (id === 7) info.exports = vector(body, () => ({ name: body.name(), kind: KINDS[body.byte()], index: body.u32() }));
    else if (id === 9) readPassiveFunctions(body, installed);
    else if (id === 10) info.bodies = vector(body, () => readBody(body));
    info.sections.push(section);
    r.skip(size);
  }
  const imported = info.imports.filter((i) => i.kind === 'func').length;
  info.functions = info.bodies.map((b, i) => ({
    index: imported + i,
    name: names.get(imported + i) ?? `func ${imported + i}`,
    size: b.end - b.start,
    type: funcTypes[i],
    installed: installed.has(imported + i),
  }));
  info.names = names;
  return info;
}

/**
 * Adds to `out` the function indices of the element section's passive segments of function
 * indices (flags 1, element kind 0: what aux modules use); other segment forms end the scan.
 */
function readPassiveFunctions(r, out) {
  const count = r.u32();
  for (let s = 0; s < count; s++) {
    if (r.u32() !== 1 || r.byte() !== 0) return;
    for (const f of vector(r, () => r.u32())) out.add(f);
  }
}

function vector(r, item) {
  const n = r.u32();
  const out = [];
  for (let i = 0; i < n; i++) out.push(item());
  return out;
}

function readTypes(r) {
  return vector(r, () => {
    if (r.byte() !== 0x60) throw new Error('unsupported type form');
    const params = vector(r, () => VALTYPES[r.byte()] ?? '?');
    const results = vector(r, () => VALTYPES[r.byte()] ?? '?');
    return { params, results };
  });
}

function readImports(r) {
  return vector(r, () => {
    const module = r.name();
    const name = r.name();
    const kind = KINDS[r.byte()];
    if (kind === 'func') r.u32();
    else if (kind === 'table') {
      r.byte();
      limits(r);
    } else if (kind === 'memory') limits(r);
    else if (kind === 'global') r.skip(2);
    return { module, name, kind };
  });
}

function limits(r) {
  const flags = r.byte();
  r.u32();
  if (flags & 1) r.u32();
}

function readBody(r) {
  const size = r.u32();
  const start = r.pos;
  r.skip(size);
  return { start, end: start + size };
}

// The function-name subsection (id 1) of the "name" section.
function readNames(r, names) {
  while (!r.done()) {
    const id = r.byte();
    const size = r.u32();
    const end = r.pos + size;
    if (id === 1) vector(r, () => names.set(r.u32(), r.name()));
    r.pos = end;
  }
}

// Opcodes without immediates, by byte: the MVP numeric range and a few others.
const SIMPLE = new Map([
  [0x00, 'unreachable'], [0x01, 'nop'], [0x0f, 'return'], [0x1a, 'drop'], [0x1b, 'select'], [0xd1, 'ref.is_null'],
]);
const NUMERIC = ('i32.eqz i32.eq i32.ne i32.lt_s i32.lt_u i32.gt_s i32.gt_u i32.le_s i32.le_u i32.ge_s i32.ge_u ' +
  'i64.eqz i64.eq i64.ne i64.lt_s i64.lt_u i64.gt_s i64.gt_u i64.le_s i64.le_u i64.ge_s i64.ge_u ' +
  'f32.eq f32.ne f32.lt f32.gt f32.le f32.ge f64.eq f64.ne f64.lt f64.gt f64.le f64.ge ' +
  'i32.clz i32.ctz i32.popcnt i32.add i32.sub i32.mul i32.div_s i32.div_u i32.rem_s i32.rem_u i32.and i32.or ' +
  'i32.xor i32.shl i32.shr_s i32.shr_u i32.rotl i32.rotr i64.clz i64.ctz i64.popcnt i64.add i64.sub i64.mul ' +
  'i64.div_s i64.div_u i64.rem_s i64.rem_u i64.and i64.or i64.xor i64.shl i64.shr_s i64.shr_u i64.rotl i64.rotr ' +
  'f32.abs f32.neg f32.ceil f32.floor f32.trunc f32.nearest f32.sqrt f32.add f32.sub f32.mul f32.div f32.min ' +
  'f32.max f32.copysign f64.abs f64.neg f64.ceil f64.floor f64.trunc f64.nearest f64.sqrt f64.add f64.sub ' +
  'f64.mul f64.div f64.min f64.max f64.copysign i32.wrap_i64 i32.trunc_f32_s i32.trunc_f32_u i32.trunc_f64_s ' +
  'i32.trunc_f64_u i64.extend_i32_s i64.extend_i32_u i64.trunc_f32_s i64.trunc_f32_u i64.trunc_f64_s ' +
  'i64.trunc_f64_u f32.convert_i32_s f32.convert_i32_u f32.convert_i64_s f32.convert_i64_u f32.demote_f64 ' +
  'f64.convert_i32_s f64.convert_i32_u f64.convert_i64_s f64.convert_i64_u f64.promote_f32 ' +
  'i32.reinterpret_f32 i64.reinterpret_f64 f32.reinterpret_i32 f64.reinterpret_i64 ' +
  'i32.extend8_s i32.extend16_s i64.extend8_s i64.extend16_s i64.extend32_s').split(' ');
NUMERIC.forEach((name, i) => SIMPLE.set(0x45 + i, name));
const MEMORY_OPS = ('i32.load i64.load f32.load f64.load i32.load8_s i32.load8_u i32.load16_s i32.load16_u ' +
  'i64.load8_s i64.load8_u i64.load16_s i64.load16_u i64.load32_s i64.load32_u i32.store i64.store f32.store ' +
  'f64.store i32.store8 i32.store16 i64.store8 i64.store16 i64.store32').split(' ');
const INDEX_OPS = { 0x0c: 'br', 0x0d: 'br_if', 0x10: 'call', 0x12: 'return_call', 0x20: 'local.get', 0x21: 'local.set',
  0x22: 'local.tee', 0x23: 'global.get', 0x24: 'global.set', 0x25: 'table.get', 0x26: 'table.set', 0xd2: 'ref.func' };
const PREFIXED = { 12: 'table.init', 13: 'elem.drop', 14: 'table.copy', 15: 'table.grow', 16: 'table.size', 17: 'table.fill' };

/**
 * The text format of defined function `index` of the module described by `info` (from
 * `describeModule(bytes)`); opcodes outside the MVP, tail calls and table operations stop the listing.
 */
export function disassemble(bytes, info, index) {
  const fn = info.functions.find((f) => f.index === index);
  if (!fn) throw new Error(`no function ${index}`);
  const body = info.bodies[index - (info.functions[0]?.index ?? 0)];
  const r = new Reader(bytes, body.start, body.end);
  const type = info.types[fn.type];
  const sig = type ? signature(type) : '';
  const lines = [`(func $${fn.name}${sig}`];
  const locals = vector(r, () => [r.u32(), VALTYPES[r.byte()] ?? '?']);
  for (const [n, t] of locals) lines.push(`  (local ${Array(n).fill(t).join(' ')})`);
  let depth = 1;
  while (!r.done()) {
    const { text, indent } = instruction(r, info);
    if (indent < 0 && --depth === 0) break; // the function's own `end`
    lines.push('  '.repeat(text === 'else' ? depth - 1 : depth) + text);
    if (indent > 0) depth++;
  }
  lines[lines.length - 1] += ')';
  return lines.join('\n');
}

function signature({ params, results }) {
  return (params.length ? ` (param ${params.join(' ')})` : '') + (results.length ? ` (result ${results.join(' ')})` : '');
}

// One instruction: its text and whether it opens (1) or closes (-1) a block.
function instruction(r, info) {
  const op = r.byte();
  const fname = (i) => '$' + (info.names.get(i) ?? i);
  if (op === 0x02 || op === 0x03 || op === 0x04) {
    const bt = r.byte();
    const result = bt === 0x40 ? '' : VALTYPES[bt] ? ` (result ${VALTYPES[bt]})` : ' (type ?)';
    return { text: ['block', 'loop', 'if'][op - 2] + result, indent: 1 };
  }
  if (op === 0x05) return { text: 'else', indent: 0 };
  if (op === 0x0b) return { text: 'end', indent: -1 };
  if (op === 0x0e) {
    const targets = vector(r, () => r.u32());
    return { text: `br_table ${targets.join(' ')} ${r.u32()}`, indent: 0 };
  }
  if (op === 0x10 || op === 0x12) return { text: `${INDEX_OPS[op]} ${fname(r.u32())}`, indent: 0 };
  if (op === 0x11 || op === 0x13) {
    const type = r.u32();
    const table = r.u32();
    return { text: `${op === 0x11 ? 'call_indirect' : 'return_call_indirect'} ${table} (type ${type})`, indent: 0 };
  }
  if (INDEX_OPS[op]) return { text: `${INDEX_OPS[op]} ${r.u32()}`, indent: 0 };
  if (op >= 0x28 && op <= 0x3e) {
    const align = r.u32();
    const offset = r.u32();
    return { text: MEMORY_OPS[op - 0x28] + (offset ? ` offset=${offset}` : '') + ` align=${2 ** align}`, indent: 0 };
  }
  if (op === 0x3f || op === 0x40) return { text: op === 0x3f ? `memory.size ${r.byte()}` : `memory.grow ${r.byte()}`, indent: 0 };
  if (op === 0x41 || op === 0x42) return { text: `${op === 0x41 ? 'i32' : 'i64'}.const ${r.sleb()}`, indent: 0 };
  if (op === 0x43 || op === 0x44) return { text: floatConst(r, op), indent: 0 };
  if (op === 0xd0) return { text: `ref.null ${VALTYPES[r.byte()] === 'externref' ? 'extern' : 'func'}`, indent: 0 };
  if (op === 0xfc) return { text: prefixed(r), indent: 0 };
  if (SIMPLE.has(op)) return { text: SIMPLE.get(op), indent: 0 };
  throw new Error(`opcode 0x${op.toString(16)} is not shown here`);
}

function floatConst(r, op) {
  const n = op === 0x43 ? 4 : 8;
  const view = new DataView(r.bytes.buffer, r.bytes.byteOffset + r.pos, n);
  r.skip(n);
  const v = n === 4 ? view.getFloat32(0, true) : view.getFloat64(0, true);
  return `${n === 4 ? 'f32' : 'f64'}.const ${v}`;
}

function prefixed(r) {
  const sub = r.u32();
  const name = PREFIXED[sub];
  if (!name) throw new Error(`opcode 0xfc ${sub} is not shown here`);
  if (sub === 12) {
    const elem = r.u32(); // binary order: segment, then table; the text format says table first
    return `${name} ${r.u32()} ${elem}`;
  }
  if (sub === 14) return `${name} ${r.u32()} ${r.u32()}`;
  return `${name} ${r.u32()}`;
}
