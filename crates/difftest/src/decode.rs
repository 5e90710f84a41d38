//! Arbitrary bytes through polymem's decoder and validator: never a panic, and the same verdict
//! as wasmparser's validator under the same features.

use wasmparser::Validator;

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

/// Decodes, validates and (eagerly) translates `bytes` with polymem under its default
/// features, then compares the verdict with wasmparser's under the same features
/// ([`polymem::Config::wasm_features`]); `Err` describes a disagreement. A panic is the
/// caller's finding.
pub fn check(bytes: &[u8]) -> Result<Verdict, String> {
    let mut config = polymem::Config::default();
    config.translation(polymem::Translation::Eager);
    let engine = polymem::Engine::new(&config);
    let ours = polymem::Module::new(&engine, bytes);
    let theirs = Validator::new_with_features(config.wasm_features()).validate_all(bytes);
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
