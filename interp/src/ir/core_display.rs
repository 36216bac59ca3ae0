//! `Display` for `Core`: a one-line S-expression for debugging and tests.
//!
//! Local variables print as `name.id` (the id makes shadowing and hygiene visible), globals as
//! their bare name, constants as `'datum` unless self-evaluating. Lambdas print as
//! `(lambda name (params . rest) body)`, the name being `_` when unknown.

use super::core::{Core, LambdaCore, Var, VarId};
use crate::syntax::datum::Datum;
use std::collections::HashMap;
use std::fmt::{self, Display, Formatter};
use std::rc::Rc;

impl Display for Core {
    fn fmt(&self, f: &mut Formatter) -> fmt::Result {
        Printer {
            names: HashMap::new(),
            f,
        }
        .core(self)
    }
}

/// Remembers binder names so references can be printed with them.
struct Printer<'a, 'b> {
    names: HashMap<VarId, Rc<str>>,
    f: &'a mut Formatter<'b>,
}

impl Printer<'_, '_> {
    fn var(&mut self, v: &Var) -> fmt::Result {
        self.names.insert(v.id, v.name.clone());
        write!(self.f, "{}.{}", v.name, v.id)
    }

    fn local(&mut self, id: VarId) -> fmt::Result {
        match self.names.get(&id) {
            Some(name) => write!(self.f, "{name}.{id}"),
            None => write!(self.f, "_.{id}"),
        }
    }

    fn all<'c>(&mut self, items: impl IntoIterator<Item = &'c Core>) -> fmt::Result {
        for c in items {
            self.f.write_str(" ")?;
            self.core(c)?;
        }
        Ok(())
    }

    fn core(&mut self, c: &Core) -> fmt::Result {
        match c {
            Core::Const(d) => constant(d, self.f),
            Core::LocalRef(id) => self.local(*id),
            Core::GlobalRef(name, _) => write!(self.f, "{name}"),
            Core::LocalSet(id, v) => {
                self.f.write_str("(set! ")?;
                self.local(*id)?;
                self.all([&**v])?;
                self.f.write_str(")")
            }
            Core::GlobalSet(name, v, _) => self.form(&format!("set! {name}"), [&**v]),
            Core::GlobalDefine(name, v) => self.form(&format!("define {name}"), [&**v]),
            Core::If(a, b, e) => self.form("if", [&**a, &**b, &**e]),
            Core::Lambda(l) => self.lambda(l),
            Core::Seq(items) => self.form("begin", items),
            Core::Call(f, args, _) => {
                self.f.write_str("(")?;
                self.core(f)?;
                self.all(args)?;
                self.f.write_str(")")
            }
            Core::Let(vars, inits, body) => self.binding_form("let", vars, inits, body),
            Core::Letrec(vars, inits, body) => self.binding_form("letrec", vars, inits, body),
        }
    }

    fn form<'c>(&mut self, head: &str, items: impl IntoIterator<Item = &'c Core>) -> fmt::Result {
        write!(self.f, "({head}")?;
        self.all(items)?;
        self.f.write_str(")")
    }

    fn lambda(&mut self, l: &LambdaCore) -> fmt::Result {
        write!(self.f, "(lambda {} (", l.name.as_deref().unwrap_or("_"))?;
        for (i, p) in l.params.iter().enumerate() {
            if i > 0 {
                self.f.write_str(" ")?;
            }
            self.var(p)?;
        }
        if let Some(r) = &l.rest {
            self.f
                .write_str(if l.params.is_empty() { ". " } else { " . " })?;
            self.var(r)?;
        }
        self.f.write_str(")")?;
        self.all([&*l.body])?;
        self.f.write_str(")")
    }

    fn binding_form(
        &mut self,
        head: &str,
        vars: &[Var],
        inits: &[Core],
        body: &Core,
    ) -> fmt::Result {
        // Register every binder first: `letrec` inits refer to later variables.
        for v in vars {
            self.names.insert(v.id, v.name.clone());
        }
        write!(self.f, "({head} (")?;
        for (i, (v, init)) in vars.iter().zip(inits).enumerate() {
            self.f.write_str(if i > 0 { " (" } else { "(" })?;
            self.var(v)?;
            self.all([init])?;
            self.f.write_str(")")?;
        }
        self.f.write_str(")")?;
        self.all([body])?;
        self.f.write_str(")")
    }
}

fn constant(d: &Datum, f: &mut Formatter) -> fmt::Result {
    match d {
        Datum::Sym(..) | Datum::List(..) | Datum::Dotted(..) | Datum::Alias(_) => write!(f, "'{d}"),
        _ => write!(f, "{d}"),
    }
}
