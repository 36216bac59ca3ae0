//! Lexical environments of the expander and identifier resolution.
//!
//! Environments are local frames in an arena and top-level environments (the program's, and one
//! per library: see `Top`), all addressed by `EnvId`; every chain of frames ends in a top. A frame maps identifiers
//! (symbols, or macro-introduced aliases compared by identity) to bindings. An alias not bound by
//! identity anywhere on the chain is resolved as its underlying name in the environment where its
//! macro was defined: that single rule gives hygiene in both directions.

use super::syntax_rules::Macro;
use crate::ir::core::Var;
use crate::syntax::datum::{Alias, Datum};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// Index of a frame in `Envs`, or (with [`TOP`] set) of a top-level environment.
pub(crate) type EnvId = u32;

/// The bit that marks an `EnvId` as a top-level environment rather than a local frame.
pub(crate) const TOP: EnvId = 1 << 31;

/// The program's top-level environment (also the REPL's and `eval`'s).
pub(crate) const GLOBAL: EnvId = TOP;

/// The forms implemented by the expander itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Special {
    Quote,
    Quasiquote,
    Lambda,
    Define,
    Set,
    If,
    Begin,
    Let,
    LetStar,
    Letrec,
    LetrecStar,
    Cond,
    Case,
    And,
    Or,
    When,
    Unless,
    Do,
    Delay,
    DelayForce,
    DefineRecordType,
    LetValues,
    LetStarValues,
    DefineValues,
    Parameterize,
    CaseLambda,
    Guard,
    DefineSyntax,
    LetSyntax,
    LetrecSyntax,
    SyntaxRules,
    CondExpand,
    Import,
    DefineLibrary,
    Include,
    IncludeCi,
    SyntaxError,
}

/// Global names of the special forms.
const SPECIALS: &[(&str, Special)] = &[
    ("quote", Special::Quote),
    ("quasiquote", Special::Quasiquote),
    ("lambda", Special::Lambda),
    ("define", Special::Define),
    ("set!", Special::Set),
    ("if", Special::If),
    ("begin", Special::Begin),
    ("let", Special::Let),
    ("let*", Special::LetStar),
    ("letrec", Special::Letrec),
    ("letrec*", Special::LetrecStar),
    ("cond", Special::Cond),
    ("case", Special::Case),
    ("and", Special::And),
    ("or", Special::Or),
    ("when", Special::When),
    ("unless", Special::Unless),
    ("do", Special::Do),
    ("delay", Special::Delay),
    ("delay-force", Special::DelayForce),
    ("define-record-type", Special::DefineRecordType),
    ("let-values", Special::LetValues),
    ("let*-values", Special::LetStarValues),
    ("define-values", Special::DefineValues),
    ("parameterize", Special::Parameterize),
    ("case-lambda", Special::CaseLambda),
    ("guard", Special::Guard),
    ("define-syntax", Special::DefineSyntax),
    ("let-syntax", Special::LetSyntax),
    ("letrec-syntax", Special::LetrecSyntax),
    ("syntax-rules", Special::SyntaxRules),
    ("cond-expand", Special::CondExpand),
    ("import", Special::Import),
    ("define-library", Special::DefineLibrary),
    ("include", Special::Include),
    ("include-ci", Special::IncludeCi),
    ("syntax-error", Special::SyntaxError),
];

/// What an identifier can be bound to.
#[derive(Clone)]
pub(crate) enum Binding {
    Local(Var),
    Macro(Rc<Macro>),
    Special(Special),
    /// A global variable kept in the cell of this name (a library's definitions and the
    /// variables imported from libraries; see `Top`).
    Global(Rc<str>),
}

/// What an identifier means at one place.
#[derive(Clone)]
pub(crate) enum Resolved {
    Local(Var),
    Macro(Rc<Macro>),
    Special(Special),
    /// Not bound as syntax or local: a global variable of this name.
    Global(Rc<str>),
}

impl Resolved {
    /// `free-identifier=?`: the two identifiers denote the same binding.
    pub fn same(&self, other: &Resolved) -> bool {
        match (self, other) {
            (Resolved::Local(a), Resolved::Local(b)) => a.id == b.id,
            (Resolved::Macro(a), Resolved::Macro(b)) => Rc::ptr_eq(a, b),
            (Resolved::Special(a), Resolved::Special(b)) => a == b,
            (Resolved::Global(a), Resolved::Global(b)) => a == b,
            _ => false,
        }
    }
}

impl From<&Binding> for Resolved {
    fn from(b: &Binding) -> Resolved {
        match b {
            Binding::Local(v) => Resolved::Local(v.clone()),
            Binding::Macro(m) => Resolved::Macro(m.clone()),
            Binding::Special(s) => Resolved::Special(*s),
            Binding::Global(name) => Resolved::Global(name.clone()),
        }
    }
}

/// Identifier identity: symbols by name, aliases by `Rc` identity.
pub(crate) fn same_ident(a: &Datum, b: &Datum) -> bool {
    match (a, b) {
        (Datum::Sym(x, _), Datum::Sym(y, _)) => x == y,
        (Datum::Alias(x), Datum::Alias(y)) => Rc::ptr_eq(x, y),
        _ => false,
    }
}

/// An identifier as a hash key: symbols by name, aliases by identity (the address of the `Alias`,
/// kept alive by the identifier stored next to it in the frame).
#[derive(PartialEq, Eq, Hash)]
enum Key {
    Sym(Rc<str>),
    Alias(*const Alias),
}

fn key(id: &Datum) -> Key {
    match id {
        Datum::Sym(name, _) => Key::Sym(name.clone()),
        Datum::Alias(a) => Key::Alias(Rc::as_ptr(a)),
        _ => unreachable!("binding a non-identifier"),
    }
}

/// Frames with more bindings than this get a hash index (generated code can bind 100,000 names
/// in one `lambda` or `let`; a linear search per binding and per reference is then quadratic).
const INDEX_FROM: usize = 8;

struct Frame {
    parent: EnvId,
    /// Most frames hold a few bindings, so a vector beats a map. Holding the identifier keeps
    /// aliases alive, so identity comparison (and the `Key::Alias` addresses) stays sound.
    binds: Vec<(Datum, Binding)>,
    /// For large frames: each identifier's latest index in `binds`.
    index: HashMap<Key, usize>,
}

impl Frame {
    fn new(parent: EnvId) -> Frame {
        Frame {
            parent,
            binds: Vec::new(),
            index: HashMap::new(),
        }
    }

    fn push(&mut self, id: &Datum, b: Binding) {
        self.binds.push((id.clone(), b));
        if self.binds.len() == INDEX_FROM {
            for (i, (k, _)) in self.binds.iter().enumerate() {
                self.index.insert(key(k), i);
            }
        } else if self.binds.len() > INDEX_FROM {
            self.index.insert(key(id), self.binds.len() - 1);
        }
    }

    /// The latest binding of `id` in this frame.
    fn lookup(&self, id: &Datum) -> Option<&Binding> {
        if self.binds.len() >= INDEX_FROM {
            return self.index.get(&key(id)).map(|&i| &self.binds[i].1);
        }
        let found = self.binds.iter().rev().find(|(k, _)| same_ident(k, id));
        found.map(|(_, b)| b)
    }
}

/// A top-level environment: the program's, one library's, or one of `eval`'s `environment`s.
///
/// What a name not bound in `table` means depends on `explicit`. In a script (a program that
/// does not start with `import`, and the REPL) every builtin is visible: such a name is the
/// global of that name. In an environment of explicit imports (a library; a program that starts
/// with `import`; an `environment`) only what was imported is: a builtin that was not is hidden
/// behind a cell of the environment's own ([`mangle`]), unbound unless the environment defines
/// it, and in a library so is every other name, so that the internal definitions of two
/// libraries never meet.
struct Top {
    /// Syntactic bindings, imported names and (with explicit imports) its definitions, by name.
    table: HashMap<Rc<str>, Binding>,
    /// Whether only imported names are visible (see above).
    explicit: bool,
    /// Names defined here (a library may not define one twice).
    defined: HashSet<Rc<str>>,
    /// The library's name as written, e.g. `(app stack)`; `None` for the program.
    library: Option<Rc<str>>,
}

/// What a program's hidden builtins are called in [`mangle`]d cell names: `char-upcase` in a
/// program that did not import `(scheme char)` is the cell `char-upcase in (program)`.
const PROGRAM: &str = "(program)";

/// The declarations every top-level environment knows, whatever it imports.
const DECLARATIONS: &[&str] = &["import", "define-library"];

/// The auxiliary syntax (`cond`'s `else`…): never defined as globals, these mean the same in a
/// library as in the program unless the library binds them itself.
const AUXILIARY: &[&str] = &["else", "=>", "unquote", "unquote-splicing", "_", "..."];

/// The cell name of `name` defined in library `lib`: readable in "unbound variable" errors,
/// and distinct from every other library's and from the program's globals.
pub(crate) fn mangle(lib: &str, name: &str) -> Rc<str> {
    Rc::from(format!("{name} in {lib}"))
}

/// The name to show for the global cell `cell` in "unbound variable": a program's hidden
/// builtin is shown as the name the program wrote; a library's cell keeps its library.
pub fn display_name(cell: &str) -> &str {
    cell.strip_suffix(PROGRAM)
        .and_then(|c| c.strip_suffix(" in "))
        .unwrap_or(cell)
}

/// Whether `name` is one of the runtime's reserved `%` names, which expanded code calls from
/// every environment (`%memv`, `%hash-table?`): never hidden, whatever was imported.
fn reserved(name: &str) -> bool {
    name.starts_with('%')
}

/// All environments of one expander.
pub(crate) struct Envs {
    frames: Vec<Frame>,
    tops: Vec<Top>,
    /// The syntactic bindings every new library starts with (the standard syntax).
    base: HashMap<Rc<str>, Binding>,
    /// Names of the builtin globals (primitives, prelude definitions): the names a library
    /// uses without defining them refer to these.
    builtins: HashSet<Rc<str>>,
}

impl Envs {
    /// The program's environment with the special forms bound.
    pub fn new() -> Envs {
        let base: HashMap<Rc<str>, Binding> = SPECIALS
            .iter()
            .map(|(n, s)| (Rc::from(*n), Binding::Special(*s)))
            .collect();
        let mut envs = Envs {
            frames: Vec::new(),
            tops: Vec::new(),
            base,
            builtins: HashSet::new(),
        };
        envs.new_top(None, false);
        envs
    }

    /// A new top-level environment: a library's (named `library`), or with `None` the program's
    /// or an `environment`'s. A library's has explicit imports; with `None`, `explicit` says.
    pub fn new_top(&mut self, library: Option<Rc<str>>, explicit: bool) -> EnvId {
        let explicit = explicit || library.is_some();
        self.tops.push(Top {
            table: if explicit {
                self.declarations()
            } else {
                self.base.clone()
            },
            explicit,
            defined: HashSet::new(),
            library,
        });
        TOP | (self.tops.len() - 1) as EnvId
    }

    /// The bindings of [`DECLARATIONS`].
    fn declarations(&self) -> HashMap<Rc<str>, Binding> {
        let keep = |(n, _): &(&Rc<str>, &Binding)| DECLARATIONS.contains(&&***n);
        let all = self.base.iter().filter(keep);
        all.map(|(n, b)| (n.clone(), b.clone())).collect()
    }

    /// Makes the program's environment one of explicit imports (a program that starts with
    /// `import`): from now on it sees what it imports and defines, and no other builtin.
    pub fn use_explicit_imports(&mut self) {
        let table = self.declarations();
        let t = self.top_mut(GLOBAL);
        t.table = table;
        t.explicit = true;
    }

    /// What exported name `name` of a standard library binds: its syntax, or the builtin global.
    pub fn standard_binding(&self, name: &str) -> Binding {
        match self.base.get(name) {
            Some(b) => b.clone(),
            None => Binding::Global(Rc::from(name)),
        }
    }

    /// Records the builtin globals and the syntax defined so far as what every library sees.
    pub fn set_builtins(&mut self, names: impl IntoIterator<Item = Rc<str>>) {
        self.builtins = names.into_iter().collect();
        self.base = self.tops[0].table.clone();
    }

    /// Whether `name` is one of the runtime's builtin globals (see [`Envs::set_builtins`]).
    #[cfg(test)]
    pub fn is_builtin(&self, name: &str) -> bool {
        self.builtins.contains(name)
    }

    fn top(&self, env: EnvId) -> &Top {
        debug_assert!(env & TOP != 0, "not a top-level environment");
        &self.tops[(env & !TOP) as usize]
    }

    fn top_mut(&mut self, env: EnvId) -> &mut Top {
        debug_assert!(env & TOP != 0, "not a top-level environment");
        &mut self.tops[(env & !TOP) as usize]
    }

    /// A new empty frame inside `parent`.
    pub fn push(&mut self, parent: EnvId) -> EnvId {
        self.frames.push(Frame::new(parent));
        (self.frames.len() - 1) as EnvId
    }

    /// Binds `id` in the local frame `env`.
    pub fn bind(&mut self, env: EnvId, id: &Datum, b: Binding) {
        debug_assert!(env & TOP == 0);
        self.frames[env as usize].push(id, b);
    }

    /// Whether `id` is already bound in frame `env` itself (duplicate detection).
    pub fn bound_here(&self, env: EnvId, id: &Datum) -> bool {
        env & TOP == 0 && self.frames[env as usize].lookup(id).is_some()
    }

    /// The library whose environment `top` is, as written (`None` for the program).
    pub fn library(&self, top: EnvId) -> Option<Rc<str>> {
        self.top(top).library.clone()
    }

    /// Sets a top-level syntactic binding (`define-syntax`).
    pub fn set_global_syntax(&mut self, top: EnvId, name: Rc<str>, b: Binding) {
        self.top_mut(top).table.insert(name, b);
    }

    /// The cell a top-level definition of `name` in `top` defines.
    pub fn cell_name(&self, top: EnvId, name: &Rc<str>) -> Rc<str> {
        let t = self.top(top);
        match &t.library {
            Some(lib) => mangle(lib, name),
            // A program's definition of a name it imported (or defined before) is that cell, as
            // `set!` of it is; one of a builtin it did not import is a name of its own.
            None if t.explicit => match t.table.get(name) {
                Some(Binding::Global(cell)) => cell.clone(),
                _ if self.builtins.contains(name) => mangle(PROGRAM, name),
                _ => name.clone(),
            },
            None => name.clone(),
        }
    }

    /// Whether `name` was defined (as a variable or as syntax) at the top level of `top`.
    pub fn is_defined(&self, top: EnvId, name: &str) -> bool {
        self.top(top).defined.contains(name)
    }

    /// A top-level definition of `name` in `top`: the name becomes a variable there (it stops
    /// being a syntax keyword or an import). Returns the cell it defines.
    pub fn define(&mut self, top: EnvId, name: &Rc<str>) -> Rc<str> {
        let cell = self.cell_name(top, name);
        let t = self.top_mut(top);
        t.defined.insert(name.clone());
        if t.explicit {
            t.table.insert(name.clone(), Binding::Global(cell.clone()));
        } else {
            t.table.remove(name);
        }
        cell
    }

    /// Marks `name` as syntax defined at the top level of `top` (for duplicate detection).
    pub fn define_syntax_name(&mut self, top: EnvId, name: &Rc<str>) {
        self.top_mut(top).defined.insert(name.clone());
    }

    /// A library's name that a later body form defines: references before the definition
    /// (procedures calling each other) must already mean the library's own cell.
    pub fn predeclare(&mut self, top: EnvId, name: &Rc<str>) {
        let cell = self.cell_name(top, name);
        self.top_mut(top)
            .table
            .insert(name.clone(), Binding::Global(cell));
    }

    /// Binds `name` in `top` to an imported binding.
    pub fn import(&mut self, top: EnvId, name: Rc<str>, b: Binding) {
        self.top_mut(top).table.insert(name, b);
    }

    /// What the name `name` means at the top level of `top`.
    pub fn resolve_name(&self, name: &Rc<str>, top: EnvId) -> Resolved {
        let t = self.top(top);
        if let Some(b) = t.table.get(name) {
            return b.into();
        }
        if reserved(name) || AUXILIARY.contains(&&**name) {
            return Resolved::Global(name.clone());
        }
        match &t.library {
            Some(lib) => Resolved::Global(mangle(lib, name)),
            None if t.explicit && self.builtins.contains(name) => {
                Resolved::Global(mangle(PROGRAM, name))
            }
            None => Resolved::Global(name.clone()),
        }
    }

    /// What a library exports under its internal name `name`: what it defines or imports (or a
    /// reserved `%` builtin); `None` if it has no such binding.
    pub fn export_binding(&self, top: EnvId, name: &Rc<str>) -> Option<Binding> {
        if let Some(b) = self.top(top).table.get(name) {
            return Some(b.clone());
        }
        (reserved(name) && self.builtins.contains(name)).then(|| Binding::Global(name.clone()))
    }

    /// Whether a standard library can export `name`: it is standard syntax, auxiliary syntax
    /// or a builtin global.
    pub fn is_standard_name(&self, name: &str) -> bool {
        self.base.contains_key(name) || AUXILIARY.contains(&name) || self.builtins.contains(name)
    }

    /// What `id` means in `env`.
    pub fn resolve(&self, id: &Datum, env: EnvId) -> Resolved {
        let mut e = env;
        while e & TOP == 0 {
            let frame = &self.frames[e as usize];
            if let Some(b) = frame.lookup(id) {
                return b.into();
            }
            e = frame.parent;
        }
        match id {
            Datum::Alias(a) => self.resolve(&a.name, a.env),
            Datum::Sym(name, _) => self.resolve_name(name, e),
            _ => unreachable!("resolve called on a non-identifier"),
        }
    }

    /// The number of frames, to `release` back to after a top-level form.
    pub fn mark(&self) -> usize {
        self.frames.len()
    }

    /// Drops frames created since `mark`. Sound because nothing that outlives a top-level form
    /// (top-level macros, their templates' aliases) can refer to a local frame.
    pub fn release(&mut self, mark: usize) {
        self.frames.truncate(mark);
    }
}
