//! Arbitrary bytes through polymem's decoder and validator: never a panic, and the same verdict
//! as wasmparser's validator under the same features.

use wasmparser::{Validator, WasmFeatures};

/// The features polymem validates with (its `module::parse::features`): Wasm 2.0 without SIMD,
/// with multi-memory.
pub fn polymem_features(multi_memory: bool) -> WasmFeatures {
    let mut features = WasmFeatures::WASM2;
    features.remove(WasmFeatures::SIMD);
    features.set(WasmFeatures::MULTI_MEMORY, multi_memory);
    features
}

/// How polymem's verdict on some bytes compares with wasmparser's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Both accept.
    BothAccept,
    /// Both reject.
    BothReject,
    /// wasmparser accepts, polymem reports the module as using something it does not support.
    Unsupported,
}

/// Decodes, validates and (eagerly) translates `bytes` with polymem, then compares the verdict
/// with wasmparser's; `Err` describes a disagreement. A panic is the caller's finding.
pub fn check(bytes: &[u8]) -> Result<Verdict, String> {
    let mut config = polymem::Config::default();
    config.translation(polymem::Translation::Eager);
    let engine = polymem::Engine::new(&config);
    let ours = polymem::Module::new(&engine, bytes);
    let theirs = Validator::new_with_features(polymem_features(true)).validate_all(bytes);
    match (ours, theirs) {
        (Ok(_), Ok(_)) => Ok(Verdict::BothAccept),
        (Err(_), Err(_)) => Ok(Verdict::BothReject),
        (Err(e), Ok(_)) if matches!(e.kind(), polymem::ErrorKind::Unsupported(_)) => {
            Ok(Verdict::Unsupported)
        }
        (Err(e), Ok(_)) => Err(format!("polymem rejects a valid module: {e}")),
        (Ok(_), Err(e)) => Err(format!("polymem accepts an invalid module: {e}")),
    }
}
