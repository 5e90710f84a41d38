//! Lowering never panics: byte-level mutations of multi-memory modules either fail to
//! validate (an `Invalid` error), are rejected clearly, or lower to a valid module.

mod common;

use common::{Rng, generate};
use polymem_transform::{LowerError, LowerOptions, lower_memories};

#[test]
fn mutated_modules_never_panic_or_produce_invalid_output() {
    let mut rng = Rng(0x0dd_ba11_5eed);
    let mut outcomes = [0u32; 3];
    for _ in 0..40 {
        let external = rng.chance(50);
        let wasm = wat::parse_str(generate(&mut rng, external).0).unwrap();
        for _ in 0..100 {
            let mut mutated = wasm.clone();
            for _ in 0..1 + rng.below(3) {
                let at = rng.below(mutated.len() as u64) as usize;
                match rng.below(3) {
                    0 => mutated[at] = rng.below(256) as u8,
                    1 => mutated[at] ^= 1 << rng.below(8),
                    _ => mutated.truncate(at.max(8)),
                }
            }
            match lower_memories(&mutated, &LowerOptions::default()) {
                Ok(_) => outcomes[0] += 1,
                Err(LowerError::Invalid { .. }) => outcomes[1] += 1,
                Err(LowerError::Unsupported { .. }) => outcomes[2] += 1,
                Err(e) => panic!("lowering a valid module failed: {e}"),
            }
        }
    }
    println!("lowered {}, invalid {}, unsupported {}", outcomes[0], outcomes[1], outcomes[2]);
    assert!(outcomes[0] > 0 && outcomes[1] > 0);
}

/// A function that outgrows the JS API's function size limit once its accesses are checked is
/// reported as exactly that, not as an internal error.
#[test]
fn a_function_past_the_engines_size_limit_is_reported_as_such() {
    use wasm_encoder::{
        CodeSection, Function, FunctionSection, Instruction, MemArg, MemArgTarget, MemorySection,
        MemoryType, Module, TypeSection, ValType,
    };
    let memory = MemoryType {
        minimum: 1,
        maximum: None,
        memory64: false,
        shared: false,
        page_size_log2: None,
    };
    let mut module = Module::new();
    let mut types = TypeSection::new();
    types.ty().function([ValType::I32, ValType::I32], []);
    module.section(&types);
    let mut funcs = FunctionSection::new();
    funcs.function(0);
    module.section(&funcs);
    let mut memories = MemorySection::new();
    memories.memory(memory).memory(memory);
    module.section(&memories);
    // Loads of memory 0 (below memory 1, so checked) through an unknown address, which is
    // rewritten between them: each keeps its check, inline (a loop; the default `br_if` check
    // takes 11 bytes: 600,000 loads of 7 bytes (4.2 MB) grow to 10.8 MB).
    let mut f = Function::new([]);
    let load = MemArg { offset: 0, align: 0, target: MemArgTarget::Memory(0), ordering: None };
    f.instruction(&Instruction::Loop(wasm_encoder::BlockType::Empty));
    for _ in 0..600_000 {
        f.instruction(&Instruction::LocalGet(0));
        f.instruction(&Instruction::I32Load(load));
        f.instruction(&Instruction::LocalSet(0));
    }
    f.instruction(&Instruction::End);
    f.instruction(&Instruction::End);
    let mut code = CodeSection::new();
    code.function(&f);
    module.section(&code);
    let wasm = module.finish();
    let mut options = LowerOptions::default();
    options.top = Some(1);
    match lower_memories(&wasm, &options) {
        Err(LowerError::Unsupported { memory: None, reason }) => {
            assert!(reason.contains("7654321 bytes a function may have"), "{reason}");
        }
        other => panic!("expected the size limit, got {other:?}"),
    }
}
