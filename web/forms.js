// Just enough of a Scheme reader to find a program's top-level forms and blank out its procedure
// definitions. "JIT now" re-runs a program in the instance whose procedures were just compiled:
// re-evaluating `(define (f …) …)` would make a new, cold procedure, so those forms are skipped.

/**
 * The top-level forms of `src`: `[{start, end, commented}]` as character offsets. `commented`
 * marks a datum after `#;` (the reader ignores it). Unbalanced input yields what was found.
 */
export function topLevelForms(src) {
  const forms = [];
  let i = 0;
  let commentNext = false;
  while (true) {
    i = skipAtmosphere(src, i);
    if (i >= src.length) return forms;
    if (src.startsWith('#;', i)) {
      commentNext = true;
      i += 2;
      continue;
    }
    const end = datumEnd(src, i);
    forms.push({ start: i, end, commented: commentNext });
    commentNext = false;
    i = end;
  }
}

/** Whether the form text `form` defines a procedure, a macro or a record type. */
export function definesProcedure(form) {
  const m = /^\(\s*(define-syntax|define-record-type|define)(?=[\s(])\s*(\(|[^\s()]+\s*\(\s*(lambda|case-lambda)[\s(])?/.exec(form);
  if (!m) return false;
  return m[1] !== 'define' || m[2] !== undefined;
}

/**
 * `src` with every procedure, macro and record definition replaced by spaces (newlines kept,
 * so positions in error messages still match the editor).
 */
export function withoutDefinitions(src) {
  let out = '';
  let at = 0;
  for (const { start, end, commented } of topLevelForms(src)) {
    if (commented || !definesProcedure(src.slice(start, end))) continue;
    out += src.slice(at, start) + src.slice(start, end).replace(/[^\n]/g, ' ');
    at = end;
  }
  return out + src.slice(at);
}

/** Names of the procedures `src` defines at top level (for the page's explanation). */
export function definedNames(src) {
  const names = [];
  for (const { start, end, commented } of topLevelForms(src)) {
    const text = src.slice(start, end);
    if (commented || !definesProcedure(text)) continue;
    const m = /^\(\s*define[\w-]*\s+\(*\s*([^\s()]+)/.exec(text);
    if (m) names.push(m[1]);
  }
  return names;
}

// Skips whitespace, line comments and (nested) block comments.
function skipAtmosphere(src, i) {
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) i++;
    else if (c === ';') i = lineEnd(src, i);
    else if (src.startsWith('#|', i)) i = blockCommentEnd(src, i);
    else return i;
  }
  return i;
}

function lineEnd(src, i) {
  const nl = src.indexOf('\n', i);
  return nl < 0 ? src.length : nl + 1;
}

function blockCommentEnd(src, i) {
  let depth = 0;
  while (i < src.length) {
    if (src.startsWith('#|', i)) {
      depth++;
      i += 2;
    } else if (src.startsWith('|#', i)) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return i;
}

// The end of the datum starting at `i` (which is not atmosphere).
function datumEnd(src, i) {
  let depth = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '(') {
      depth++;
      i++;
    } else if (c === ')') {
      depth--;
      i++;
      if (depth <= 0) return i;
    } else if (c === '"' || c === '|') {
      i = delimitedEnd(src, i, c);
      if (depth === 0) return i;
    } else if (c === ';' || src.startsWith('#|', i) || /\s/.test(c)) {
      if (depth === 0) return i;
      i = skipAtmosphere(src, i);
    } else if (src.startsWith('#\\', i)) {
      // A character literal: `#\(` and `#\;` must not count as syntax.
      i = atomEnd(src, i + 3);
      if (depth === 0) return i;
    } else if (c === "'" || c === '`' || c === ',' || src.startsWith('#;', i)) {
      i += src.startsWith(',@', i) || src.startsWith('#;', i) ? 2 : 1; // a prefix: the datum follows
    } else {
      i = atomEnd(src, i);
      if (depth === 0 && src[i] !== '(') return i; // `#(` and `#u8(` open vectors
    }
  }
  return i;
}

// The end of a string or |symbol| starting at the quote `i`.
function delimitedEnd(src, i, quote) {
  i++;
  while (i < src.length && src[i] !== quote) i += src[i] === '\\' ? 2 : 1;
  return Math.min(i + 1, src.length);
}

function atomEnd(src, i) {
  while (i < src.length && !/[\s()";']/.test(src[i])) i++;
  return i;
}
