//! `define-record-type`: parsed once, then turned into definitions that call the runtime's
//! record procedures (`%make-record-type`, `%record-constructor`, ...), at top level or in a body.

use super::util::{arity, bad, base_name, is_ident, list_items, pos_or, rt_call, Result};
use super::Expander;
use crate::ir::core::Core;
use crate::syntax::datum::{Datum, Pos};

const KW: &str = "define-record-type";

/// A parsed `(define-record-type <type> (ctor field ...) pred (field accessor [modifier]) ...)`.
pub(crate) struct RecordSpec {
    pub type_name: Datum,
    /// The constructor and the fields it takes; `None` for `#f`.
    ctor: Option<(Datum, Vec<Datum>)>,
    pred: Option<Datum>,
    /// Field name, accessor, optional modifier.
    fields: Vec<(Datum, Datum, Option<Datum>)>,
}

fn ident(d: &Datum, what: &str, pos: Pos) -> Result<Datum> {
    if is_ident(d) {
        Ok(d.clone())
    } else {
        Err(bad(KW, format!("expected {what}, got {d}"), pos_or(d, pos)))
    }
}

/// An identifier, or `#f` meaning "not defined".
fn optional_ident(d: &Datum, what: &str, pos: Pos) -> Result<Option<Datum>> {
    match d {
        Datum::Bool(false) => Ok(None),
        _ => ident(d, what, pos).map(Some),
    }
}

/// Parses the whole form.
pub(crate) fn parse_record(items: &[Datum], pos: Pos) -> Result<RecordSpec> {
    arity(
        items,
        4,
        None,
        KW,
        "(define-record-type name (constructor field ...) predicate field-spec ...)",
        pos,
    )?;
    let type_name = ident(&items[1], "a type name", pos)?;
    let fields = items[4..]
        .iter()
        .map(|f| parse_field(f, pos))
        .collect::<Result<Vec<_>>>()?;
    let ctor = match &items[2] {
        Datum::Bool(false) => None,
        // A bare constructor name takes every field in order (SRFI 136 style).
        id if is_ident(id) => Some((id.clone(), fields.iter().map(|f| f.0.clone()).collect())),
        spec => {
            let parts = list_items(spec, KW, "(constructor field ...)", pos)?;
            let name = ident(parts.first().unwrap_or(spec), "a constructor name", pos)?;
            let args = parts[1..]
                .iter()
                .map(|a| ident(a, "a field name", pos))
                .collect::<Result<Vec<_>>>()?;
            for a in &args {
                if !fields.iter().any(|f| base_name(&f.0) == base_name(a)) {
                    return Err(bad(
                        KW,
                        format!("constructor argument `{a}` is not a field"),
                        pos_or(a, pos),
                    ));
                }
            }
            Some((name, args))
        }
    };
    let pred = optional_ident(&items[3], "a predicate name", pos)?;
    Ok(RecordSpec {
        type_name,
        ctor,
        pred,
        fields,
    })
}

fn parse_field(f: &Datum, pos: Pos) -> Result<(Datum, Datum, Option<Datum>)> {
    let parts = list_items(f, KW, "(field accessor [modifier])", pos)?;
    if !(2..=3).contains(&parts.len()) {
        return Err(bad(
            KW,
            format!("expected (field accessor [modifier]), got {f}"),
            pos_or(f, pos),
        ));
    }
    let name = ident(&parts[0], "a field name", pos)?;
    let accessor = ident(&parts[1], "an accessor name", pos)?;
    let modifier = parts
        .get(2)
        .map(|m| ident(m, "a modifier name", pos))
        .transpose()?;
    Ok((name, accessor, modifier))
}

fn sym_const(id: &Datum) -> Core {
    Core::Const(Datum::Sym(
        base_name(id),
        Datum::pos(id).unwrap_or_default(),
    ))
}

fn sym_list(ids: &[Datum], pos: Pos) -> Core {
    Core::Const(Datum::List(
        ids.iter()
            .map(|id| Datum::Sym(base_name(id), pos))
            .collect(),
        pos,
    ))
}

impl RecordSpec {
    /// The identifiers the record definition defines, type first.
    pub(crate) fn defined_names(&self) -> Vec<Datum> {
        let mut out = vec![self.type_name.clone()];
        out.extend(self.ctor.iter().map(|c| c.0.clone()));
        out.extend(self.pred.iter().cloned());
        for (_, accessor, modifier) in &self.fields {
            out.push(accessor.clone());
            out.extend(modifier.iter().cloned());
        }
        out
    }

    /// The definitions, record type first; `rtd` is how the others refer to the type.
    pub(crate) fn definitions(&self, rtd: Core, pos: Pos) -> Vec<(Datum, Core)> {
        let field_names: Vec<Datum> = self.fields.iter().map(|f| f.0.clone()).collect();
        let make_type = rt_call(
            "%make-record-type",
            vec![sym_const(&self.type_name), sym_list(&field_names, pos)],
            pos,
        );
        let mut defs = vec![(self.type_name.clone(), make_type)];
        if let Some((name, args)) = &self.ctor {
            defs.push((
                name.clone(),
                rt_call(
                    "%record-constructor",
                    vec![rtd.clone(), sym_list(args, pos)],
                    pos,
                ),
            ));
        }
        if let Some(pred) = &self.pred {
            defs.push((
                pred.clone(),
                rt_call("%record-predicate", vec![rtd.clone()], pos),
            ));
        }
        for (field, accessor, modifier) in &self.fields {
            defs.push((
                accessor.clone(),
                rt_call("%record-accessor", vec![rtd.clone(), sym_const(field)], pos),
            ));
            if let Some(m) = modifier {
                defs.push((
                    m.clone(),
                    rt_call("%record-modifier", vec![rtd.clone(), sym_const(field)], pos),
                ));
            }
        }
        defs
    }
}

impl Expander {
    /// Top-level `define-record-type`: a sequence of global definitions.
    pub(crate) fn global_record(&mut self, items: &[Datum], pos: Pos) -> Result<Core> {
        let spec = parse_record(items, pos)?;
        let type_cell = self.envs.cell_name(self.top, &base_name(&spec.type_name));
        let rtd = Core::GlobalRef(type_cell, pos);
        let defs = spec.definitions(rtd, pos);
        let mut out = Vec::with_capacity(defs.len());
        for (id, init) in defs {
            let cell = self.define_global_name(&id, pos)?;
            out.push(Core::GlobalDefine(cell, Box::new(init)));
        }
        Ok(Core::Seq(out))
    }
}
