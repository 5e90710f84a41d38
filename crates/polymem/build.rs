//! Chooses the interpreter's dispatch: `cfg(polymem_tail_calls)` for optimizing builds on
//! targets where LLVM turns a call in tail position into a jump (sibling-call optimization),
//! unless the `portable-dispatch` feature asks for the loop. Without optimization LLVM keeps
//! the calls, and a chain of handlers would grow the host stack with every instruction; so it
//! does under a sanitizer (`-Zsanitizer=address`, as `cargo fuzz` builds: found by the
//! `differential` fuzz target, whose debug check saw the stack grow), which therefore gets the
//! loop too. A build script cannot see the final link's optimization: LTO that generates code
//! again at opt-level 0 loses the jumps as well (rustdoc under `cargo test --release` with an
//! LTO profile, cargo#12877: why `.cargo/config.toml` gives rustdoc the opt-level).

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=OPT_LEVEL");
    println!("cargo::rustc-check-cfg=cfg(polymem_tail_calls)");
    let optimizing =
        matches!(std::env::var("OPT_LEVEL").as_deref(), Ok("2") | Ok("3") | Ok("s") | Ok("z"));
    let arch = std::env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    let sibling_calls = matches!(arch.as_str(), "x86_64" | "aarch64" | "riscv64");
    let portable = std::env::var_os("CARGO_FEATURE_PORTABLE_DISPATCH").is_some();
    let sanitized = std::env::var_os("CARGO_CFG_SANITIZE").is_some();
    if optimizing && sibling_calls && !portable && !sanitized {
        println!("cargo::rustc-cfg=polymem_tail_calls");
    }
}
