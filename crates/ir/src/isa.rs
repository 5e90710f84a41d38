//! The instruction set, one row per instruction: the only place an instruction is defined.
//!
//! [`for_each_instr!`] hands every row to a callback macro, which generates what it needs: the
//! [`crate::Instr`] enum and its visitors here, the handler table in the interpreter, the operator
//! mapping in the translator. A row reads
//!
//! ```text
//! Name { field: Type, ... } => kind(args), marker(args), ... ;
//! ```
//!
//! **Fields** are named by role, and the roles drive the generated code: `result` is the slot an
//! instruction writes its single value to (`result_slot_mut`), `results` the first of two
//! consecutive slots an instruction with two results writes, `target` a branch target
//! (`branch_target_mut`: an instruction index while translating, a byte offset in a finished
//! function, `crate::target_offset`); every `Slot` field is a frame slot (`for_each_slot_mut`). Operands are
//! `lhs`/`rhs` (binary), `input` (unary), `addr`/`value`/`mem`/`offset` (memory accesses).
//!
//! **Kinds** say what the interpreter does, so that its handler is generated:
//! - `unary(f)`, `binary(f)`: `result = f(input)` / `f(lhs, rhs)` on the values in the slots;
//!   `f` is a named operation of the interpreter (`i32_add`, `i32_div_s`: trapping ones return a
//!   `Result`). Both also translate the Wasm operator of the same name.
//! - `binary_imm(f)`: the same with an `i32` immediate right operand (sign-extended for i64).
//! - `wide128(f)`, `binary_wide(f)`: `(lo, hi) = f(lhs_lo, lhs_hi, rhs_lo, rhs_hi)` /
//!   `f(lhs, rhs)` on 128-bit values split into two i64 halves, written to `results` and
//!   `results + 1`; they translate the Wasm operator of the same name.
//! - `branch(f)`, `branch_imm(f)`: jump to `target` when `f(lhs, rhs)` holds.
//! - `load(T => U)`, `store(T)`: a memory access reading `T` (extended to `U`; `f32`/`f64`: the
//!   same bits) or writing the
//!   value truncated to `T` (`store(f64)`: the float itself, so that its `Acc` form reads
//!   `facc`); they translate the Wasm operator of the same name.
//! - `simd_unary(f)`, `simd_binary(f)`, `simd_ternary(f)`: `result = f(...)` where the result
//!   is a `v128` (two slots: operands of type `v128` are read from two slots, others from one);
//!   `simd_test(f)` the same with an `i32` result. They translate the operator of the same name.
//! - `simd_extract(f)`, `simd_replace(f)`: `f(input, lane)` / `f(lhs, rhs, lane)` with a lane
//!   immediate; `simd_shuffle(f)` is `f(lhs, rhs, lanes)` with the lanes in constant slots.
//! - `simd_load(N, f)`, `simd_store(f)`: a `v128` access of `N` bytes converted by `f`;
//!   `simd_load_lane(N, f)`, `simd_store_lane(N, f)` with a lane immediate.
//! - `hot(k)`, `mem64(k)`, `mem64_hot(k)`: the generated forms of access `k` (below).
//! - `acc(k)`: the generated accumulator form of a row of kind `k` (below).
//! - `to_acc(k)`: a producer of kind `k` that leaves its result in the accumulator only (below).
//! - `pair(A { .. }, B { .. })`: a superinstruction doing row `A` then row `B` (below).
//! - `table(f)`: jump to the `Br` entry `f(index, len)` of the `len` that follow.
//! - `select(f)`: `result = f(cond, if_true, if_false)` on cells of any scalar type; the
//!   result's cell also goes to the integer accumulator.
//! - `special`: handler and translation written by hand.
//!
//! **Memory accesses** are the table's last section, one row per access:
//!
//! ```text
//! I32Load { .. } => load(u32 => u32), hot(I32LoadHot), mem64(I32LoadMem64, I32LoadMem64Hot);
//! ```
//!
//! Each row stands for four instructions with its fields and operation (`with_forms!`):
//! the access on a 32-bit memory; `hot(k)` the same on the function's hot memory, whose base and
//! length the interpreter keeps in registers; and both again on a 64-bit memory
//! (`mem64(k)`, `mem64_hot(k)`), whose address is a full i64 and whose bound check also
//! catches `addr + offset` overflowing, a test that 32-bit addresses never need.
//!
//! **Accumulator forms**: the rows are grouped (`plain [..]`, `acc [..]`, `produce [..]`,
//! `access [..]`, `access_acc [..]`), and every row of an `acc` group carries `acc(NameAcc)` or
//! `acc(NameAcc, commutative)` and stands for two instructions: itself and `NameAcc`, which
//! takes its first operand (`input` or `lhs`) from the interpreter's accumulator register
//! instead of the frame. Every row of kind `unary`, `binary`, `binary_imm` or `load`, and the
//! hand-written rows marked `leaves(acc)`, leave their result in an accumulator as well as in
//! their slot; the translator picks the `Acc` form when the operand is the result of the
//! instruction just before and nothing jumps between them (`commutative`: also when it is the
//! right operand; `swapped(Name)`: the form that reads the right operand there, a row of its
//! own or, for an ordered comparison, the mirrored comparison's `Acc` form, `a < acc` being
//! `acc > a`; `square(Name)`: the unary form for both operands the same slot). A row of a `produce` group also carries `to_acc(NameToAcc, NameAccToAcc)`
//! and stands for four instructions: with both, the forms of itself and of `NameAcc` that leave
//! the result in the accumulator alone, without storing it to `result` (chosen when no other
//! instruction reads it); a load's `to_acc(..)` names those of its eight forms (each access form and its `Acc` form).
//!
//! **Superinstructions** (`pair [..]` group): a row names two existing rows and how each of
//! their fields comes from its own, `field` or `field: name` (`I32AddImm { result, lhs, rhs:
//! step }`); the second is an `Acc` form whose accumulator operand names the first one's
//! `result` (`BrI32LtUImmAcc { lhs: result, .. }`). Its handler is the composition of the two
//! halves' generated bodies, the value passing in the accumulator register; the translator
//! replaces the two instructions with it after choosing the accumulator forms
//! (`Instr::fuse_pair`). `to_acc(NameToAcc, AToAcc)` adds the same pair with the first half's
//! form that does not store its result (when the accumulator pass chose that form). A field may
//! be narrower than the half's (`step: i16` for an `i32` immediate): the pair fuses only when
//! the value fits.
//!
//! **Markers**: `hot(Name)` the hot-memory form of an access; `mem64(Name)` its form on a 64-bit
//! memory; `acc(Name, ..)` the accumulator form; `to_acc(Name, ..)` the forms without the result's
//! store; `leaves(acc)` a `special` row whose handler leaves its result cell in `acc`;
//! `imm(Name, width, commutative)`
//! the immediate form of a binary operator (`width` of the constant: `i32` or `i64`;
//! `commutative` also takes a constant on the left); `fuse(Name, Negated)` the
//! compare-and-branch forms of a comparison (jump when it holds / when it fails).

/// Calls `$callback! { rows }` with every instruction row; see the module docs for the syntax.
#[macro_export]
macro_rules! for_each_instr {
    ($callback:ident) => {
        $crate::with_forms! { $callback; [] plain [
            // control
            /// Trap with `unreachable`.
            Unreachable {} => special;
            /// Trap with the code given (a `TrapCode` discriminant of the engine).
            Trap { code: u8 } => special;
            /// Take `amount` units of the store's fuel, or trap (`all fuel consumed`) when less is
            /// left. Emitted only by engines with fuel on, at the start of each straight-line region.
            ConsumeFuel { amount: u32 } => special;
            /// Trap (`interrupted`) if the store's interrupt handle asked for it. Emitted only by
            /// interruptible engines, at function entries and loop headers.
            CheckInterrupt {} => special;
            /// Jump to `target`.
            Br { target: u32 } => special;
            /// Jump to `target` if `cond` is non-zero.
            BrIfNez { cond: Slot, target: u32 } => special;
            /// Jump to `target` if `cond` is zero.
            BrIfEqz { cond: Slot, target: u32 } => special;
        ] acc [
            /// Jump to entry `min(index, len - 1)` of the `len` [`Instr::Br`] entries that follow
            /// (`br_table_entry`); `BrTableAcc` takes the index from the accumulator.
            BrTable { index: Slot, len: u32 } => table(br_table_entry), acc(BrTableAcc);
        ] plain [
            /// Return with no results.
            Return0 {} => special;
            /// Return one result read from `value`.
            Return1 { value: Slot } => special;
            /// Return `len` results read from `values..values + len`.
            ReturnSpan { values: Slot, len: u16 } => special;
            /// Call module function `func`; arguments start at `base`, the callee frame begins there.
            Call { base: Slot, func: FuncIdx } => special;
            /// Call function `defined` of the running instance's own module (its index past the
            /// imported functions): no store lookup, no instance switch.
            CallInternal { base: Slot, defined: DefinedFuncIdx } => special;
            /// Call through table `table` at the element index in `index`, checking type `ty`.
            CallIndirect { base: Slot, index: Slot, table: u32, ty: u32 } => special;
            /// Tail call of module function `func`: the arguments at `base` move down to slot 0
            /// and the callee takes over the running function's frame and return address.
            ReturnCall { base: Slot, func: FuncIdx } => special;
            /// Tail call of function `defined` of the running instance's own module.
            ReturnCallInternal { base: Slot, defined: DefinedFuncIdx } => special;
            /// Tail call through table `table` at the element index in `index`, checking type `ty`.
            ReturnCallIndirect { base: Slot, index: Slot, table: u32, ty: u32 } => special;
            // slots and constants
            /// `result = input`
            Copy { result: Slot, input: Slot } => special, leaves(acc);
            /// `result = input` for a `v128` (two cells).
            CopyV128 { result: Slot, input: Slot } => special;
            /// Copy `len` cells from `from..` to `to..` with `memmove` semantics.
            CopySpan { to: Slot, from: Slot, len: u16 } => special;
        ] acc [
            /// `result = if cond != 0 { if_true } else { if_false }`; `SelectAcc` takes `cond`
            /// from the accumulator (a comparison just made).
            Select { result: Slot, cond: Slot, if_true: Slot, if_false: Slot } => select(select), acc(SelectAcc);
        ] plain [
            /// `select` of `v128`s.
            SelectV128 { result: Slot, cond: Slot, if_true: Slot, if_false: Slot } => special;
            /// Store a 32-bit constant, zero-extended.
            Const32 { result: Slot, value: u32 } => special;
            /// Store a 64-bit constant.
            Const64 { result: Slot, value: u64 } => special;
            /// `result = global[global]`
            GlobalGet { result: Slot, global: u32 } => special, leaves(acc);
            /// `global[global] = value`
            GlobalSet { value: Slot, global: u32 } => special;
            /// `result = global[global]` of a `v128` global.
            GlobalGetV128 { result: Slot, global: u32 } => special;
            /// `global[global] = value` of a `v128` global.
            GlobalSetV128 { value: Slot, global: u32 } => special;
            // memories and tables
            /// `result = memory[mem].size` in pages of `1 << page_log2` bytes.
            MemorySize { result: Slot, mem: u16, page_log2: u8 } => special;
            /// Grow `memory[mem]` by `delta` pages; `result` is the old size or -1.
            MemoryGrow { result: Slot, delta: Slot, mem: u16 } => special;
            /// `memory.fill`
            MemoryFill { mem: u16, dst_addr: Slot, value: Slot, len: Slot } => special;
            /// `memory.copy` from `src_mem` to `dst_mem`.
            MemoryCopy { dst_mem: u16, src_mem: u16, dst_addr: Slot, src_addr: Slot, len: Slot } => special;
            /// `memory.init` of data segment `data` into `mem`.
            MemoryInit { mem: u16, dst_addr: Slot, src_offset: Slot, len: Slot, data: u32 } => special;
            /// `data.drop`
            DataDrop { data: u32 } => special;
            /// `result = table[table][index]`
            TableGet { result: Slot, index: Slot, table: u32 } => special;
            /// `table[table][index] = value`
            TableSet { index: Slot, value: Slot, table: u32 } => special;
            /// `result = table[table].size`
            TableSize { result: Slot, table: u32 } => special;
            /// Grow `table` by `delta` filled with `init`; `result` is the old size or -1.
            TableGrow { result: Slot, init: Slot, delta: Slot, table: u32 } => special;
            /// `table.fill`
            TableFill { dst_index: Slot, value: Slot, len: Slot, table: u32 } => special;
            /// `table.copy`
            TableCopy { dst_index: Slot, src_index: Slot, len: Slot, dst_table: u16, src_table: u16 } => special;
            /// `table.init` of element segment `elem`.
            TableInit { dst_index: Slot, src_offset: Slot, len: Slot, table: u16, elem: u32 } => special;
            /// `elem.drop`
            ElemDrop { elem: u32 } => special;
            /// `result = ref.func func`
            RefFunc { result: Slot, func: FuncIdx } => special;
            /// `result = addr + offset` for an access of a 64-bit memory whose offset does not
            /// fit the accesses' 32-bit field (the access follows with offset 0); traps `out of
            /// bounds memory access` where the sum exceeds 2^64 - 1.
            AddrOffset64 { result: Slot, addr: Slot, offset: u64 } => special;
        ] produce [
            // unary operators and conversions: `result = f(input)`
            I32Clz { result: Slot, input: Slot } => unary(i32_clz), acc(I32ClzAcc), to_acc(I32ClzToAcc, I32ClzAccToAcc);
            I32Ctz { result: Slot, input: Slot } => unary(i32_ctz), acc(I32CtzAcc), to_acc(I32CtzToAcc, I32CtzAccToAcc);
            I32Popcnt { result: Slot, input: Slot } => unary(i32_popcnt), acc(I32PopcntAcc), to_acc(I32PopcntToAcc, I32PopcntAccToAcc);
            I32Eqz { result: Slot, input: Slot } => unary(i32_eqz), acc(I32EqzAcc), to_acc(I32EqzToAcc, I32EqzAccToAcc), fuse(BrI32EqImm, BrI32NeImm);
            I32Extend8S { result: Slot, input: Slot } => unary(i32_extend8_s), acc(I32Extend8SAcc), to_acc(I32Extend8SToAcc, I32Extend8SAccToAcc);
            I32Extend16S { result: Slot, input: Slot } => unary(i32_extend16_s), acc(I32Extend16SAcc), to_acc(I32Extend16SToAcc, I32Extend16SAccToAcc);
            I64Clz { result: Slot, input: Slot } => unary(i64_clz), acc(I64ClzAcc), to_acc(I64ClzToAcc, I64ClzAccToAcc);
            I64Ctz { result: Slot, input: Slot } => unary(i64_ctz), acc(I64CtzAcc), to_acc(I64CtzToAcc, I64CtzAccToAcc);
            I64Popcnt { result: Slot, input: Slot } => unary(i64_popcnt), acc(I64PopcntAcc), to_acc(I64PopcntToAcc, I64PopcntAccToAcc);
            I64Eqz { result: Slot, input: Slot } => unary(i64_eqz), acc(I64EqzAcc), to_acc(I64EqzToAcc, I64EqzAccToAcc), fuse(BrI64EqImm, BrI64NeImm);
            I64Extend8S { result: Slot, input: Slot } => unary(i64_extend8_s), acc(I64Extend8SAcc), to_acc(I64Extend8SToAcc, I64Extend8SAccToAcc);
            I64Extend16S { result: Slot, input: Slot } => unary(i64_extend16_s), acc(I64Extend16SAcc), to_acc(I64Extend16SToAcc, I64Extend16SAccToAcc);
            I64Extend32S { result: Slot, input: Slot } => unary(i64_extend32_s), acc(I64Extend32SAcc), to_acc(I64Extend32SToAcc, I64Extend32SAccToAcc);
            F32Abs { result: Slot, input: Slot } => unary(f32_abs), acc(F32AbsAcc), to_acc(F32AbsToAcc, F32AbsAccToAcc);
            F32Neg { result: Slot, input: Slot } => unary(f32_neg), acc(F32NegAcc), to_acc(F32NegToAcc, F32NegAccToAcc);
            F32Ceil { result: Slot, input: Slot } => unary(f32_ceil), acc(F32CeilAcc), to_acc(F32CeilToAcc, F32CeilAccToAcc);
            F32Floor { result: Slot, input: Slot } => unary(f32_floor), acc(F32FloorAcc), to_acc(F32FloorToAcc, F32FloorAccToAcc);
            F32Trunc { result: Slot, input: Slot } => unary(f32_trunc), acc(F32TruncAcc), to_acc(F32TruncToAcc, F32TruncAccToAcc);
            F32Nearest { result: Slot, input: Slot } => unary(f32_nearest), acc(F32NearestAcc), to_acc(F32NearestToAcc, F32NearestAccToAcc);
            F32Sqrt { result: Slot, input: Slot } => unary(f32_sqrt), acc(F32SqrtAcc), to_acc(F32SqrtToAcc, F32SqrtAccToAcc);
            F64Abs { result: Slot, input: Slot } => unary(f64_abs), acc(F64AbsAcc), to_acc(F64AbsToAcc, F64AbsAccToAcc);
            F64Neg { result: Slot, input: Slot } => unary(f64_neg), acc(F64NegAcc), to_acc(F64NegToAcc, F64NegAccToAcc);
            F64Ceil { result: Slot, input: Slot } => unary(f64_ceil), acc(F64CeilAcc), to_acc(F64CeilToAcc, F64CeilAccToAcc);
            F64Floor { result: Slot, input: Slot } => unary(f64_floor), acc(F64FloorAcc), to_acc(F64FloorToAcc, F64FloorAccToAcc);
            F64Trunc { result: Slot, input: Slot } => unary(f64_trunc), acc(F64TruncAcc), to_acc(F64TruncToAcc, F64TruncAccToAcc);
            F64Nearest { result: Slot, input: Slot } => unary(f64_nearest), acc(F64NearestAcc), to_acc(F64NearestToAcc, F64NearestAccToAcc);
            F64Sqrt { result: Slot, input: Slot } => unary(f64_sqrt), acc(F64SqrtAcc), to_acc(F64SqrtToAcc, F64SqrtAccToAcc);
            I32WrapI64 { result: Slot, input: Slot } => unary(i32_wrap_i64), acc(I32WrapI64Acc), to_acc(I32WrapI64ToAcc, I32WrapI64AccToAcc);
            I32TruncF32S { result: Slot, input: Slot } => unary(i32_trunc_f32_s), acc(I32TruncF32SAcc), to_acc(I32TruncF32SToAcc, I32TruncF32SAccToAcc);
            I32TruncF32U { result: Slot, input: Slot } => unary(i32_trunc_f32_u), acc(I32TruncF32UAcc), to_acc(I32TruncF32UToAcc, I32TruncF32UAccToAcc);
            I32TruncF64S { result: Slot, input: Slot } => unary(i32_trunc_f64_s), acc(I32TruncF64SAcc), to_acc(I32TruncF64SToAcc, I32TruncF64SAccToAcc);
            I32TruncF64U { result: Slot, input: Slot } => unary(i32_trunc_f64_u), acc(I32TruncF64UAcc), to_acc(I32TruncF64UToAcc, I32TruncF64UAccToAcc);
            I64ExtendI32S { result: Slot, input: Slot } => unary(i64_extend_i32_s), acc(I64ExtendI32SAcc), to_acc(I64ExtendI32SToAcc, I64ExtendI32SAccToAcc);
            I64TruncF32S { result: Slot, input: Slot } => unary(i64_trunc_f32_s), acc(I64TruncF32SAcc), to_acc(I64TruncF32SToAcc, I64TruncF32SAccToAcc);
            I64TruncF32U { result: Slot, input: Slot } => unary(i64_trunc_f32_u), acc(I64TruncF32UAcc), to_acc(I64TruncF32UToAcc, I64TruncF32UAccToAcc);
            I64TruncF64S { result: Slot, input: Slot } => unary(i64_trunc_f64_s), acc(I64TruncF64SAcc), to_acc(I64TruncF64SToAcc, I64TruncF64SAccToAcc);
            I64TruncF64U { result: Slot, input: Slot } => unary(i64_trunc_f64_u), acc(I64TruncF64UAcc), to_acc(I64TruncF64UToAcc, I64TruncF64UAccToAcc);
            F32ConvertI32S { result: Slot, input: Slot } => unary(f32_convert_i32_s), acc(F32ConvertI32SAcc), to_acc(F32ConvertI32SToAcc, F32ConvertI32SAccToAcc);
            F32ConvertI32U { result: Slot, input: Slot } => unary(f32_convert_i32_u), acc(F32ConvertI32UAcc), to_acc(F32ConvertI32UToAcc, F32ConvertI32UAccToAcc);
            F32ConvertI64S { result: Slot, input: Slot } => unary(f32_convert_i64_s), acc(F32ConvertI64SAcc), to_acc(F32ConvertI64SToAcc, F32ConvertI64SAccToAcc);
            F32ConvertI64U { result: Slot, input: Slot } => unary(f32_convert_i64_u), acc(F32ConvertI64UAcc), to_acc(F32ConvertI64UToAcc, F32ConvertI64UAccToAcc);
            F32DemoteF64 { result: Slot, input: Slot } => unary(f32_demote_f64), acc(F32DemoteF64Acc), to_acc(F32DemoteF64ToAcc, F32DemoteF64AccToAcc);
            F64ConvertI32S { result: Slot, input: Slot } => unary(f64_convert_i32_s), acc(F64ConvertI32SAcc), to_acc(F64ConvertI32SToAcc, F64ConvertI32SAccToAcc);
            F64ConvertI32U { result: Slot, input: Slot } => unary(f64_convert_i32_u), acc(F64ConvertI32UAcc), to_acc(F64ConvertI32UToAcc, F64ConvertI32UAccToAcc);
            F64ConvertI64S { result: Slot, input: Slot } => unary(f64_convert_i64_s), acc(F64ConvertI64SAcc), to_acc(F64ConvertI64SToAcc, F64ConvertI64SAccToAcc);
            F64ConvertI64U { result: Slot, input: Slot } => unary(f64_convert_i64_u), acc(F64ConvertI64UAcc), to_acc(F64ConvertI64UToAcc, F64ConvertI64UAccToAcc);
            F64PromoteF32 { result: Slot, input: Slot } => unary(f64_promote_f32), acc(F64PromoteF32Acc), to_acc(F64PromoteF32ToAcc, F64PromoteF32AccToAcc);
            I32TruncSatF32S { result: Slot, input: Slot } => unary(i32_trunc_sat_f32_s), acc(I32TruncSatF32SAcc), to_acc(I32TruncSatF32SToAcc, I32TruncSatF32SAccToAcc);
            I32TruncSatF32U { result: Slot, input: Slot } => unary(i32_trunc_sat_f32_u), acc(I32TruncSatF32UAcc), to_acc(I32TruncSatF32UToAcc, I32TruncSatF32UAccToAcc);
            I32TruncSatF64S { result: Slot, input: Slot } => unary(i32_trunc_sat_f64_s), acc(I32TruncSatF64SAcc), to_acc(I32TruncSatF64SToAcc, I32TruncSatF64SAccToAcc);
            I32TruncSatF64U { result: Slot, input: Slot } => unary(i32_trunc_sat_f64_u), acc(I32TruncSatF64UAcc), to_acc(I32TruncSatF64UToAcc, I32TruncSatF64UAccToAcc);
            I64TruncSatF32S { result: Slot, input: Slot } => unary(i64_trunc_sat_f32_s), acc(I64TruncSatF32SAcc), to_acc(I64TruncSatF32SToAcc, I64TruncSatF32SAccToAcc);
            I64TruncSatF32U { result: Slot, input: Slot } => unary(i64_trunc_sat_f32_u), acc(I64TruncSatF32UAcc), to_acc(I64TruncSatF32UToAcc, I64TruncSatF32UAccToAcc);
            I64TruncSatF64S { result: Slot, input: Slot } => unary(i64_trunc_sat_f64_s), acc(I64TruncSatF64SAcc), to_acc(I64TruncSatF64SToAcc, I64TruncSatF64SAccToAcc);
            I64TruncSatF64U { result: Slot, input: Slot } => unary(i64_trunc_sat_f64_u), acc(I64TruncSatF64UAcc), to_acc(I64TruncSatF64UToAcc, I64TruncSatF64UAccToAcc);
        ] produce [
            // binary operators: `result = f(lhs, rhs)`
            I32Add { result: Slot, lhs: Slot, rhs: Slot } => binary(i32_add), acc(I32AddAcc, commutative), to_acc(I32AddToAcc, I32AddAccToAcc), imm(I32AddImm, i32, commutative);
            I32Sub { result: Slot, lhs: Slot, rhs: Slot } => binary(i32_sub), acc(I32SubAcc), to_acc(I32SubToAcc, I32SubAccToAcc);
            I32Mul { result: Slot, lhs: Slot, rhs: Slot } => binary(i32_mul), acc(I32MulAcc, commutative), to_acc(I32MulToAcc, I32MulAccToAcc), imm(I32MulImm, i32, commutative);
            I32DivS { result: Slot, lhs: Slot, rhs: Slot } => binary(i32_div_s), acc(I32DivSAcc), to_acc(I32DivSToAcc, I32DivSAccToAcc);
            I32DivU { result: Slot, lhs: Slot, rhs: Slot } => binary(i32_div_u), acc(I32DivUAcc), to_acc(I32DivUToAcc, I32DivUAccToAcc);
            I32RemS { result: Slot, lhs: Slot, rhs: Slot } => binary(i32_rem_s), acc(I32RemSAcc), to_acc(I32RemSToAcc, I32RemSAccToAcc);
            I32RemU { result: Slot, lhs: Slot, rhs: Slot } => binary(i32_rem_u), acc(I32RemUAcc), to_acc(I32RemUToAcc, I32RemUAccToAcc);
            I32And { result: Slot, lhs: Slot, rhs: Slot } => binary(i32_and), acc(I32AndAcc, commutative), to_acc(I32AndToAcc, I32AndAccToAcc), imm(I32AndImm, i32, commutative);
            I32Or { result: Slot, lhs: Slot, rhs: Slot } => binary(i32_or), acc(I32OrAcc, commutative), to_acc(I32OrToAcc, I32OrAccToAcc), imm(I32OrImm, i32, commutative);
            I32Xor { result: Slot, lhs: Slot, rhs: Slot } => binary(i32_xor), acc(I32XorAcc, commutative), to_acc(I32XorToAcc, I32XorAccToAcc), imm(I32XorImm, i32, commutative);
            I32Shl { result: Slot, lhs: Slot, rhs: Slot } => binary(i32_shl), acc(I32ShlAcc), to_acc(I32ShlToAcc, I32ShlAccToAcc), imm(I32ShlImm, i32, ordered);
            I32ShrS { result: Slot, lhs: Slot, rhs: Slot } => binary(i32_shr_s), acc(I32ShrSAcc), to_acc(I32ShrSToAcc, I32ShrSAccToAcc), imm(I32ShrSImm, i32, ordered);
            I32ShrU { result: Slot, lhs: Slot, rhs: Slot } => binary(i32_shr_u), acc(I32ShrUAcc), to_acc(I32ShrUToAcc, I32ShrUAccToAcc), imm(I32ShrUImm, i32, ordered);
            I32Rotl { result: Slot, lhs: Slot, rhs: Slot } => binary(i32_rotl), acc(I32RotlAcc), to_acc(I32RotlToAcc, I32RotlAccToAcc), imm(I32RotlImm, i32, ordered);
            I32Rotr { result: Slot, lhs: Slot, rhs: Slot } => binary(i32_rotr), acc(I32RotrAcc), to_acc(I32RotrToAcc, I32RotrAccToAcc), imm(I32RotrImm, i32, ordered);
            I32Eq { result: Slot, lhs: Slot, rhs: Slot } => binary(i32_eq), acc(I32EqAcc, commutative), to_acc(I32EqToAcc, I32EqAccToAcc), imm(I32EqImm, i32, commutative), fuse(BrI32Eq, BrI32Ne);
            I32Ne { result: Slot, lhs: Slot, rhs: Slot } => binary(i32_ne), acc(I32NeAcc, commutative), to_acc(I32NeToAcc, I32NeAccToAcc), imm(I32NeImm, i32, commutative), fuse(BrI32Ne, BrI32Eq);
            I32LtS { result: Slot, lhs: Slot, rhs: Slot } => binary(i32_lt_s), acc(I32LtSAcc, swapped(I32GtSAcc)), to_acc(I32LtSToAcc, I32LtSAccToAcc), imm(I32LtSImm, i32, ordered), fuse(BrI32LtS, BrI32GeS);
            I32LtU { result: Slot, lhs: Slot, rhs: Slot } => binary(i32_lt_u), acc(I32LtUAcc, swapped(I32GtUAcc)), to_acc(I32LtUToAcc, I32LtUAccToAcc), imm(I32LtUImm, i32, ordered), fuse(BrI32LtU, BrI32GeU);
            I32GtS { result: Slot, lhs: Slot, rhs: Slot } => binary(i32_gt_s), acc(I32GtSAcc, swapped(I32LtSAcc)), to_acc(I32GtSToAcc, I32GtSAccToAcc), imm(I32GtSImm, i32, ordered), fuse(BrI32GtS, BrI32LeS);
            I32GtU { result: Slot, lhs: Slot, rhs: Slot } => binary(i32_gt_u), acc(I32GtUAcc, swapped(I32LtUAcc)), to_acc(I32GtUToAcc, I32GtUAccToAcc), imm(I32GtUImm, i32, ordered), fuse(BrI32GtU, BrI32LeU);
            I32LeS { result: Slot, lhs: Slot, rhs: Slot } => binary(i32_le_s), acc(I32LeSAcc, swapped(I32GeSAcc)), to_acc(I32LeSToAcc, I32LeSAccToAcc), imm(I32LeSImm, i32, ordered), fuse(BrI32LeS, BrI32GtS);
            I32LeU { result: Slot, lhs: Slot, rhs: Slot } => binary(i32_le_u), acc(I32LeUAcc, swapped(I32GeUAcc)), to_acc(I32LeUToAcc, I32LeUAccToAcc), imm(I32LeUImm, i32, ordered), fuse(BrI32LeU, BrI32GtU);
            I32GeS { result: Slot, lhs: Slot, rhs: Slot } => binary(i32_ge_s), acc(I32GeSAcc, swapped(I32LeSAcc)), to_acc(I32GeSToAcc, I32GeSAccToAcc), imm(I32GeSImm, i32, ordered), fuse(BrI32GeS, BrI32LtS);
            I32GeU { result: Slot, lhs: Slot, rhs: Slot } => binary(i32_ge_u), acc(I32GeUAcc, swapped(I32LeUAcc)), to_acc(I32GeUToAcc, I32GeUAccToAcc), imm(I32GeUImm, i32, ordered), fuse(BrI32GeU, BrI32LtU);
            I64Add { result: Slot, lhs: Slot, rhs: Slot } => binary(i64_add), acc(I64AddAcc, commutative), to_acc(I64AddToAcc, I64AddAccToAcc), imm(I64AddImm, i64, commutative);
            I64Sub { result: Slot, lhs: Slot, rhs: Slot } => binary(i64_sub), acc(I64SubAcc), to_acc(I64SubToAcc, I64SubAccToAcc);
            I64Mul { result: Slot, lhs: Slot, rhs: Slot } => binary(i64_mul), acc(I64MulAcc, commutative), to_acc(I64MulToAcc, I64MulAccToAcc), imm(I64MulImm, i64, commutative);
            I64DivS { result: Slot, lhs: Slot, rhs: Slot } => binary(i64_div_s), acc(I64DivSAcc), to_acc(I64DivSToAcc, I64DivSAccToAcc);
            I64DivU { result: Slot, lhs: Slot, rhs: Slot } => binary(i64_div_u), acc(I64DivUAcc), to_acc(I64DivUToAcc, I64DivUAccToAcc);
            I64RemS { result: Slot, lhs: Slot, rhs: Slot } => binary(i64_rem_s), acc(I64RemSAcc), to_acc(I64RemSToAcc, I64RemSAccToAcc);
            I64RemU { result: Slot, lhs: Slot, rhs: Slot } => binary(i64_rem_u), acc(I64RemUAcc), to_acc(I64RemUToAcc, I64RemUAccToAcc);
            I64And { result: Slot, lhs: Slot, rhs: Slot } => binary(i64_and), acc(I64AndAcc, commutative), to_acc(I64AndToAcc, I64AndAccToAcc), imm(I64AndImm, i64, commutative);
            I64Or { result: Slot, lhs: Slot, rhs: Slot } => binary(i64_or), acc(I64OrAcc, commutative), to_acc(I64OrToAcc, I64OrAccToAcc), imm(I64OrImm, i64, commutative);
            I64Xor { result: Slot, lhs: Slot, rhs: Slot } => binary(i64_xor), acc(I64XorAcc, commutative), to_acc(I64XorToAcc, I64XorAccToAcc), imm(I64XorImm, i64, commutative);
            I64Shl { result: Slot, lhs: Slot, rhs: Slot } => binary(i64_shl), acc(I64ShlAcc), to_acc(I64ShlToAcc, I64ShlAccToAcc), imm(I64ShlImm, i64, ordered);
            I64ShrS { result: Slot, lhs: Slot, rhs: Slot } => binary(i64_shr_s), acc(I64ShrSAcc), to_acc(I64ShrSToAcc, I64ShrSAccToAcc), imm(I64ShrSImm, i64, ordered);
            I64ShrU { result: Slot, lhs: Slot, rhs: Slot } => binary(i64_shr_u), acc(I64ShrUAcc), to_acc(I64ShrUToAcc, I64ShrUAccToAcc), imm(I64ShrUImm, i64, ordered);
            I64Rotl { result: Slot, lhs: Slot, rhs: Slot } => binary(i64_rotl), acc(I64RotlAcc), to_acc(I64RotlToAcc, I64RotlAccToAcc), imm(I64RotlImm, i64, ordered);
            I64Rotr { result: Slot, lhs: Slot, rhs: Slot } => binary(i64_rotr), acc(I64RotrAcc), to_acc(I64RotrToAcc, I64RotrAccToAcc), imm(I64RotrImm, i64, ordered);
            I64Eq { result: Slot, lhs: Slot, rhs: Slot } => binary(i64_eq), acc(I64EqAcc, commutative), to_acc(I64EqToAcc, I64EqAccToAcc), imm(I64EqImm, i64, commutative), fuse(BrI64Eq, BrI64Ne);
            I64Ne { result: Slot, lhs: Slot, rhs: Slot } => binary(i64_ne), acc(I64NeAcc, commutative), to_acc(I64NeToAcc, I64NeAccToAcc), imm(I64NeImm, i64, commutative), fuse(BrI64Ne, BrI64Eq);
            I64LtS { result: Slot, lhs: Slot, rhs: Slot } => binary(i64_lt_s), acc(I64LtSAcc, swapped(I64GtSAcc)), to_acc(I64LtSToAcc, I64LtSAccToAcc), imm(I64LtSImm, i64, ordered), fuse(BrI64LtS, BrI64GeS);
            I64LtU { result: Slot, lhs: Slot, rhs: Slot } => binary(i64_lt_u), acc(I64LtUAcc, swapped(I64GtUAcc)), to_acc(I64LtUToAcc, I64LtUAccToAcc), imm(I64LtUImm, i64, ordered), fuse(BrI64LtU, BrI64GeU);
            I64GtS { result: Slot, lhs: Slot, rhs: Slot } => binary(i64_gt_s), acc(I64GtSAcc, swapped(I64LtSAcc)), to_acc(I64GtSToAcc, I64GtSAccToAcc), imm(I64GtSImm, i64, ordered), fuse(BrI64GtS, BrI64LeS);
            I64GtU { result: Slot, lhs: Slot, rhs: Slot } => binary(i64_gt_u), acc(I64GtUAcc, swapped(I64LtUAcc)), to_acc(I64GtUToAcc, I64GtUAccToAcc), imm(I64GtUImm, i64, ordered), fuse(BrI64GtU, BrI64LeU);
            I64LeS { result: Slot, lhs: Slot, rhs: Slot } => binary(i64_le_s), acc(I64LeSAcc, swapped(I64GeSAcc)), to_acc(I64LeSToAcc, I64LeSAccToAcc), imm(I64LeSImm, i64, ordered), fuse(BrI64LeS, BrI64GtS);
            I64LeU { result: Slot, lhs: Slot, rhs: Slot } => binary(i64_le_u), acc(I64LeUAcc, swapped(I64GeUAcc)), to_acc(I64LeUToAcc, I64LeUAccToAcc), imm(I64LeUImm, i64, ordered), fuse(BrI64LeU, BrI64GtU);
            I64GeS { result: Slot, lhs: Slot, rhs: Slot } => binary(i64_ge_s), acc(I64GeSAcc, swapped(I64LeSAcc)), to_acc(I64GeSToAcc, I64GeSAccToAcc), imm(I64GeSImm, i64, ordered), fuse(BrI64GeS, BrI64LtS);
            I64GeU { result: Slot, lhs: Slot, rhs: Slot } => binary(i64_ge_u), acc(I64GeUAcc, swapped(I64LeUAcc)), to_acc(I64GeUToAcc, I64GeUAccToAcc), imm(I64GeUImm, i64, ordered), fuse(BrI64GeU, BrI64LtU);
            F32Add { result: Slot, lhs: Slot, rhs: Slot } => binary(f32_add), acc(F32AddAcc, commutative), to_acc(F32AddToAcc, F32AddAccToAcc);
            F32Sub { result: Slot, lhs: Slot, rhs: Slot } => binary(f32_sub), acc(F32SubAcc), to_acc(F32SubToAcc, F32SubAccToAcc);
            F32Mul { result: Slot, lhs: Slot, rhs: Slot } => binary(f32_mul), acc(F32MulAcc, commutative), to_acc(F32MulToAcc, F32MulAccToAcc);
            F32Div { result: Slot, lhs: Slot, rhs: Slot } => binary(f32_div), acc(F32DivAcc), to_acc(F32DivToAcc, F32DivAccToAcc);
            F32Min { result: Slot, lhs: Slot, rhs: Slot } => binary(f32_min), acc(F32MinAcc, commutative), to_acc(F32MinToAcc, F32MinAccToAcc);
            F32Max { result: Slot, lhs: Slot, rhs: Slot } => binary(f32_max), acc(F32MaxAcc, commutative), to_acc(F32MaxToAcc, F32MaxAccToAcc);
            F32Copysign { result: Slot, lhs: Slot, rhs: Slot } => binary(f32_copysign), acc(F32CopysignAcc), to_acc(F32CopysignToAcc, F32CopysignAccToAcc);
            F32Eq { result: Slot, lhs: Slot, rhs: Slot } => binary(f32_eq), acc(F32EqAcc, commutative), to_acc(F32EqToAcc, F32EqAccToAcc), fuse(BrF32Eq, BrF32Ne);
            F32Ne { result: Slot, lhs: Slot, rhs: Slot } => binary(f32_ne), acc(F32NeAcc, commutative), to_acc(F32NeToAcc, F32NeAccToAcc), fuse(BrF32Ne, BrF32Eq);
            F32Lt { result: Slot, lhs: Slot, rhs: Slot } => binary(f32_lt), acc(F32LtAcc, swapped(F32GtAcc)), to_acc(F32LtToAcc, F32LtAccToAcc), fuse(BrF32Lt, BrF32NotLt);
            F32Gt { result: Slot, lhs: Slot, rhs: Slot } => binary(f32_gt), acc(F32GtAcc, swapped(F32LtAcc)), to_acc(F32GtToAcc, F32GtAccToAcc), fuse(BrF32Gt, BrF32NotGt);
            F32Le { result: Slot, lhs: Slot, rhs: Slot } => binary(f32_le), acc(F32LeAcc, swapped(F32GeAcc)), to_acc(F32LeToAcc, F32LeAccToAcc), fuse(BrF32Le, BrF32NotLe);
            F32Ge { result: Slot, lhs: Slot, rhs: Slot } => binary(f32_ge), acc(F32GeAcc, swapped(F32LeAcc)), to_acc(F32GeToAcc, F32GeAccToAcc), fuse(BrF32Ge, BrF32NotGe);
            F64Add { result: Slot, lhs: Slot, rhs: Slot } => binary(f64_add), acc(F64AddAcc, commutative), to_acc(F64AddToAcc, F64AddAccToAcc);
            F64Sub { result: Slot, lhs: Slot, rhs: Slot } => binary(f64_sub), acc(F64SubAcc, swapped(F64SubRevAcc)), to_acc(F64SubToAcc, F64SubAccToAcc);
            F64Mul { result: Slot, lhs: Slot, rhs: Slot } => binary(f64_mul), acc(F64MulAcc, commutative, square(F64SquareAcc)), to_acc(F64MulToAcc, F64MulAccToAcc);
            F64Div { result: Slot, lhs: Slot, rhs: Slot } => binary(f64_div), acc(F64DivAcc, swapped(F64DivRevAcc)), to_acc(F64DivToAcc, F64DivAccToAcc);
            F64Min { result: Slot, lhs: Slot, rhs: Slot } => binary(f64_min), acc(F64MinAcc, commutative), to_acc(F64MinToAcc, F64MinAccToAcc);
            F64Max { result: Slot, lhs: Slot, rhs: Slot } => binary(f64_max), acc(F64MaxAcc, commutative), to_acc(F64MaxToAcc, F64MaxAccToAcc);
            F64Copysign { result: Slot, lhs: Slot, rhs: Slot } => binary(f64_copysign), acc(F64CopysignAcc), to_acc(F64CopysignToAcc, F64CopysignAccToAcc);
            F64Eq { result: Slot, lhs: Slot, rhs: Slot } => binary(f64_eq), acc(F64EqAcc, commutative), to_acc(F64EqToAcc, F64EqAccToAcc), fuse(BrF64Eq, BrF64Ne);
            F64Ne { result: Slot, lhs: Slot, rhs: Slot } => binary(f64_ne), acc(F64NeAcc, commutative), to_acc(F64NeToAcc, F64NeAccToAcc), fuse(BrF64Ne, BrF64Eq);
            F64Lt { result: Slot, lhs: Slot, rhs: Slot } => binary(f64_lt), acc(F64LtAcc, swapped(F64GtAcc)), to_acc(F64LtToAcc, F64LtAccToAcc), fuse(BrF64Lt, BrF64NotLt);
            F64Gt { result: Slot, lhs: Slot, rhs: Slot } => binary(f64_gt), acc(F64GtAcc, swapped(F64LtAcc)), to_acc(F64GtToAcc, F64GtAccToAcc), fuse(BrF64Gt, BrF64NotGt);
            F64Le { result: Slot, lhs: Slot, rhs: Slot } => binary(f64_le), acc(F64LeAcc, swapped(F64GeAcc)), to_acc(F64LeToAcc, F64LeAccToAcc), fuse(BrF64Le, BrF64NotLe);
            F64Ge { result: Slot, lhs: Slot, rhs: Slot } => binary(f64_ge), acc(F64GeAcc, swapped(F64LeAcc)), to_acc(F64GeToAcc, F64GeAccToAcc), fuse(BrF64Ge, BrF64NotGe);
        ] plain [
            // `f64` accumulator forms reading the right operand (`swapped(..)`) or both
            // (`square(..)`) from `facc`: the value just computed is often a divisor or a
            // subtrahend, and `x * x` reads `x` twice (`docs/perf-log.md`, session 9).
            F64SubRevAcc { result: Slot, lhs: Slot, rhs: Slot } => acc(binary(f64_sub_rev)), to_acc(F64SubRevAccToAcc);
            F64SubRevAccToAcc { result: Slot, lhs: Slot, rhs: Slot } => to_acc(acc(binary(f64_sub_rev)));
            F64DivRevAcc { result: Slot, lhs: Slot, rhs: Slot } => acc(binary(f64_div_rev)), to_acc(F64DivRevAccToAcc);
            F64DivRevAccToAcc { result: Slot, lhs: Slot, rhs: Slot } => to_acc(acc(binary(f64_div_rev)));
            F64SquareAcc { result: Slot, input: Slot } => acc(unary(f64_square)), to_acc(F64SquareAccToAcc);
            F64SquareAccToAcc { result: Slot, input: Slot } => to_acc(acc(unary(f64_square)));
            // wide arithmetic: two results, the low half to `results`, the high half to the next slot
            I64Add128 { results: Slot, lhs_lo: Slot, lhs_hi: Slot, rhs_lo: Slot, rhs_hi: Slot } => wide128(i64_add128);
            I64Sub128 { results: Slot, lhs_lo: Slot, lhs_hi: Slot, rhs_lo: Slot, rhs_hi: Slot } => wide128(i64_sub128);
            I64MulWideS { results: Slot, lhs: Slot, rhs: Slot } => binary_wide(i64_mul_wide_s);
            I64MulWideU { results: Slot, lhs: Slot, rhs: Slot } => binary_wide(i64_mul_wide_u);
        ] produce [
            // immediate right operand (sign-extended for i64)
            I32AddImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i32_add), acc(I32AddImmAcc), to_acc(I32AddImmToAcc, I32AddImmAccToAcc);
            I32MulImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i32_mul), acc(I32MulImmAcc), to_acc(I32MulImmToAcc, I32MulImmAccToAcc);
            I32AndImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i32_and), acc(I32AndImmAcc), to_acc(I32AndImmToAcc, I32AndImmAccToAcc);
            I32OrImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i32_or), acc(I32OrImmAcc), to_acc(I32OrImmToAcc, I32OrImmAccToAcc);
            I32XorImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i32_xor), acc(I32XorImmAcc), to_acc(I32XorImmToAcc, I32XorImmAccToAcc);
            I32ShlImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i32_shl), acc(I32ShlImmAcc), to_acc(I32ShlImmToAcc, I32ShlImmAccToAcc);
            I32ShrSImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i32_shr_s), acc(I32ShrSImmAcc), to_acc(I32ShrSImmToAcc, I32ShrSImmAccToAcc);
            I32ShrUImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i32_shr_u), acc(I32ShrUImmAcc), to_acc(I32ShrUImmToAcc, I32ShrUImmAccToAcc);
            I32RotlImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i32_rotl), acc(I32RotlImmAcc), to_acc(I32RotlImmToAcc, I32RotlImmAccToAcc);
            I32RotrImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i32_rotr), acc(I32RotrImmAcc), to_acc(I32RotrImmToAcc, I32RotrImmAccToAcc);
            I32EqImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i32_eq), acc(I32EqImmAcc), to_acc(I32EqImmToAcc, I32EqImmAccToAcc), fuse(BrI32EqImm, BrI32NeImm);
            I32NeImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i32_ne), acc(I32NeImmAcc), to_acc(I32NeImmToAcc, I32NeImmAccToAcc), fuse(BrI32NeImm, BrI32EqImm);
            I32LtSImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i32_lt_s), acc(I32LtSImmAcc), to_acc(I32LtSImmToAcc, I32LtSImmAccToAcc), fuse(BrI32LtSImm, BrI32GeSImm);
            I32LtUImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i32_lt_u), acc(I32LtUImmAcc), to_acc(I32LtUImmToAcc, I32LtUImmAccToAcc), fuse(BrI32LtUImm, BrI32GeUImm);
            I32GtSImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i32_gt_s), acc(I32GtSImmAcc), to_acc(I32GtSImmToAcc, I32GtSImmAccToAcc), fuse(BrI32GtSImm, BrI32LeSImm);
            I32GtUImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i32_gt_u), acc(I32GtUImmAcc), to_acc(I32GtUImmToAcc, I32GtUImmAccToAcc), fuse(BrI32GtUImm, BrI32LeUImm);
            I32LeSImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i32_le_s), acc(I32LeSImmAcc), to_acc(I32LeSImmToAcc, I32LeSImmAccToAcc), fuse(BrI32LeSImm, BrI32GtSImm);
            I32LeUImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i32_le_u), acc(I32LeUImmAcc), to_acc(I32LeUImmToAcc, I32LeUImmAccToAcc), fuse(BrI32LeUImm, BrI32GtUImm);
            I32GeSImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i32_ge_s), acc(I32GeSImmAcc), to_acc(I32GeSImmToAcc, I32GeSImmAccToAcc), fuse(BrI32GeSImm, BrI32LtSImm);
            I32GeUImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i32_ge_u), acc(I32GeUImmAcc), to_acc(I32GeUImmToAcc, I32GeUImmAccToAcc), fuse(BrI32GeUImm, BrI32LtUImm);
            I64AddImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i64_add), acc(I64AddImmAcc), to_acc(I64AddImmToAcc, I64AddImmAccToAcc);
            I64MulImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i64_mul), acc(I64MulImmAcc), to_acc(I64MulImmToAcc, I64MulImmAccToAcc);
            I64AndImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i64_and), acc(I64AndImmAcc), to_acc(I64AndImmToAcc, I64AndImmAccToAcc);
            I64OrImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i64_or), acc(I64OrImmAcc), to_acc(I64OrImmToAcc, I64OrImmAccToAcc);
            I64XorImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i64_xor), acc(I64XorImmAcc), to_acc(I64XorImmToAcc, I64XorImmAccToAcc);
            I64ShlImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i64_shl), acc(I64ShlImmAcc), to_acc(I64ShlImmToAcc, I64ShlImmAccToAcc);
            I64ShrSImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i64_shr_s), acc(I64ShrSImmAcc), to_acc(I64ShrSImmToAcc, I64ShrSImmAccToAcc);
            I64ShrUImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i64_shr_u), acc(I64ShrUImmAcc), to_acc(I64ShrUImmToAcc, I64ShrUImmAccToAcc);
            I64RotlImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i64_rotl), acc(I64RotlImmAcc), to_acc(I64RotlImmToAcc, I64RotlImmAccToAcc);
            I64RotrImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i64_rotr), acc(I64RotrImmAcc), to_acc(I64RotrImmToAcc, I64RotrImmAccToAcc);
            I64EqImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i64_eq), acc(I64EqImmAcc), to_acc(I64EqImmToAcc, I64EqImmAccToAcc), fuse(BrI64EqImm, BrI64NeImm);
            I64NeImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i64_ne), acc(I64NeImmAcc), to_acc(I64NeImmToAcc, I64NeImmAccToAcc), fuse(BrI64NeImm, BrI64EqImm);
            I64LtSImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i64_lt_s), acc(I64LtSImmAcc), to_acc(I64LtSImmToAcc, I64LtSImmAccToAcc), fuse(BrI64LtSImm, BrI64GeSImm);
            I64LtUImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i64_lt_u), acc(I64LtUImmAcc), to_acc(I64LtUImmToAcc, I64LtUImmAccToAcc), fuse(BrI64LtUImm, BrI64GeUImm);
            I64GtSImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i64_gt_s), acc(I64GtSImmAcc), to_acc(I64GtSImmToAcc, I64GtSImmAccToAcc), fuse(BrI64GtSImm, BrI64LeSImm);
            I64GtUImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i64_gt_u), acc(I64GtUImmAcc), to_acc(I64GtUImmToAcc, I64GtUImmAccToAcc), fuse(BrI64GtUImm, BrI64LeUImm);
            I64LeSImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i64_le_s), acc(I64LeSImmAcc), to_acc(I64LeSImmToAcc, I64LeSImmAccToAcc), fuse(BrI64LeSImm, BrI64GtSImm);
            I64LeUImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i64_le_u), acc(I64LeUImmAcc), to_acc(I64LeUImmToAcc, I64LeUImmAccToAcc), fuse(BrI64LeUImm, BrI64GtUImm);
            I64GeSImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i64_ge_s), acc(I64GeSImmAcc), to_acc(I64GeSImmToAcc, I64GeSImmAccToAcc), fuse(BrI64GeSImm, BrI64LtSImm);
            I64GeUImm { result: Slot, lhs: Slot, rhs: i32 } => binary_imm(i64_ge_u), acc(I64GeUImmAcc), to_acc(I64GeUImmToAcc, I64GeUImmAccToAcc), fuse(BrI64GeUImm, BrI64LtUImm);
        ] acc [
            // compare-and-branch: jump to `target` if `f(lhs, rhs)` holds (`Not*`: if it fails,
            // NaN included)
            BrF32Eq { lhs: Slot, rhs: Slot, target: u32 } => branch(f32_eq), acc(BrF32EqAcc, commutative);
            BrF32Ne { lhs: Slot, rhs: Slot, target: u32 } => branch(f32_ne), acc(BrF32NeAcc, commutative);
            BrF32Lt { lhs: Slot, rhs: Slot, target: u32 } => branch(f32_lt), acc(BrF32LtAcc, swapped(BrF32GtAcc));
            BrF32Gt { lhs: Slot, rhs: Slot, target: u32 } => branch(f32_gt), acc(BrF32GtAcc, swapped(BrF32LtAcc));
            BrF32Le { lhs: Slot, rhs: Slot, target: u32 } => branch(f32_le), acc(BrF32LeAcc, swapped(BrF32GeAcc));
            BrF32Ge { lhs: Slot, rhs: Slot, target: u32 } => branch(f32_ge), acc(BrF32GeAcc, swapped(BrF32LeAcc));
            BrF32NotLt { lhs: Slot, rhs: Slot, target: u32 } => branch(f32_not_lt), acc(BrF32NotLtAcc, swapped(BrF32NotGtAcc));
            BrF32NotGt { lhs: Slot, rhs: Slot, target: u32 } => branch(f32_not_gt), acc(BrF32NotGtAcc, swapped(BrF32NotLtAcc));
            BrF32NotLe { lhs: Slot, rhs: Slot, target: u32 } => branch(f32_not_le), acc(BrF32NotLeAcc, swapped(BrF32NotGeAcc));
            BrF32NotGe { lhs: Slot, rhs: Slot, target: u32 } => branch(f32_not_ge), acc(BrF32NotGeAcc, swapped(BrF32NotLeAcc));
            BrF64Eq { lhs: Slot, rhs: Slot, target: u32 } => branch(f64_eq), acc(BrF64EqAcc, commutative);
            BrF64Ne { lhs: Slot, rhs: Slot, target: u32 } => branch(f64_ne), acc(BrF64NeAcc, commutative);
            BrF64Lt { lhs: Slot, rhs: Slot, target: u32 } => branch(f64_lt), acc(BrF64LtAcc, swapped(BrF64GtAcc));
            BrF64Gt { lhs: Slot, rhs: Slot, target: u32 } => branch(f64_gt), acc(BrF64GtAcc, swapped(BrF64LtAcc));
            BrF64Le { lhs: Slot, rhs: Slot, target: u32 } => branch(f64_le), acc(BrF64LeAcc, swapped(BrF64GeAcc));
            BrF64Ge { lhs: Slot, rhs: Slot, target: u32 } => branch(f64_ge), acc(BrF64GeAcc, swapped(BrF64LeAcc));
            BrF64NotLt { lhs: Slot, rhs: Slot, target: u32 } => branch(f64_not_lt), acc(BrF64NotLtAcc, swapped(BrF64NotGtAcc));
            BrF64NotGt { lhs: Slot, rhs: Slot, target: u32 } => branch(f64_not_gt), acc(BrF64NotGtAcc, swapped(BrF64NotLtAcc));
            BrF64NotLe { lhs: Slot, rhs: Slot, target: u32 } => branch(f64_not_le), acc(BrF64NotLeAcc, swapped(BrF64NotGeAcc));
            BrF64NotGe { lhs: Slot, rhs: Slot, target: u32 } => branch(f64_not_ge), acc(BrF64NotGeAcc, swapped(BrF64NotLeAcc));
            BrI32Eq { lhs: Slot, rhs: Slot, target: u32 } => branch(i32_eq), acc(BrI32EqAcc, commutative);
            BrI32EqImm { lhs: Slot, rhs: i32, target: u32 } => branch_imm(i32_eq), acc(BrI32EqImmAcc);
            BrI32Ne { lhs: Slot, rhs: Slot, target: u32 } => branch(i32_ne), acc(BrI32NeAcc, commutative);
            BrI32NeImm { lhs: Slot, rhs: i32, target: u32 } => branch_imm(i32_ne), acc(BrI32NeImmAcc);
            BrI32LtS { lhs: Slot, rhs: Slot, target: u32 } => branch(i32_lt_s), acc(BrI32LtSAcc, swapped(BrI32GtSAcc));
            BrI32LtSImm { lhs: Slot, rhs: i32, target: u32 } => branch_imm(i32_lt_s), acc(BrI32LtSImmAcc);
            BrI32LtU { lhs: Slot, rhs: Slot, target: u32 } => branch(i32_lt_u), acc(BrI32LtUAcc, swapped(BrI32GtUAcc));
            BrI32LtUImm { lhs: Slot, rhs: i32, target: u32 } => branch_imm(i32_lt_u), acc(BrI32LtUImmAcc);
            BrI32GtS { lhs: Slot, rhs: Slot, target: u32 } => branch(i32_gt_s), acc(BrI32GtSAcc, swapped(BrI32LtSAcc));
            BrI32GtSImm { lhs: Slot, rhs: i32, target: u32 } => branch_imm(i32_gt_s), acc(BrI32GtSImmAcc);
            BrI32GtU { lhs: Slot, rhs: Slot, target: u32 } => branch(i32_gt_u), acc(BrI32GtUAcc, swapped(BrI32LtUAcc));
            BrI32GtUImm { lhs: Slot, rhs: i32, target: u32 } => branch_imm(i32_gt_u), acc(BrI32GtUImmAcc);
            BrI32LeS { lhs: Slot, rhs: Slot, target: u32 } => branch(i32_le_s), acc(BrI32LeSAcc, swapped(BrI32GeSAcc));
            BrI32LeSImm { lhs: Slot, rhs: i32, target: u32 } => branch_imm(i32_le_s), acc(BrI32LeSImmAcc);
            BrI32LeU { lhs: Slot, rhs: Slot, target: u32 } => branch(i32_le_u), acc(BrI32LeUAcc, swapped(BrI32GeUAcc));
            BrI32LeUImm { lhs: Slot, rhs: i32, target: u32 } => branch_imm(i32_le_u), acc(BrI32LeUImmAcc);
            BrI32GeS { lhs: Slot, rhs: Slot, target: u32 } => branch(i32_ge_s), acc(BrI32GeSAcc, swapped(BrI32LeSAcc));
            BrI32GeSImm { lhs: Slot, rhs: i32, target: u32 } => branch_imm(i32_ge_s), acc(BrI32GeSImmAcc);
            BrI32GeU { lhs: Slot, rhs: Slot, target: u32 } => branch(i32_ge_u), acc(BrI32GeUAcc, swapped(BrI32LeUAcc));
            BrI32GeUImm { lhs: Slot, rhs: i32, target: u32 } => branch_imm(i32_ge_u), acc(BrI32GeUImmAcc);
            BrI64Eq { lhs: Slot, rhs: Slot, target: u32 } => branch(i64_eq), acc(BrI64EqAcc, commutative);
            BrI64EqImm { lhs: Slot, rhs: i32, target: u32 } => branch_imm(i64_eq), acc(BrI64EqImmAcc);
            BrI64Ne { lhs: Slot, rhs: Slot, target: u32 } => branch(i64_ne), acc(BrI64NeAcc, commutative);
            BrI64NeImm { lhs: Slot, rhs: i32, target: u32 } => branch_imm(i64_ne), acc(BrI64NeImmAcc);
            BrI64LtS { lhs: Slot, rhs: Slot, target: u32 } => branch(i64_lt_s), acc(BrI64LtSAcc, swapped(BrI64GtSAcc));
            BrI64LtSImm { lhs: Slot, rhs: i32, target: u32 } => branch_imm(i64_lt_s), acc(BrI64LtSImmAcc);
            BrI64LtU { lhs: Slot, rhs: Slot, target: u32 } => branch(i64_lt_u), acc(BrI64LtUAcc, swapped(BrI64GtUAcc));
            BrI64LtUImm { lhs: Slot, rhs: i32, target: u32 } => branch_imm(i64_lt_u), acc(BrI64LtUImmAcc);
            BrI64GtS { lhs: Slot, rhs: Slot, target: u32 } => branch(i64_gt_s), acc(BrI64GtSAcc, swapped(BrI64LtSAcc));
            BrI64GtSImm { lhs: Slot, rhs: i32, target: u32 } => branch_imm(i64_gt_s), acc(BrI64GtSImmAcc);
            BrI64GtU { lhs: Slot, rhs: Slot, target: u32 } => branch(i64_gt_u), acc(BrI64GtUAcc, swapped(BrI64LtUAcc));
            BrI64GtUImm { lhs: Slot, rhs: i32, target: u32 } => branch_imm(i64_gt_u), acc(BrI64GtUImmAcc);
            BrI64LeS { lhs: Slot, rhs: Slot, target: u32 } => branch(i64_le_s), acc(BrI64LeSAcc, swapped(BrI64GeSAcc));
            BrI64LeSImm { lhs: Slot, rhs: i32, target: u32 } => branch_imm(i64_le_s), acc(BrI64LeSImmAcc);
            BrI64LeU { lhs: Slot, rhs: Slot, target: u32 } => branch(i64_le_u), acc(BrI64LeUAcc, swapped(BrI64GeUAcc));
            BrI64LeUImm { lhs: Slot, rhs: i32, target: u32 } => branch_imm(i64_le_u), acc(BrI64LeUImmAcc);
            BrI64GeS { lhs: Slot, rhs: Slot, target: u32 } => branch(i64_ge_s), acc(BrI64GeSAcc, swapped(BrI64LeSAcc));
            BrI64GeSImm { lhs: Slot, rhs: i32, target: u32 } => branch_imm(i64_ge_s), acc(BrI64GeSImmAcc);
            BrI64GeU { lhs: Slot, rhs: Slot, target: u32 } => branch(i64_ge_u), acc(BrI64GeUAcc, swapped(BrI64LeUAcc));
            BrI64GeUImm { lhs: Slot, rhs: i32, target: u32 } => branch_imm(i64_ge_u), acc(BrI64GeUImmAcc);
        ] pair [
            // superinstructions: pairs fused by the translator (`translate/fuse.rs`), chosen from
            // the dynamic pair counts of the bench workloads (`docs/perf-log.md`)
            /// `result = lhs + step; if result <u rhs, jump to target`: a loop counter's increment
            /// and back-edge test against a constant bound.
            I32AddImmBrLtUImm { result: Slot, lhs: Slot, step: i16, rhs: i32, target: u32 }
                => pair(I32AddImm { result, lhs, rhs: step }, BrI32LtUImmAcc { lhs: result, rhs, target }),
                to_acc(I32AddImmToAccBrLtUImm, I32AddImmToAcc);
            /// `result = lhs + step; if result <u rhs, jump to target` with the bound in a slot
            /// (a local): the back edge of `for i in 0..n`.
            I32AddImmBrLtU { result: Slot, lhs: Slot, step: i16, rhs: Slot, target: u32 }
                => pair(I32AddImm { result, lhs, rhs: step }, BrI32LtUAcc { lhs: result, rhs, target }),
                to_acc(I32AddImmToAccBrLtU, I32AddImmToAcc);
            /// `result = lhs + step; if result != rhs, jump to target`: a back edge counting to
            /// an end held in a slot (pointer loops).
            I32AddImmBrNe { result: Slot, lhs: Slot, step: i16, rhs: Slot, target: u32 }
                => pair(I32AddImm { result, lhs, rhs: step }, BrI32NeAcc { lhs: result, rhs, target }),
                to_acc(I32AddImmToAccBrNe, I32AddImmToAcc);
            /// `result = lhs + step; if result != rhs, jump to target` with a constant end.
            I32AddImmBrNeImm { result: Slot, lhs: Slot, step: i16, rhs: i32, target: u32 }
                => pair(I32AddImm { result, lhs, rhs: step }, BrI32NeImmAcc { lhs: result, rhs, target }),
                to_acc(I32AddImmToAccBrNeImm, I32AddImmToAcc);
            /// `result = lhs + step; if result != rhs, jump to target` on `i64`.
            I64AddImmBrNe { result: Slot, lhs: Slot, step: i16, rhs: Slot, target: u32 }
                => pair(I64AddImm { result, lhs, rhs: step }, BrI64NeAcc { lhs: result, rhs, target }),
                to_acc(I64AddImmToAccBrNe, I64AddImmToAcc);
            /// `addr = lhs << shift; result = memory[hot][addr + offset]`: an indexed load.
            I32ShlImmLoadHot { addr: Slot, lhs: Slot, shift: i16, result: Slot, offset: u32 }
                => pair(I32ShlImm { result: addr, lhs, rhs: shift }, I32LoadHotAcc { result, addr, mem: _, offset }),
                to_acc(I32ShlImmToAccLoadHot, I32ShlImmToAcc);
            /// `result = memory[hot][addr + offset] (u32); sum = result + rhs` (`i64`): a load
            /// feeding a sum.
            I64Load32UHotAdd { result: Slot, addr: Slot, sum: Slot, offset: u32, rhs: Slot }
                => pair(I64Load32UHot { result, addr, mem: _, offset }, I64AddAcc { result: sum, lhs: result, rhs }),
                to_acc(I64Load32UHotToAccAdd, I64Load32UHotToAcc);
            // chains of a bytecode interpreter (the `vm` workload): operand decoding
            // (`load8_u; and 3; shl 2; add base`) and the dispatch (`load8_u; br_table`)
            /// `result = memory[hot][addr + offset] (u8); masked = result & mask`, `masked`
            /// read from the accumulator alone.
            I32Load8UHotAndImm { result: Slot, addr: Slot, masked: Slot, offset: u32, mask: i32 }
                => pair(I32Load8UHot { result, addr, mem: _, offset }, I32AndImmAccToAcc { result: masked, lhs: result, rhs: mask }),
                to_acc(I32Load8UHotToAccAndImm, I32Load8UHotToAcc);
            /// `shifted = lhs << shift; result = shifted + rhs`: an index scaled and added to a
            /// base.
            I32ShlImmAdd { shifted: Slot, lhs: Slot, shift: i16, result: Slot, rhs: Slot }
                => pair(I32ShlImm { result: shifted, lhs, rhs: shift }, I32AddAcc { result, lhs: shifted, rhs }),
                to_acc(I32ShlImmToAccAdd, I32ShlImmToAcc);
            /// The same with `lhs` from the accumulator (after a mask).
            I32ShlImmAccAdd { shifted: Slot, lhs: Slot, shift: i16, result: Slot, rhs: Slot }
                => pair(I32ShlImmAcc { result: shifted, lhs, rhs: shift }, I32AddAcc { result, lhs: shifted, rhs }),
                to_acc(I32ShlImmAccToAccAdd, I32ShlImmAccToAcc);
            /// The same, the sum read from the accumulator alone (an address).
            I32ShlImmAccAddToAcc { shifted: Slot, lhs: Slot, shift: i16, result: Slot, rhs: Slot }
                => pair(I32ShlImmAcc { result: shifted, lhs, rhs: shift }, I32AddAccToAcc { result, lhs: shifted, rhs }),
                to_acc(I32ShlImmAccToAccAddToAcc, I32ShlImmAccToAcc);
            /// `result = memory[hot][addr + offset] (u8)`, the address from the accumulator, then
            /// a `br_table` on it: a bytecode dispatch.
            I32Load8UHotAccBrTable { result: Slot, addr: Slot, offset: u32, len: u32 }
                => pair(I32Load8UHotAcc { result, addr, mem: _, offset }, BrTableAcc { index: result, len }),
                to_acc(I32Load8UHotAccToAccBrTable, I32Load8UHotAccToAcc);
            // a histogram's or lookup table's chain (`load8_u; shl 2; add base; load; add 1;
            // store`): a byte scaled to an index, an address kept for the store, an increment
            /// `result = memory[hot][addr + offset] (u8); shifted = result << shift`, `shifted`
            /// read from the accumulator alone: a byte scaled to a table index.
            I32Load8UHotShlImm { result: Slot, addr: Slot, shifted: Slot, offset: u32, shift: i16 }
                => pair(I32Load8UHot { result, addr, mem: _, offset }, I32ShlImmAccToAcc { result: shifted, lhs: result, rhs: shift }),
                to_acc(I32Load8UHotToAccShlImm, I32Load8UHotToAcc);
            /// `sum = lhs + rhs` (`lhs` from the accumulator), `result = memory[hot][sum +
            /// offset]` read from the accumulator alone: an address computed, loaded from and
            /// kept in `sum` for a store.
            I32AddImmAccLoadHot { sum: Slot, lhs: Slot, result: Slot, rhs: i32, offset: u32 }
                => pair(I32AddImmAcc { result: sum, lhs, rhs }, I32LoadHotAccToAcc { result, addr: sum, mem: _, offset }),
                to_acc(I32AddImmAccToAccLoadHot, I32AddImmAccToAcc);
            /// `result = lhs + rhs` (`lhs` from the accumulator), then `memory[hot][addr + offset]
            /// = result`: a counter in memory incremented (`mem[a] += k`).
            I32AddImmAccStoreHot { result: Slot, lhs: Slot, addr: Slot, rhs: i32, offset: u32 }
                => pair(I32AddImmAcc { result, lhs, rhs }, I32StoreHotAcc { addr, value: result, mem: _, offset }),
                to_acc(I32AddImmAccToAccStoreHot, I32AddImmAccToAcc);
            /// `result = lhs + rhs` (`lhs` from the accumulator), then `memory[hot][addr + offset]
            /// = result`: a value computed and stored (`a[i] = x + y`).
            I32AddAccStoreHot { result: Slot, lhs: Slot, rhs: Slot, addr: Slot, offset: u32 }
                => pair(I32AddAcc { result, lhs, rhs }, I32StoreHotAcc { addr, value: result, mem: _, offset }),
                to_acc(I32AddAccToAccStoreHot, I32AddAccToAcc);
            // `f64` kernels (matmul's `c[j] += a * b[j]`, nbody's updates, mandelbrot's test):
            // an element address, load-multiply, operation-store, multiply-add
            /// `sum = lhs + rhs; result = memory[hot][sum + offset]` (`f64`): an element's
            /// address computed and loaded from.
            I32AddImmF64LoadHot { sum: Slot, lhs: Slot, result: Slot, rhs: i32, offset: u32 }
                => pair(I32AddImm { result: sum, lhs, rhs }, F64LoadHotAcc { result, addr: sum, mem: _, offset }),
                to_acc(I32AddImmToAccF64LoadHot, I32AddImmToAcc);
            /// The same, the loaded value read from the accumulator alone.
            I32AddImmF64LoadHotToAcc { sum: Slot, lhs: Slot, result: Slot, rhs: i32, offset: u32 }
                => pair(I32AddImm { result: sum, lhs, rhs }, F64LoadHotAccToAcc { result, addr: sum, mem: _, offset }),
                to_acc(I32AddImmToAccF64LoadHotToAcc, I32AddImmToAcc);
            /// `result = memory[hot][addr + offset]; product = result * rhs` (`f64`), `product`
            /// read from the accumulator alone: a loaded element scaled.
            F64LoadHotMulToAcc { result: Slot, addr: Slot, product: Slot, offset: u32, rhs: Slot }
                => pair(F64LoadHot { result, addr, mem: _, offset }, F64MulAccToAcc { result: product, lhs: result, rhs }),
                to_acc(F64LoadHotToAccMulToAcc, F64LoadHotToAcc);
            /// `result = lhs + rhs` (`lhs` from the accumulator), then `memory[hot][addr +
            /// offset] = result` (`f64`): an element updated (`c[j] += x`).
            F64AddAccStoreHot { result: Slot, lhs: Slot, rhs: Slot, addr: Slot, offset: u32 }
                => pair(F64AddAcc { result, lhs, rhs }, F64StoreHotAcc { addr, value: result, mem: _, offset }),
                to_acc(F64AddAccToAccStoreHot, F64AddAccToAcc);
            /// `result = rhs - lhs` (`lhs` from the accumulator), then `memory[hot][addr +
            /// offset] = result` (`f64`): an element decreased (`v[k] -= x`).
            F64SubRevAccStoreHot { result: Slot, lhs: Slot, rhs: Slot, addr: Slot, offset: u32 }
                => pair(F64SubRevAcc { result, lhs, rhs }, F64StoreHotAcc { addr, value: result, mem: _, offset }),
                to_acc(F64SubRevAccToAccStoreHot, F64SubRevAccToAcc);
            /// `product = lhs * rhs` (`lhs` from the accumulator); `result = product + addend`.
            F64MulAccAdd { product: Slot, lhs: Slot, rhs: Slot, result: Slot, addend: Slot }
                => pair(F64MulAcc { result: product, lhs, rhs }, F64AddAcc { result, lhs: product, rhs: addend }),
                to_acc(F64MulAccToAccAdd, F64MulAccToAcc);
            /// `diff = rhs - lhs` (`lhs` from the accumulator); `result = diff * diff`: a
            /// distance's component squared (nbody's `d[k] * d[k]`).
            F64SubRevAccSquare { diff: Slot, lhs: Slot, rhs: Slot, result: Slot }
                => pair(F64SubRevAcc { result: diff, lhs, rhs }, F64SquareAcc { result, input: diff }),
                to_acc(F64SubRevAccToAccSquare, F64SubRevAccToAcc);
            /// The same, the square read from the accumulator alone.
            F64SubRevAccSquareToAcc { diff: Slot, lhs: Slot, rhs: Slot, result: Slot }
                => pair(F64SubRevAcc { result: diff, lhs, rhs }, F64SquareAccToAcc { result, input: diff }),
                to_acc(F64SubRevAccToAccSquareToAcc, F64SubRevAccToAcc);
            /// `sum = lhs + rhs` (`lhs` from the accumulator); `result = sum * factor`: a Newton
            /// step's `0.5 * (y + x / y)`.
            F64AddAccMul { sum: Slot, lhs: Slot, rhs: Slot, result: Slot, factor: Slot }
                => pair(F64AddAcc { result: sum, lhs, rhs }, F64MulAcc { result, lhs: sum, rhs: factor }),
                to_acc(F64AddAccToAccMul, F64AddAccToAcc);
            /// `cond = lhs >u rhs` (`lhs` from the accumulator); `result = if cond != 0 {
            /// if_true } else { if_false }`: the flag straight into the choice (heapsort's larger
            /// child, `v[c] < v[c + 1]` mirrored).
            I32GtUAccSelect { cond: Slot, lhs: Slot, rhs: Slot, result: Slot, if_true: Slot, if_false: Slot }
                => pair(I32GtUAcc { result: cond, lhs, rhs }, SelectAcc { result, cond, if_true, if_false }),
                to_acc(I32GtUAccToAccSelect, I32GtUAccToAcc);
            /// `result = lhs + rhs` (`lhs` from the accumulator); jump to `target` unless
            /// `result <= bound`: an escape test (`zr * zr + zi * zi <= 4.0`).
            F64AddAccBrNotLe { result: Slot, lhs: Slot, rhs: Slot, bound: Slot, target: u32 }
                => pair(F64AddAcc { result, lhs, rhs }, BrF64NotLeAcc { lhs: result, rhs: bound, target }),
                to_acc(F64AddAccToAccBrNotLe, F64AddAccToAcc);
        ] plain [
            // SIMD (`v128` values take two consecutive slots; see the crate docs)
            /// `lanes` is a `v128` constant in two consecutive slots.
            I8x16Shuffle { result: Slot, lhs: Slot, rhs: Slot, lanes: Slot } => simd_shuffle(i8x16_shuffle);
            I8x16ExtractLaneS { result: Slot, input: Slot, lane: u8 } => simd_extract(i8x16_extract_lane_s);
            I8x16ExtractLaneU { result: Slot, input: Slot, lane: u8 } => simd_extract(i8x16_extract_lane_u);
            I8x16ReplaceLane { result: Slot, lhs: Slot, rhs: Slot, lane: u8 } => simd_replace(i8x16_replace_lane);
            I16x8ExtractLaneS { result: Slot, input: Slot, lane: u8 } => simd_extract(i16x8_extract_lane_s);
            I16x8ExtractLaneU { result: Slot, input: Slot, lane: u8 } => simd_extract(i16x8_extract_lane_u);
            I16x8ReplaceLane { result: Slot, lhs: Slot, rhs: Slot, lane: u8 } => simd_replace(i16x8_replace_lane);
            I32x4ExtractLane { result: Slot, input: Slot, lane: u8 } => simd_extract(i32x4_extract_lane);
            I32x4ReplaceLane { result: Slot, lhs: Slot, rhs: Slot, lane: u8 } => simd_replace(i32x4_replace_lane);
            I64x2ExtractLane { result: Slot, input: Slot, lane: u8 } => simd_extract(i64x2_extract_lane);
            I64x2ReplaceLane { result: Slot, lhs: Slot, rhs: Slot, lane: u8 } => simd_replace(i64x2_replace_lane);
            F32x4ExtractLane { result: Slot, input: Slot, lane: u8 } => simd_extract(f32x4_extract_lane);
            F32x4ReplaceLane { result: Slot, lhs: Slot, rhs: Slot, lane: u8 } => simd_replace(f32x4_replace_lane);
            F64x2ExtractLane { result: Slot, input: Slot, lane: u8 } => simd_extract(f64x2_extract_lane);
            F64x2ReplaceLane { result: Slot, lhs: Slot, rhs: Slot, lane: u8 } => simd_replace(f64x2_replace_lane);
            I8x16Swizzle { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i8x16_swizzle);
            I8x16Splat { result: Slot, input: Slot } => simd_unary(i8x16_splat);
            I16x8Splat { result: Slot, input: Slot } => simd_unary(i16x8_splat);
            I32x4Splat { result: Slot, input: Slot } => simd_unary(i32x4_splat);
            I64x2Splat { result: Slot, input: Slot } => simd_unary(i64x2_splat);
            F32x4Splat { result: Slot, input: Slot } => simd_unary(f32x4_splat);
            F64x2Splat { result: Slot, input: Slot } => simd_unary(f64x2_splat);
            I8x16Eq { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i8x16_eq);
            I8x16Ne { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i8x16_ne);
            I8x16LtS { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i8x16_lt_s);
            I8x16LtU { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i8x16_lt_u);
            I8x16GtS { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i8x16_gt_s);
            I8x16GtU { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i8x16_gt_u);
            I8x16LeS { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i8x16_le_s);
            I8x16LeU { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i8x16_le_u);
            I8x16GeS { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i8x16_ge_s);
            I8x16GeU { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i8x16_ge_u);
            I16x8Eq { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i16x8_eq);
            I16x8Ne { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i16x8_ne);
            I16x8LtS { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i16x8_lt_s);
            I16x8LtU { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i16x8_lt_u);
            I16x8GtS { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i16x8_gt_s);
            I16x8GtU { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i16x8_gt_u);
            I16x8LeS { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i16x8_le_s);
            I16x8LeU { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i16x8_le_u);
            I16x8GeS { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i16x8_ge_s);
            I16x8GeU { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i16x8_ge_u);
            I32x4Eq { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i32x4_eq);
            I32x4Ne { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i32x4_ne);
            I32x4LtS { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i32x4_lt_s);
            I32x4LtU { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i32x4_lt_u);
            I32x4GtS { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i32x4_gt_s);
            I32x4GtU { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i32x4_gt_u);
            I32x4LeS { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i32x4_le_s);
            I32x4LeU { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i32x4_le_u);
            I32x4GeS { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i32x4_ge_s);
            I32x4GeU { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i32x4_ge_u);
            I64x2Eq { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i64x2_eq);
            I64x2Ne { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i64x2_ne);
            I64x2LtS { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i64x2_lt_s);
            I64x2GtS { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i64x2_gt_s);
            I64x2LeS { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i64x2_le_s);
            I64x2GeS { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i64x2_ge_s);
            F32x4Eq { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(f32x4_eq);
            F32x4Ne { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(f32x4_ne);
            F32x4Lt { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(f32x4_lt);
            F32x4Gt { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(f32x4_gt);
            F32x4Le { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(f32x4_le);
            F32x4Ge { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(f32x4_ge);
            F64x2Eq { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(f64x2_eq);
            F64x2Ne { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(f64x2_ne);
            F64x2Lt { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(f64x2_lt);
            F64x2Gt { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(f64x2_gt);
            F64x2Le { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(f64x2_le);
            F64x2Ge { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(f64x2_ge);
            V128Not { result: Slot, input: Slot } => simd_unary(v128_not);
            V128And { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(v128_and);
            V128AndNot { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(v128_andnot);
            V128Or { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(v128_or);
            V128Xor { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(v128_xor);
            V128Bitselect { result: Slot, a: Slot, b: Slot, c: Slot } => simd_ternary(v128_bitselect);
            V128AnyTrue { result: Slot, input: Slot } => simd_test(v128_any_true);
            I8x16Abs { result: Slot, input: Slot } => simd_unary(i8x16_abs);
            I8x16Neg { result: Slot, input: Slot } => simd_unary(i8x16_neg);
            I8x16Popcnt { result: Slot, input: Slot } => simd_unary(i8x16_popcnt);
            I8x16AllTrue { result: Slot, input: Slot } => simd_test(i8x16_all_true);
            I8x16Bitmask { result: Slot, input: Slot } => simd_test(i8x16_bitmask);
            I8x16NarrowI16x8S { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i8x16_narrow_i16x8_s);
            I8x16NarrowI16x8U { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i8x16_narrow_i16x8_u);
            I8x16Shl { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i8x16_shl);
            I8x16ShrS { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i8x16_shr_s);
            I8x16ShrU { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i8x16_shr_u);
            I8x16Add { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i8x16_add);
            I8x16AddSatS { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i8x16_add_sat_s);
            I8x16AddSatU { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i8x16_add_sat_u);
            I8x16Sub { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i8x16_sub);
            I8x16SubSatS { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i8x16_sub_sat_s);
            I8x16SubSatU { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i8x16_sub_sat_u);
            I8x16MinS { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i8x16_min_s);
            I8x16MinU { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i8x16_min_u);
            I8x16MaxS { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i8x16_max_s);
            I8x16MaxU { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i8x16_max_u);
            I8x16AvgrU { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i8x16_avgr_u);
            I16x8ExtAddPairwiseI8x16S { result: Slot, input: Slot } => simd_unary(i16x8_extadd_pairwise_i8x16_s);
            I16x8ExtAddPairwiseI8x16U { result: Slot, input: Slot } => simd_unary(i16x8_extadd_pairwise_i8x16_u);
            I16x8Abs { result: Slot, input: Slot } => simd_unary(i16x8_abs);
            I16x8Neg { result: Slot, input: Slot } => simd_unary(i16x8_neg);
            I16x8Q15MulrSatS { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i16x8_q15mulr_sat_s);
            I16x8AllTrue { result: Slot, input: Slot } => simd_test(i16x8_all_true);
            I16x8Bitmask { result: Slot, input: Slot } => simd_test(i16x8_bitmask);
            I16x8NarrowI32x4S { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i16x8_narrow_i32x4_s);
            I16x8NarrowI32x4U { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i16x8_narrow_i32x4_u);
            I16x8ExtendLowI8x16S { result: Slot, input: Slot } => simd_unary(i16x8_extend_low_i8x16_s);
            I16x8ExtendHighI8x16S { result: Slot, input: Slot } => simd_unary(i16x8_extend_high_i8x16_s);
            I16x8ExtendLowI8x16U { result: Slot, input: Slot } => simd_unary(i16x8_extend_low_i8x16_u);
            I16x8ExtendHighI8x16U { result: Slot, input: Slot } => simd_unary(i16x8_extend_high_i8x16_u);
            I16x8Shl { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i16x8_shl);
            I16x8ShrS { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i16x8_shr_s);
            I16x8ShrU { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i16x8_shr_u);
            I16x8Add { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i16x8_add);
            I16x8AddSatS { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i16x8_add_sat_s);
            I16x8AddSatU { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i16x8_add_sat_u);
            I16x8Sub { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i16x8_sub);
            I16x8SubSatS { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i16x8_sub_sat_s);
            I16x8SubSatU { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i16x8_sub_sat_u);
            I16x8Mul { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i16x8_mul);
            I16x8MinS { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i16x8_min_s);
            I16x8MinU { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i16x8_min_u);
            I16x8MaxS { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i16x8_max_s);
            I16x8MaxU { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i16x8_max_u);
            I16x8AvgrU { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i16x8_avgr_u);
            I16x8ExtMulLowI8x16S { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i16x8_extmul_low_i8x16_s);
            I16x8ExtMulHighI8x16S { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i16x8_extmul_high_i8x16_s);
            I16x8ExtMulLowI8x16U { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i16x8_extmul_low_i8x16_u);
            I16x8ExtMulHighI8x16U { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i16x8_extmul_high_i8x16_u);
            I32x4ExtAddPairwiseI16x8S { result: Slot, input: Slot } => simd_unary(i32x4_extadd_pairwise_i16x8_s);
            I32x4ExtAddPairwiseI16x8U { result: Slot, input: Slot } => simd_unary(i32x4_extadd_pairwise_i16x8_u);
            I32x4Abs { result: Slot, input: Slot } => simd_unary(i32x4_abs);
            I32x4Neg { result: Slot, input: Slot } => simd_unary(i32x4_neg);
            I32x4AllTrue { result: Slot, input: Slot } => simd_test(i32x4_all_true);
            I32x4Bitmask { result: Slot, input: Slot } => simd_test(i32x4_bitmask);
            I32x4ExtendLowI16x8S { result: Slot, input: Slot } => simd_unary(i32x4_extend_low_i16x8_s);
            I32x4ExtendHighI16x8S { result: Slot, input: Slot } => simd_unary(i32x4_extend_high_i16x8_s);
            I32x4ExtendLowI16x8U { result: Slot, input: Slot } => simd_unary(i32x4_extend_low_i16x8_u);
            I32x4ExtendHighI16x8U { result: Slot, input: Slot } => simd_unary(i32x4_extend_high_i16x8_u);
            I32x4Shl { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i32x4_shl);
            I32x4ShrS { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i32x4_shr_s);
            I32x4ShrU { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i32x4_shr_u);
            I32x4Add { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i32x4_add);
            I32x4Sub { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i32x4_sub);
            I32x4Mul { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i32x4_mul);
            I32x4MinS { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i32x4_min_s);
            I32x4MinU { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i32x4_min_u);
            I32x4MaxS { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i32x4_max_s);
            I32x4MaxU { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i32x4_max_u);
            I32x4DotI16x8S { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i32x4_dot_i16x8_s);
            I32x4ExtMulLowI16x8S { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i32x4_extmul_low_i16x8_s);
            I32x4ExtMulHighI16x8S { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i32x4_extmul_high_i16x8_s);
            I32x4ExtMulLowI16x8U { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i32x4_extmul_low_i16x8_u);
            I32x4ExtMulHighI16x8U { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i32x4_extmul_high_i16x8_u);
            I64x2Abs { result: Slot, input: Slot } => simd_unary(i64x2_abs);
            I64x2Neg { result: Slot, input: Slot } => simd_unary(i64x2_neg);
            I64x2AllTrue { result: Slot, input: Slot } => simd_test(i64x2_all_true);
            I64x2Bitmask { result: Slot, input: Slot } => simd_test(i64x2_bitmask);
            I64x2ExtendLowI32x4S { result: Slot, input: Slot } => simd_unary(i64x2_extend_low_i32x4_s);
            I64x2ExtendHighI32x4S { result: Slot, input: Slot } => simd_unary(i64x2_extend_high_i32x4_s);
            I64x2ExtendLowI32x4U { result: Slot, input: Slot } => simd_unary(i64x2_extend_low_i32x4_u);
            I64x2ExtendHighI32x4U { result: Slot, input: Slot } => simd_unary(i64x2_extend_high_i32x4_u);
            I64x2Shl { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i64x2_shl);
            I64x2ShrS { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i64x2_shr_s);
            I64x2ShrU { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i64x2_shr_u);
            I64x2Add { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i64x2_add);
            I64x2Sub { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i64x2_sub);
            I64x2Mul { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i64x2_mul);
            I64x2ExtMulLowI32x4S { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i64x2_extmul_low_i32x4_s);
            I64x2ExtMulHighI32x4S { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i64x2_extmul_high_i32x4_s);
            I64x2ExtMulLowI32x4U { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i64x2_extmul_low_i32x4_u);
            I64x2ExtMulHighI32x4U { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i64x2_extmul_high_i32x4_u);
            F32x4Ceil { result: Slot, input: Slot } => simd_unary(f32x4_ceil);
            F32x4Floor { result: Slot, input: Slot } => simd_unary(f32x4_floor);
            F32x4Trunc { result: Slot, input: Slot } => simd_unary(f32x4_trunc);
            F32x4Nearest { result: Slot, input: Slot } => simd_unary(f32x4_nearest);
            F32x4Abs { result: Slot, input: Slot } => simd_unary(f32x4_abs);
            F32x4Neg { result: Slot, input: Slot } => simd_unary(f32x4_neg);
            F32x4Sqrt { result: Slot, input: Slot } => simd_unary(f32x4_sqrt);
            F32x4Add { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(f32x4_add);
            F32x4Sub { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(f32x4_sub);
            F32x4Mul { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(f32x4_mul);
            F32x4Div { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(f32x4_div);
            F32x4Min { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(f32x4_min);
            F32x4Max { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(f32x4_max);
            F32x4PMin { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(f32x4_pmin);
            F32x4PMax { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(f32x4_pmax);
            F64x2Ceil { result: Slot, input: Slot } => simd_unary(f64x2_ceil);
            F64x2Floor { result: Slot, input: Slot } => simd_unary(f64x2_floor);
            F64x2Trunc { result: Slot, input: Slot } => simd_unary(f64x2_trunc);
            F64x2Nearest { result: Slot, input: Slot } => simd_unary(f64x2_nearest);
            F64x2Abs { result: Slot, input: Slot } => simd_unary(f64x2_abs);
            F64x2Neg { result: Slot, input: Slot } => simd_unary(f64x2_neg);
            F64x2Sqrt { result: Slot, input: Slot } => simd_unary(f64x2_sqrt);
            F64x2Add { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(f64x2_add);
            F64x2Sub { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(f64x2_sub);
            F64x2Mul { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(f64x2_mul);
            F64x2Div { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(f64x2_div);
            F64x2Min { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(f64x2_min);
            F64x2Max { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(f64x2_max);
            F64x2PMin { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(f64x2_pmin);
            F64x2PMax { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(f64x2_pmax);
            I32x4TruncSatF32x4S { result: Slot, input: Slot } => simd_unary(i32x4_trunc_sat_f32x4_s);
            I32x4TruncSatF32x4U { result: Slot, input: Slot } => simd_unary(i32x4_trunc_sat_f32x4_u);
            F32x4ConvertI32x4S { result: Slot, input: Slot } => simd_unary(f32x4_convert_i32x4_s);
            F32x4ConvertI32x4U { result: Slot, input: Slot } => simd_unary(f32x4_convert_i32x4_u);
            I32x4TruncSatF64x2SZero { result: Slot, input: Slot } => simd_unary(i32x4_trunc_sat_f64x2_s_zero);
            I32x4TruncSatF64x2UZero { result: Slot, input: Slot } => simd_unary(i32x4_trunc_sat_f64x2_u_zero);
            F64x2ConvertLowI32x4S { result: Slot, input: Slot } => simd_unary(f64x2_convert_low_i32x4_s);
            F64x2ConvertLowI32x4U { result: Slot, input: Slot } => simd_unary(f64x2_convert_low_i32x4_u);
            F32x4DemoteF64x2Zero { result: Slot, input: Slot } => simd_unary(f32x4_demote_f64x2_zero);
            F64x2PromoteLowF32x4 { result: Slot, input: Slot } => simd_unary(f64x2_promote_low_f32x4);
            I8x16RelaxedSwizzle { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i8x16_relaxed_swizzle);
            I32x4RelaxedTruncF32x4S { result: Slot, input: Slot } => simd_unary(i32x4_relaxed_trunc_f32x4_s);
            I32x4RelaxedTruncF32x4U { result: Slot, input: Slot } => simd_unary(i32x4_relaxed_trunc_f32x4_u);
            I32x4RelaxedTruncF64x2SZero { result: Slot, input: Slot } => simd_unary(i32x4_relaxed_trunc_f64x2_s_zero);
            I32x4RelaxedTruncF64x2UZero { result: Slot, input: Slot } => simd_unary(i32x4_relaxed_trunc_f64x2_u_zero);
            F32x4RelaxedMadd { result: Slot, a: Slot, b: Slot, c: Slot } => simd_ternary(f32x4_relaxed_madd);
            F32x4RelaxedNmadd { result: Slot, a: Slot, b: Slot, c: Slot } => simd_ternary(f32x4_relaxed_nmadd);
            F64x2RelaxedMadd { result: Slot, a: Slot, b: Slot, c: Slot } => simd_ternary(f64x2_relaxed_madd);
            F64x2RelaxedNmadd { result: Slot, a: Slot, b: Slot, c: Slot } => simd_ternary(f64x2_relaxed_nmadd);
            I8x16RelaxedLaneselect { result: Slot, a: Slot, b: Slot, c: Slot } => simd_ternary(i8x16_relaxed_laneselect);
            I16x8RelaxedLaneselect { result: Slot, a: Slot, b: Slot, c: Slot } => simd_ternary(i16x8_relaxed_laneselect);
            I32x4RelaxedLaneselect { result: Slot, a: Slot, b: Slot, c: Slot } => simd_ternary(i32x4_relaxed_laneselect);
            I64x2RelaxedLaneselect { result: Slot, a: Slot, b: Slot, c: Slot } => simd_ternary(i64x2_relaxed_laneselect);
            F32x4RelaxedMin { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(f32x4_relaxed_min);
            F32x4RelaxedMax { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(f32x4_relaxed_max);
            F64x2RelaxedMin { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(f64x2_relaxed_min);
            F64x2RelaxedMax { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(f64x2_relaxed_max);
            I16x8RelaxedQ15mulrS { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i16x8_relaxed_q15mulr_s);
            I16x8RelaxedDotI8x16I7x16S { result: Slot, lhs: Slot, rhs: Slot } => simd_binary(i16x8_relaxed_dot_i8x16_i7x16_s);
            I32x4RelaxedDotI8x16I7x16AddS { result: Slot, a: Slot, b: Slot, c: Slot } => simd_ternary(i32x4_relaxed_dot_i8x16_i7x16_add_s);
        ] access_acc [
            // loads: `result = memory[mem][addr + offset]`; `addr` is an i32 cell (zero-extended)
            // or, in the `Mem64` forms, an i64 one
            I32Load { result: Slot, addr: Slot, mem: u16, offset: u32 } => load(u32 => u32), hot(I32LoadHot), mem64(I32LoadMem64, I32LoadMem64Hot), acc(I32LoadAcc, I32LoadHotAcc, I32LoadMem64Acc, I32LoadMem64HotAcc), to_acc(I32LoadToAcc, I32LoadAccToAcc, I32LoadHotToAcc, I32LoadHotAccToAcc, I32LoadMem64ToAcc, I32LoadMem64AccToAcc, I32LoadMem64HotToAcc, I32LoadMem64HotAccToAcc);
            I64Load { result: Slot, addr: Slot, mem: u16, offset: u32 } => load(u64 => u64), hot(I64LoadHot), mem64(I64LoadMem64, I64LoadMem64Hot), acc(I64LoadAcc, I64LoadHotAcc, I64LoadMem64Acc, I64LoadMem64HotAcc), to_acc(I64LoadToAcc, I64LoadAccToAcc, I64LoadHotToAcc, I64LoadHotAccToAcc, I64LoadMem64ToAcc, I64LoadMem64AccToAcc, I64LoadMem64HotToAcc, I64LoadMem64HotAccToAcc);
            F32Load { result: Slot, addr: Slot, mem: u16, offset: u32 } => load(u32 => f32), hot(F32LoadHot), mem64(F32LoadMem64, F32LoadMem64Hot), acc(F32LoadAcc, F32LoadHotAcc, F32LoadMem64Acc, F32LoadMem64HotAcc), to_acc(F32LoadToAcc, F32LoadAccToAcc, F32LoadHotToAcc, F32LoadHotAccToAcc, F32LoadMem64ToAcc, F32LoadMem64AccToAcc, F32LoadMem64HotToAcc, F32LoadMem64HotAccToAcc);
            F64Load { result: Slot, addr: Slot, mem: u16, offset: u32 } => load(u64 => f64), hot(F64LoadHot), mem64(F64LoadMem64, F64LoadMem64Hot), acc(F64LoadAcc, F64LoadHotAcc, F64LoadMem64Acc, F64LoadMem64HotAcc), to_acc(F64LoadToAcc, F64LoadAccToAcc, F64LoadHotToAcc, F64LoadHotAccToAcc, F64LoadMem64ToAcc, F64LoadMem64AccToAcc, F64LoadMem64HotToAcc, F64LoadMem64HotAccToAcc);
            I32Load8S { result: Slot, addr: Slot, mem: u16, offset: u32 } => load(i8 => i32), hot(I32Load8SHot), mem64(I32Load8SMem64, I32Load8SMem64Hot), acc(I32Load8SAcc, I32Load8SHotAcc, I32Load8SMem64Acc, I32Load8SMem64HotAcc), to_acc(I32Load8SToAcc, I32Load8SAccToAcc, I32Load8SHotToAcc, I32Load8SHotAccToAcc, I32Load8SMem64ToAcc, I32Load8SMem64AccToAcc, I32Load8SMem64HotToAcc, I32Load8SMem64HotAccToAcc);
            I32Load8U { result: Slot, addr: Slot, mem: u16, offset: u32 } => load(u8 => u32), hot(I32Load8UHot), mem64(I32Load8UMem64, I32Load8UMem64Hot), acc(I32Load8UAcc, I32Load8UHotAcc, I32Load8UMem64Acc, I32Load8UMem64HotAcc), to_acc(I32Load8UToAcc, I32Load8UAccToAcc, I32Load8UHotToAcc, I32Load8UHotAccToAcc, I32Load8UMem64ToAcc, I32Load8UMem64AccToAcc, I32Load8UMem64HotToAcc, I32Load8UMem64HotAccToAcc);
            I32Load16S { result: Slot, addr: Slot, mem: u16, offset: u32 } => load(i16 => i32), hot(I32Load16SHot), mem64(I32Load16SMem64, I32Load16SMem64Hot), acc(I32Load16SAcc, I32Load16SHotAcc, I32Load16SMem64Acc, I32Load16SMem64HotAcc), to_acc(I32Load16SToAcc, I32Load16SAccToAcc, I32Load16SHotToAcc, I32Load16SHotAccToAcc, I32Load16SMem64ToAcc, I32Load16SMem64AccToAcc, I32Load16SMem64HotToAcc, I32Load16SMem64HotAccToAcc);
            I32Load16U { result: Slot, addr: Slot, mem: u16, offset: u32 } => load(u16 => u32), hot(I32Load16UHot), mem64(I32Load16UMem64, I32Load16UMem64Hot), acc(I32Load16UAcc, I32Load16UHotAcc, I32Load16UMem64Acc, I32Load16UMem64HotAcc), to_acc(I32Load16UToAcc, I32Load16UAccToAcc, I32Load16UHotToAcc, I32Load16UHotAccToAcc, I32Load16UMem64ToAcc, I32Load16UMem64AccToAcc, I32Load16UMem64HotToAcc, I32Load16UMem64HotAccToAcc);
            I64Load8S { result: Slot, addr: Slot, mem: u16, offset: u32 } => load(i8 => i64), hot(I64Load8SHot), mem64(I64Load8SMem64, I64Load8SMem64Hot), acc(I64Load8SAcc, I64Load8SHotAcc, I64Load8SMem64Acc, I64Load8SMem64HotAcc), to_acc(I64Load8SToAcc, I64Load8SAccToAcc, I64Load8SHotToAcc, I64Load8SHotAccToAcc, I64Load8SMem64ToAcc, I64Load8SMem64AccToAcc, I64Load8SMem64HotToAcc, I64Load8SMem64HotAccToAcc);
            I64Load8U { result: Slot, addr: Slot, mem: u16, offset: u32 } => load(u8 => u64), hot(I64Load8UHot), mem64(I64Load8UMem64, I64Load8UMem64Hot), acc(I64Load8UAcc, I64Load8UHotAcc, I64Load8UMem64Acc, I64Load8UMem64HotAcc), to_acc(I64Load8UToAcc, I64Load8UAccToAcc, I64Load8UHotToAcc, I64Load8UHotAccToAcc, I64Load8UMem64ToAcc, I64Load8UMem64AccToAcc, I64Load8UMem64HotToAcc, I64Load8UMem64HotAccToAcc);
            I64Load16S { result: Slot, addr: Slot, mem: u16, offset: u32 } => load(i16 => i64), hot(I64Load16SHot), mem64(I64Load16SMem64, I64Load16SMem64Hot), acc(I64Load16SAcc, I64Load16SHotAcc, I64Load16SMem64Acc, I64Load16SMem64HotAcc), to_acc(I64Load16SToAcc, I64Load16SAccToAcc, I64Load16SHotToAcc, I64Load16SHotAccToAcc, I64Load16SMem64ToAcc, I64Load16SMem64AccToAcc, I64Load16SMem64HotToAcc, I64Load16SMem64HotAccToAcc);
            I64Load16U { result: Slot, addr: Slot, mem: u16, offset: u32 } => load(u16 => u64), hot(I64Load16UHot), mem64(I64Load16UMem64, I64Load16UMem64Hot), acc(I64Load16UAcc, I64Load16UHotAcc, I64Load16UMem64Acc, I64Load16UMem64HotAcc), to_acc(I64Load16UToAcc, I64Load16UAccToAcc, I64Load16UHotToAcc, I64Load16UHotAccToAcc, I64Load16UMem64ToAcc, I64Load16UMem64AccToAcc, I64Load16UMem64HotToAcc, I64Load16UMem64HotAccToAcc);
            I64Load32S { result: Slot, addr: Slot, mem: u16, offset: u32 } => load(i32 => i64), hot(I64Load32SHot), mem64(I64Load32SMem64, I64Load32SMem64Hot), acc(I64Load32SAcc, I64Load32SHotAcc, I64Load32SMem64Acc, I64Load32SMem64HotAcc), to_acc(I64Load32SToAcc, I64Load32SAccToAcc, I64Load32SHotToAcc, I64Load32SHotAccToAcc, I64Load32SMem64ToAcc, I64Load32SMem64AccToAcc, I64Load32SMem64HotToAcc, I64Load32SMem64HotAccToAcc);
            I64Load32U { result: Slot, addr: Slot, mem: u16, offset: u32 } => load(u32 => u64), hot(I64Load32UHot), mem64(I64Load32UMem64, I64Load32UMem64Hot), acc(I64Load32UAcc, I64Load32UHotAcc, I64Load32UMem64Acc, I64Load32UMem64HotAcc), to_acc(I64Load32UToAcc, I64Load32UAccToAcc, I64Load32UHotToAcc, I64Load32UHotAccToAcc, I64Load32UMem64ToAcc, I64Load32UMem64AccToAcc, I64Load32UMem64HotToAcc, I64Load32UMem64HotAccToAcc);
            // stores: `memory[mem][addr + offset] = value`
            I32Store { addr: Slot, value: Slot, mem: u16, offset: u32 } => store(u32), hot(I32StoreHot), mem64(I32StoreMem64, I32StoreMem64Hot), acc(I32StoreAcc, I32StoreHotAcc, I32StoreMem64Acc, I32StoreMem64HotAcc);
            I64Store { addr: Slot, value: Slot, mem: u16, offset: u32 } => store(u64), hot(I64StoreHot), mem64(I64StoreMem64, I64StoreMem64Hot), acc(I64StoreAcc, I64StoreHotAcc, I64StoreMem64Acc, I64StoreMem64HotAcc);
            F32Store { addr: Slot, value: Slot, mem: u16, offset: u32 } => store(u32), hot(F32StoreHot), mem64(F32StoreMem64, F32StoreMem64Hot), acc(F32StoreAcc, F32StoreHotAcc, F32StoreMem64Acc, F32StoreMem64HotAcc);
            F64Store { addr: Slot, value: Slot, mem: u16, offset: u32 } => store(f64), hot(F64StoreHot), mem64(F64StoreMem64, F64StoreMem64Hot), acc(F64StoreAcc, F64StoreHotAcc, F64StoreMem64Acc, F64StoreMem64HotAcc);
            I32Store8 { addr: Slot, value: Slot, mem: u16, offset: u32 } => store(u8), hot(I32Store8Hot), mem64(I32Store8Mem64, I32Store8Mem64Hot), acc(I32Store8Acc, I32Store8HotAcc, I32Store8Mem64Acc, I32Store8Mem64HotAcc);
            I32Store16 { addr: Slot, value: Slot, mem: u16, offset: u32 } => store(u16), hot(I32Store16Hot), mem64(I32Store16Mem64, I32Store16Mem64Hot), acc(I32Store16Acc, I32Store16HotAcc, I32Store16Mem64Acc, I32Store16Mem64HotAcc);
            I64Store8 { addr: Slot, value: Slot, mem: u16, offset: u32 } => store(u8), hot(I64Store8Hot), mem64(I64Store8Mem64, I64Store8Mem64Hot), acc(I64Store8Acc, I64Store8HotAcc, I64Store8Mem64Acc, I64Store8Mem64HotAcc);
            I64Store16 { addr: Slot, value: Slot, mem: u16, offset: u32 } => store(u16), hot(I64Store16Hot), mem64(I64Store16Mem64, I64Store16Mem64Hot), acc(I64Store16Acc, I64Store16HotAcc, I64Store16Mem64Acc, I64Store16Mem64HotAcc);
            I64Store32 { addr: Slot, value: Slot, mem: u16, offset: u32 } => store(u32), hot(I64Store32Hot), mem64(I64Store32Mem64, I64Store32Mem64Hot), acc(I64Store32Acc, I64Store32HotAcc, I64Store32Mem64Acc, I64Store32Mem64HotAcc);
        ] access [
            // SIMD accesses (`v128` values take two consecutive slots)
            V128Load { result: Slot, addr: Slot, mem: u16, offset: u32 } => simd_load(16, v128_load), hot(V128LoadHot), mem64(V128LoadMem64, V128LoadMem64Hot);
            V128Load8x8S { result: Slot, addr: Slot, mem: u16, offset: u32 } => simd_load(8, v128_load8x8_s), hot(V128Load8x8SHot), mem64(V128Load8x8SMem64, V128Load8x8SMem64Hot);
            V128Load8x8U { result: Slot, addr: Slot, mem: u16, offset: u32 } => simd_load(8, v128_load8x8_u), hot(V128Load8x8UHot), mem64(V128Load8x8UMem64, V128Load8x8UMem64Hot);
            V128Load16x4S { result: Slot, addr: Slot, mem: u16, offset: u32 } => simd_load(8, v128_load16x4_s), hot(V128Load16x4SHot), mem64(V128Load16x4SMem64, V128Load16x4SMem64Hot);
            V128Load16x4U { result: Slot, addr: Slot, mem: u16, offset: u32 } => simd_load(8, v128_load16x4_u), hot(V128Load16x4UHot), mem64(V128Load16x4UMem64, V128Load16x4UMem64Hot);
            V128Load32x2S { result: Slot, addr: Slot, mem: u16, offset: u32 } => simd_load(8, v128_load32x2_s), hot(V128Load32x2SHot), mem64(V128Load32x2SMem64, V128Load32x2SMem64Hot);
            V128Load32x2U { result: Slot, addr: Slot, mem: u16, offset: u32 } => simd_load(8, v128_load32x2_u), hot(V128Load32x2UHot), mem64(V128Load32x2UMem64, V128Load32x2UMem64Hot);
            V128Load8Splat { result: Slot, addr: Slot, mem: u16, offset: u32 } => simd_load(1, v128_load8_splat), hot(V128Load8SplatHot), mem64(V128Load8SplatMem64, V128Load8SplatMem64Hot);
            V128Load16Splat { result: Slot, addr: Slot, mem: u16, offset: u32 } => simd_load(2, v128_load16_splat), hot(V128Load16SplatHot), mem64(V128Load16SplatMem64, V128Load16SplatMem64Hot);
            V128Load32Splat { result: Slot, addr: Slot, mem: u16, offset: u32 } => simd_load(4, v128_load32_splat), hot(V128Load32SplatHot), mem64(V128Load32SplatMem64, V128Load32SplatMem64Hot);
            V128Load64Splat { result: Slot, addr: Slot, mem: u16, offset: u32 } => simd_load(8, v128_load64_splat), hot(V128Load64SplatHot), mem64(V128Load64SplatMem64, V128Load64SplatMem64Hot);
            V128Load32Zero { result: Slot, addr: Slot, mem: u16, offset: u32 } => simd_load(4, v128_load32_zero), hot(V128Load32ZeroHot), mem64(V128Load32ZeroMem64, V128Load32ZeroMem64Hot);
            V128Load64Zero { result: Slot, addr: Slot, mem: u16, offset: u32 } => simd_load(8, v128_load64_zero), hot(V128Load64ZeroHot), mem64(V128Load64ZeroMem64, V128Load64ZeroMem64Hot);
            V128Store { addr: Slot, value: Slot, mem: u16, offset: u32 } => simd_store(v128_store), hot(V128StoreHot), mem64(V128StoreMem64, V128StoreMem64Hot);
            V128Load8Lane { result: Slot, addr: Slot, input: Slot, offset: u32, mem: u16, lane: u8 } => simd_load_lane(1, v128_load8_lane), hot(V128Load8LaneHot), mem64(V128Load8LaneMem64, V128Load8LaneMem64Hot);
            V128Load16Lane { result: Slot, addr: Slot, input: Slot, offset: u32, mem: u16, lane: u8 } => simd_load_lane(2, v128_load16_lane), hot(V128Load16LaneHot), mem64(V128Load16LaneMem64, V128Load16LaneMem64Hot);
            V128Load32Lane { result: Slot, addr: Slot, input: Slot, offset: u32, mem: u16, lane: u8 } => simd_load_lane(4, v128_load32_lane), hot(V128Load32LaneHot), mem64(V128Load32LaneMem64, V128Load32LaneMem64Hot);
            V128Load64Lane { result: Slot, addr: Slot, input: Slot, offset: u32, mem: u16, lane: u8 } => simd_load_lane(8, v128_load64_lane), hot(V128Load64LaneHot), mem64(V128Load64LaneMem64, V128Load64LaneMem64Hot);
            V128Store8Lane { addr: Slot, value: Slot, offset: u32, mem: u16, lane: u8 } => simd_store_lane(1, v128_store8_lane), hot(V128Store8LaneHot), mem64(V128Store8LaneMem64, V128Store8LaneMem64Hot);
            V128Store16Lane { addr: Slot, value: Slot, offset: u32, mem: u16, lane: u8 } => simd_store_lane(2, v128_store16_lane), hot(V128Store16LaneHot), mem64(V128Store16LaneMem64, V128Store16LaneMem64Hot);
            V128Store32Lane { addr: Slot, value: Slot, offset: u32, mem: u16, lane: u8 } => simd_store_lane(4, v128_store32_lane), hot(V128Store32LaneHot), mem64(V128Store32LaneMem64, V128Store32LaneMem64Hot);
            V128Store64Lane { addr: Slot, value: Slot, offset: u32, mem: u16, lane: u8 } => simd_store_lane(8, v128_store64_lane), hot(V128Store64LaneHot), mem64(V128Store64LaneMem64, V128Store64LaneMem64Hot);
        ] }
    };
}

/// Expands the groups of [`for_each_instr!`] into rows, then calls `$callback!` with every row:
/// a `plain` group's rows as they are; each row of an `acc` group and, after it, its `Acc` form
/// (same fields, kind `acc(kind)`: the first operand comes from the accumulator); each row of a
/// `produce` group, its `Acc` form and both without the result's store (kinds `to_acc(kind)`,
/// `to_acc(acc(kind))`); each row of
/// the `access` group as its four forms (32-bit and 64-bit memories, each plain and on the hot
/// memory), all sharing the row's fields and operation. Only the row itself keeps the markers
/// that name its other forms (`acc`, `hot`, `mem64`), for `Instr::into_acc`, `Instr::into_hot`
/// and `Instr::into_mem64`; the 64-bit access form names its own hot form, and a form with a
/// `to_acc` variant names it (`Instr::into_acc_only`). An `access_acc` row's optional
/// `to_acc(..)` names the store-less variants of its eight forms (loads only).
///
/// One group per step of the recursion, so its depth is the number of groups, not of rows.
#[doc(hidden)]
#[macro_export]
macro_rules! with_forms {
    ($callback:ident; [$($out:tt)*]) => {
        $callback! { $($out)* }
    };
    ($callback:ident; [$($out:tt)*] plain [$($rows:tt)*] $($rest:tt)*) => {
        $crate::with_forms! { $callback; [$($out)* $($rows)*] $($rest)* }
    };
    ($callback:ident; [$($out:tt)*] acc [$(
        $(#[$meta:meta])*
        $V:ident $fields:tt => $kind:ident $args:tt, acc($A:ident $($c:tt)*) $(, $m:ident $margs:tt)*;
    )*] $($rest:tt)*) => {
        $crate::with_forms! { $callback; [$($out)* $(
            $(#[$meta])*
            $V $fields => $kind $args, acc($A $($c)*) $(, $m $margs)*;
            $A $fields => acc($kind $args);
        )*] $($rest)* }
    };
    ($callback:ident; [$($out:tt)*] produce [$(
        $(#[$meta:meta])*
        $V:ident $fields:tt => $kind:ident $args:tt, acc($A:ident $($c:tt)*),
            to_acc($T:ident, $TA:ident) $(, $m:ident $margs:tt)*;
    )*] $($rest:tt)*) => {
        $crate::with_forms! { $callback; [$($out)* $(
            $(#[$meta])*
            $V $fields => $kind $args, acc($A $($c)*), to_acc($T) $(, $m $margs)*;
            $A $fields => acc($kind $args), to_acc($TA);
            $T $fields => to_acc($kind $args);
            $TA $fields => to_acc(acc($kind $args));
        )*] $($rest)* }
    };
    ($callback:ident; [$($out:tt)*] pair [$(
        $(#[$meta:meta])*
        $V:ident $fields:tt => pair($A:ident $amap:tt, $B:ident $bmap:tt)
            $(, to_acc($T:ident, $AT:ident))?;
    )*] $($rest:tt)*) => {
        $crate::with_forms! { $callback; [$($out)* $(
            $(#[$meta])*
            $V $fields => pair($A $amap, $B $bmap);
            $( $T $fields => pair($AT $amap, $B $bmap); )?
        )*] $($rest)* }
    };
    ($callback:ident; [$($out:tt)*] access [$(
        $V:ident $fields:tt => $kind:ident $args:tt, hot($H:ident), mem64($W:ident, $WH:ident);
    )*] $($rest:tt)*) => {
        $crate::with_forms! { $callback; [$($out)* $(
            $V $fields => $kind $args, hot($H), mem64($W);
            $H $fields => hot($kind $args);
            $W $fields => mem64($kind $args), hot($WH);
            $WH $fields => mem64_hot($kind $args);
        )*] $($rest)* }
    };
    ($callback:ident; [$($out:tt)*] access_acc [$(
        $V:ident $fields:tt => $kind:ident $args:tt, hot($H:ident), mem64($W:ident, $WH:ident),
            acc($VA:ident, $HA:ident, $WA:ident, $WHA:ident)
            $(, to_acc($VT:ident, $VAT:ident, $HT:ident, $HAT:ident,
                $WT:ident, $WAT:ident, $WHT:ident, $WHAT:ident))?;
    )*] $($rest:tt)*) => {
        $crate::with_forms! { $callback; [$($out)* $(
            $V $fields => $kind $args, hot($H), mem64($W), acc($VA) $(, to_acc($VT))?;
            $H $fields => hot($kind $args), acc($HA) $(, to_acc($HT))?;
            $W $fields => mem64($kind $args), hot($WH), acc($WA) $(, to_acc($WT))?;
            $WH $fields => mem64_hot($kind $args), acc($WHA) $(, to_acc($WHT))?;
            $VA $fields => acc($kind $args) $(, to_acc($VAT))?;
            $HA $fields => acc(hot($kind $args)) $(, to_acc($HAT))?;
            $WA $fields => acc(mem64($kind $args)) $(, to_acc($WAT))?;
            $WHA $fields => acc(mem64_hot($kind $args)) $(, to_acc($WHAT))?;
            $(
                $VT $fields => to_acc($kind $args);
                $VAT $fields => to_acc(acc($kind $args));
                $WT $fields => to_acc(mem64($kind $args));
                $WAT $fields => to_acc(acc(mem64($kind $args)));
                $HT $fields => to_acc(hot($kind $args));
                $HAT $fields => to_acc(acc(hot($kind $args)));
                $WHT $fields => to_acc(mem64_hot($kind $args));
                $WHAT $fields => to_acc(acc(mem64_hot($kind $args)));
            )?
        )*] $($rest)* }
    };
}
