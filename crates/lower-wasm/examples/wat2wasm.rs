//! `cargo run -p polymem-lower-wasm --example wat2wasm -- IN.wat... OUT_DIR`: compiles text
//! modules to binary ones (`OUT_DIR/<stem>.wasm`), the inputs of `js/polymem/bench/lowering.mjs`.

use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let out = args.pop().ok_or("usage: wat2wasm IN.wat... OUT_DIR")?;
    std::fs::create_dir_all(&out)?;
    for input in &args {
        let wasm = wat::parse_file(input)?;
        let stem = input.file_stem().unwrap_or("module".as_ref());
        let dest = out.join(Path::new(stem).with_extension("wasm"));
        std::fs::write(&dest, wasm)?;
        println!("{} -> {}", input.display(), dest.display());
    }
    Ok(())
}
