//! Kiln's Scheme runtime. Built for wasm32-wasip1 as a reactor; the host drives it through the
//! exports in `api`. See ARCHITECTURE.md for the map.

pub mod api;
pub mod backtrace;
pub mod bundle;
pub mod control;
pub mod eval;
pub mod expand;
pub mod heap;
pub mod http;
pub mod io;
pub mod ir;
pub mod jit_glue;
pub mod library;
pub mod load;
pub mod num;
pub mod numeric;
pub mod obj;
pub mod prims;
pub mod print;
pub mod srfi;
pub mod strings;
pub mod syntax;
pub mod unicode;
pub mod value;
pub mod vm;

/// Every allocation of the guest goes through Kiln's out-of-memory path (`heap::oom`).
#[global_allocator]
static ALLOCATOR: heap::oom::KilnAllocator = heap::oom::KilnAllocator;
