//! The `kiln:jit` `submit`/`poll` protocol through a real store: a tiny guest submits aux
//! modules, the compile thread compiles them, and `poll` (on the guest's thread) links the oldest
//! finished one — 1 linked, -1 failed (reason in `error`), 0 nothing ready.

use kiln_linker::dynamic::{Fault, JitHost};
use kiln_linker::{add_to_linker, ImportPolicy};
use wasmtime::{Engine, Instance, Linker, Module, Store, TypedFunc};

const GUEST: &str = r#"
(module
  (import "kiln:jit" "submit" (func $submit (param i32 i32) (result i32)))
  (import "kiln:jit" "poll" (func $poll (result i32)))
  (import "kiln:jit" "error" (func $error (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (table (export "__indirect_function_table") 1 funcref)
  (func (export "submit") (param i32 i32) (result i32)
    (call $submit (local.get 0) (local.get 1)))
  (func (export "poll") (result i32) (call $poll))
  (func (export "error") (param i32 i32) (result i32)
    (call $error (local.get 0) (local.get 1))))
"#;

/// An aux module whose patch function stores 42 at address 16.
const AUX: &str = r#"
(module
  (import "env" "memory" (memory 1))
  (func (export "patch") (result i32)
    (i32.store (i32.const 16) (i32.const 42))
    (i32.const 0)))
"#;

struct Guest {
    store: Store<JitHost>,
    instance: Instance,
    submit: TypedFunc<(i32, i32), i32>,
    poll: TypedFunc<(), i32>,
}

impl Guest {
    fn new(fault: Fault) -> Guest {
        let engine = Engine::default();
        let module = Module::new(&engine, wat::parse_str(GUEST).unwrap()).unwrap();
        let mut linker = Linker::new(&engine);
        add_to_linker(&mut linker, |h: &mut JitHost| h).unwrap();
        let mut host = JitHost::new(ImportPolicy::new(Vec::<String>::new()));
        host.fault = fault;
        let mut store = Store::new(&engine, host);
        let instance = linker.instantiate(&mut store, &module).unwrap();
        let submit = instance.get_typed_func(&mut store, "submit").unwrap();
        let poll = instance.get_typed_func(&mut store, "poll").unwrap();
        Guest {
            store,
            instance,
            submit,
            poll,
        }
    }

    /// Writes `bytes` into guest memory at 1024 and submits them.
    fn submit(&mut self, bytes: &[u8]) -> i32 {
        let memory = self.instance.get_memory(&mut self.store, "memory").unwrap();
        memory.write(&mut self.store, 1024, bytes).unwrap();
        self.submit
            .call(&mut self.store, (1024, bytes.len() as i32))
            .unwrap()
    }

    fn poll(&mut self) -> i32 {
        self.poll.call(&mut self.store, ()).unwrap()
    }

    /// Polls until the oldest submission is done (no timing: the compile thread finishes).
    fn poll_until_done(&mut self) -> i32 {
        loop {
            match self.poll() {
                0 => std::thread::yield_now(),
                status => return status,
            }
        }
    }

    fn word(&mut self, at: usize) -> u32 {
        let memory = self.instance.get_memory(&mut self.store, "memory").unwrap();
        let bytes = &memory.data(&self.store)[at..at + 4];
        u32::from_le_bytes(bytes.try_into().unwrap())
    }
}

#[test]
fn submitted_modules_are_linked_in_order_when_the_guest_polls() {
    let mut g = Guest::new(Fault::None);
    assert_eq!(g.poll(), 0, "nothing submitted, nothing ready");
    let aux = wat::parse_str(AUX).unwrap();
    assert_eq!(g.submit(&aux), 0);
    assert_eq!(g.submit(b"\0asm garbage"), 0);
    assert_eq!(g.store.data().in_flight(), 2);
    // The patch runs only inside a poll: nothing has written the word yet.
    assert_eq!(g.word(16), 0);
    assert_eq!(g.poll_until_done(), 1);
    assert_eq!(g.word(16), 42);
    assert_eq!(g.poll_until_done(), -1);
    let host = g.store.data();
    assert!(host.last_error.contains("compiling"), "{}", host.last_error);
    assert_eq!(host.in_flight(), 0);
    assert_eq!(host.instances, 1);
    let stats = &host.background_stats;
    assert_eq!((stats.submitted, stats.linked, stats.failed), (2, 1, 1));
    assert_eq!(g.poll(), 0);
}

#[test]
fn a_refused_submission_fails_at_once() {
    let mut g = Guest::new(Fault::Refuse);
    assert_eq!(g.submit(&wat::parse_str(AUX).unwrap()), -1);
    assert!(g.store.data().last_error.contains("fault injection"));
    assert_eq!(g.store.data().in_flight(), 0);
    assert_eq!(g.poll(), 0);
}

#[test]
fn a_stalled_compile_is_never_ready_and_counts_as_dropped() {
    let mut g = Guest::new(Fault::Stall);
    assert_eq!(g.submit(&wat::parse_str(AUX).unwrap()), 0);
    for _ in 0..100 {
        assert_eq!(g.poll(), 0);
    }
    assert_eq!(g.word(16), 0);
    let report = g.store.data().background_report().unwrap();
    assert!(report.contains("1 dropped at exit"), "{report}");
}

#[test]
fn submissions_past_the_in_flight_limit_are_refused() {
    let mut g = Guest::new(Fault::Stall);
    let aux = wat::parse_str(AUX).unwrap();
    for _ in 0..kiln_linker::dynamic::MAX_IN_FLIGHT {
        assert_eq!(g.submit(&aux), 0);
    }
    assert_eq!(g.submit(&aux), -1);
    assert!(g.store.data().last_error.contains("already compiling"));
}
