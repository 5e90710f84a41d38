//! Modules from seeds: `wasm-smith` configured for what polymem and wasmi 2.0 both implement
//! deterministically (Wasm 2.0 with SIMD, plus multi-memory, memory64, custom page sizes, tail
//! calls, extended constant expressions and wide arithmetic), fed with bytes drawn from the
//! seed.

use arbitrary::Unstructured;
use wasm_smith::Config;

/// xorshift64*: deterministic, no dependency.
#[derive(Debug, Clone)]
pub struct Rng(pub u64);

impl Rng {
    /// A generator for `seed` (any value, 0 included).
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

/// The generator's configuration: 1-8 memories (32- and 64-bit mixed, pages of 64 KiB or of
/// one byte), bulk memory, reference types, multi-value, SIMD, tail calls, extended constant expressions, wide arithmetic, traps allowed; no imports
/// (nothing to link); everything exported (everything observed); memories and tables with a
/// maximum (growth ends the same way on every engine); NaNs canonical (their payload bits are
/// not specified), in SIMD lanes too.
///
/// Relaxed SIMD stays off: the proposal lets each engine pick among several results (fused or
/// unfused `relaxed_madd`, what out-of-range lanes of `relaxed_swizzle` and
/// `relaxed_trunc` give, which operand `relaxed_min` returns for NaN and ±0), so two correct
/// engines may disagree, and `wasm-smith` has no switch that keeps it to the inputs on which
/// the choices coincide.
pub fn config() -> Config {
    Config {
        min_memories: 1,
        max_memories: 8,
        max_memory32_bytes: 16 << 16,
        memory_max_size_required: true,
        memory64_enabled: true,
        max_memory64_bytes: 16 << 16,
        max_tables: 3,
        max_table_elements: 1000,
        table_max_size_required: true,
        bulk_memory_enabled: true,
        reference_types_enabled: true,
        multi_value_enabled: true,
        saturating_float_to_int_enabled: true,
        sign_extension_ops_enabled: true,
        disallow_traps: false,
        canonicalize_nans: true,
        export_everything: true,
        max_imports: 0,
        min_funcs: 1,
        max_funcs: 12,
        max_instructions: 200,
        simd_enabled: true,
        relaxed_simd_enabled: false,
        threads_enabled: false,
        exceptions_enabled: false,
        gc_enabled: false,
        tail_call_enabled: true,
        wide_arithmetic_enabled: true,
        extended_const_enabled: true,
        custom_page_sizes_enabled: true,
        compact_imports_enabled: false,
        ..Config::default()
    }
}

/// [`config`] with traps disallowed: `wasm-smith` guards every operation that could trap
/// (divisors, addresses, conversions, `unreachable`), so an engine that traps on such a module
/// other than for fuel or stack is wrong about it, whatever the others say.
pub fn config_without_traps() -> Config {
    Config { disallow_traps: true, ..config() }
}

/// [`config`] for the lowered run: 32-bit memories of 64 KiB pages only. Generated modules
/// export every memory, and the lowering refuses exported 64-bit memories and one-byte pages
/// (it names them), so with those on most modules (about 70%) are compared unlowered only.
pub fn config_for_lowering() -> Config {
    Config { memory64_enabled: false, custom_page_sizes_enabled: false, ..config() }
}

/// The module for `seed`, or `None` when the generator gives up on its bytes.
pub fn module_for_seed(seed: u64) -> Option<Vec<u8>> {
    module_for_seed_with(config(), seed)
}

/// The module for `seed` under another configuration of the generator.
pub fn module_for_seed_with(config: Config, seed: u64) -> Option<Vec<u8>> {
    module_from_bytes_with(config, &bytes_for_seed(seed))
}

/// The generator's input for `seed`: 512 to 8,703 bytes.
pub fn bytes_for_seed(seed: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed);
    let len = 512 + (rng.next_u64() % 8192) as usize;
    (0..len).map(|_| rng.next_u64() as u8).collect()
}

/// The module `wasm-smith` makes of `bytes` (what a fuzzer hands in).
pub fn module_from_bytes(bytes: &[u8]) -> Option<Vec<u8>> {
    module_from_bytes_with(config(), bytes)
}

/// The module `wasm-smith` makes of `bytes` under `config`.
pub fn module_from_bytes_with(config: Config, bytes: &[u8]) -> Option<Vec<u8>> {
    let mut u = Unstructured::new(bytes);
    wasm_smith::Module::new(config, &mut u).ok().map(|m| m.to_bytes())
}
