// Builds tiny Wasm modules for the unit tests: imports of any kind, and one exported function
// `patch: () -> i32` with a given body, optionally named in a name section.

const enc = new TextEncoder();

/** Unsigned LEB128. */
export function leb(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

const str = (s) => [...leb(enc.encode(s).length), ...enc.encode(s)];
const vec = (items) => [...leb(items.length), ...items.flat()];
const section = (id, bytes) => [id, ...leb(bytes.length), ...bytes];

/** Opcodes the tests use in bodies. */
export const OP = { unreachable: 0x00, i32Const: 0x41, end: 0x0b, call: 0x10 };

/**
 * A module. `imports`: `[{module, name, kind: 'func' | 'memory' | 'table'}]` (functions are
 * `(i32) -> i32`); `body`: the instruction bytes of the exported function (`end` is added);
 * `exportName`: its export name (default `patch`); `names`: add a name section naming it.
 */
export function buildModule({ imports = [], body = [OP.i32Const, 0], exportName = 'patch', names = false } = {}) {
  const types = section(1, vec([[0x60, 0, 1, 0x7f], [0x60, 1, 0x7f, 1, 0x7f]]));
  const imp = section(2, vec(imports.map(({ module, name, kind }) => {
    if (kind === 'func') return [...str(module), ...str(name), 0, 1];
    if (kind === 'table') return [...str(module), ...str(name), 1, 0x70, 0, 0];
    return [...str(module), ...str(name), 2, 0, 0];
  })));
  const funcIndex = imports.filter((i) => i.kind === 'func').length;
  const funcs = section(3, vec([[0]]));
  const exports = section(7, vec([[...str(exportName), 0, ...leb(funcIndex)]]));
  const code = [0, ...body, OP.end]; // no locals
  const codeSec = section(10, vec([[...leb(code.length), ...code]]));
  const nameSec = names ? section(0, [...str('name'), ...section(1, vec([[...leb(funcIndex), ...str('the_patch')]]))]) : [];
  return new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...types, ...imp, ...funcs, ...exports, ...codeSec, ...nameSec]);
}

/** `i32.const n` as bytes (signed LEB128). */
export function i32Const(n) {
  const out = [OP.i32Const];
  while (true) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}
