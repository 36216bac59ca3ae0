//! The mark-region heap in its real memory model (wasm32 only: values are 32-bit addresses):
//! the bump region, reuse of dead lines, large objects, and `--gc-stress` keeping the region
//! closed so that every allocation takes the slow path.

use super::{blocks, region};
use crate::heap::object::{load, pair, tag, tag_at};
use crate::value::Value;
use crate::vm::Vm;

/// The shared VM with `--gc-stress` off for the duration of `f` (the testkit turns it on).
fn without_stress(f: impl FnOnce(&mut Vm)) {
    let vm = crate::print::testkit::vm();
    vm.heap.set_stress(false);
    f(vm);
    vm.heap.set_stress(true);
}

/// A proper list of the fixnums `0..n`, built from the end.
fn list(vm: &mut Vm, n: i32) -> Value {
    let mut l = Value::NIL;
    for i in (0..n).rev() {
        l = vm.cons(Value::fixnum(i), l);
    }
    l
}

/// The fixnums of a proper list, checked to be pairs all the way.
fn items(mut l: Value) -> Vec<i32> {
    let mut out = Vec::new();
    while l != Value::NIL {
        assert_eq!(tag_at(l.0), tag::PAIR, "a pair at {:#x}", l.0);
        let car = Value(load(l.0, pair::CAR));
        assert!(car.is_fixnum(), "a fixnum in the car");
        out.push(car.fixnum_value());
        l = Value(load(l.0, pair::CDR));
    }
    out
}

#[test]
fn small_objects_are_bumped_from_the_region() {
    without_stress(|vm| {
        // Refill the region if it is empty, so that the next cons is a pure bump.
        vm.cons(Value::NIL, Value::NIL);
        let before = region::region().cursor;
        let p = vm.cons(Value::fixnum(1), Value::fixnum(2));
        assert!(blocks::contains(p.0));
        if before + pair::SIZE <= region::region().limit {
            assert_eq!(p.0, before, "the pair sits at the old cursor");
        }
        assert_eq!(p.0 % kiln_jit::layout::alloc::ALIGN, 0);
    });
}

#[test]
fn survivors_are_intact_and_dead_lines_are_reused() {
    without_stress(|vm| {
        let keep = list(vm, 5000);
        let mark = vm.protect(keep);
        vm.collect();
        let heap = vm.heap.heap_bytes();
        // Many times the heap's size in garbage, with collections in between: the dead lines
        // must be reused rather than new blocks added.
        for _ in 0..20 {
            list(vm, 20_000);
            vm.collect();
        }
        assert!(
            vm.heap.heap_bytes() <= heap + (2 << 20),
            "the heap grew from {heap} to {} bytes on garbage alone",
            vm.heap.heap_bytes()
        );
        assert_eq!(items(keep), (0..5000).collect::<Vec<_>>());
        vm.unprotect(mark);
    });
}

#[test]
fn large_objects_live_apart_and_are_freed() {
    without_stress(|vm| {
        vm.collect();
        let before = vm.heap.large_count();
        let v = vm.vector(4000, Value::fixnum(7));
        assert!(!blocks::contains(v.0), "a 16 KB vector is a large object");
        assert_eq!(vm.heap.large_count(), before + 1);
        let mark = vm.protect(v);
        vm.collect();
        assert_eq!(
            vm.heap.large_count(),
            before + 1,
            "a rooted large object survives"
        );
        vm.unprotect(mark);
        vm.collect();
        assert_eq!(
            vm.heap.large_count(),
            before,
            "a dead large object is freed"
        );
    });
}

#[test]
fn gc_stress_keeps_the_region_closed() {
    let vm = crate::print::testkit::vm();
    let collections = vm.heap.stats.collections;
    let a = vm.cons(Value::fixnum(1), Value::NIL);
    let mark = vm.protect(a);
    let b = vm.cons(Value::fixnum(2), a);
    assert_eq!(
        region::remaining(),
        0,
        "no byte is left to bump under --gc-stress"
    );
    assert!(
        vm.heap.stats.collections >= collections + 2,
        "each cons collected"
    );
    assert_eq!(items(b), vec![2, 1]);
    vm.unprotect(mark);
}
