//! The generator really uses the proposals its configuration turns on: a module uses a
//! proposal when wasmparser's validator rejects it with that proposal off (and everything
//! else polymem accepts on). A configuration change that silently stops generating one of
//! them (a `wasm-smith` upgrade, a field renamed) fails here instead of shrinking what the
//! differential runs compare.

use polymem_difftest::{config, config_without_traps, module_for_seed_with};
use wasmparser::{Validator, WasmFeatures};

/// The proposals the generator turns on, each with the flags that go off together (relaxed
/// SIMD needs SIMD), and the least share of modules (in percent) that must use it.
const PROPOSALS: &[(&str, WasmFeatures, usize)] = &[
    ("multi-memory", WasmFeatures::MULTI_MEMORY, 30),
    ("memory64", WasmFeatures::MEMORY64, 20),
    ("custom-page-sizes", WasmFeatures::CUSTOM_PAGE_SIZES, 10),
    ("simd", WasmFeatures::SIMD.union(WasmFeatures::RELAXED_SIMD), 30),
    ("tail-call", WasmFeatures::TAIL_CALL, 10),
    ("extended-const", WasmFeatures::EXTENDED_CONST, 5),
    ("wide-arithmetic", WasmFeatures::WIDE_ARITHMETIC, 1),
];

const SEEDS: u64 = 300;

#[test]
fn generated_modules_use_every_proposal_turned_on() {
    let all = polymem::Config::default().wasm_features();
    for config in [config, config_without_traps] {
        let modules: Vec<Vec<u8>> =
            (0..SEEDS).filter_map(|seed| module_for_seed_with(config(), seed)).collect();
        for &(name, flags, least) in PROPOSALS {
            let without = all.difference(flags);
            let using = (modules.iter())
                .filter(|wasm| Validator::new_with_features(without).validate_all(wasm).is_err())
                .count();
            println!("{name}: {using} of {} modules", modules.len());
            assert!(using * 100 >= modules.len() * least, "{name}: only {using} modules");
        }
        // Relaxed SIMD stays off (see `config`): nothing generated needs it.
        let without_relaxed = all.difference(WasmFeatures::RELAXED_SIMD);
        for wasm in &modules {
            Validator::new_with_features(without_relaxed).validate_all(wasm).unwrap();
        }
    }
}
