//! Lexical environments of the expander and identifier resolution.
//!
//! Environments are frames in an arena, addressed by `EnvId` (frame 0 stands for the global
//! environment, whose syntactic bindings live in a name-keyed table). A frame maps identifiers
//! (symbols, or macro-introduced aliases compared by identity) to bindings. An alias not bound by
//! identity anywhere on the chain is resolved as its underlying name in the environment where its
//! macro was defined: that single rule gives hygiene in both directions.

use super::syntax_rules::Macro;
use crate::ir::core::Var;
use crate::syntax::datum::{Alias, Datum};
use std::collections::HashMap;
use std::rc::Rc;

/// Index of a frame in `Envs`.
pub(crate) type EnvId = u32;

/// The global environment.
pub(crate) const GLOBAL: EnvId = 0;

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
    ("syntax-error", Special::SyntaxError),
];

/// What an identifier can be bound to.
#[derive(Clone)]
pub(crate) enum Binding {
    Local(Var),
    Macro(Rc<Macro>),
    Special(Special),
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

/// All environments of one expander.
pub(crate) struct Envs {
    frames: Vec<Frame>,
    globals: HashMap<Rc<str>, Binding>,
    /// Import renames: `(rename lib (old new))` makes global `new` mean `old`.
    renames: HashMap<Rc<str>, Rc<str>>,
    /// Import prefixes: `(prefix lib p)` makes global `pX` mean `X`.
    prefixes: Vec<Rc<str>>,
    /// Names the program defined at top level (a prefix never hides them).
    defined: std::collections::HashSet<Rc<str>>,
}

impl Envs {
    /// The global environment with the special forms bound.
    pub fn new() -> Envs {
        let globals = SPECIALS
            .iter()
            .map(|(n, s)| (Rc::from(*n), Binding::Special(*s)))
            .collect();
        Envs {
            frames: vec![Frame::new(GLOBAL)],
            globals,
            renames: HashMap::new(),
            prefixes: Vec::new(),
            defined: Default::default(),
        }
    }

    /// A new empty frame inside `parent`.
    pub fn push(&mut self, parent: EnvId) -> EnvId {
        self.frames.push(Frame::new(parent));
        (self.frames.len() - 1) as EnvId
    }

    /// Binds `id` in the (non-global) frame `env`.
    pub fn bind(&mut self, env: EnvId, id: &Datum, b: Binding) {
        debug_assert!(env != GLOBAL);
        self.frames[env as usize].push(id, b);
    }

    /// Whether `id` is already bound in frame `env` itself (duplicate detection).
    pub fn bound_here(&self, env: EnvId, id: &Datum) -> bool {
        self.frames[env as usize].lookup(id).is_some()
    }

    /// Sets a global syntactic binding (top-level `define-syntax`).
    pub fn set_global_syntax(&mut self, name: Rc<str>, b: Binding) {
        self.globals.insert(name, b);
    }

    /// A top-level `define` makes the name a variable again.
    pub fn remove_global_syntax(&mut self, name: &str) {
        self.globals.remove(name);
        self.defined.insert(Rc::from(name));
    }

    /// Records an import rename: `new` refers to what `old` names.
    pub fn add_rename(&mut self, old: Rc<str>, new: Rc<str>) {
        self.renames.insert(new, old);
    }

    /// Records an import prefix.
    pub fn add_prefix(&mut self, prefix: Rc<str>) {
        self.prefixes.push(prefix);
    }

    /// The name a global identifier stands for once import renames and prefixes are undone.
    fn imported_name(&self, name: &Rc<str>) -> Option<Rc<str>> {
        if self.globals.contains_key(name) || self.defined.contains(name) {
            return None;
        }
        if let Some(old) = self.renames.get(name) {
            return Some(old.clone());
        }
        let p = self
            .prefixes
            .iter()
            .find(|p| name.len() > p.len() && name.starts_with(&***p))?;
        Some(Rc::from(&name[p.len()..]))
    }

    /// What `id` means in `env`.
    pub fn resolve(&self, id: &Datum, env: EnvId) -> Resolved {
        let mut e = env;
        while e != GLOBAL {
            let frame = &self.frames[e as usize];
            if let Some(b) = frame.lookup(id) {
                return b.into();
            }
            e = frame.parent;
        }
        match id {
            Datum::Alias(a) => self.resolve(&a.name, a.env),
            Datum::Sym(name, pos) => match self.globals.get(name) {
                Some(b) => b.into(),
                None => match self.imported_name(name) {
                    Some(original) => self.resolve(&Datum::Sym(original, *pos), GLOBAL),
                    None => Resolved::Global(name.clone()),
                },
            },
            _ => unreachable!("resolve called on a non-identifier"),
        }
    }

    /// The number of frames, to `release` back to after a top-level form.
    pub fn mark(&self) -> usize {
        self.frames.len()
    }

    /// Drops frames created since `mark`. Sound because nothing that outlives a top-level form
    /// (global macros, their templates' aliases) can refer to a local frame.
    pub fn release(&mut self, mark: usize) {
        self.frames.truncate(mark);
    }
}
