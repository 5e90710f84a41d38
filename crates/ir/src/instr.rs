//! The instruction enum. Generated shape: one variant per operation, operands are frame slots,
//! immediates are inline. `size_of::<Instr>()` is pinned to 16 bytes by a test.
#![allow(missing_docs)] // field names are documented by each variant's doc line

use crate::Slot;

/// One interpreter instruction. See the crate docs for the frame model.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
#[repr(u16)]
pub enum Instr {
    /// Trap with `unreachable`.
    Unreachable,
    /// Trap with the code given (a `TrapCode` discriminant of the engine).
    Trap {
        code: u8,
    },
    /// Take `amount` units of the store's fuel, or trap (`all fuel consumed`) when less is
    /// left. Emitted only by engines with fuel on, at the start of each straight-line region.
    ConsumeFuel {
        amount: u32,
    },
    /// Trap (`interrupted`) if the store's interrupt handle asked for it. Emitted only by
    /// interruptible engines, at function entries and loop headers.
    CheckInterrupt,
    /// Jump to `target`.
    Br {
        target: u32,
    },
    /// Jump to `target` if `cond` is non-zero.
    BrIfNez {
        cond: Slot,
        target: u32,
    },
    /// Jump to `target` if `cond` is zero.
    BrIfEqz {
        cond: Slot,
        target: u32,
    },
    /// Jump to entry `min(index, len - 1)` of the `len` [`Instr::Br`] entries that follow.
    BrTable {
        index: Slot,
        len: u32,
    },
    /// Return with no results.
    Return0,
    /// Return one result read from `src`.
    Return1 {
        src: Slot,
    },
    /// Return `len` results read from `src..src+len`.
    ReturnSpan {
        src: Slot,
        len: u16,
    },
    /// Call module function `func`; arguments start at `base`, the callee frame begins there.
    Call {
        base: Slot,
        func: u32,
    },
    /// Call function `defined` of the running instance's own module (its index past the
    /// imported functions): no store lookup, no instance switch.
    CallInternal {
        base: Slot,
        defined: u32,
    },
    /// Call through table `table` at the element index in `index`, checking type `ty`.
    CallIndirect {
        base: Slot,
        index: Slot,
        table: u32,
        ty: u32,
    },
    /// `dst = src`
    Copy {
        dst: Slot,
        src: Slot,
    },
    /// Copy `len` cells from `src..` to `dst..` with `memmove` semantics.
    CopySpan {
        dst: Slot,
        src: Slot,
        len: u16,
    },
    /// `dst = if cond != 0 { a } else { b }`
    Select {
        dst: Slot,
        cond: Slot,
        a: Slot,
        b: Slot,
    },
    /// Store a 32-bit constant, zero-extended.
    Const32 {
        dst: Slot,
        value: u32,
    },
    /// Store a 64-bit constant.
    Const64 {
        dst: Slot,
        value: u64,
    },
    /// `dst = global[global]`
    GlobalGet {
        dst: Slot,
        global: u32,
    },
    /// `global[global] = src`
    GlobalSet {
        src: Slot,
        global: u32,
    },
    /// `dst = memory[mem].size` in pages.
    MemorySize {
        dst: Slot,
        mem: u16,
    },
    /// Grow `memory[mem]` by `delta` pages; `dst` is the old size or -1.
    MemoryGrow {
        dst: Slot,
        delta: Slot,
        mem: u16,
    },
    /// `memory.fill`
    MemoryFill {
        mem: u16,
        dst: Slot,
        value: Slot,
        len: Slot,
    },
    /// `memory.copy` from `src_mem` to `dst_mem`.
    MemoryCopy {
        dst_mem: u16,
        src_mem: u16,
        dst: Slot,
        src: Slot,
        len: Slot,
    },
    /// `memory.init` of data segment `data` into `mem`.
    MemoryInit {
        mem: u16,
        dst: Slot,
        src: Slot,
        len: Slot,
        data: u32,
    },
    /// `data.drop`
    DataDrop {
        data: u32,
    },
    /// `dst = table[table][index]`
    TableGet {
        dst: Slot,
        index: Slot,
        table: u32,
    },
    /// `table[table][index] = value`
    TableSet {
        index: Slot,
        value: Slot,
        table: u32,
    },
    /// `dst = table[table].size`
    TableSize {
        dst: Slot,
        table: u32,
    },
    /// Grow `table` by `delta` filled with `init`; `dst` is the old size or -1.
    TableGrow {
        dst: Slot,
        init: Slot,
        delta: Slot,
        table: u32,
    },
    /// `table.fill`
    TableFill {
        dst: Slot,
        value: Slot,
        len: Slot,
        table: u32,
    },
    /// `table.copy`
    TableCopy {
        dst: Slot,
        src: Slot,
        len: Slot,
        dst_table: u16,
        src_table: u16,
    },
    /// `table.init` of element segment `elem`.
    TableInit {
        dst: Slot,
        src: Slot,
        len: Slot,
        table: u16,
        elem: u32,
    },
    /// `elem.drop`
    ElemDrop {
        elem: u32,
    },
    /// `dst = ref.func func`
    RefFunc {
        dst: Slot,
        func: u32,
    },
    // Loads: `dst = memory[mem][addr + offset]`.
    I32Load {
        dst: Slot,
        addr: Slot,
        mem: u16,
        offset: u32,
    },
    I64Load {
        dst: Slot,
        addr: Slot,
        mem: u16,
        offset: u32,
    },
    F32Load {
        dst: Slot,
        addr: Slot,
        mem: u16,
        offset: u32,
    },
    F64Load {
        dst: Slot,
        addr: Slot,
        mem: u16,
        offset: u32,
    },
    I32Load8S {
        dst: Slot,
        addr: Slot,
        mem: u16,
        offset: u32,
    },
    I32Load8U {
        dst: Slot,
        addr: Slot,
        mem: u16,
        offset: u32,
    },
    I32Load16S {
        dst: Slot,
        addr: Slot,
        mem: u16,
        offset: u32,
    },
    I32Load16U {
        dst: Slot,
        addr: Slot,
        mem: u16,
        offset: u32,
    },
    I64Load8S {
        dst: Slot,
        addr: Slot,
        mem: u16,
        offset: u32,
    },
    I64Load8U {
        dst: Slot,
        addr: Slot,
        mem: u16,
        offset: u32,
    },
    I64Load16S {
        dst: Slot,
        addr: Slot,
        mem: u16,
        offset: u32,
    },
    I64Load16U {
        dst: Slot,
        addr: Slot,
        mem: u16,
        offset: u32,
    },
    I64Load32S {
        dst: Slot,
        addr: Slot,
        mem: u16,
        offset: u32,
    },
    I64Load32U {
        dst: Slot,
        addr: Slot,
        mem: u16,
        offset: u32,
    },
    // Stores: `memory[mem][addr + offset] = value`.
    I32Store {
        addr: Slot,
        value: Slot,
        mem: u16,
        offset: u32,
    },
    I64Store {
        addr: Slot,
        value: Slot,
        mem: u16,
        offset: u32,
    },
    F32Store {
        addr: Slot,
        value: Slot,
        mem: u16,
        offset: u32,
    },
    F64Store {
        addr: Slot,
        value: Slot,
        mem: u16,
        offset: u32,
    },
    I32Store8 {
        addr: Slot,
        value: Slot,
        mem: u16,
        offset: u32,
    },
    I32Store16 {
        addr: Slot,
        value: Slot,
        mem: u16,
        offset: u32,
    },
    I64Store8 {
        addr: Slot,
        value: Slot,
        mem: u16,
        offset: u32,
    },
    I64Store16 {
        addr: Slot,
        value: Slot,
        mem: u16,
        offset: u32,
    },
    I64Store32 {
        addr: Slot,
        value: Slot,
        mem: u16,
        offset: u32,
    },
    // The same loads and stores on the function's hot memory (`CompiledFunc::hot_mem`), whose
    // base and length the interpreter keeps in registers; `mem` still names it.
    I32LoadHot {
        dst: Slot,
        addr: Slot,
        mem: u16,
        offset: u32,
    },
    I64LoadHot {
        dst: Slot,
        addr: Slot,
        mem: u16,
        offset: u32,
    },
    F32LoadHot {
        dst: Slot,
        addr: Slot,
        mem: u16,
        offset: u32,
    },
    F64LoadHot {
        dst: Slot,
        addr: Slot,
        mem: u16,
        offset: u32,
    },
    I32Load8SHot {
        dst: Slot,
        addr: Slot,
        mem: u16,
        offset: u32,
    },
    I32Load8UHot {
        dst: Slot,
        addr: Slot,
        mem: u16,
        offset: u32,
    },
    I32Load16SHot {
        dst: Slot,
        addr: Slot,
        mem: u16,
        offset: u32,
    },
    I32Load16UHot {
        dst: Slot,
        addr: Slot,
        mem: u16,
        offset: u32,
    },
    I64Load8SHot {
        dst: Slot,
        addr: Slot,
        mem: u16,
        offset: u32,
    },
    I64Load8UHot {
        dst: Slot,
        addr: Slot,
        mem: u16,
        offset: u32,
    },
    I64Load16SHot {
        dst: Slot,
        addr: Slot,
        mem: u16,
        offset: u32,
    },
    I64Load16UHot {
        dst: Slot,
        addr: Slot,
        mem: u16,
        offset: u32,
    },
    I64Load32SHot {
        dst: Slot,
        addr: Slot,
        mem: u16,
        offset: u32,
    },
    I64Load32UHot {
        dst: Slot,
        addr: Slot,
        mem: u16,
        offset: u32,
    },
    I32StoreHot {
        addr: Slot,
        value: Slot,
        mem: u16,
        offset: u32,
    },
    I64StoreHot {
        addr: Slot,
        value: Slot,
        mem: u16,
        offset: u32,
    },
    F32StoreHot {
        addr: Slot,
        value: Slot,
        mem: u16,
        offset: u32,
    },
    F64StoreHot {
        addr: Slot,
        value: Slot,
        mem: u16,
        offset: u32,
    },
    I32Store8Hot {
        addr: Slot,
        value: Slot,
        mem: u16,
        offset: u32,
    },
    I32Store16Hot {
        addr: Slot,
        value: Slot,
        mem: u16,
        offset: u32,
    },
    I64Store8Hot {
        addr: Slot,
        value: Slot,
        mem: u16,
        offset: u32,
    },
    I64Store16Hot {
        addr: Slot,
        value: Slot,
        mem: u16,
        offset: u32,
    },
    I64Store32Hot {
        addr: Slot,
        value: Slot,
        mem: u16,
        offset: u32,
    },
    // Unary operators and conversions: `dst = op(src)`.
    I32Clz {
        dst: Slot,
        src: Slot,
    },
    I32Ctz {
        dst: Slot,
        src: Slot,
    },
    I32Popcnt {
        dst: Slot,
        src: Slot,
    },
    I32Eqz {
        dst: Slot,
        src: Slot,
    },
    I32Extend8S {
        dst: Slot,
        src: Slot,
    },
    I32Extend16S {
        dst: Slot,
        src: Slot,
    },
    I64Clz {
        dst: Slot,
        src: Slot,
    },
    I64Ctz {
        dst: Slot,
        src: Slot,
    },
    I64Popcnt {
        dst: Slot,
        src: Slot,
    },
    I64Eqz {
        dst: Slot,
        src: Slot,
    },
    I64Extend8S {
        dst: Slot,
        src: Slot,
    },
    I64Extend16S {
        dst: Slot,
        src: Slot,
    },
    I64Extend32S {
        dst: Slot,
        src: Slot,
    },
    F32Abs {
        dst: Slot,
        src: Slot,
    },
    F32Neg {
        dst: Slot,
        src: Slot,
    },
    F32Ceil {
        dst: Slot,
        src: Slot,
    },
    F32Floor {
        dst: Slot,
        src: Slot,
    },
    F32Trunc {
        dst: Slot,
        src: Slot,
    },
    F32Nearest {
        dst: Slot,
        src: Slot,
    },
    F32Sqrt {
        dst: Slot,
        src: Slot,
    },
    F64Abs {
        dst: Slot,
        src: Slot,
    },
    F64Neg {
        dst: Slot,
        src: Slot,
    },
    F64Ceil {
        dst: Slot,
        src: Slot,
    },
    F64Floor {
        dst: Slot,
        src: Slot,
    },
    F64Trunc {
        dst: Slot,
        src: Slot,
    },
    F64Nearest {
        dst: Slot,
        src: Slot,
    },
    F64Sqrt {
        dst: Slot,
        src: Slot,
    },
    I32WrapI64 {
        dst: Slot,
        src: Slot,
    },
    I32TruncF32S {
        dst: Slot,
        src: Slot,
    },
    I32TruncF32U {
        dst: Slot,
        src: Slot,
    },
    I32TruncF64S {
        dst: Slot,
        src: Slot,
    },
    I32TruncF64U {
        dst: Slot,
        src: Slot,
    },
    I64ExtendI32S {
        dst: Slot,
        src: Slot,
    },
    I64ExtendI32U {
        dst: Slot,
        src: Slot,
    },
    I64TruncF32S {
        dst: Slot,
        src: Slot,
    },
    I64TruncF32U {
        dst: Slot,
        src: Slot,
    },
    I64TruncF64S {
        dst: Slot,
        src: Slot,
    },
    I64TruncF64U {
        dst: Slot,
        src: Slot,
    },
    F32ConvertI32S {
        dst: Slot,
        src: Slot,
    },
    F32ConvertI32U {
        dst: Slot,
        src: Slot,
    },
    F32ConvertI64S {
        dst: Slot,
        src: Slot,
    },
    F32ConvertI64U {
        dst: Slot,
        src: Slot,
    },
    F32DemoteF64 {
        dst: Slot,
        src: Slot,
    },
    F64ConvertI32S {
        dst: Slot,
        src: Slot,
    },
    F64ConvertI32U {
        dst: Slot,
        src: Slot,
    },
    F64ConvertI64S {
        dst: Slot,
        src: Slot,
    },
    F64ConvertI64U {
        dst: Slot,
        src: Slot,
    },
    F64PromoteF32 {
        dst: Slot,
        src: Slot,
    },
    I32TruncSatF32S {
        dst: Slot,
        src: Slot,
    },
    I32TruncSatF32U {
        dst: Slot,
        src: Slot,
    },
    I32TruncSatF64S {
        dst: Slot,
        src: Slot,
    },
    I32TruncSatF64U {
        dst: Slot,
        src: Slot,
    },
    I64TruncSatF32S {
        dst: Slot,
        src: Slot,
    },
    I64TruncSatF32U {
        dst: Slot,
        src: Slot,
    },
    I64TruncSatF64S {
        dst: Slot,
        src: Slot,
    },
    I64TruncSatF64U {
        dst: Slot,
        src: Slot,
    },
    // Binary operators: `dst = a op b`.
    I32Add {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32Sub {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32Mul {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32DivS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32DivU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32RemS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32RemU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32And {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32Or {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32Xor {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32Shl {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32ShrS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32ShrU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32Rotl {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32Rotr {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32Eq {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32Ne {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32LtS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32LtU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32GtS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32GtU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32LeS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32LeU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32GeS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32GeU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64Add {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64Sub {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64Mul {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64DivS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64DivU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64RemS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64RemU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64And {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64Or {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64Xor {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64Shl {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64ShrS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64ShrU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64Rotl {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64Rotr {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64Eq {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64Ne {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64LtS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64LtU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64GtS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64GtU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64LeS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64LeU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64GeS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64GeU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Add {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Sub {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Mul {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Div {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Min {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Max {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Copysign {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Eq {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Ne {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Lt {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Gt {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Le {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Ge {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Add {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Sub {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Mul {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Div {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Min {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Max {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Copysign {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Eq {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Ne {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Lt {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Gt {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Le {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Ge {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    // Binary operators with an immediate right operand (sign-extended for i64).
    I32AddImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I32MulImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I32AndImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I32OrImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I32XorImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I32ShlImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I32ShrSImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I32ShrUImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I32RotlImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I32RotrImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I32EqImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I32NeImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I32LtSImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I32LtUImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I32GtSImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I32GtUImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I32LeSImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I32LeUImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I32GeSImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I32GeUImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I64AddImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I64MulImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I64AndImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I64OrImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I64XorImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I64ShlImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I64ShrSImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I64ShrUImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I64RotlImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I64RotrImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I64EqImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I64NeImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I64LtSImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I64LtUImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I64GtSImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I64GtUImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I64LeSImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I64LeUImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I64GeSImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    I64GeUImm {
        dst: Slot,
        a: Slot,
        imm: i32,
    },
    // Float compare-and-branch (`Not*` jump when the comparison fails, NaN included).
    BrF32Eq {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrF32Ne {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrF32Lt {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrF32Gt {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrF32Le {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrF32Ge {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrF32NotLt {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrF32NotGt {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrF32NotLe {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrF32NotGe {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrF64Eq {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrF64Ne {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrF64Lt {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrF64Gt {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrF64Le {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrF64Ge {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrF64NotLt {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrF64NotGt {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrF64NotLe {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrF64NotGe {
        a: Slot,
        b: Slot,
        target: u32,
    },
    // Compare-and-branch: jump to `target` if `a op b` holds.
    BrI32Eq {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrI32EqImm {
        a: Slot,
        imm: i32,
        target: u32,
    },
    BrI32Ne {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrI32NeImm {
        a: Slot,
        imm: i32,
        target: u32,
    },
    BrI32LtS {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrI32LtSImm {
        a: Slot,
        imm: i32,
        target: u32,
    },
    BrI32LtU {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrI32LtUImm {
        a: Slot,
        imm: i32,
        target: u32,
    },
    BrI32GtS {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrI32GtSImm {
        a: Slot,
        imm: i32,
        target: u32,
    },
    BrI32GtU {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrI32GtUImm {
        a: Slot,
        imm: i32,
        target: u32,
    },
    BrI32LeS {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrI32LeSImm {
        a: Slot,
        imm: i32,
        target: u32,
    },
    BrI32LeU {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrI32LeUImm {
        a: Slot,
        imm: i32,
        target: u32,
    },
    BrI32GeS {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrI32GeSImm {
        a: Slot,
        imm: i32,
        target: u32,
    },
    BrI32GeU {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrI32GeUImm {
        a: Slot,
        imm: i32,
        target: u32,
    },
    BrI64Eq {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrI64EqImm {
        a: Slot,
        imm: i32,
        target: u32,
    },
    BrI64Ne {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrI64NeImm {
        a: Slot,
        imm: i32,
        target: u32,
    },
    BrI64LtS {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrI64LtSImm {
        a: Slot,
        imm: i32,
        target: u32,
    },
    BrI64LtU {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrI64LtUImm {
        a: Slot,
        imm: i32,
        target: u32,
    },
    BrI64GtS {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrI64GtSImm {
        a: Slot,
        imm: i32,
        target: u32,
    },
    BrI64GtU {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrI64GtUImm {
        a: Slot,
        imm: i32,
        target: u32,
    },
    BrI64LeS {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrI64LeSImm {
        a: Slot,
        imm: i32,
        target: u32,
    },
    BrI64LeU {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrI64LeUImm {
        a: Slot,
        imm: i32,
        target: u32,
    },
    BrI64GeS {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrI64GeSImm {
        a: Slot,
        imm: i32,
        target: u32,
    },
    BrI64GeU {
        a: Slot,
        b: Slot,
        target: u32,
    },
    /// Declared last on purpose: the interpreter checks at compile time that the highest
    /// opcode fits its handler table (`polymem` `exec/dispatch.rs`). Add variants above it.
    BrI64GeUImm {
        a: Slot,
        imm: i32,
        target: u32,
    },
}

impl Instr {
    /// The slot this instruction writes its single result to, if it has one.
    pub fn result_slot_mut(&mut self) -> Option<&mut Slot> {
        match self {
            Self::Copy { dst, .. }
            | Self::Select { dst, .. }
            | Self::Const32 { dst, .. }
            | Self::Const64 { dst, .. }
            | Self::GlobalGet { dst, .. }
            | Self::MemorySize { dst, .. }
            | Self::MemoryGrow { dst, .. }
            | Self::TableGet { dst, .. }
            | Self::TableSize { dst, .. }
            | Self::TableGrow { dst, .. }
            | Self::RefFunc { dst, .. }
            | Self::I32Load { dst, .. }
            | Self::I32LoadHot { dst, .. }
            | Self::I64Load { dst, .. }
            | Self::I64LoadHot { dst, .. }
            | Self::F32Load { dst, .. }
            | Self::F32LoadHot { dst, .. }
            | Self::F64Load { dst, .. }
            | Self::F64LoadHot { dst, .. }
            | Self::I32Load8S { dst, .. }
            | Self::I32Load8SHot { dst, .. }
            | Self::I32Load8U { dst, .. }
            | Self::I32Load8UHot { dst, .. }
            | Self::I32Load16S { dst, .. }
            | Self::I32Load16SHot { dst, .. }
            | Self::I32Load16U { dst, .. }
            | Self::I32Load16UHot { dst, .. }
            | Self::I64Load8S { dst, .. }
            | Self::I64Load8SHot { dst, .. }
            | Self::I64Load8U { dst, .. }
            | Self::I64Load8UHot { dst, .. }
            | Self::I64Load16S { dst, .. }
            | Self::I64Load16SHot { dst, .. }
            | Self::I64Load16U { dst, .. }
            | Self::I64Load16UHot { dst, .. }
            | Self::I64Load32S { dst, .. }
            | Self::I64Load32SHot { dst, .. }
            | Self::I64Load32U { dst, .. }
            | Self::I64Load32UHot { dst, .. }
            | Self::I32Clz { dst, .. }
            | Self::I32Ctz { dst, .. }
            | Self::I32Popcnt { dst, .. }
            | Self::I32Eqz { dst, .. }
            | Self::I32Extend8S { dst, .. }
            | Self::I32Extend16S { dst, .. }
            | Self::I64Clz { dst, .. }
            | Self::I64Ctz { dst, .. }
            | Self::I64Popcnt { dst, .. }
            | Self::I64Eqz { dst, .. }
            | Self::I64Extend8S { dst, .. }
            | Self::I64Extend16S { dst, .. }
            | Self::I64Extend32S { dst, .. }
            | Self::F32Abs { dst, .. }
            | Self::F32Neg { dst, .. }
            | Self::F32Ceil { dst, .. }
            | Self::F32Floor { dst, .. }
            | Self::F32Trunc { dst, .. }
            | Self::F32Nearest { dst, .. }
            | Self::F32Sqrt { dst, .. }
            | Self::F64Abs { dst, .. }
            | Self::F64Neg { dst, .. }
            | Self::F64Ceil { dst, .. }
            | Self::F64Floor { dst, .. }
            | Self::F64Trunc { dst, .. }
            | Self::F64Nearest { dst, .. }
            | Self::F64Sqrt { dst, .. }
            | Self::I32WrapI64 { dst, .. }
            | Self::I32TruncF32S { dst, .. }
            | Self::I32TruncF32U { dst, .. }
            | Self::I32TruncF64S { dst, .. }
            | Self::I32TruncF64U { dst, .. }
            | Self::I64ExtendI32S { dst, .. }
            | Self::I64ExtendI32U { dst, .. }
            | Self::I64TruncF32S { dst, .. }
            | Self::I64TruncF32U { dst, .. }
            | Self::I64TruncF64S { dst, .. }
            | Self::I64TruncF64U { dst, .. }
            | Self::F32ConvertI32S { dst, .. }
            | Self::F32ConvertI32U { dst, .. }
            | Self::F32ConvertI64S { dst, .. }
            | Self::F32ConvertI64U { dst, .. }
            | Self::F32DemoteF64 { dst, .. }
            | Self::F64ConvertI32S { dst, .. }
            | Self::F64ConvertI32U { dst, .. }
            | Self::F64ConvertI64S { dst, .. }
            | Self::F64ConvertI64U { dst, .. }
            | Self::F64PromoteF32 { dst, .. }
            | Self::I32TruncSatF32S { dst, .. }
            | Self::I32TruncSatF32U { dst, .. }
            | Self::I32TruncSatF64S { dst, .. }
            | Self::I32TruncSatF64U { dst, .. }
            | Self::I64TruncSatF32S { dst, .. }
            | Self::I64TruncSatF32U { dst, .. }
            | Self::I64TruncSatF64S { dst, .. }
            | Self::I64TruncSatF64U { dst, .. }
            | Self::I32Add { dst, .. }
            | Self::I32Sub { dst, .. }
            | Self::I32Mul { dst, .. }
            | Self::I32DivS { dst, .. }
            | Self::I32DivU { dst, .. }
            | Self::I32RemS { dst, .. }
            | Self::I32RemU { dst, .. }
            | Self::I32And { dst, .. }
            | Self::I32Or { dst, .. }
            | Self::I32Xor { dst, .. }
            | Self::I32Shl { dst, .. }
            | Self::I32ShrS { dst, .. }
            | Self::I32ShrU { dst, .. }
            | Self::I32Rotl { dst, .. }
            | Self::I32Rotr { dst, .. }
            | Self::I32Eq { dst, .. }
            | Self::I32Ne { dst, .. }
            | Self::I32LtS { dst, .. }
            | Self::I32LtU { dst, .. }
            | Self::I32GtS { dst, .. }
            | Self::I32GtU { dst, .. }
            | Self::I32LeS { dst, .. }
            | Self::I32LeU { dst, .. }
            | Self::I32GeS { dst, .. }
            | Self::I32GeU { dst, .. }
            | Self::I64Add { dst, .. }
            | Self::I64Sub { dst, .. }
            | Self::I64Mul { dst, .. }
            | Self::I64DivS { dst, .. }
            | Self::I64DivU { dst, .. }
            | Self::I64RemS { dst, .. }
            | Self::I64RemU { dst, .. }
            | Self::I64And { dst, .. }
            | Self::I64Or { dst, .. }
            | Self::I64Xor { dst, .. }
            | Self::I64Shl { dst, .. }
            | Self::I64ShrS { dst, .. }
            | Self::I64ShrU { dst, .. }
            | Self::I64Rotl { dst, .. }
            | Self::I64Rotr { dst, .. }
            | Self::I64Eq { dst, .. }
            | Self::I64Ne { dst, .. }
            | Self::I64LtS { dst, .. }
            | Self::I64LtU { dst, .. }
            | Self::I64GtS { dst, .. }
            | Self::I64GtU { dst, .. }
            | Self::I64LeS { dst, .. }
            | Self::I64LeU { dst, .. }
            | Self::I64GeS { dst, .. }
            | Self::I64GeU { dst, .. }
            | Self::F32Add { dst, .. }
            | Self::F32Sub { dst, .. }
            | Self::F32Mul { dst, .. }
            | Self::F32Div { dst, .. }
            | Self::F32Min { dst, .. }
            | Self::F32Max { dst, .. }
            | Self::F32Copysign { dst, .. }
            | Self::F32Eq { dst, .. }
            | Self::F32Ne { dst, .. }
            | Self::F32Lt { dst, .. }
            | Self::F32Gt { dst, .. }
            | Self::F32Le { dst, .. }
            | Self::F32Ge { dst, .. }
            | Self::F64Add { dst, .. }
            | Self::F64Sub { dst, .. }
            | Self::F64Mul { dst, .. }
            | Self::F64Div { dst, .. }
            | Self::F64Min { dst, .. }
            | Self::F64Max { dst, .. }
            | Self::F64Copysign { dst, .. }
            | Self::F64Eq { dst, .. }
            | Self::F64Ne { dst, .. }
            | Self::F64Lt { dst, .. }
            | Self::F64Gt { dst, .. }
            | Self::F64Le { dst, .. }
            | Self::F64Ge { dst, .. }
            | Self::I32AddImm { dst, .. }
            | Self::I32MulImm { dst, .. }
            | Self::I32AndImm { dst, .. }
            | Self::I32OrImm { dst, .. }
            | Self::I32XorImm { dst, .. }
            | Self::I32ShlImm { dst, .. }
            | Self::I32ShrSImm { dst, .. }
            | Self::I32ShrUImm { dst, .. }
            | Self::I32RotlImm { dst, .. }
            | Self::I32RotrImm { dst, .. }
            | Self::I32EqImm { dst, .. }
            | Self::I32NeImm { dst, .. }
            | Self::I32LtSImm { dst, .. }
            | Self::I32LtUImm { dst, .. }
            | Self::I32GtSImm { dst, .. }
            | Self::I32GtUImm { dst, .. }
            | Self::I32LeSImm { dst, .. }
            | Self::I32LeUImm { dst, .. }
            | Self::I32GeSImm { dst, .. }
            | Self::I32GeUImm { dst, .. }
            | Self::I64AddImm { dst, .. }
            | Self::I64MulImm { dst, .. }
            | Self::I64AndImm { dst, .. }
            | Self::I64OrImm { dst, .. }
            | Self::I64XorImm { dst, .. }
            | Self::I64ShlImm { dst, .. }
            | Self::I64ShrSImm { dst, .. }
            | Self::I64ShrUImm { dst, .. }
            | Self::I64RotlImm { dst, .. }
            | Self::I64RotrImm { dst, .. }
            | Self::I64EqImm { dst, .. }
            | Self::I64NeImm { dst, .. }
            | Self::I64LtSImm { dst, .. }
            | Self::I64LtUImm { dst, .. }
            | Self::I64GtSImm { dst, .. }
            | Self::I64GtUImm { dst, .. }
            | Self::I64LeSImm { dst, .. }
            | Self::I64LeUImm { dst, .. }
            | Self::I64GeSImm { dst, .. }
            | Self::I64GeUImm { dst, .. } => Some(dst),
            _ => None,
        }
    }

    /// The branch target of a jump instruction, for patching forward branches.
    pub fn branch_target_mut(&mut self) -> Option<&mut u32> {
        match self {
            Self::Br { target }
            | Self::BrIfNez { target, .. }
            | Self::BrIfEqz { target, .. }
            | Self::BrF32Eq { target, .. }
            | Self::BrF32Ne { target, .. }
            | Self::BrF32Lt { target, .. }
            | Self::BrF32Gt { target, .. }
            | Self::BrF32Le { target, .. }
            | Self::BrF32Ge { target, .. }
            | Self::BrF32NotLt { target, .. }
            | Self::BrF32NotGt { target, .. }
            | Self::BrF32NotLe { target, .. }
            | Self::BrF32NotGe { target, .. }
            | Self::BrF64Eq { target, .. }
            | Self::BrF64Ne { target, .. }
            | Self::BrF64Lt { target, .. }
            | Self::BrF64Gt { target, .. }
            | Self::BrF64Le { target, .. }
            | Self::BrF64Ge { target, .. }
            | Self::BrF64NotLt { target, .. }
            | Self::BrF64NotGt { target, .. }
            | Self::BrF64NotLe { target, .. }
            | Self::BrF64NotGe { target, .. }
            | Self::BrI32Eq { target, .. }
            | Self::BrI32EqImm { target, .. }
            | Self::BrI32Ne { target, .. }
            | Self::BrI32NeImm { target, .. }
            | Self::BrI32LtS { target, .. }
            | Self::BrI32LtSImm { target, .. }
            | Self::BrI32LtU { target, .. }
            | Self::BrI32LtUImm { target, .. }
            | Self::BrI32GtS { target, .. }
            | Self::BrI32GtSImm { target, .. }
            | Self::BrI32GtU { target, .. }
            | Self::BrI32GtUImm { target, .. }
            | Self::BrI32LeS { target, .. }
            | Self::BrI32LeSImm { target, .. }
            | Self::BrI32LeU { target, .. }
            | Self::BrI32LeUImm { target, .. }
            | Self::BrI32GeS { target, .. }
            | Self::BrI32GeSImm { target, .. }
            | Self::BrI32GeU { target, .. }
            | Self::BrI32GeUImm { target, .. }
            | Self::BrI64Eq { target, .. }
            | Self::BrI64EqImm { target, .. }
            | Self::BrI64Ne { target, .. }
            | Self::BrI64NeImm { target, .. }
            | Self::BrI64LtS { target, .. }
            | Self::BrI64LtSImm { target, .. }
            | Self::BrI64LtU { target, .. }
            | Self::BrI64LtUImm { target, .. }
            | Self::BrI64GtS { target, .. }
            | Self::BrI64GtSImm { target, .. }
            | Self::BrI64GtU { target, .. }
            | Self::BrI64GtUImm { target, .. }
            | Self::BrI64LeS { target, .. }
            | Self::BrI64LeSImm { target, .. }
            | Self::BrI64LeU { target, .. }
            | Self::BrI64LeUImm { target, .. }
            | Self::BrI64GeS { target, .. }
            | Self::BrI64GeSImm { target, .. }
            | Self::BrI64GeU { target, .. }
            | Self::BrI64GeUImm { target, .. } => Some(target),
            _ => None,
        }
    }
}

impl Instr {
    /// The compare-and-branch form of this integer comparison: jump to `target` when the
    /// comparison holds, or when it fails if `negate` is set.
    pub fn fuse_branch(&self, negate: bool, target: u32) -> Option<Instr> {
        Some(match (*self, negate) {
            (Self::I32Eq { a, b, .. }, false) => Self::BrI32Eq { a, b, target },
            (Self::I32Eq { a, b, .. }, true) => Self::BrI32Ne { a, b, target },
            (Self::I32EqImm { a, imm, .. }, false) => Self::BrI32EqImm { a, imm, target },
            (Self::I32EqImm { a, imm, .. }, true) => Self::BrI32NeImm { a, imm, target },
            (Self::I32Ne { a, b, .. }, false) => Self::BrI32Ne { a, b, target },
            (Self::I32Ne { a, b, .. }, true) => Self::BrI32Eq { a, b, target },
            (Self::I32NeImm { a, imm, .. }, false) => Self::BrI32NeImm { a, imm, target },
            (Self::I32NeImm { a, imm, .. }, true) => Self::BrI32EqImm { a, imm, target },
            (Self::I32LtS { a, b, .. }, false) => Self::BrI32LtS { a, b, target },
            (Self::I32LtS { a, b, .. }, true) => Self::BrI32GeS { a, b, target },
            (Self::I32LtSImm { a, imm, .. }, false) => Self::BrI32LtSImm { a, imm, target },
            (Self::I32LtSImm { a, imm, .. }, true) => Self::BrI32GeSImm { a, imm, target },
            (Self::I32LtU { a, b, .. }, false) => Self::BrI32LtU { a, b, target },
            (Self::I32LtU { a, b, .. }, true) => Self::BrI32GeU { a, b, target },
            (Self::I32LtUImm { a, imm, .. }, false) => Self::BrI32LtUImm { a, imm, target },
            (Self::I32LtUImm { a, imm, .. }, true) => Self::BrI32GeUImm { a, imm, target },
            (Self::I32GtS { a, b, .. }, false) => Self::BrI32GtS { a, b, target },
            (Self::I32GtS { a, b, .. }, true) => Self::BrI32LeS { a, b, target },
            (Self::I32GtSImm { a, imm, .. }, false) => Self::BrI32GtSImm { a, imm, target },
            (Self::I32GtSImm { a, imm, .. }, true) => Self::BrI32LeSImm { a, imm, target },
            (Self::I32GtU { a, b, .. }, false) => Self::BrI32GtU { a, b, target },
            (Self::I32GtU { a, b, .. }, true) => Self::BrI32LeU { a, b, target },
            (Self::I32GtUImm { a, imm, .. }, false) => Self::BrI32GtUImm { a, imm, target },
            (Self::I32GtUImm { a, imm, .. }, true) => Self::BrI32LeUImm { a, imm, target },
            (Self::I32LeS { a, b, .. }, false) => Self::BrI32LeS { a, b, target },
            (Self::I32LeS { a, b, .. }, true) => Self::BrI32GtS { a, b, target },
            (Self::I32LeSImm { a, imm, .. }, false) => Self::BrI32LeSImm { a, imm, target },
            (Self::I32LeSImm { a, imm, .. }, true) => Self::BrI32GtSImm { a, imm, target },
            (Self::I32LeU { a, b, .. }, false) => Self::BrI32LeU { a, b, target },
            (Self::I32LeU { a, b, .. }, true) => Self::BrI32GtU { a, b, target },
            (Self::I32LeUImm { a, imm, .. }, false) => Self::BrI32LeUImm { a, imm, target },
            (Self::I32LeUImm { a, imm, .. }, true) => Self::BrI32GtUImm { a, imm, target },
            (Self::I32GeS { a, b, .. }, false) => Self::BrI32GeS { a, b, target },
            (Self::I32GeS { a, b, .. }, true) => Self::BrI32LtS { a, b, target },
            (Self::I32GeSImm { a, imm, .. }, false) => Self::BrI32GeSImm { a, imm, target },
            (Self::I32GeSImm { a, imm, .. }, true) => Self::BrI32LtSImm { a, imm, target },
            (Self::I32GeU { a, b, .. }, false) => Self::BrI32GeU { a, b, target },
            (Self::I32GeU { a, b, .. }, true) => Self::BrI32LtU { a, b, target },
            (Self::I32GeUImm { a, imm, .. }, false) => Self::BrI32GeUImm { a, imm, target },
            (Self::I32GeUImm { a, imm, .. }, true) => Self::BrI32LtUImm { a, imm, target },
            (Self::I64Eq { a, b, .. }, false) => Self::BrI64Eq { a, b, target },
            (Self::I64Eq { a, b, .. }, true) => Self::BrI64Ne { a, b, target },
            (Self::I64EqImm { a, imm, .. }, false) => Self::BrI64EqImm { a, imm, target },
            (Self::I64EqImm { a, imm, .. }, true) => Self::BrI64NeImm { a, imm, target },
            (Self::I64Ne { a, b, .. }, false) => Self::BrI64Ne { a, b, target },
            (Self::I64Ne { a, b, .. }, true) => Self::BrI64Eq { a, b, target },
            (Self::I64NeImm { a, imm, .. }, false) => Self::BrI64NeImm { a, imm, target },
            (Self::I64NeImm { a, imm, .. }, true) => Self::BrI64EqImm { a, imm, target },
            (Self::I64LtS { a, b, .. }, false) => Self::BrI64LtS { a, b, target },
            (Self::I64LtS { a, b, .. }, true) => Self::BrI64GeS { a, b, target },
            (Self::I64LtSImm { a, imm, .. }, false) => Self::BrI64LtSImm { a, imm, target },
            (Self::I64LtSImm { a, imm, .. }, true) => Self::BrI64GeSImm { a, imm, target },
            (Self::I64LtU { a, b, .. }, false) => Self::BrI64LtU { a, b, target },
            (Self::I64LtU { a, b, .. }, true) => Self::BrI64GeU { a, b, target },
            (Self::I64LtUImm { a, imm, .. }, false) => Self::BrI64LtUImm { a, imm, target },
            (Self::I64LtUImm { a, imm, .. }, true) => Self::BrI64GeUImm { a, imm, target },
            (Self::I64GtS { a, b, .. }, false) => Self::BrI64GtS { a, b, target },
            (Self::I64GtS { a, b, .. }, true) => Self::BrI64LeS { a, b, target },
            (Self::I64GtSImm { a, imm, .. }, false) => Self::BrI64GtSImm { a, imm, target },
            (Self::I64GtSImm { a, imm, .. }, true) => Self::BrI64LeSImm { a, imm, target },
            (Self::I64GtU { a, b, .. }, false) => Self::BrI64GtU { a, b, target },
            (Self::I64GtU { a, b, .. }, true) => Self::BrI64LeU { a, b, target },
            (Self::I64GtUImm { a, imm, .. }, false) => Self::BrI64GtUImm { a, imm, target },
            (Self::I64GtUImm { a, imm, .. }, true) => Self::BrI64LeUImm { a, imm, target },
            (Self::I64LeS { a, b, .. }, false) => Self::BrI64LeS { a, b, target },
            (Self::I64LeS { a, b, .. }, true) => Self::BrI64GtS { a, b, target },
            (Self::I64LeSImm { a, imm, .. }, false) => Self::BrI64LeSImm { a, imm, target },
            (Self::I64LeSImm { a, imm, .. }, true) => Self::BrI64GtSImm { a, imm, target },
            (Self::I64LeU { a, b, .. }, false) => Self::BrI64LeU { a, b, target },
            (Self::I64LeU { a, b, .. }, true) => Self::BrI64GtU { a, b, target },
            (Self::I64LeUImm { a, imm, .. }, false) => Self::BrI64LeUImm { a, imm, target },
            (Self::I64LeUImm { a, imm, .. }, true) => Self::BrI64GtUImm { a, imm, target },
            (Self::I64GeS { a, b, .. }, false) => Self::BrI64GeS { a, b, target },
            (Self::I64GeS { a, b, .. }, true) => Self::BrI64LtS { a, b, target },
            (Self::I64GeSImm { a, imm, .. }, false) => Self::BrI64GeSImm { a, imm, target },
            (Self::I64GeSImm { a, imm, .. }, true) => Self::BrI64LtSImm { a, imm, target },
            (Self::I64GeU { a, b, .. }, false) => Self::BrI64GeU { a, b, target },
            (Self::I64GeU { a, b, .. }, true) => Self::BrI64LtU { a, b, target },
            (Self::I64GeUImm { a, imm, .. }, false) => Self::BrI64GeUImm { a, imm, target },
            (Self::I64GeUImm { a, imm, .. }, true) => Self::BrI64LtUImm { a, imm, target },
            (Self::F32Eq { a, b, .. }, false) => Self::BrF32Eq { a, b, target },
            (Self::F32Eq { a, b, .. }, true) => Self::BrF32Ne { a, b, target },
            (Self::F32Ne { a, b, .. }, false) => Self::BrF32Ne { a, b, target },
            (Self::F32Ne { a, b, .. }, true) => Self::BrF32Eq { a, b, target },
            (Self::F32Lt { a, b, .. }, false) => Self::BrF32Lt { a, b, target },
            (Self::F32Lt { a, b, .. }, true) => Self::BrF32NotLt { a, b, target },
            (Self::F32Gt { a, b, .. }, false) => Self::BrF32Gt { a, b, target },
            (Self::F32Gt { a, b, .. }, true) => Self::BrF32NotGt { a, b, target },
            (Self::F32Le { a, b, .. }, false) => Self::BrF32Le { a, b, target },
            (Self::F32Le { a, b, .. }, true) => Self::BrF32NotLe { a, b, target },
            (Self::F32Ge { a, b, .. }, false) => Self::BrF32Ge { a, b, target },
            (Self::F32Ge { a, b, .. }, true) => Self::BrF32NotGe { a, b, target },
            (Self::F64Eq { a, b, .. }, false) => Self::BrF64Eq { a, b, target },
            (Self::F64Eq { a, b, .. }, true) => Self::BrF64Ne { a, b, target },
            (Self::F64Ne { a, b, .. }, false) => Self::BrF64Ne { a, b, target },
            (Self::F64Ne { a, b, .. }, true) => Self::BrF64Eq { a, b, target },
            (Self::F64Lt { a, b, .. }, false) => Self::BrF64Lt { a, b, target },
            (Self::F64Lt { a, b, .. }, true) => Self::BrF64NotLt { a, b, target },
            (Self::F64Gt { a, b, .. }, false) => Self::BrF64Gt { a, b, target },
            (Self::F64Gt { a, b, .. }, true) => Self::BrF64NotGt { a, b, target },
            (Self::F64Le { a, b, .. }, false) => Self::BrF64Le { a, b, target },
            (Self::F64Le { a, b, .. }, true) => Self::BrF64NotLe { a, b, target },
            (Self::F64Ge { a, b, .. }, false) => Self::BrF64Ge { a, b, target },
            (Self::F64Ge { a, b, .. }, true) => Self::BrF64NotGe { a, b, target },
            (Self::I32Eqz { src, .. }, false) => Self::BrI32EqImm { a: src, imm: 0, target },
            (Self::I32Eqz { src, .. }, true) => Self::BrI32NeImm { a: src, imm: 0, target },
            (Self::I64Eqz { src, .. }, false) => Self::BrI64EqImm { a: src, imm: 0, target },
            (Self::I64Eqz { src, .. }, true) => Self::BrI64NeImm { a: src, imm: 0, target },
            _ => return None,
        })
    }
}

impl Instr {
    /// Calls `f` on every slot operand (read or written) of this instruction.
    pub fn for_each_slot_mut(&mut self, mut f: impl FnMut(&mut Slot)) {
        match self {
            Self::BrIfNez { cond, .. } => {
                f(cond);
            }
            Self::BrIfEqz { cond, .. } => {
                f(cond);
            }
            Self::BrTable { index, .. } => {
                f(index);
            }
            Self::Return1 { src, .. } => {
                f(src);
            }
            Self::ReturnSpan { src, .. } => {
                f(src);
            }
            Self::Call { base, .. } => {
                f(base);
            }
            Self::CallInternal { base, .. } => {
                f(base);
            }
            Self::CallIndirect { base, index, .. } => {
                f(base);
                f(index);
            }
            Self::Copy { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::CopySpan { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::Select { dst, cond, a, b, .. } => {
                f(dst);
                f(cond);
                f(a);
                f(b);
            }
            Self::Const32 { dst, .. } => {
                f(dst);
            }
            Self::Const64 { dst, .. } => {
                f(dst);
            }
            Self::GlobalGet { dst, .. } => {
                f(dst);
            }
            Self::GlobalSet { src, .. } => {
                f(src);
            }
            Self::MemorySize { dst, .. } => {
                f(dst);
            }
            Self::MemoryGrow { dst, delta, .. } => {
                f(dst);
                f(delta);
            }
            Self::MemoryFill { dst, value, len, .. } => {
                f(dst);
                f(value);
                f(len);
            }
            Self::MemoryCopy { dst, src, len, .. } => {
                f(dst);
                f(src);
                f(len);
            }
            Self::MemoryInit { dst, src, len, .. } => {
                f(dst);
                f(src);
                f(len);
            }
            Self::TableGet { dst, index, .. } => {
                f(dst);
                f(index);
            }
            Self::TableSet { index, value, .. } => {
                f(index);
                f(value);
            }
            Self::TableSize { dst, .. } => {
                f(dst);
            }
            Self::TableGrow { dst, init, delta, .. } => {
                f(dst);
                f(init);
                f(delta);
            }
            Self::TableFill { dst, value, len, .. } => {
                f(dst);
                f(value);
                f(len);
            }
            Self::TableCopy { dst, src, len, .. } => {
                f(dst);
                f(src);
                f(len);
            }
            Self::TableInit { dst, src, len, .. } => {
                f(dst);
                f(src);
                f(len);
            }
            Self::RefFunc { dst, .. } => {
                f(dst);
            }
            Self::I32Load { dst, addr, .. } => {
                f(dst);
                f(addr);
            }
            Self::I32LoadHot { dst, addr, .. } => {
                f(dst);
                f(addr);
            }
            Self::I64Load { dst, addr, .. } => {
                f(dst);
                f(addr);
            }
            Self::I64LoadHot { dst, addr, .. } => {
                f(dst);
                f(addr);
            }
            Self::F32Load { dst, addr, .. } => {
                f(dst);
                f(addr);
            }
            Self::F32LoadHot { dst, addr, .. } => {
                f(dst);
                f(addr);
            }
            Self::F64Load { dst, addr, .. } => {
                f(dst);
                f(addr);
            }
            Self::F64LoadHot { dst, addr, .. } => {
                f(dst);
                f(addr);
            }
            Self::I32Load8S { dst, addr, .. } => {
                f(dst);
                f(addr);
            }
            Self::I32Load8SHot { dst, addr, .. } => {
                f(dst);
                f(addr);
            }
            Self::I32Load8U { dst, addr, .. } => {
                f(dst);
                f(addr);
            }
            Self::I32Load8UHot { dst, addr, .. } => {
                f(dst);
                f(addr);
            }
            Self::I32Load16S { dst, addr, .. } => {
                f(dst);
                f(addr);
            }
            Self::I32Load16SHot { dst, addr, .. } => {
                f(dst);
                f(addr);
            }
            Self::I32Load16U { dst, addr, .. } => {
                f(dst);
                f(addr);
            }
            Self::I32Load16UHot { dst, addr, .. } => {
                f(dst);
                f(addr);
            }
            Self::I64Load8S { dst, addr, .. } => {
                f(dst);
                f(addr);
            }
            Self::I64Load8SHot { dst, addr, .. } => {
                f(dst);
                f(addr);
            }
            Self::I64Load8U { dst, addr, .. } => {
                f(dst);
                f(addr);
            }
            Self::I64Load8UHot { dst, addr, .. } => {
                f(dst);
                f(addr);
            }
            Self::I64Load16S { dst, addr, .. } => {
                f(dst);
                f(addr);
            }
            Self::I64Load16SHot { dst, addr, .. } => {
                f(dst);
                f(addr);
            }
            Self::I64Load16U { dst, addr, .. } => {
                f(dst);
                f(addr);
            }
            Self::I64Load16UHot { dst, addr, .. } => {
                f(dst);
                f(addr);
            }
            Self::I64Load32S { dst, addr, .. } => {
                f(dst);
                f(addr);
            }
            Self::I64Load32SHot { dst, addr, .. } => {
                f(dst);
                f(addr);
            }
            Self::I64Load32U { dst, addr, .. } => {
                f(dst);
                f(addr);
            }
            Self::I64Load32UHot { dst, addr, .. } => {
                f(dst);
                f(addr);
            }
            Self::I32Store { addr, value, .. } => {
                f(addr);
                f(value);
            }
            Self::I32StoreHot { addr, value, .. } => {
                f(addr);
                f(value);
            }
            Self::I64Store { addr, value, .. } => {
                f(addr);
                f(value);
            }
            Self::I64StoreHot { addr, value, .. } => {
                f(addr);
                f(value);
            }
            Self::F32Store { addr, value, .. } => {
                f(addr);
                f(value);
            }
            Self::F32StoreHot { addr, value, .. } => {
                f(addr);
                f(value);
            }
            Self::F64Store { addr, value, .. } => {
                f(addr);
                f(value);
            }
            Self::F64StoreHot { addr, value, .. } => {
                f(addr);
                f(value);
            }
            Self::I32Store8 { addr, value, .. } => {
                f(addr);
                f(value);
            }
            Self::I32Store8Hot { addr, value, .. } => {
                f(addr);
                f(value);
            }
            Self::I32Store16 { addr, value, .. } => {
                f(addr);
                f(value);
            }
            Self::I32Store16Hot { addr, value, .. } => {
                f(addr);
                f(value);
            }
            Self::I64Store8 { addr, value, .. } => {
                f(addr);
                f(value);
            }
            Self::I64Store8Hot { addr, value, .. } => {
                f(addr);
                f(value);
            }
            Self::I64Store16 { addr, value, .. } => {
                f(addr);
                f(value);
            }
            Self::I64Store16Hot { addr, value, .. } => {
                f(addr);
                f(value);
            }
            Self::I64Store32 { addr, value, .. } => {
                f(addr);
                f(value);
            }
            Self::I64Store32Hot { addr, value, .. } => {
                f(addr);
                f(value);
            }
            Self::I32Clz { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::I32Ctz { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::I32Popcnt { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::I32Eqz { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::I32Extend8S { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::I32Extend16S { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::I64Clz { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::I64Ctz { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::I64Popcnt { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::I64Eqz { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::I64Extend8S { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::I64Extend16S { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::I64Extend32S { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::F32Abs { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::F32Neg { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::F32Ceil { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::F32Floor { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::F32Trunc { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::F32Nearest { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::F32Sqrt { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::F64Abs { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::F64Neg { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::F64Ceil { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::F64Floor { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::F64Trunc { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::F64Nearest { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::F64Sqrt { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::I32WrapI64 { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::I32TruncF32S { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::I32TruncF32U { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::I32TruncF64S { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::I32TruncF64U { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::I64ExtendI32S { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::I64ExtendI32U { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::I64TruncF32S { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::I64TruncF32U { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::I64TruncF64S { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::I64TruncF64U { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::F32ConvertI32S { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::F32ConvertI32U { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::F32ConvertI64S { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::F32ConvertI64U { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::F32DemoteF64 { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::F64ConvertI32S { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::F64ConvertI32U { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::F64ConvertI64S { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::F64ConvertI64U { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::F64PromoteF32 { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::I32TruncSatF32S { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::I32TruncSatF32U { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::I32TruncSatF64S { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::I32TruncSatF64U { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::I64TruncSatF32S { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::I64TruncSatF32U { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::I64TruncSatF64S { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::I64TruncSatF64U { dst, src, .. } => {
                f(dst);
                f(src);
            }
            Self::I32Add { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I32Sub { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I32Mul { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I32DivS { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I32DivU { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I32RemS { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I32RemU { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I32And { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I32Or { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I32Xor { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I32Shl { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I32ShrS { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I32ShrU { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I32Rotl { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I32Rotr { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I32Eq { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I32Ne { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I32LtS { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I32LtU { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I32GtS { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I32GtU { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I32LeS { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I32LeU { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I32GeS { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I32GeU { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I64Add { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I64Sub { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I64Mul { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I64DivS { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I64DivU { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I64RemS { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I64RemU { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I64And { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I64Or { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I64Xor { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I64Shl { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I64ShrS { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I64ShrU { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I64Rotl { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I64Rotr { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I64Eq { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I64Ne { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I64LtS { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I64LtU { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I64GtS { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I64GtU { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I64LeS { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I64LeU { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I64GeS { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I64GeU { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::F32Add { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::F32Sub { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::F32Mul { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::F32Div { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::F32Min { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::F32Max { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::F32Copysign { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::F32Eq { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::F32Ne { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::F32Lt { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::F32Gt { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::F32Le { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::F32Ge { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::F64Add { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::F64Sub { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::F64Mul { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::F64Div { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::F64Min { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::F64Max { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::F64Copysign { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::F64Eq { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::F64Ne { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::F64Lt { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::F64Gt { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::F64Le { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::F64Ge { dst, a, b, .. } => {
                f(dst);
                f(a);
                f(b);
            }
            Self::I32AddImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I32MulImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I32AndImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I32OrImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I32XorImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I32ShlImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I32ShrSImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I32ShrUImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I32RotlImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I32RotrImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I32EqImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I32NeImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I32LtSImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I32LtUImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I32GtSImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I32GtUImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I32LeSImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I32LeUImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I32GeSImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I32GeUImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I64AddImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I64MulImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I64AndImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I64OrImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I64XorImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I64ShlImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I64ShrSImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I64ShrUImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I64RotlImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I64RotrImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I64EqImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I64NeImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I64LtSImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I64LtUImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I64GtSImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I64GtUImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I64LeSImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I64LeUImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I64GeSImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::I64GeUImm { dst, a, .. } => {
                f(dst);
                f(a);
            }
            Self::BrF32Eq { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrF32Ne { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrF32Lt { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrF32Gt { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrF32Le { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrF32Ge { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrF32NotLt { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrF32NotGt { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrF32NotLe { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrF32NotGe { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrF64Eq { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrF64Ne { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrF64Lt { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrF64Gt { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrF64Le { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrF64Ge { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrF64NotLt { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrF64NotGt { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrF64NotLe { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrF64NotGe { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrI32Eq { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrI32EqImm { a, .. } => {
                f(a);
            }
            Self::BrI32Ne { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrI32NeImm { a, .. } => {
                f(a);
            }
            Self::BrI32LtS { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrI32LtSImm { a, .. } => {
                f(a);
            }
            Self::BrI32LtU { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrI32LtUImm { a, .. } => {
                f(a);
            }
            Self::BrI32GtS { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrI32GtSImm { a, .. } => {
                f(a);
            }
            Self::BrI32GtU { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrI32GtUImm { a, .. } => {
                f(a);
            }
            Self::BrI32LeS { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrI32LeSImm { a, .. } => {
                f(a);
            }
            Self::BrI32LeU { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrI32LeUImm { a, .. } => {
                f(a);
            }
            Self::BrI32GeS { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrI32GeSImm { a, .. } => {
                f(a);
            }
            Self::BrI32GeU { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrI32GeUImm { a, .. } => {
                f(a);
            }
            Self::BrI64Eq { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrI64EqImm { a, .. } => {
                f(a);
            }
            Self::BrI64Ne { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrI64NeImm { a, .. } => {
                f(a);
            }
            Self::BrI64LtS { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrI64LtSImm { a, .. } => {
                f(a);
            }
            Self::BrI64LtU { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrI64LtUImm { a, .. } => {
                f(a);
            }
            Self::BrI64GtS { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrI64GtSImm { a, .. } => {
                f(a);
            }
            Self::BrI64GtU { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrI64GtUImm { a, .. } => {
                f(a);
            }
            Self::BrI64LeS { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrI64LeSImm { a, .. } => {
                f(a);
            }
            Self::BrI64LeU { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrI64LeUImm { a, .. } => {
                f(a);
            }
            Self::BrI64GeS { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrI64GeSImm { a, .. } => {
                f(a);
            }
            Self::BrI64GeU { a, b, .. } => {
                f(a);
                f(b);
            }
            Self::BrI64GeUImm { a, .. } => {
                f(a);
            }
            _ => {}
        }
    }
}

impl Instr {
    /// The memory a load or store accesses.
    pub fn memory_access(&self) -> Option<u16> {
        match *self {
            Self::I32Load { mem, .. } => Some(mem),
            Self::I64Load { mem, .. } => Some(mem),
            Self::F32Load { mem, .. } => Some(mem),
            Self::F64Load { mem, .. } => Some(mem),
            Self::I32Load8S { mem, .. } => Some(mem),
            Self::I32Load8U { mem, .. } => Some(mem),
            Self::I32Load16S { mem, .. } => Some(mem),
            Self::I32Load16U { mem, .. } => Some(mem),
            Self::I64Load8S { mem, .. } => Some(mem),
            Self::I64Load8U { mem, .. } => Some(mem),
            Self::I64Load16S { mem, .. } => Some(mem),
            Self::I64Load16U { mem, .. } => Some(mem),
            Self::I64Load32S { mem, .. } => Some(mem),
            Self::I64Load32U { mem, .. } => Some(mem),
            Self::I32Store { mem, .. } => Some(mem),
            Self::I64Store { mem, .. } => Some(mem),
            Self::F32Store { mem, .. } => Some(mem),
            Self::F64Store { mem, .. } => Some(mem),
            Self::I32Store8 { mem, .. } => Some(mem),
            Self::I32Store16 { mem, .. } => Some(mem),
            Self::I64Store8 { mem, .. } => Some(mem),
            Self::I64Store16 { mem, .. } => Some(mem),
            Self::I64Store32 { mem, .. } => Some(mem),
            _ => None,
        }
    }

    /// This instruction with a load or store of memory `hot` turned into its `*Hot` form.
    pub fn into_hot(self, hot: u16) -> Self {
        match self {
            Self::I32Load { dst, addr, mem, offset } if mem == hot => {
                Self::I32LoadHot { dst, addr, mem, offset }
            }
            Self::I64Load { dst, addr, mem, offset } if mem == hot => {
                Self::I64LoadHot { dst, addr, mem, offset }
            }
            Self::F32Load { dst, addr, mem, offset } if mem == hot => {
                Self::F32LoadHot { dst, addr, mem, offset }
            }
            Self::F64Load { dst, addr, mem, offset } if mem == hot => {
                Self::F64LoadHot { dst, addr, mem, offset }
            }
            Self::I32Load8S { dst, addr, mem, offset } if mem == hot => {
                Self::I32Load8SHot { dst, addr, mem, offset }
            }
            Self::I32Load8U { dst, addr, mem, offset } if mem == hot => {
                Self::I32Load8UHot { dst, addr, mem, offset }
            }
            Self::I32Load16S { dst, addr, mem, offset } if mem == hot => {
                Self::I32Load16SHot { dst, addr, mem, offset }
            }
            Self::I32Load16U { dst, addr, mem, offset } if mem == hot => {
                Self::I32Load16UHot { dst, addr, mem, offset }
            }
            Self::I64Load8S { dst, addr, mem, offset } if mem == hot => {
                Self::I64Load8SHot { dst, addr, mem, offset }
            }
            Self::I64Load8U { dst, addr, mem, offset } if mem == hot => {
                Self::I64Load8UHot { dst, addr, mem, offset }
            }
            Self::I64Load16S { dst, addr, mem, offset } if mem == hot => {
                Self::I64Load16SHot { dst, addr, mem, offset }
            }
            Self::I64Load16U { dst, addr, mem, offset } if mem == hot => {
                Self::I64Load16UHot { dst, addr, mem, offset }
            }
            Self::I64Load32S { dst, addr, mem, offset } if mem == hot => {
                Self::I64Load32SHot { dst, addr, mem, offset }
            }
            Self::I64Load32U { dst, addr, mem, offset } if mem == hot => {
                Self::I64Load32UHot { dst, addr, mem, offset }
            }
            Self::I32Store { addr, value, mem, offset } if mem == hot => {
                Self::I32StoreHot { addr, value, mem, offset }
            }
            Self::I64Store { addr, value, mem, offset } if mem == hot => {
                Self::I64StoreHot { addr, value, mem, offset }
            }
            Self::F32Store { addr, value, mem, offset } if mem == hot => {
                Self::F32StoreHot { addr, value, mem, offset }
            }
            Self::F64Store { addr, value, mem, offset } if mem == hot => {
                Self::F64StoreHot { addr, value, mem, offset }
            }
            Self::I32Store8 { addr, value, mem, offset } if mem == hot => {
                Self::I32Store8Hot { addr, value, mem, offset }
            }
            Self::I32Store16 { addr, value, mem, offset } if mem == hot => {
                Self::I32Store16Hot { addr, value, mem, offset }
            }
            Self::I64Store8 { addr, value, mem, offset } if mem == hot => {
                Self::I64Store8Hot { addr, value, mem, offset }
            }
            Self::I64Store16 { addr, value, mem, offset } if mem == hot => {
                Self::I64Store16Hot { addr, value, mem, offset }
            }
            Self::I64Store32 { addr, value, mem, offset } if mem == hot => {
                Self::I64Store32Hot { addr, value, mem, offset }
            }
            other => other,
        }
    }
}
