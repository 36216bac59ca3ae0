//! `include` and `include-ci`: the forms of other files, spliced where the form stands (at top
//! level, in a body, in an expression, in a library's declarations). A relative file name is
//! relative to the directory of the file holding the form.

use super::expr::error;
use super::util::{bad, Result};
use super::Expander;
use crate::library::{dir_of, join};
use crate::syntax::datum::{Datum, Pos};

impl Expander {
    /// The directory of file `id` (`.` for the REPL and unnamed input).
    pub(crate) fn dir_of_file(&self, id: u32) -> String {
        match self.loader.file_name(id) {
            Some(name) if !name.starts_with('<') => dir_of(name).to_string(),
            _ => ".".to_string(),
        }
    }

    /// The forms of the files named by `(include file ...)` (`items` are the file names).
    pub(crate) fn included(
        &mut self,
        files: &[Datum],
        dir: &str,
        fold_case: bool,
        pos: Pos,
    ) -> Result<Vec<Datum>> {
        let kw = if fold_case { "include-ci" } else { "include" };
        if files.is_empty() {
            return Err(bad(kw, format!("expected ({kw} \"file\" ...)"), pos));
        }
        let mut out = Vec::new();
        for f in files {
            out.extend(self.include_file(f, dir, fold_case, pos)?.1);
        }
        Ok(out)
    }

    /// Reads one included file, named by the string `file` relative to `dir`: its path and forms.
    pub(crate) fn include_file(
        &mut self,
        file: &Datum,
        dir: &str,
        fold_case: bool,
        pos: Pos,
    ) -> Result<(String, Vec<Datum>)> {
        let Datum::Str(name) = file else {
            return Err(bad(
                "include",
                format!("expected a file name string, got {file}"),
                pos,
            ));
        };
        let path = join(dir, name);
        let text = self
            .loader
            .read(&path)
            .map_err(|e| error(format!("include: {e}"), pos))?;
        let id = self.loader.add_file(&path);
        let read = if fold_case {
            crate::syntax::reader::read_all_folding(&text, id)
        } else {
            crate::syntax::reader::read_all(&text, id)
        };
        let forms = read.map_err(|e| super::SyntaxError {
            msg: format!("read error: {}", e.msg),
            pos: Some(e.pos),
        })?;
        Ok((path, forms))
    }

    /// The forms an `(include …)` or `(include-ci …)` form at `pos` stands for.
    pub(crate) fn include_form(
        &mut self,
        items: &[Datum],
        fold_case: bool,
        pos: Pos,
    ) -> Result<Vec<Datum>> {
        let dir = self.dir_of_file(pos.file);
        self.included(&items[1..], &dir, fold_case, pos)
    }
}
