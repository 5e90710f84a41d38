//! Which instructions leave a value in an accumulator register and which read one, generated
//! from the ISA table: the translator's choice of `Acc` forms (`translate/acc.rs`) asks these,
//! and the handlers of `exec/ops.rs` do what they say (the same kinds, the same operations).
//!
//! The class of a value (`acc` for integers and `f32` bits, `facc` for `f64`) comes from the
//! operation's signature, so a value never crosses from one register file to the other: after
//! `f64.add; i64.reinterpret_f64` (which emits nothing) the `i64` is in `facc`, and an
//! `I64XorAcc` would read `acc`; the classes differ and the translator keeps `I64Xor`.

use super::numeric::*;
use polymem_ir::Instr;

/// The class of the value a row of kind `$kind` leaves in an accumulator, if any.
macro_rules! produced {
    (unary($op:ident)) => { Some(result_class1($op as fn(_) -> _)) };
    (binary($op:ident)) => { Some(result_class2($op as fn(_, _) -> _)) };
    (binary_imm($op:ident)) => { Some(result_class2($op as fn(_, _) -> _)) };
    (load($T:ty => $U:ty)) => { Some(<$U as IntoAcc>::CLASS) };
    (hot($kind:ident $args:tt)) => { produced!($kind $args) };
    (mem64($kind:ident $args:tt)) => { produced!($kind $args) };
    (mem64_hot($kind:ident $args:tt)) => { produced!($kind $args) };
    (acc($kind:ident $args:tt)) => { produced!($kind $args) };
    (to_acc($kind:ident $args:tt)) => { produced!($kind $args) };
    // The chosen cell, in `acc` whatever its type (as `leaves(acc)`).
    (select $args:tt) => { Some(AccClass::Int) };
    // Kinds whose handlers leave the accumulators as they found them or clobber them.
    // Superinstructions are formed after the accumulator pass, which never sees them.
    (special) => { None };
    (pair $args:tt) => { None };
    (branch $args:tt) => { None };
    (branch_imm $args:tt) => { None };
    (table $args:tt) => { None };
    (store $args:tt) => { None };
    (wide128 $args:tt) => { None };
    (binary_wide $args:tt) => { None };
    (simd_unary $args:tt) => { None };
    (simd_test $args:tt) => { None };
    (simd_binary $args:tt) => { None };
    (simd_ternary $args:tt) => { None };
    (simd_shuffle $args:tt) => { None };
    (simd_extract $args:tt) => { None };
    (simd_replace $args:tt) => { None };
    (simd_load $args:tt) => { None };
    (simd_store $args:tt) => { None };
    (simd_load_lane $args:tt) => { None };
    (simd_store_lane $args:tt) => { None };
}

/// The class of the accumulator an `Acc` form reads its first operand from.
macro_rules! consumed {
    (acc(unary($op:ident))) => {
        Some(operand_class1($op as fn(_) -> _))
    };
    (acc(binary($op:ident))) => {
        Some(operand_class2($op as fn(_, _) -> _))
    };
    (acc(binary_imm($op:ident))) => {
        Some(operand_class2($op as fn(_, _) -> _))
    };
    (acc(branch($op:ident))) => {
        Some(operand_class2($op as fn(_, _) -> _))
    };
    (acc(branch_imm($op:ident))) => {
        Some(operand_class2($op as fn(_, _) -> _))
    };
    (acc(table($op:ident))) => {
        Some(operand_class2($op as fn(_, _) -> _))
    };
    // A load's address comes from `acc` as a whole cell, a store's value from the accumulator
    // of its operand's class (`facc` for `f64.store`, `acc` as a whole cell for the others).
    (acc(load $args:tt)) => { Some(AccClass::Int) };
    (acc(select $args:tt)) => { Some(AccClass::Int) };
    (acc(store($T:ty))) => { Some(<<$T as StoreOf>::Operand as FromAcc>::CLASS) };
    (acc(hot($kind:ident $args:tt))) => { consumed!(acc($kind $args)) };
    (acc(mem64($kind:ident $args:tt))) => { consumed!(acc($kind $args)) };
    (acc(mem64_hot($kind:ident $args:tt))) => { consumed!(acc($kind $args)) };
    (to_acc(acc $args:tt)) => { consumed!(acc $args) };
    ($kind:ident $($args:tt)?) => {
        None
    };
}

/// The class a hand-written row marked `leaves(acc)` leaves its result in: its cell, in `acc`.
macro_rules! leaves {
    ([leaves(acc) $($rest:tt)*]) => { Some(AccClass::Int) };
    ([$m:ident $args:tt $($rest:tt)*]) => { leaves!([$($rest)*]) };
    ([]) => { None };
}

macro_rules! define_acc_classes {
    ($(
        $(#[$meta:meta])*
        $V:ident { $($f:ident: $T:ident),* } => $kind:ident $(($($arg:tt)*))? $(, $marker:ident $margs:tt)* ;
    )*) => {
        /// Per opcode: the accumulator its instruction leaves its result in, if any, and the
        /// one an `Acc` form reads its first operand from.
        static CLASSES: [(Option<AccClass>, Option<AccClass>); Instr::COUNT] = {
            let mut table = [(None, None); Instr::COUNT];
            $(
                // SAFETY: every field type of `Instr` is a plain integer or slot, valid as zero.
                table[Instr::$V { $($f: unsafe { std::mem::zeroed() }),* }.opcode()] = (
                    match produced!($kind $(($($arg)*))?) {
                        Some(class) => Some(class),
                        None => leaves!([$($marker $margs)*]),
                    },
                    consumed!($kind $(($($arg)*))?),
                );
            )*
            table
        };
    };
}
polymem_ir::for_each_instr!(define_acc_classes);

/// The accumulator that `instr` leaves its result in, if any.
pub(crate) fn produces(instr: &Instr) -> Option<AccClass> {
    CLASSES[instr.opcode()].0
}

/// The accumulator that `instr` (an `Acc` form) reads its first operand from.
pub(crate) fn consumes(instr: &Instr) -> Option<AccClass> {
    CLASSES[instr.opcode()].1
}
