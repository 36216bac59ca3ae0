// The editor's tabs: the main program first, then library files, each with a path relative to
// the program (`app/stack.sld`). One textarea shows the selected tab. Tabs are added (+, or
// files and folders from disk), renamed in the path field under the tab bar, and removed.

import { h } from './auxview.js';
import { checkPath, freshPath, libraryName, pickedPath, isSourceFile, MAX_FILE_SIZE } from './files.js';

export class Tabs {
  /**
   * `ui`: the elements (`bar`, `editor`, `pathRow`). `mainLabel()`: the main tab's name.
   * `onChange()`: any text, tab or path changed. `onProblem(text)`: something the user asked
   * for was refused (a bad path, an unreadable file).
   */
  constructor({ bar, editor, pathRow }, { mainLabel, onChange, onProblem }) {
    Object.assign(this, { bar, editor, pathRow, mainLabel, onChange, onProblem });
    /** `[{path, text}]`; `files[0]` is the main program (its path is null). */
    this.files = [{ path: null, text: '' }];
    this.active = 0;
    editor.addEventListener('input', () => this.changed());
  }

  /** The main program's text. */
  get source() {
    this.sync();
    return this.files[0].text;
  }

  /** The library files, `[{path, text}]`, in tab order. */
  get libraries() {
    this.sync();
    return this.files.slice(1).map(({ path, text }) => ({ path, text }));
  }

  /** Replaces every tab: the program `source` and its `files` (`[{path, text}]`). */
  load(source, files = []) {
    this.files = [{ path: null, text: source }, ...files.map(({ path, text }) => ({ path, text }))];
    this.show(0);
  }

  /** Copies the textarea into the selected tab (call after changing the textarea directly). */
  sync() {
    this.files[this.active].text = this.editor.value;
  }

  changed() {
    this.sync();
    this.render();
    this.onChange();
  }

  show(i) {
    this.active = i;
    this.editor.value = this.files[i].text;
    this.editor.setAttribute('aria-label', i === 0 ? 'Scheme program' : `file ${this.files[i].path}`);
    this.render();
    this.onChange();
  }

  select(i) {
    this.sync();
    this.show(i);
  }

  paths(except = -1) {
    return this.files.map((f) => f.path).filter((p, i) => i !== 0 && i !== except);
  }

  /** A new empty library tab, selected. */
  addEmpty() {
    this.sync();
    const path = freshPath(this.paths());
    const name = libraryName(path);
    this.files.push({ path, text: `(define-library ${name}\n  (export)\n  (import (scheme base))\n  (begin\n    ))\n` });
    this.show(this.files.length - 1);
    this.pathRow.querySelector('input')?.select();
  }

  /** Sets the text of the tab at `path` (a new tab if none has it); returns its index. */
  put(path, text) {
    this.sync();
    let i = this.files.findIndex((f, j) => j > 0 && f.path === path);
    if (i < 0) i = this.files.push({ path, text }) - 1;
    else this.files[i].text = text;
    return i;
  }

  /** Loads files picked from disk (an `<input type=file>`'s `files`) into tabs, keeping their names. */
  async addPicked(fileList, { folder = false } = {}) {
    let last = -1;
    const skipped = [];
    for (const file of fileList) {
      const checked = checkPath(pickedPath(file));
      if (checked.error) {
        skipped.push(checked.error);
        continue;
      }
      if (folder && !isSourceFile(checked.path)) continue;
      if (file.size > MAX_FILE_SIZE) {
        skipped.push(`${checked.path}: larger than ${MAX_FILE_SIZE / 1e6} MB`);
        continue;
      }
      try {
        last = this.put(checked.path, await file.text());
      } catch (e) {
        skipped.push(`${checked.path}: ${e.message}`);
      }
    }
    if (skipped.length) this.onProblem(`Not loaded: ${skipped.join('; ')}.`);
    if (last >= 0) this.show(last);
    else if (!skipped.length) this.onProblem('No Scheme source files (.sld, .scm, .ss, .sls) were chosen.');
  }

  /** Renames tab `i`; a bad path is refused (and said why). */
  rename(i, raw) {
    const checked = checkPath(raw, this.paths(i));
    if (checked.error) {
      this.onProblem(`Cannot rename ${this.files[i].path}: ${checked.error}.`);
    } else {
      this.files[i].path = checked.path;
    }
    this.render();
    this.onChange();
  }

  remove(i) {
    this.sync();
    this.files.splice(i, 1);
    this.show(Math.min(i, this.files.length - 1));
  }

  render() {
    const tabs = this.files.map((f, i) => {
      const label = i === 0 ? this.mainLabel() : f.path;
      const b = h('button', {
        type: 'button', role: 'tab', class: i === this.active ? 'tab active' : 'tab',
        'aria-selected': String(i === this.active), 'data-path': f.path ?? '', title: i === 0 ? 'the program' : `a file of the program: ${f.path}`,
      }, label);
      b.addEventListener('click', () => this.select(i));
      return b;
    });
    this.bar.replaceChildren(...tabs);
    this.renderPathRow();
  }

  renderPathRow() {
    const i = this.active;
    if (i === 0) {
      const hint = this.files.length > 1
        ? 'The program. Its imports find the other tabs by path: (import (app stack)) loads app/stack.sld.'
        : 'The program. Add a tab (+) or open files for its own libraries: (import (app stack)) loads the tab app/stack.sld.';
      this.pathRow.replaceChildren(h('span', { class: 'muted' }, hint));
      return;
    }
    const input = h('input', { type: 'text', id: 'tab-path', value: this.files[i].path, spellcheck: 'false', 'aria-label': 'path of this file' });
    input.value = this.files[i].path;
    input.addEventListener('change', () => this.rename(i, input.value));
    input.addEventListener('keydown', (e) => e.key === 'Enter' && input.blur());
    const remove = h('button', { type: 'button', class: 'link', id: 'tab-remove' }, 'remove this file');
    remove.addEventListener('click', () => this.remove(i));
    const name = libraryName(this.files[i].path);
    const what = name ? `imported as ${name}` : 'included by path';
    this.pathRow.replaceChildren(h('label', { for: 'tab-path' }, 'path'), input, h('span', { class: 'muted' }, what), remove);
  }
}
