// The program's files on the page: the paths of the editor's library tabs, checked and
// normalised, and how they reach the guest. No DOM here (unit-tested under Node).
//
// The page's program has no directory of its own, so it runs as `kiln run NAME.scm` would in the
// current directory: the library path is `.` and every tab is given to the guest
// (`kiln_give_file`) at its relative path. `(import (app stack))` then finds the tab
// `app/stack.sld`, an `include` in it finds `app/…` tabs, and an error in it says
// `app/stack.sld:LINE:COL`.

/** The guest's library path on the page (the program's own directory). */
export const LIBRARY_DIR = '.';
/** The option that sets it (`kiln_set_option`). */
export const LIBRARY_OPTION = `library-path=${LIBRARY_DIR}`;
/** A file bigger than this (characters) is not loaded into a tab. */
export const MAX_FILE_SIZE = 4_000_000;
/** The extensions a chosen folder's files must have to become tabs (library and include files). */
export const SOURCE_EXTENSIONS = ['.sld', '.scm', '.ss', '.sls'];

/**
 * Checks and normalises a tab's path as the user typed it: `\` becomes `/`, a leading `./` and
 * surrounding blanks go. Returns `{path}`, or `{error}` saying what is wrong; `taken` is the
 * list of the other tabs' paths.
 */
export function checkPath(raw, taken = []) {
  const path = String(raw).trim().replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  if (!path) return { error: 'a file needs a path, such as app/stack.sld' };
  if (path.startsWith('/')) return { error: `${path}: the path must be relative to the program, such as app/stack.sld` };
  const parts = path.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) {
    return { error: `${path}: no empty, "." or ".." parts in a path` };
  }
  if (/[\u0000-\u001f]/.test(path)) return { error: `${JSON.stringify(path)}: control characters in the path` };
  if (taken.includes(path)) return { error: `${path}: another tab has that path` };
  return { path };
}

/** The library a file at `path` defines when imported (`app/stack.sld` → `(app stack)`), or null. */
export function libraryName(path) {
  const m = /^(.*)\.(sld|scm)$/.exec(path);
  return m ? `(${m[1].split('/').join(' ')})` : null;
}

/** A path for a new tab that no tab has: `app/new.sld`, `app/new2.sld`, … */
export function freshPath(taken) {
  for (let n = 1; ; n++) {
    const path = `app/new${n === 1 ? '' : n}.sld`;
    if (!taken.includes(path)) return path;
  }
}

/**
 * The tab path of a file picked from disk: its path inside the chosen folder (without the
 * folder's own name) when a folder was picked, else its name.
 */
export function pickedPath({ name, webkitRelativePath }) {
  const rel = webkitRelativePath || '';
  const slash = rel.indexOf('/');
  return slash > 0 ? rel.slice(slash + 1) : name;
}

/** Whether a file of a picked folder is a source file (others, such as `.git/…`, are skipped). */
export function isSourceFile(path) {
  return SOURCE_EXTENSIONS.some((ext) => path.endsWith(ext)) && !path.split('/').some((p) => p.startsWith('.'));
}

/**
 * What identifies a whole program: its text and every file with its path. An instance kept
 * for "JIT now" re-runs the program only while this is unchanged (its libraries are loaded
 * once, so an edited tab needs a fresh instance).
 */
export function programKey(source, files) {
  return JSON.stringify([source, files.map(({ path, text }) => [path, text])]);
}
