//! Link arguments for the wasm32 guest: export the indirect function table and let it grow (the
//! JIT's patch functions append to it), and give the Rust shadow stack room for deep recursion
//! (48 MiB: about 200,000 nested interpreted calls; `vm::call` checks the real stack position).

fn main() {
    let target = std::env::var("TARGET").unwrap_or_default();
    if target.starts_with("wasm32") {
        for arg in [
            "--export-table",
            "--growable-table",
            "-zstack-size=50331648",
        ] {
            println!("cargo:rustc-link-arg-cdylib={arg}");
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
}
