//! Which instructions of a body the lowering rewrites and which bytes it copies as they are:
//! only instructions naming a memory (or a function, while the bridge's imports shift the
//! defined functions) are re-encoded; the rest of a body, and whole bodies without such an
//! instruction, are copied.

use crate::LowerError;

/// Whether re-encoding `body` would change nothing, so that its bytes can be copied: no
/// instruction of it [`reencodes`].
pub(crate) fn unchanged(
    body: &wasmparser::FunctionBody<'_>,
    functions_move: bool,
) -> Result<bool, LowerError> {
    let mut reader = body.get_operators_reader()?;
    while !reader.eof() {
        if reencodes(&reader.read()?, functions_move) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Whether the lowering must rewrite `op` rather than copy its bytes: it names a memory (a
/// load, store, `memory.*` or atomic instruction), or a function while the bridge's imports
/// shift the defined functions (`functions_move`). Every other index space keeps its numbering
/// (added types, globals and functions come after the original ones), so the rest of a body
/// is copied as it is: re-encoding every instruction was a third of the lowering's time.
pub(crate) fn reencodes(op: &wasmparser::Operator<'_>, functions_move: bool) -> bool {
    let names = names_of(op);
    names & NAMES_MEMORY != 0 || (functions_move && names & NAMES_FUNCTION != 0)
}

const NAMES_MEMORY: u8 = 1;
const NAMES_FUNCTION: u8 = 2;

/// Which of the index spaces that the lowering renumbers `op` names, from the names of its
/// immediates in wasmparser's operator table (so that no instruction of any proposal is
/// forgotten): `memarg`, `mem`, `dst_mem`, `src_mem` name a memory, `function_index` a function.
fn names_of(op: &wasmparser::Operator<'_>) -> u8 {
    macro_rules! immediate {
        (memarg) => {
            NAMES_MEMORY
        };
        (mem) => {
            NAMES_MEMORY
        };
        (dst_mem) => {
            NAMES_MEMORY
        };
        (src_mem) => {
            NAMES_MEMORY
        };
        (function_index) => {
            NAMES_FUNCTION
        };
        ($other:ident) => {
            0
        };
    }
    macro_rules! names {
        ($( @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*))*) => {
            match op {
                $( wasmparser::Operator::$op { .. } => 0 $($( | immediate!($arg) )*)?, )*
                // An operator of a newer wasmparser: re-encode it (the safe choice).
                _ => NAMES_MEMORY | NAMES_FUNCTION,
            }
        };
    }
    wasmparser::for_each_operator!(names)
}

#[cfg(test)]
mod tests {
    use super::reencodes;
    use wasmparser::{Operator, OperatorsReader};

    /// The operators of the first function of `wat`, without its final `end`.
    fn ops_of(wat: &str, f: impl Fn(&[Operator<'_>])) {
        let wasm = wat::parse_str(wat).expect("valid text");
        for payload in wasmparser::Parser::new(0).parse_all(&wasm) {
            if let wasmparser::Payload::CodeSectionEntry(body) = payload.expect("parses") {
                let reader: OperatorsReader<'_> = body.get_operators_reader().expect("body");
                let mut ops: Vec<_> = reader.into_iter().collect::<Result<_, _>>().expect("ops");
                ops.pop();
                return f(&ops);
            }
        }
        panic!("no function");
    }

    #[test]
    fn memory_instructions_are_rewritten_the_rest_copied() {
        let wat = r#"(module (memory 1) (memory 1) (data "x")
            (func $f (param i32) (result i32)
              (i32.load 1 (local.get 0)) (v128.load8_lane 0 0 (local.get 0) (v128.const i64x2 0 0))
              (memory.copy 0 1 (local.get 0) (local.get 0) (local.get 0))
              (memory.init 1 0 (local.get 0) (local.get 0) (local.get 0))
              (drop (memory.size 1)) (drop (memory.atomic.notify (local.get 0) (i32.const 1)))
              drop drop))"#;
        ops_of(wat, |ops| {
            let rewritten = ops.iter().filter(|op| reencodes(op, false)).count();
            assert_eq!(rewritten, 6, "{ops:?}");
        });
        let wat = r#"(module (global $g (mut i32) (i32.const 0)) (table 1 funcref)
            (func $f (param i32) (result i32)
              (call $f (i32.add (local.get 0) (global.get $g)))
              (drop (ref.func $f)) (return_call $f (local.get 0))))"#;
        ops_of(wat, |ops| {
            assert!(ops.iter().all(|op| !reencodes(op, false)), "nothing moves: {ops:?}");
            let calls = ops.iter().filter(|op| reencodes(op, true)).count();
            assert_eq!(calls, 3, "call, ref.func and return_call name a function that moves");
        });
    }
}
