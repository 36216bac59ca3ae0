//! Position tables: where each piece of code came from in the source, read only when an error
//! is printed.
//!
//! - The interpreter's bytecode has one table per code object (`Code::sites`): the word range of
//!   every instruction that can fail or call (calls, inline primitives, global reads and
//!   assignments) and the position of its expression.
//! - Compiled code passes a *site id* to the runtime when a call it made unwinds
//!   (`kiln_rt_trace`); [`JitSites`] maps the ids to positions. Ids are handed out by lowering,
//!   one per call site of a compiled lambda; id 0 means "no position".

use crate::syntax::datum::Pos;
use std::cell::RefCell;

/// One instruction of a code object and the position of its expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Site {
    /// First word of the instruction (index into `Code::words`).
    pub start: u32,
    /// One past its last word.
    pub end: u32,
    pub pos: Pos,
}

/// The site of the instruction containing word `at` (an index into the code's words).
/// `sites` is sorted by `start` and its ranges do not overlap (`eval::compile` emits them in
/// order).
pub fn lookup(sites: &[Site], at: u32) -> Option<&Site> {
    let i = sites.partition_point(|s| s.start <= at);
    let s = sites.get(i.checked_sub(1)?)?;
    (at < s.end).then_some(s)
}

/// The position of the instruction containing word `at`, if known.
pub fn position(sites: &[Site], at: u32) -> Option<Pos> {
    lookup(sites, at).map(|s| s.pos).filter(|p| p.line != 0)
}

/// Positions of compiled call sites, by site id (see the module docs).
#[derive(Default)]
pub struct JitSites {
    positions: RefCell<Vec<Pos>>,
}

impl JitSites {
    /// A new site id for `pos` (0 if `pos` is unknown: generated code has no position).
    pub fn id(&self, pos: Pos) -> u32 {
        if pos.line == 0 {
            return 0;
        }
        let mut p = self.positions.borrow_mut();
        if p.is_empty() {
            p.push(Pos::default());
        }
        p.push(pos);
        (p.len() - 1) as u32
    }

    /// The position of site `id`.
    pub fn pos(&self, id: u32) -> Option<Pos> {
        let p = self.positions.borrow();
        p.get(id as usize).copied().filter(|p| p.line != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32) -> Pos {
        Pos {
            file: 0,
            line,
            col: 1,
        }
    }

    #[test]
    fn lookup_finds_the_instruction_containing_a_word() {
        let sites = [
            Site {
                start: 2,
                end: 4,
                pos: pos(1),
            },
            Site {
                start: 6,
                end: 9,
                pos: pos(2),
            },
        ];
        assert_eq!(position(&sites, 0), None);
        assert_eq!(position(&sites, 2), Some(pos(1)));
        assert_eq!(position(&sites, 3), Some(pos(1)));
        assert_eq!(lookup(&sites, 3).map(|s| s.start), Some(2));
        assert_eq!(position(&sites, 4), None);
        assert_eq!(position(&sites, 8), Some(pos(2)));
        assert_eq!(position(&sites, 9), None);
    }

    #[test]
    fn jit_site_ids_start_at_one_and_unknown_positions_get_zero() {
        let s = JitSites::default();
        assert_eq!(s.id(Pos::default()), 0);
        let a = s.id(pos(3));
        let b = s.id(pos(4));
        assert_eq!((a, b), (1, 2));
        assert_eq!(s.pos(b), Some(pos(4)));
        assert_eq!(s.pos(0), None);
        assert_eq!(s.pos(99), None);
    }
}
