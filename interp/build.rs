//! Link arguments for the wasm32 guest: export the indirect function table and let it grow (the
//! JIT's patch functions append to it), and give the Rust shadow stack 16 MiB. The interpreter
//! is stackless, so what still recurses natively is bounded: the expander (2,000 levels), the
//! reader's consumers and `eval`'s datum conversion (10,000), calls from Rust primitives (the
//! native budget), and `vm::call` checks the real stack position. Every instance pays for the
//! stack in linear memory (48 MiB before: 55.5 MiB per wasi:http instance, now 23.5 MiB).

fn main() {
    let target = std::env::var("TARGET").unwrap_or_default();
    if target.starts_with("wasm32") {
        for arg in [
            "--export-table",
            "--growable-table",
            "-zstack-size=16777216",
        ] {
            println!("cargo:rustc-link-arg-cdylib={arg}");
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
}
