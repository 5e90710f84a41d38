//! Prints the translated IR of every function of every module in the given files (`.wast`
//! scripts: each module they define; anything else: a binary module),
//! twice per module: the default configuration, and with fuel and interruption checks compiled
//! in. For checking that a change of the translator leaves its output as it was: run it
//! before and after over the spec suite (and the bench modules) and compare the outputs, e.g.
//!
//! ```sh
//! cargo run --release -p polymem-wast --example ir_dump -- $(find DIR -name '*.wast') > ir.txt
//! ```

use polymem::{Config, Engine, Feature, Module};
use std::fmt::Write as _;
use wast::parser::{self, ParseBuffer};
use wast::{QuoteWat, Wast, WastDirective};

fn main() {
    let mut out = String::new();
    for path in std::env::args().skip(1) {
        let Ok(bytes) = std::fs::read(&path) else {
            let _ = writeln!(out, "== {path}: unreadable");
            continue;
        };
        if path.ends_with(".wast") {
            let text = String::from_utf8_lossy(&bytes);
            for (k, wasm) in wast_modules(&text).into_iter().enumerate() {
                dump(&mut out, &format!("{path}#{k}"), &wasm);
            }
        } else {
            dump(&mut out, &path, &bytes);
        }
        print!("{out}");
        out.clear();
    }
}

/// The binary of every module a script defines (`module`, `module definition`).
fn wast_modules(text: &str) -> Vec<Vec<u8>> {
    let Ok(buf) = ParseBuffer::new(text) else { return Vec::new() };
    let Ok(script) = parser::parse::<Wast<'_>>(&buf) else { return Vec::new() };
    let mut modules = Vec::new();
    for directive in script.directives {
        let (WastDirective::Module(mut wat) | WastDirective::ModuleDefinition(mut wat)) = directive
        else {
            continue;
        };
        if matches!(wat, QuoteWat::QuoteComponent(..) | QuoteWat::Wat(wast::Wat::Component(_))) {
            continue;
        }
        if let Ok(wasm) = wat.encode() {
            modules.push(wasm);
        }
    }
    modules
}

/// Appends the IR of every defined function of `wasm` under both configurations.
fn dump(out: &mut String, name: &str, wasm: &[u8]) {
    for metered in [false, true] {
        let mut config = Config::default();
        for &f in Feature::ALL {
            config.wasm_feature(f, true);
        }
        config.consume_fuel(metered).interruptible(metered);
        let engine = Engine::new(&config);
        let _ = writeln!(out, "== {name} (metered: {metered})");
        let module = match Module::new(&engine, wasm) {
            Ok(module) => module,
            Err(e) => {
                let _ = writeln!(out, "  invalid: {e}");
                continue;
            }
        };
        for index in 0.. {
            match module.function_ir(index) {
                Some(Ok(ir)) => drop(write!(out, "func {index}:\n{ir}")),
                Some(Err(e)) => drop(writeln!(out, "func {index}: {e}")),
                None if index < module.imports().count() as u32 => {}
                None => break,
            }
        }
    }
}
