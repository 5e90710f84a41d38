//! Arbitrary bytes through polymem's decoder and validator: never a panic, and the same verdict
//! as wasmparser's validator under the same features.

use wasmparser::{
    BinaryReaderError, FuncValidatorAllocations, Parser, ValidPayload, Validator, WasmFeatures,
};

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
/// ([`polymem::Config::wasm_features`]); `Err` describes a disagreement. Where both reject,
/// polymem's parse error must be wasmparser's (message and offset): polymem validates bodies
/// with a decoding loop of its own, lazy translation the same loop without the translator, so
/// both modes are compared. A panic is the caller's finding.
pub fn check(bytes: &[u8]) -> Result<Verdict, String> {
    let mut config = polymem::Config::default();
    config.translation(polymem::Translation::Eager);
    let engine = polymem::Engine::new(&config);
    let ours = polymem::Module::new(&engine, bytes);
    let theirs = Validator::new_with_features(config.wasm_features()).validate_all(bytes);
    let mut lazy_config = config.clone();
    lazy_config.translation(polymem::Translation::Lazy);
    let lazy = polymem::Module::new(&polymem::Engine::new(&lazy_config), bytes);
    match (&ours, &lazy) {
        (Err(e), Err(l)) if e.to_string() != l.to_string() => {
            return Err(format!("eager rejects with `{e}`, lazy with `{l}`"));
        }
        (Err(e), Ok(_)) if !matches!(e.kind(), polymem::ErrorKind::Unsupported(_)) => {
            return Err(format!("eager rejects with `{e}`, lazy accepts"));
        }
        (Ok(_), Err(l)) => return Err(format!("eager accepts, lazy rejects with `{l}`")),
        _ => {}
    }
    match (ours, theirs) {
        (Ok(_), Ok(_)) => Ok(Verdict::BothAccept),
        (Err(e), Err(_)) => match (e.kind(), in_order(bytes, config.wasm_features())) {
            (polymem::ErrorKind::Parse { message, offset }, Err(t))
                if (message.as_str(), *offset as u64) != (t.message(), t.offset()) =>
            {
                Err(format!("polymem rejects with `{e}`, wasmparser with `{t}`"))
            }
            _ => Ok(Verdict::BothReject),
        },
        (Err(e), Ok(_)) if matches!(e.kind(), polymem::ErrorKind::Unsupported(_)) => {
            Ok(Verdict::Unsupported)
        }
        (Err(e), Ok(_)) => Err(format!("polymem rejects a valid module: {e}")),
        (Ok(_), Err(e)) => Err(format!("polymem accepts an invalid module: {e}")),
    }
}

/// wasmparser's first error when each body is validated as the code section reaches it (as
/// polymem does; `Validator::validate_all` validates the bodies after the whole module).
fn in_order(bytes: &[u8], features: WasmFeatures) -> Result<(), BinaryReaderError> {
    let mut validator = Validator::new_with_features(features);
    let mut parser = Parser::new(0);
    parser.set_features(features);
    for payload in parser.parse_all(bytes) {
        if let ValidPayload::Func(func, body) = validator.payload(&payload?)? {
            func.into_validator(FuncValidatorAllocations::default()).validate(&body)?;
        }
    }
    Ok(())
}
