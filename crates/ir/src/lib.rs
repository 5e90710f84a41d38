//! The internal instruction set of the polymem interpreter.
//!
//! polymem translates every WebAssembly function body into a flat sequence of [`Instr`]s that
//! operate on **frame slots** instead of an operand stack. A frame is a window of 64-bit cells:
//!
//! ```text
//! slot 0 .. params        the function's parameters (and, on return, its results)
//! slot params .. locals   the declared locals, zeroed on entry
//! slot locals ..          temporaries: the Wasm operand stack, one slot per stack height
//! slot const_base ..      the function's constants, copied in on entry
//! ```
//!
//! Calls overlap frames: the caller places the arguments in consecutive slots starting at `base`
//! and the callee's frame begins exactly there, so arguments are never copied and the results
//! land where the caller expects them. Branch targets are resolved to byte offsets ([`target_offset`]), and
//! the memory, table, global and function operands are module-level indices that the executor
//! resolves through the running instance.
//!
//! Values in cells: `i32` and `f32` are stored zero-extended as their bit pattern, `i64` and `f64`
//! as their bit pattern, references as `0` for null and `index + 1` otherwise. A `v128`
//! occupies two consecutive cells, its low 64 bits (lanes 0..) first: locals, stack positions,
//! parameters and results are counted in cells, so `num_params`, `num_results` and the slot of
//! every value after a `v128` account for its second cell.
//!
//! ```
//! use polymem_ir::{CompiledFunc, Instr, Slot};
//! // (func (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
//! let f = CompiledFunc {
//!     code: vec![
//!         Instr::I32Add { result: Slot(0), lhs: Slot(0), rhs: Slot(1) },
//!         Instr::Return1 { value: Slot(0) },
//!     ],
//!     num_params: 2,
//!     num_results: 1,
//!     num_locals: 0,
//!     max_slots: 2,
//!     consts: vec![],
//!     const_base: 2,
//!     hot_mem: 0,
//! };
//! assert!(f.to_string().contains("I32Add"));
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod instr;
mod isa;
mod opcode;
mod pairs;
mod print;

pub use instr::Instr;

/// A function of a module by its index in the module's function index space: the imported
/// functions first, then the defined ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FuncIdx(pub u32);

/// A function defined (not imported) by a module: its index counted past the imported functions,
/// which is also its index among the module's bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DefinedFuncIdx(pub u32);

impl std::fmt::Display for FuncIdx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl std::fmt::Display for DefinedFuncIdx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A frame slot: the index of a 64-bit cell relative to the frame's base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slot(pub u16);

impl Slot {
    /// The slot as an index into the frame.
    #[inline(always)]
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl std::fmt::Display for Slot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "s{}", self.0)
    }
}

/// A translated function body. `C` is the type of its instructions: [`Instr`] for the
/// translator's output and listings; the interpreter runs the same instructions each stored
/// beside the address of its handler ([`CODE_STRIDE`] bytes apiece), so that dispatch is one load.
#[derive(Debug, Clone, PartialEq)]
pub struct CompiledFunc<C = Instr> {
    /// The instructions; execution starts at index 0. Branch targets are byte offsets from the
    /// start of the code as the interpreter stores it ([`target_offset`]): the interpreter adds
    /// one to the code's address without scaling it, one operation less after every taken branch.
    pub code: Vec<C>,
    /// Number of parameter slots (cells).
    pub num_params: u16,
    /// Number of result cells written to slots `0..num_results` on return.
    pub num_results: u16,
    /// Number of declared (non-parameter) locals, zeroed on entry.
    pub num_locals: u16,
    /// Total number of slots the frame needs (params, locals, temporaries and constants).
    pub max_slots: u16,
    /// Constants the code reads from slots `const_base..const_base + consts.len()`; they are
    /// copied into the frame on entry, so a loop does not rebuild them every iteration.
    pub consts: Vec<u64>,
    /// The first constant slot.
    pub const_base: u16,
    /// The memory this function accesses most (by static count): its loads and stores use the
    /// `*Hot` instructions, and the interpreter keeps this memory's base and length in
    /// registers. Any memory index can be hot, so memory 1 is as fast as memory 0.
    pub hot_mem: u16,
}

impl<C> CompiledFunc<C> {
    /// The same function with each instruction converted by `f`.
    pub fn map_code<D>(&self, f: impl FnMut(&C) -> D) -> CompiledFunc<D> {
        CompiledFunc {
            code: self.code.iter().map(f).collect(),
            num_params: self.num_params,
            num_results: self.num_results,
            num_locals: self.num_locals,
            max_slots: self.max_slots,
            consts: self.consts.clone(),
            const_base: self.const_base,
            hot_mem: self.hot_mem,
        }
    }
}

// A row whose fields do not pack into 14 bytes would widen every instruction: fail the build.
// They are laid out in declaration order after the 2-byte opcode, so a `u32` after an even
// number of `Slot`s takes two bytes of padding (`sum, lhs, result, rhs: i32`, not `sum, lhs,
// rhs: i32, result`).
const _: () =
    assert!(std::mem::size_of::<Instr>() == 16, "an ISA row widened `Instr` past 16 bytes");

/// The size of one instruction in the code the interpreter runs: the address of its handler
/// (8 bytes, also on 32-bit targets: the interpreter pads it) followed by the [`Instr`].
pub const CODE_STRIDE: u32 = 8 + std::mem::size_of::<Instr>() as u32;

/// The branch target of a finished function's instruction `index`: its byte offset from the
/// start of the code as the interpreter stores it ([`CODE_STRIDE`] bytes per instruction), or
/// `None` past `u32`.
pub fn target_offset(index: u32) -> Option<u32> {
    index.checked_mul(CODE_STRIDE)
}

/// The instruction index a finished function's branch target `offset` names.
pub fn target_index(offset: u32) -> u32 {
    offset / CODE_STRIDE
}

/// The largest number of slots a single frame may use.
pub const MAX_FRAME_SLOTS: usize = u16::MAX as usize;
