//! The expander: `Datum` → `Core`.
//!
//! Every derived form is translated straight into `Core` (so expander-made temporaries are fresh
//! `VarId`s and can never capture user names), `syntax-rules` macros are expanded hygienically
//! by renaming template identifiers to `Datum::Alias`es (see `env`), and variables are resolved
//! to local `VarId`s or global names. Calls to the runtime's reserved `%` procedures
//! (`%memv`, `%apply`, `%guard`, ...) are emitted as `Core::GlobalRef`s.

mod body;
mod cond_expand;
mod core_forms;
mod define_library;
mod derived;
mod env;
mod expr;
mod import;
mod include;
mod libraries;
mod macro_forms;
mod quasiquote;
mod records;
mod syntax_rules;
mod template;
mod toplevel;
mod util;
mod values;

#[cfg(test)]
mod test_util;

pub use cond_expand::FEATURES;
pub use env::display_name;

use crate::ir::core::{Core, Var, VarId};
use crate::syntax::datum::{Datum, Pos};
use std::fmt;
use std::rc::Rc;

/// A syntax error, with the position of the offending form when known.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    pub msg: String,
    pub pos: Option<Pos>,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self.pos {
            Some(p) => write!(f, "{}:{}: {}", p.line, p.col, self.msg),
            None => f.write_str(&self.msg),
        }
    }
}

impl std::error::Error for SyntaxError {}

/// The number of the program's environment for [`Expander::expand_in`] (also the REPL's,
/// `interaction-environment` and `eval`'s without an environment).
pub const PROGRAM: u32 = 0;

/// Nesting limit for expressions and macro expansions, so runaway recursive macros and absurdly
/// deep code give an error instead of overflowing the native stack.
const MAX_DEPTH: u32 = 2_000;

/// Limit on macro expansion steps within one top-level form (catches non-nesting infinite
/// expansion loops, e.g. a macro that expands to itself in a body).
const MAX_EXPANSIONS: u32 = 1_000_000;

/// Expansion state that persists across top-level forms: the top-level environments (the
/// program's and the libraries'), the library registry, where source files come from, and the
/// `VarId` counter.
pub struct Expander {
    envs: env::Envs,
    /// The top-level environment of the forms being expanded: the program's, or a library's.
    top: env::EnvId,
    libs: libraries::Registry,
    /// Source files: names for positions, the library path, files given by the host.
    pub loader: crate::library::Loader,
    next_var: VarId,
    depth: u32,
    expansions: u32,
    /// The environments `environment` made, by the text of their import sets.
    environments: std::collections::HashMap<String, env::EnvId>,
}

impl Default for Expander {
    fn default() -> Self {
        Expander::new()
    }
}

impl Expander {
    /// An expander whose global environment holds only the standard syntax.
    pub fn new() -> Expander {
        Expander {
            envs: env::Envs::new(),
            top: env::GLOBAL,
            libs: Default::default(),
            loader: Default::default(),
            next_var: 0,
            depth: 0,
            expansions: 0,
            environments: Default::default(),
        }
    }

    /// Records the names of the builtin globals (and the syntax defined so far) as what every
    /// library can use without importing anything but standard libraries. Called once the
    /// runtime has defined its primitives.
    pub fn set_builtins(&mut self, names: impl IntoIterator<Item = Rc<str>>) {
        self.envs.set_builtins(names);
    }

    /// Whether `name` is one of the runtime's builtin globals (not one a program defined).
    #[cfg(test)]
    pub fn is_builtin(&self, name: &str) -> bool {
        self.envs.is_builtin(name)
    }

    /// Makes the program one of explicit imports (R7RS 5.1: a program that starts with
    /// `import`): it then sees only the names it imports and defines. A program that does not
    /// start with `import` (a script) and the REPL see every builtin, imports or not.
    pub fn use_explicit_imports(&mut self) {
        self.envs.use_explicit_imports();
    }

    /// Whether a standard library can export `name` (see `library::standard`'s tests).
    pub fn is_standard_name(&self, name: &str) -> bool {
        self.envs.is_standard_name(name)
    }

    /// Expands one top-level form of the program. Macros it defines apply to later forms.
    pub fn expand_toplevel(&mut self, form: &Datum) -> Result<Core, SyntaxError> {
        self.expand_in(form, PROGRAM)
    }

    /// Expands one top-level form in environment `env` (a number [`Expander::environment`]
    /// returned, or [`PROGRAM`]).
    pub fn expand_in(&mut self, form: &Datum, env: u32) -> Result<Core, SyntaxError> {
        self.top = env::TOP | env;
        let mark = self.envs.mark();
        self.depth = 0;
        self.expansions = 0;
        let result = self.toplevel(form);
        self.envs.release(mark);
        result
    }

    /// The environment of `(environment set …)`, R7RS 6.12: a top-level environment with
    /// exactly those imports (made once per list of sets). Returns its number for
    /// [`Expander::expand_in`] and, for a new environment that imports libraries, the code
    /// that loads those not loaded yet, to run now (a library's body runs once, at whatever
    /// needs it first — an import, or an environment that may never be evaluated in).
    pub fn environment(&mut self, sets: &[Datum]) -> Result<(u32, Option<Core>), SyntaxError> {
        let text: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
        let text = text.join(" ");
        if let Some(&top) = self.environments.get(&text) {
            return Ok((top & !env::TOP, None));
        }
        let top = self.envs.new_top(None, true);
        let libs = self.import_sets(sets, top, Pos::default())?;
        self.environments.insert(text, top);
        let load = (!libs.is_empty()).then(|| self.libs.load_code(&libs, Pos::default()));
        Ok((top & !env::TOP, load))
    }

    /// The library bodies that expansion has needed since the last call: for each, the name of
    /// the global cell to hold it as a closure of no arguments (what `%load-library` runs), and
    /// its code, to run as a top-level form. The host installs them before running anything
    /// expanded meanwhile.
    pub fn take_library_bodies(&mut self) -> Vec<(String, Core)> {
        std::mem::take(&mut self.libs.new_bodies)
    }

    /// A fresh local variable named after the identifier `id`.
    fn fresh(&mut self, name: Rc<str>) -> Var {
        let id = self.next_var;
        self.next_var += 1;
        Var { id, name }
    }

    /// Runs `f` one nesting level deeper, failing past `MAX_DEPTH`.
    fn nested<T>(
        &mut self,
        pos: Option<Pos>,
        f: impl FnOnce(&mut Self) -> util::Result<T>,
    ) -> util::Result<T> {
        if self.depth >= MAX_DEPTH {
            return Err(SyntaxError {
                msg: "expression or macro expansion nested too deeply".into(),
                pos,
            });
        }
        self.depth += 1;
        let r = f(self);
        self.depth -= 1;
        r
    }
}

#[cfg(test)]
mod spec_examples;
